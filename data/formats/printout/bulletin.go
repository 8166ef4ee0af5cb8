// Package printout writes the documents a ward office prints or sends: the
// periodic bulletin of the plan's indicators (the quarterly, 6-month and
// yearly report to Phòng Kinh tế, Hạ tầng và Đô thị) as an XLSX workbook and
// a PDF, and an inspector's A4 route sheet.
package printout

import (
	"image"
	"time"

	"wardmap/gis/indicator"
)

// Bulletin is what both formats print.
type Bulletin struct {
	// Unit is the issuing body ("UBND PHƯỜNG KIẾN AN"); Ward names the
	// data's ward as the database records it.
	Unit string
	Ward string
	// Recipient is whom the report goes to.
	Recipient string
	Period    indicator.Period
	Catalogue indicator.Catalogue
	Board     *indicator.Board
	// Trend holds the ward's results for the quarters up to the period's
	// end (oldest first), for the trend chart; may be empty.
	Trend []indicator.TrendPoint
	// Map is the ward with the period's violations (nil: no map page).
	Map image.Image
	// ViolationKinds are the kinds of the violations on the map, one per
	// violation, for the map's caption.
	ViolationKinds []string
	Created        time.Time
}

// Plan is the plan's title as the report cites it.
const Plan = "Kế hoạch xây dựng phường Kiến An \"Đô thị Xanh – Văn minh – Hiện đại\" giai đoạn 2026 – 2030"

// DefaultUnit and DefaultRecipient are the ward's.
const (
	DefaultUnit      = "UBND PHƯỜNG KIẾN AN"
	DefaultRecipient = "Phòng Kinh tế, Hạ tầng và Đô thị"
)

func (r *Bulletin) unit() string {
	if r.Unit == "" {
		return DefaultUnit
	}
	return r.Unit
}

func (r *Bulletin) recipient() string {
	if r.Recipient == "" {
		return DefaultRecipient
	}
	return r.Recipient
}

// group returns the ward results of one group, in catalogue order.
func (r *Bulletin) group(g indicator.Group) []indicator.Result {
	var out []indicator.Result
	for _, res := range r.Board.Ward {
		if res.Group == g {
			out = append(out, res)
		}
	}
	return out
}

// counts returns how many indicators have each status.
func (r *Bulletin) counts() map[indicator.Status]int {
	c := map[indicator.Status]int{}
	for _, res := range r.Board.Ward {
		c[res.Status]++
	}
	return c
}

func dmy(t time.Time) string { return t.Format("02/01/2006") }

// kindLabel names a target's kind in Vietnamese.
func kindLabel(k indicator.Kind) string {
	if k == indicator.Computed {
		return "Tính từ bản đồ"
	}
	return "Báo cáo"
}

func progressText(res indicator.Result) string {
	if res.Value == nil {
		return "—"
	}
	p := res.Progress * 100
	return indicator.Format(&p, "%")
}
