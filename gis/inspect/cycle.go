// Package inspect decides what the ward's inspectors must look at on a
// given day: assets whose inspection cycle has run out, assets due in the
// weeks before a season (drains before the rainy season, trees before the
// storm season), violations due for re-inspection at their deadline and
// field reports that still need a visit. It is pure: the store hands it the
// features and the last inspection of each, it hands back a sorted list.
package inspect

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"wardmap/gis"
)

// Cycle is how often one kind (and, for streets, one class) is inspected.
// Class "" is the kind's default; the street classes are "key" (key routes,
// tuyến trọng điểm), "main", "secondary" and "alley".
type Cycle struct {
	Kind gis.Kind `json:"kind"`
	// Class narrows the cycle to one class of the kind ("" for all).
	Class string `json:"class,omitempty"`
	// Days between inspections; 0 means the kind has no periodic cycle
	// (only its season, if any).
	Days int `json:"days"`
	// Season lists months (1–12) in which every record of the kind is due
	// once more: the weeks before the rainy season for drains (April, the
	// rainy season in Hải Phòng being May–October) and before the storm
	// season for trees (June; storms come July–November).
	Season []time.Month `json:"season,omitempty"`
	// Note says why, in Vietnamese.
	Note string `json:"note,omitempty"`
}

// Key is "kind" or "kind/class", the name used on the command line.
func (c Cycle) Key() string {
	if c.Class == "" {
		return string(c.Kind)
	}
	return string(c.Kind) + "/" + c.Class
}

// SeasonString formats Season as "4" or "6,7" (empty when none).
func (c Cycle) SeasonString() string {
	var s []string
	for _, m := range c.Season {
		s = append(s, strconv.Itoa(int(m)))
	}
	return strings.Join(s, ",")
}

// ParseSeason reads "4" or "6,7" (empty: no season).
func ParseSeason(s string) ([]time.Month, error) {
	var out []time.Month
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		m, err := strconv.Atoi(p)
		if err != nil || m < 1 || m > 12 {
			return nil, gis.Errorf(gis.EINVALID, "tháng không hợp lệ %q, cần 1–12 (invalid month)", p)
		}
		if !slices.Contains(out, time.Month(m)) {
			out = append(out, time.Month(m))
		}
	}
	slices.Sort(out)
	return out, nil
}

// Kinds with periodic cycles, and the classes a street cycle may name.
var (
	CycleKinds    = []gis.Kind{gis.Street, gis.Lamp, gis.Drain, gis.Tree, gis.Plate, gis.AlleySign}
	StreetClasses = []string{"key", "main", "secondary", "alley"}
)

// MaxDays caps a cycle (ten years), like the street's cycle_days field.
const MaxDays = 3650

// Defaults are the cycles of the ward's plan; the store's migration seeds
// the same values and users edit them from there.
func Defaults() []Cycle {
	return []Cycle{
		{Kind: gis.Street, Class: "key", Days: 1, Note: "Tuyến trọng điểm: hằng ngày"},
		{Kind: gis.Street, Class: "main", Days: 7, Note: "Đường chính: hằng tuần"},
		{Kind: gis.Street, Class: "secondary", Days: 30, Note: "Đường nhánh: hằng tháng"},
		{Kind: gis.Street, Class: "alley", Days: 30, Note: "Ngõ, hẻm: hằng tháng"},
		{Kind: gis.Lamp, Days: 30, Note: "Đèn chiếu sáng: hằng tháng"},
		{Kind: gis.Drain, Days: 30, Season: []time.Month{time.April}, Note: "Hố ga, cống: hằng tháng và tháng 4, trước mùa mưa (5–10)"},
		{Kind: gis.Tree, Days: 91, Season: []time.Month{time.June}, Note: "Cây xanh: hằng quý và tháng 6, trước mùa bão (7–11)"},
		{Kind: gis.Plate, Days: 365, Note: "Biển số nhà: hằng năm"},
		{Kind: gis.AlleySign, Days: 365, Note: "Biển ngõ: hằng năm"},
	}
}

// Validate checks a cycle before it is stored.
func (c Cycle) Validate() error {
	if !slices.Contains(CycleKinds, c.Kind) {
		return gis.Errorf(gis.EINVALID, "loại %q không có chu kỳ kiểm tra; dùng %s (kind has no inspection cycle)", c.Kind, kindList())
	}
	if c.Class != "" && (c.Kind != gis.Street || !slices.Contains(StreetClasses, c.Class)) {
		return gis.Errorf(gis.EINVALID, "cấp %q không hợp lệ cho %s; đường có: %s (invalid class)", c.Class, c.Kind, strings.Join(StreetClasses, ", "))
	}
	if c.Days < 0 || c.Days > MaxDays {
		return gis.Errorf(gis.EINVALID, "chu kỳ %d ngày ngoài khoảng 0–%d (cycle out of range)", c.Days, MaxDays)
	}
	if c.Days == 0 && len(c.Season) == 0 {
		return gis.Errorf(gis.EINVALID, "chu kỳ %s cần số ngày hoặc tháng theo mùa (needs days or season months)", c.Key())
	}
	return nil
}

func kindList() string {
	var s []string
	for _, k := range CycleKinds {
		s = append(s, string(k))
	}
	return strings.Join(s, ", ")
}

// ParseKey reads "kind" or "kind/class".
func ParseKey(s string) (gis.Kind, string, error) {
	k, class, _ := strings.Cut(s, "/")
	kind, err := gis.ParseKind(k)
	if err != nil {
		return "", "", err
	}
	c := Cycle{Kind: kind, Class: class, Days: 1}
	return kind, class, c.Validate()
}

// Cycles is a set of cycles looked up by kind and class.
type Cycles []Cycle

// For returns the cycle that applies to a record of kind k and class
// (the class's own cycle, else the kind's default).
func (cs Cycles) For(k gis.Kind, class string) (Cycle, bool) {
	var def *Cycle
	for i := range cs {
		if cs[i].Kind != k {
			continue
		}
		if cs[i].Class == class && class != "" {
			return cs[i], true
		}
		if cs[i].Class == "" {
			def = &cs[i]
		}
	}
	if def != nil {
		return *def, true
	}
	return Cycle{}, false
}

// Sort orders cycles by kind (CycleKinds order) then class.
func (cs Cycles) Sort() {
	rank := func(k gis.Kind) int { return slices.Index(CycleKinds, k) }
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].Kind != cs[j].Kind {
			return rank(cs[i].Kind) < rank(cs[j].Kind)
		}
		return slices.Index(StreetClasses, cs[i].Class) < slices.Index(StreetClasses, cs[j].Class)
	})
}

// String is one human line, for lists.
func (c Cycle) String() string {
	s := fmt.Sprintf("%s: %d ngày", c.Key(), c.Days)
	if len(c.Season) > 0 {
		s += ", tháng " + c.SeasonString()
	}
	return s
}
