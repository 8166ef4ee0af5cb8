package inspect

import (
	"cmp"
	"encoding/json"
	"math"
	"slices"
	"time"

	"github.com/paulmach/orb"

	"wardmap/gis"
)

// Item is one thing due for a visit.
type Item struct {
	Kind  gis.Kind `json:"kind"`
	ID    string   `json:"id"`
	Class string   `json:"class,omitempty"` // street class ("key" for key routes)
	Title string   `json:"title"`           // Vietnamese title
	// Code is the short code of the target (pole code, drain code, house
	// number …) or a short id, for device waypoint names.
	Code string       `json:"code"`
	Geom orb.Geometry `json:"-"`
	// DueOn is the day the visit fell due; Overdue is how many days ago
	// (0 = due today).
	DueOn   gis.Date  `json:"-"`
	Overdue int       `json:"overdue_days"`
	Last    *gis.Date `json:"-"`
	Never   bool      `json:"never_inspected,omitempty"`
	// Reason says why, in Vietnamese ("chu kỳ 7 ngày", "trước mùa mưa",
	// "hạn khắc phục", "phản ánh chưa xử lý").
	Reason string `json:"reason"`
	// CycleDays is the cycle that made it due (0 for violations, reports).
	CycleDays int `json:"cycle_days,omitempty"`
	// Length is a street segment's length in metres.
	Length float64 `json:"length_m,omitempty"`
	// Location is the point, or a street segment's middle, as lon, lat.
	Location orb.Point `json:"location"`
}

// MarshalJSON writes the dates as YYYY-MM-DD.
func (it Item) MarshalJSON() ([]byte, error) {
	type plain Item
	out := struct {
		plain
		DueOn string `json:"due_on"`
		Last  string `json:"last_inspected,omitempty"`
	}{plain: plain(it), DueOn: it.DueOn.String()}
	if it.Last != nil {
		out.Last = it.Last.String()
	}
	return json.Marshal(out)
}

// middle is a line's point halfway along (planar, fine at street scale).
func middle(g orb.Geometry) orb.Point {
	ls, ok := g.(orb.LineString)
	if !ok || len(ls) < 2 {
		return g.Bound().Center()
	}
	var total float64
	for i := 1; i < len(ls); i++ {
		total += dist(ls[i-1], ls[i])
	}
	half := total / 2
	for i := 1; i < len(ls); i++ {
		d := dist(ls[i-1], ls[i])
		if half <= d && d > 0 {
			f := half / d
			return orb.Point{ls[i-1][0] + f*(ls[i][0]-ls[i-1][0]), ls[i-1][1] + f*(ls[i][1]-ls[i-1][1])}
		}
		half -= d
	}
	return ls[len(ls)-1]
}

func dist(a, b orb.Point) float64 { return math.Hypot(a[0]-b[0], a[1]-b[1]) }

// Input is what Due needs: the day, the cycles, the records and the last
// inspection of each record by id (a violation's id counts when an
// inspection names it in target_id or violation_id).
type Input struct {
	Date     gis.Date
	Cycles   Cycles
	Features []*gis.Feature
	Last     map[string]time.Time
	// Start is the day the ward began its inspection rounds (the planner's
	// "first_cycle_start" setting); zero means each record's first cycle
	// counts from the day it entered the registry.
	Start gis.Date
}

// Open violation and report states that need a visit.
var (
	violationOpen = []string{"recorded", "recurred", "escalated"}
	reportOpen    = []string{"received", "assigned", "in_progress"}
)

// Due lists what is due or overdue on in.Date, most overdue first; ties go
// to the shorter cycle (key routes before trees), then to kind and id so the
// order is stable.
//
// Periodic records are due cycle days after their last inspection (or, for
// a street, after its last_inspected date if later). Never inspected, they
// are in their first cycle: it starts when the record entered the registry,
// or on in.Start if later, and the records that start together are spread
// evenly over it (see firstDue), so a ward that has just begun sees one
// cycle's share each day rather than every record overdue at once. A street's own cycle_days counts
// when it is stricter than its class's cycle. In a season month every record
// of the kind not inspected since the month began is due from its first day.
// Violations that are recorded, recurred or escalated are due at their
// deadline unless inspected on or after it; field reports received,
// assigned or in progress with a location are due from the day received
// unless inspected since.
func Due(in Input) []Item {
	today := in.Date
	first := firstDue(in)
	var out []Item
	for _, f := range in.Features {
		if f.Deleted || f.Geom == nil {
			continue
		}
		var last *gis.Date
		if t, ok := in.Last[f.ID]; ok {
			d := gis.LocalDate(t)
			last = &d
		}
		it := Item{Kind: f.Kind, ID: f.ID, Title: f.Title("vi"), Code: code(f), Geom: f.Geom, Location: middle(f.Geom)}
		var due bool
		switch f.Kind {
		case gis.Violation:
			due = violationDue(f, today, last, &it)
		case gis.Report:
			due = reportDue(f, today, last, &it)
		default:
			last, due = periodicDue(f, in, first, last, &it)
		}
		if !due {
			continue
		}
		it.Last = last
		it.Overdue = int(today.Time().Sub(it.DueOn.Time()).Hours() / 24)
		out = append(out, it)
	}
	return sortItems(out)
}

// violationDue: an open violation is due at its deadline unless inspected
// on or after it.
func violationDue(f *gis.Feature, today gis.Date, last *gis.Date, it *Item) bool {
	if !slices.Contains(violationOpen, f.Text("status")) {
		return false
	}
	dl, ok := f.Date("deadline")
	if !ok || today.Before(dl) || (last != nil && !last.Before(dl)) {
		return false
	}
	it.DueOn, it.Reason = dl, "tái kiểm tra theo hạn khắc phục"
	return true
}

// reportDue: an open field report is due from the day received unless
// inspected since.
func reportDue(f *gis.Feature, today gis.Date, last *gis.Date, it *Item) bool {
	if !slices.Contains(reportOpen, f.Text("status")) {
		return false
	}
	rt, ok := f.Time("received_at")
	if !ok {
		return false
	}
	rd := gis.LocalDate(rt)
	if today.Before(rd) || (last != nil && !last.Before(rd)) {
		return false
	}
	it.DueOn, it.Reason = rd, "phản ánh cần xác minh tại hiện trường"
	return true
}

// periodicDue: a periodic record is due a cycle after its last inspection
// (first: each record's spread day in its first cycle, when never
// inspected), or from the first day of a season month. It returns the
// last inspection that counts (a street's own last_inspected may be
// later).
func periodicDue(f *gis.Feature, in Input, first map[string]gis.Date, last *gis.Date, it *Item) (*gis.Date, bool) {
	today := in.Date
	p, ok := periodicOf(f, in, last)
	if !ok {
		return last, false
	}
	c, days := p.cycle, p.days
	last, it.Class, it.Length = p.last, p.class, p.length
	var due gis.Date
	have := false
	if days > 0 {
		if last != nil {
			due = last.AddDays(days)
		} else {
			// Spread while the first cycle runs; once it is over, the
			// record is overdue since it began, as all of them are
			// alike then (and the planner's most-overdue-first order
			// keeps its ties).
			due = first[f.ID]
			if begun := FirstCycleStart(f, in.Start, today); due.IsZero() || !today.Before(begun.AddDays(days)) {
				due = begun
			}
			it.Never = true
		}
		have = true
		it.Reason = "chu kỳ " + itoa(days) + " ngày"
		if it.Never {
			it.Reason = "chưa kiểm tra lần nào (chu kỳ " + itoa(days) + " ngày)"
		}
	}
	// A record whose first cycle began in this season month (the ward
	// started its rounds, or it was just registered) is already spread
	// over that cycle: piling it on the month's first day is what the
	// first cycle avoids.
	start := gis.Date{Year: today.Year, Month: today.Month, Day: 1}
	if slices.Contains(c.Season, today.Month) &&
		!(it.Never && have && !FirstCycleStart(f, in.Start, today).Before(start)) {
		if (last == nil || last.Before(start)) && (!have || start.Before(due)) {
			due, have = start, true
			it.Reason = seasonReason(f.Kind)
		}
	}
	if !have || today.Before(due) {
		return last, false
	}
	it.DueOn, it.CycleDays = due, days
	return last, true
}

// sortItems orders the list: most overdue first, then the shorter cycle,
// kind and id. It sorts indices, not the items: an Item is large, and
// moving thousands of them was most of Due's time.
func sortItems(out []Item) []Item {
	idx := make([]int, len(out))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(i, j int) int {
		a, b := &out[i], &out[j]
		if a.Overdue != b.Overdue {
			return cmp.Compare(b.Overdue, a.Overdue)
		}
		if ca, cb := cycleRank(*a), cycleRank(*b); ca != cb {
			return cmp.Compare(ca, cb)
		}
		if a.Kind != b.Kind {
			return cmp.Compare(a.Kind, b.Kind)
		}
		return cmp.Compare(a.ID, b.ID)
	})
	sorted := make([]Item, len(out))
	for k, i := range idx {
		sorted[k] = out[i]
	}
	return sorted
}

// cycleRank puts violations and reports first, then shorter cycles.
func cycleRank(it Item) int {
	if it.CycleDays == 0 {
		return 0
	}
	return it.CycleDays
}

func seasonReason(k gis.Kind) string {
	switch k {
	case gis.Drain:
		return "trước mùa mưa"
	case gis.Tree:
		return "trước mùa bão"
	}
	return "theo mùa"
}

// code is a short identifier for a device: the record's own code field
// where it has one, else the first 8 characters of its id.
func code(f *gis.Feature) string {
	for _, n := range []string{"code", "pole_code", "record_no", "number", "name"} {
		if s := f.Text(n); s != "" {
			if n == "number" && f.Text("street") != "" {
				return s + " " + f.Text("street")
			}
			return s
		}
	}
	if len(f.ID) >= 8 {
		return f.ID[:8]
	}
	return f.ID
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// DueKinds are the kinds Due looks at: the store loads these.
var DueKinds = []gis.Kind{gis.Street, gis.Lamp, gis.Drain, gis.Tree, gis.Plate, gis.AlleySign, gis.Violation, gis.Report}
