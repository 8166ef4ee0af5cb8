package casework

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/paulmach/orb"

	"wardmap/gis"
)

// Violation statuses (gis.ViolationSchema's enumeration).
const (
	Found     = "found"
	Recorded  = "recorded"
	Resolved  = "resolved"
	Recurred  = "recurred"
	Escalated = "escalated"
)

// ViolationStatuses lists every violation status.
var ViolationStatuses = []string{Found, Recorded, Recurred, Escalated, Resolved}

// violationMoves: a violation found gets its record (or is fixed on the
// spot); a recorded, recurred or escalated one is re-inspected at its
// deadline and ends resolved, or comes back (recurred, with a new
// deadline) or goes up (escalated). Resolved is final.
var violationMoves = map[string][]string{
	Found:     {Recorded, Resolved},
	Recorded:  {Resolved, Recurred, Escalated},
	Recurred:  {Resolved, Escalated},
	Escalated: {Resolved},
}

// CanMoveViolation checks one violation transition.
func CanMoveViolation(from, to string) error {
	if !slices.Contains(ViolationStatuses, to) {
		return gis.Errorf(gis.EINVALID, "trạng thái không rõ %q (unknown status); dùng (use): %s", to, strings.Join(ViolationStatuses, ", "))
	}
	if slices.Contains(violationMoves[from], to) {
		return nil
	}
	if from == Resolved {
		return gis.Errorf(gis.ECONFLICT, "vi phạm đã khắc phục, không chuyển sang %s được; lập vi phạm mới nếu tái phạm (resolved is final: record a new violation)", to)
	}
	return gis.Errorf(gis.EINVALID, "không chuyển từ %s sang %s được (transition not allowed)", from, to)
}

// CorrectionDays is how long a violator gets, per kind, from the record's
// day; kinds not named get DefaultCorrection.
var CorrectionDays = map[string]int{
	"encroachment": 1, "market": 1, "parking": 1, "illegal_ads": 2,
	"construction_waste": 3, "household_waste": 2, "construction_unpermitted": 30,
	"unsafe_construction": 7, "tangled_cables": 15, "dangerous_tree": 7,
}

// DefaultCorrection is the correction time of a kind not in CorrectionDays.
const DefaultCorrection = 7

// CorrectBy is the day by which a violation of kind found on day on must
// be corrected: the kind's correction time, DefaultCorrection for a kind
// not (yet) known.
func CorrectBy(kind string, on gis.Date) gis.Date {
	days := CorrectionDays[kind]
	if days == 0 {
		days = DefaultCorrection
	}
	return on.AddDays(days)
}

// RecordIt makes the record (biên bản) of a found violation: its number,
// day and the deadline to correct, from the kind's correction time unless
// days > 0. The violator is private and optional.
func RecordIt(v *gis.Feature, no string, on gis.Date, days int, violator string) error {
	if err := CanMoveViolation(v.Text("status"), Recorded); err != nil {
		return err
	}
	no = strings.TrimSpace(no)
	if no == "" {
		return gis.Errorf(gis.EINVALID, "cần số biên bản (a record number is needed)")
	}
	if on.IsZero() {
		return gis.Errorf(gis.EINVALID, "cần ngày lập biên bản (a record date is needed)")
	}
	if found, ok := v.Date("found_on"); ok && on.Before(found) {
		return gis.Errorf(gis.EINVALID, "ngày biên bản %s trước ngày phát hiện %s (record before found)", on, found)
	}
	v.Attrs["status"] = Recorded
	v.Attrs["record_no"] = no
	v.Attrs["record_date"] = on
	v.Attrs["deadline"] = CorrectBy(v.Text("kind"), on)
	if days > 0 {
		v.Attrs["deadline"] = on.AddDays(days)
	}
	if s := strings.TrimSpace(violator); s != "" {
		v.Attrs["violator"] = s
	}
	return nil
}

// Outcome is what a re-inspection at the deadline finds.
type Outcome int

const (
	Fixed      Outcome = iota + 1 // corrected: resolved
	NotFixed                      // still there after the deadline: escalated
	CameBack                      // corrected once, back again: recurred, new deadline
	HandedOver                    // beyond the ward: escalated
)

// outcomeNames are the outcomes as a command line or a file names them.
var outcomeNames = map[string]Outcome{"fixed": Fixed, "not_fixed": NotFixed, "came_back": CameBack, "handed_over": HandedOver}

// ParseOutcome reads an outcome by its name: fixed, not_fixed, came_back
// or handed_over.
func ParseOutcome(s string) (Outcome, bool) {
	o, ok := outcomeNames[s]
	return o, ok
}

// Reinspect applies a re-inspection's outcome on day on. A re-inspection
// before the deadline may only find the violation fixed.
func Reinspect(v *gis.Feature, on gis.Date, out Outcome) error {
	from := v.Text("status")
	dl, hasDL := v.Date("deadline")
	var to string
	switch out {
	case Fixed:
		to = Resolved
	case NotFixed, HandedOver:
		to = Escalated
	case CameBack:
		to = Recurred
	default:
		return gis.Errorf(gis.EINVALID, "kết quả tái kiểm tra không rõ (unknown outcome)")
	}
	if err := CanMoveViolation(from, to); err != nil {
		return err
	}
	if to != Resolved && hasDL && on.Before(dl) {
		return gis.Errorf(gis.EINVALID, "chưa đến hạn khắc phục %s (before the deadline)", dl)
	}
	v.Attrs["status"] = to
	if to == Recurred {
		v.Attrs["deadline"] = CorrectBy(v.Text("kind"), on)
	}
	return nil
}

// violationAt is a violation with a point.
func pointOf(f *gis.Feature) (orb.Point, bool) {
	p, ok := f.Geom.(orb.Point)
	return p, ok
}

// Recurrence counts, for each violation, the other violations of the same
// kind within radius metres: how often the same thing happened at the same
// place.
func Recurrence(vs []*gis.Feature, radius float64) map[string]int {
	out := make(map[string]int, len(vs))
	for i, a := range vs {
		pa, ok := pointOf(a)
		if !ok || a.Deleted {
			continue
		}
		out[a.ID] += 0
		for _, b := range vs[i+1:] {
			pb, ok := pointOf(b)
			if !ok || b.Deleted || a.Text("kind") != b.Text("kind") {
				continue
			}
			if Metres(pa, pb) <= radius {
				out[a.ID]++
				out[b.ID]++
			}
		}
	}
	return out
}

// Hotspot is a place where violations of one kind keep happening.
type Hotspot struct {
	Kind    string    `json:"kind"`
	Count   int       `json:"count"`
	Center  orb.Point `json:"center"` // lon, lat
	Address string    `json:"address,omitempty"`
	Open    int       `json:"open"` // not yet resolved
	IDs     []string  `json:"ids"`
}

// Hotspot defaults: the indicator catalogue's (hotspot_radius_m,
// hotspot_threshold).
const (
	HotspotRadius    = 30.0
	HotspotThreshold = 3
)

// Hotspots groups violations of the same kind that lie within radius
// metres of one another (single linkage) and lists the groups of at least
// threshold, most violations first.
func Hotspots(vs []*gis.Feature, radius float64, threshold int) []Hotspot {
	var pts []*gis.Feature
	for _, v := range vs {
		if _, ok := pointOf(v); ok && !v.Deleted && v.Kind == gis.Violation {
			pts = append(pts, v)
		}
	}
	at := make([]orb.Point, len(pts))
	for i, v := range pts {
		at[i], _ = pointOf(v)
	}
	sameKind := func(i, j int) bool { return pts[i].Text("kind") == pts[j].Text("kind") }
	var out []Hotspot
	for _, m := range gis.Clusters(at, radius, sameKind) {
		if len(m) < threshold {
			continue
		}
		h := Hotspot{Kind: pts[m[0]].Text("kind"), Count: len(m), Address: pts[m[0]].Text("address")}
		var sx, sy float64
		for _, i := range m {
			p, _ := pointOf(pts[i])
			sx += p[0]
			sy += p[1]
			h.IDs = append(h.IDs, pts[i].ID)
			if pts[i].Text("status") != Resolved {
				h.Open++
			}
		}
		sort.Strings(h.IDs)
		h.Center = orb.Point{sx / float64(len(m)), sy / float64(len(m))}
		out = append(out, h)
	}
	slices.SortFunc(out, func(a, b Hotspot) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.IDs[0], b.IDs[0]))
	})
	return out
}

// Period is a span of local days, both ends included.
type Period struct{ From, To gis.Date }

// Contains reports whether d lies in the period.
func (p Period) Contains(d gis.Date) bool { return !d.Before(p.From) && !p.To.Before(d) }

func (p Period) String() string { return p.From.String() + "…" + p.To.String() }

// EncroachKinds are the violation kinds that count as encroachment on a
// key route.
var EncroachKinds = []string{"encroachment", "market"}

// RouteCount is one key route's violations in a period and in the
// baseline period.
type RouteCount struct {
	Route    string `json:"route"` // the street's name
	Current  int    `json:"current"`
	Baseline int    `json:"baseline"`
	// Reduction is 1 − current/baseline (0.8 = cut by 80 %); nil without a
	// baseline.
	Reduction *float64 `json:"reduction,omitempty"`
}

// RouteCounts counts violations of the kinds (all kinds when none) found on
// key-route street segments (by street_id), per route name, in the period
// and in the baseline; routes in name order, then the ward's total under
// the name "".
func RouteCounts(vs, streets []*gis.Feature, kinds []string, cur, base Period) []RouteCount {
	route := map[string]string{}
	for _, s := range streets {
		if s.Kind == gis.Street && !s.Deleted && s.Bool("key_route") {
			route[s.ID] = s.Text("name")
		}
	}
	byName := map[string]*RouteCount{}
	for _, name := range route {
		if byName[name] == nil {
			byName[name] = &RouteCount{Route: name}
		}
	}
	for _, v := range vs {
		name, ok := route[v.Text("street_id")]
		if !ok || v.Deleted || (len(kinds) > 0 && !slices.Contains(kinds, v.Text("kind"))) {
			continue
		}
		d, ok := v.Date("found_on")
		if !ok {
			continue
		}
		if cur.Contains(d) {
			byName[name].Current++
		}
		if base.Contains(d) {
			byName[name].Baseline++
		}
	}
	total := RouteCount{}
	out := make([]RouteCount, 0, len(byName)+1)
	for _, rc := range byName {
		total.Current += rc.Current
		total.Baseline += rc.Baseline
		rc.Reduction = reduction(rc.Current, rc.Baseline)
		out = append(out, *rc)
	}
	slices.SortFunc(out, func(a, b RouteCount) int { return strings.Compare(a.Route, b.Route) })
	total.Reduction = reduction(total.Current, total.Baseline)
	return append(out, total)
}

func reduction(cur, base int) *float64 {
	if base == 0 {
		return nil
	}
	r := 1 - float64(cur)/float64(base)
	return &r
}

// Ratio is an indicator input: a numerator over a denominator.
type Ratio struct {
	Num int `json:"num"`
	Den int `json:"den"`
}

// Value is Num/Den, or nil when nothing was counted.
func (r Ratio) Value() *float64 {
	if r.Den == 0 {
		return nil
	}
	v := float64(r.Num) / float64(r.Den)
	return &v
}

func (r Ratio) String() string {
	if r.Den == 0 {
		return fmt.Sprintf("%d/%d", r.Num, r.Den)
	}
	return fmt.Sprintf("%d/%d (%.1f%%)", r.Num, r.Den, 100*float64(r.Num)/float64(r.Den))
}

// ReportsOnTime is the input of "100% of field reports received and
// processed": reports received in the period (Den), and of them those that
// reached a final or answered state on or before their deadline (Num). A
// report answered but without closed_on counts by its deadline not having
// passed on asOf.
func ReportsOnTime(rs []*gis.Feature, p Period, asOf gis.Date) Ratio {
	var r Ratio
	for _, f := range rs {
		rt, ok := f.Time("received_at")
		if f.Kind != gis.Report || f.Deleted || !ok || !p.Contains(gis.LocalDate(rt)) {
			continue
		}
		r.Den++
		st := f.Text("status")
		if st != Answered && !ReportFinal(st) {
			continue
		}
		dl, hasDL := EffectiveDeadline(f)
		done, ok := f.Date("closed_on")
		if !ok {
			done = asOf
		}
		if !hasDL || !dl.Before(done) {
			r.Num++
		}
	}
	return r
}

// AdsResolved is the input of "remove at least 90% of illegal ads":
// illegal-ad violations found in the period (Den) and of them those
// resolved (Num).
func AdsResolved(vs []*gis.Feature, p Period) Ratio {
	var r Ratio
	for _, v := range vs {
		d, ok := v.Date("found_on")
		if v.Kind != gis.Violation || v.Deleted || !ok || !p.Contains(d) || v.Text("kind") != "illegal_ads" {
			continue
		}
		r.Den++
		if v.Text("status") == Resolved {
			r.Num++
		}
	}
	return r
}

// EncroachmentOnKeyRoutes is the input of "cut encroachment on key routes
// by 80%": encroachments found on key routes in the period.
func EncroachmentOnKeyRoutes(vs, streets []*gis.Feature, p Period) int {
	rc := RouteCounts(vs, streets, EncroachKinds, p, Period{})
	return rc[len(rc)-1].Current
}
