package indicator

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/inspect"
)

// Input is what the indicators are computed from: the registry's live
// features (any kinds; the ones the formulas need are picked out), the
// inspection cycles, the parameters in force, the reported figures and the
// day of evaluation.
type Input struct {
	// Today is the day the figures are computed on: for a period still
	// running, values are as of this day; for a period over, as of its last
	// day (what the registry knows now about that day).
	Today    gis.Date
	Features []*gis.Feature
	Cycles   inspect.Cycles
	Params   Params
	Entries  []Entry
}

// Status says how a value stands against its expectation.
type Status string

const (
	OnTrack Status = "on_track"
	AtRisk  Status = "at_risk"
	Missed  Status = "missed"
	NoData  Status = "no_data"
)

// Label names the status in Vietnamese and English.
func (s Status) Label() gis.Label {
	switch s {
	case OnTrack:
		return gis.Label{VI: "Đạt tiến độ", EN: "On track"}
	case AtRisk:
		return gis.Label{VI: "Có nguy cơ chậm", EN: "At risk"}
	case Missed:
		return gis.Label{VI: "Không đạt", EN: "Missed"}
	}
	return gis.Label{VI: "Chưa có số liệu", EN: "No data"}
}

// Item is one feature (or entry) behind a number: what is not yet as it
// should be.
type Item struct {
	Kind     gis.Kind     `json:"kind,omitempty"`
	ID       string       `json:"id,omitempty"`
	Title    string       `json:"title"`
	Reason   string       `json:"reason"`
	Location *orb.Point   `json:"location,omitempty"`
	Members  []string     `json:"members,omitempty"` // a hotspot's violations
	Geom     orb.Geometry `json:"-"`
	tdp      int
	street   int
}

// Result is one indicator's value for one scope and period.
type Result struct {
	Code      string    `json:"code"`
	Name      gis.Label `json:"name"`
	Group     Group     `json:"group"`
	Kind      Kind      `json:"kind"`
	Unit      string    `json:"unit"`
	Scope     Scope     `json:"scope"`
	ScopeID   string    `json:"scope_id,omitempty"`
	ScopeName string    `json:"scope_name,omitempty"`
	Period    string    `json:"period"`
	AsOf      string    `json:"as_of"`
	// Value is nil when there is nothing to measure (no main street, no
	// report received, nothing entered).
	Value *float64 `json:"value"`
	// Num and Den are the counts behind a share (Value = 100·Num/Den).
	Num float64 `json:"numerator"`
	Den float64 `json:"denominator"`
	// Target is the period's target (a cumulative target's share);
	// Expected is what the linear path asks for on the day of evaluation.
	Target    float64   `json:"target"`
	Direction Direction `json:"direction"`
	Baseline  *float64  `json:"baseline,omitempty"`
	Expected  float64   `json:"expected"`
	// Share is a group's part of the ward's target when the target is
	// shared out (TDPRule ShareOfWard); 0 when the ward's own applies.
	Share float64 `json:"share,omitempty"`
	// Progress is the share of the way from the baseline to the target
	// (1 = reached).
	Progress float64 `json:"progress"`
	Status   Status  `json:"status"`
	Items    []Item  `json:"items"`
	Note     string  `json:"note,omitempty"`
}

// Board is every indicator for the ward and, per TDP, those measured per TDP.
type Board struct {
	Period Period     `json:"-"`
	AsOf   gis.Date   `json:"-"`
	Ward   []Result   `json:"ward"`
	TDPs   []TDPBoard `json:"tdps,omitempty"`
	// Streets holds, per named street, the indicators measured per street
	// (Options.PerStreet).
	Streets []StreetBoard `json:"streets,omitempty"`
}

// StreetBoard is one named street's indicators: those of its main
// segments (cleaned, inspected, lit, long-standing waste) and, on a key
// route, its encroachment.
type StreetBoard struct {
	Street  StreetInfo `json:"street"`
	Results []Result   `json:"results"`
}

// StreetInfo describes a street: the segments of the registry that carry
// its name.
type StreetInfo struct {
	Name     string   `json:"name"`
	Segments int      `json:"segments"`
	LengthM  float64  `json:"length_m"`
	Main     bool     `json:"main"`      // has a main segment on the day of evaluation
	KeyRoute bool     `json:"key_route"` // has a key-route segment
	IDs      []string `json:"segment_ids"`
}

// TDPBoard is one residential group's indicators.
type TDPBoard struct {
	TDP     TDPInfo  `json:"tdp"`
	Results []Result `json:"results"`
}

// Options say what to compute.
type Options struct {
	// PerTDP adds each residential group's indicators (features placed by
	// the group polygon that contains them).
	PerTDP bool
	// PerStreet adds each named street's indicators, for the targets
	// measured per street (scope "street" in the catalogue) whose formula
	// has a street: main segments cleaned, inspected and lit, long-standing
	// waste, encroachment on key routes.
	PerStreet bool
	// Codes limits the computation to these targets (nil: all).
	Codes []string
}

// streetFormulas are the computed targets that can be measured per street.
var streetFormulas = []string{EnvClean, OrdInspected, OrdLit, EnvTidy, OrdEncroach}

// PerStreet reports whether the target is measured per street: the
// catalogue gives it the street scope and its formula has a street.
func (t *Target) PerStreet() bool {
	return t.Kind == Computed && t.HasScope(Street) && slices.Contains(streetFormulas, t.Code)
}

// tally accumulates one indicator for one scope.
type tally struct {
	num, den, base float64
	baseKnown      bool
	items          []Item
}

// Compute evaluates the catalogue for period p.
func Compute(cat Catalogue, in *Input, p Period, opt Options) *Board {
	return computeKinds(cat, in, nil, p, opt)
}

func computeKinds(cat Catalogue, in *Input, byKind map[gis.Kind][]*gis.Feature, p Period, opt Options) *Board {
	pr := prepare(in, byKind, p, opt.PerTDP, opt.PerStreet)
	b := &Board{Period: p, AsOf: pr.asOf}
	if opt.PerTDP {
		for _, t := range pr.tdps {
			b.TDPs = append(b.TDPs, TDPBoard{TDP: t})
		}
	}
	if opt.PerStreet {
		for _, s := range pr.streetList {
			b.Streets = append(b.Streets, StreetBoard{Street: s, Results: []Result{}})
		}
	}
	for i := range cat {
		t := &cat[i]
		if opt.Codes != nil && !slices.Contains(opt.Codes, t.Code) {
			continue
		}
		c := pr.measure(t)
		b.Ward = append(b.Ward, pr.finish(t, c.ward, Ward, "", ""))
		if opt.PerTDP && t.HasScope(TDP) && c.per != nil {
			for k := range b.TDPs {
				r := pr.finish(t, c.per[k], TDP, pr.tdps[k].ID, pr.tdps[k].Name)
				if t.TDPRule() == ShareOfWard {
					r = pr.finishShare(t, c.per[k], TDP, pr.tdps[k].ID, pr.tdps[k].Name, pr.shares[k])
				}
				b.TDPs[k].Results = append(b.TDPs[k].Results, r)
			}
		}
		if opt.PerStreet && t.PerStreet() {
			for k := range b.Streets {
				s := &b.Streets[k]
				if (t.Code == OrdEncroach && !s.Street.KeyRoute) || (t.Code != OrdEncroach && !s.Street.Main) {
					continue
				}
				s.Results = append(s.Results, pr.finish(t, c.streets[k], Street, s.Street.Name, s.Street.Name))
			}
		}
	}
	if opt.PerStreet {
		// Streets no street target measures (alleys, secondary streets off
		// the key routes) have nothing to show.
		b.Streets = slices.DeleteFunc(b.Streets, func(s StreetBoard) bool { return len(s.Results) == 0 })
	}
	return b
}

// prep holds the indexes every formula shares.
type prep struct {
	in      *Input
	p       Period
	asOf    gis.Date
	params  Params
	byKind  map[gis.Kind][]*gis.Feature
	byID    map[string]*gis.Feature
	pl      plane
	perTDP  bool
	tdps    []TDPInfo
	shares  []float64 // each group's part of the ward (tdpShares)
	loc     *tdpLocator
	streets *lineIndex // every street, for violations without street_id
	mains   *lineIndex // main streets, for lamps
	// lastVisit and lastClean are each record's latest inspection (any
	// activity) and latest cleaning, on or before asOf.
	lastVisit, lastClean map[string]gis.Date
	// perStreet: streetList are the named streets, streetNo each segment's
	// place in it (by feature id).
	perStreet  bool
	streetList []StreetInfo
	streetNo   map[string]int
}

// splitKinds sorts the live features by kind, keeping their order, in one
// allocation per kind.
func splitKinds(fs []*gis.Feature) map[gis.Kind][]*gis.Feature {
	counts := map[gis.Kind]int{}
	for _, f := range fs {
		if f != nil && !f.Deleted {
			counts[f.Kind]++
		}
	}
	out := make(map[gis.Kind][]*gis.Feature, len(counts))
	for k, n := range counts {
		out[k] = make([]*gis.Feature, 0, n)
	}
	for _, f := range fs {
		if f != nil && !f.Deleted {
			out[f.Kind] = append(out[f.Kind], f)
		}
	}
	return out
}

// prepare builds the shared indexes; byKind, when not nil, holds in's live
// features already sorted by kind (in.Features is then not read).
func prepare(in *Input, byKind map[gis.Kind][]*gis.Feature, p Period, perTDP, perStreet bool) *prep {
	asOf := p.To
	if !in.Today.IsZero() && in.Today.Before(asOf) {
		asOf = in.Today
	}
	pr := &prep{in: in, p: p, asOf: asOf, params: in.Params, perTDP: perTDP, perStreet: perStreet,
		byID:      map[string]*gis.Feature{},
		lastVisit: map[string]gis.Date{}, lastClean: map[string]gis.Date{}}
	if pr.params == nil {
		pr.params = DefaultParams()
	}
	if byKind != nil {
		pr.byKind = byKind
	} else {
		pr.byKind = splitKinds(in.Features)
	}
	var bound orb.Bound
	first := true
	for _, k := range []gis.Kind{gis.Street, gis.TDP} {
		for _, f := range pr.byKind[k] {
			pr.byID[f.ID] = f
			if f.Geom != nil && f.Kind == gis.Street {
				if first {
					bound, first = f.Geom.Bound(), false
				} else {
					bound = bound.Union(f.Geom.Bound())
				}
			}
		}
	}
	for _, f := range pr.byKind[gis.Inspection] {
		pr.visit(f)
	}
	pr.pl = newPlane(bound)
	var polys []orb.Polygon
	for _, f := range pr.byKind[gis.TDP] {
		poly, ok := f.Geom.(orb.Polygon)
		if !ok {
			continue
		}
		hh, _ := f.Float("households")
		pr.tdps = append(pr.tdps, TDPInfo{ID: f.ID, Name: f.Text("name"), Head: f.Text("head"), Households: int64(hh)})
		polys = append(polys, poly)
	}
	pr.shares = tdpShares(pr.tdps)
	if perTDP {
		pr.loc = newTDPLocator(polys)
	}
	if perStreet {
		pr.groupStreets()
	}
	return pr
}

// groupStreets gathers the street segments by name (trimmed; unnamed
// segments belong to no street), sorted by name without diacritics.
func (pr *prep) groupStreets() {
	byName := map[string]int{}
	pr.streetNo = map[string]int{}
	for _, f := range pr.byKind[gis.Street] {
		name := strings.TrimSpace(f.Text("name"))
		if name == "" {
			continue
		}
		k, ok := byName[name]
		if !ok {
			k = len(pr.streetList)
			byName[name] = k
			pr.streetList = append(pr.streetList, StreetInfo{Name: name})
		}
		s := &pr.streetList[k]
		s.Segments++
		s.IDs = append(s.IDs, f.ID)
		if l, ok := f.Float("length_m"); ok {
			s.LengthM += l
		}
		if f.Text("class") == "main" && pr.existed(f) {
			s.Main = true
		}
		if f.Bool("key_route") {
			s.KeyRoute = true
		}
	}
	order := make([]int, len(pr.streetList))
	for i := range order {
		order[i] = i
	}
	keys := make([]string, len(pr.streetList))
	for i, s := range pr.streetList {
		keys[i] = gis.FoldSearch(s.Name)
	}
	sort.SliceStable(order, func(a, b int) bool {
		ka, kb := keys[order[a]], keys[order[b]]
		if ka != kb {
			return ka < kb
		}
		return pr.streetList[order[a]].Name < pr.streetList[order[b]].Name
	})
	rank := make([]int, len(order))
	sorted := make([]StreetInfo, len(order))
	for r, i := range order {
		rank[i] = r
		sorted[r] = pr.streetList[i]
		sorted[r].LengthM = round(sorted[r].LengthM, 1)
	}
	pr.streetList = sorted
	for _, f := range pr.byKind[gis.Street] {
		if k, ok := byName[strings.TrimSpace(f.Text("name"))]; ok {
			pr.streetNo[f.ID] = rank[k]
		}
	}
}

// streetIdx is the place of a street segment's street in the list (-1:
// none, or not asked).
func (pr *prep) streetIdx(seg *gis.Feature) int {
	if !pr.perStreet || seg == nil {
		return -1
	}
	if k, ok := pr.streetNo[seg.ID]; ok {
		return k
	}
	return -1
}

func (pr *prep) visit(f *gis.Feature) {
	at, ok := f.Time("inspected_at")
	if !ok {
		return
	}
	d := gis.LocalDate(at)
	if pr.asOf.Before(d) {
		return
	}
	id := f.Text("target_id")
	if id == "" {
		return
	}
	if old, ok := pr.lastVisit[id]; !ok || old.Before(d) {
		pr.lastVisit[id] = d
	}
	if f.Text("activity") == "cleaning" {
		if old, ok := pr.lastClean[id]; !ok || old.Before(d) {
			pr.lastClean[id] = d
		}
	}
}

// tdpOf places a geometry in a residential group (-1: none, or not asked).
func (pr *prep) tdpOf(g orb.Geometry) int {
	if !pr.perTDP {
		return -1
	}
	if pt, ok := g.(orb.Point); ok {
		return pr.loc.locate(pt)
	}
	p, ok := anchor(g)
	if !ok {
		return -1
	}
	return pr.loc.locate(p)
}

// collector adds observations to the ward's tally, their group's and their
// street's.
type collector struct {
	ward    tally
	per     []tally
	streets []tally
}

func (c *collector) add(tdp int, num, den float64, it *Item) {
	c.addS(tdp, -1, num, den, it)
}

// addS is add for an observation on a street (street >= 0). Items go to
// the ward's tally only, marked with their group and street; spread hands
// them to the groups' and streets' tallies once the formula is done.
func (c *collector) addS(tdp, street int, num, den float64, it *Item) {
	if c.streets == nil {
		street = -1
	}
	if street >= 0 {
		t := &c.streets[street]
		t.num += num
		t.den += den
	}
	c.ward.num += num
	c.ward.den += den
	if it != nil {
		it.tdp, it.street = tdp, street
		c.ward.items = append(c.ward.items, *it)
	}
	if tdp >= 0 && c.per != nil {
		t := &c.per[tdp]
		t.num += num
		t.den += den
	}
}

// spread gives each group's and street's tally its items, in the ward's
// order, from one allocation per scope.
func (c *collector) spread() {
	if c.per != nil {
		spreadItems(c.ward.items, c.per, func(it *Item) int { return it.tdp })
	}
	if c.streets != nil {
		spreadItems(c.ward.items, c.streets, func(it *Item) int { return it.street })
	}
}

func spreadItems(items []Item, ts []tally, key func(*Item) int) {
	counts := make([]int, len(ts))
	n := 0
	for i := range items {
		if k := key(&items[i]); k >= 0 && k < len(ts) {
			counts[k]++
			n++
		}
	}
	if n == 0 {
		return
	}
	buf := make([]Item, n)
	off := 0
	for k, c := range counts {
		ts[k].items = buf[off : off : off+c]
		off += c
	}
	for i := range items {
		if k := key(&items[i]); k >= 0 && k < len(ts) {
			ts[k].items = append(ts[k].items, items[i])
		}
	}
}

func (c *collector) addBase(tdp, street int, n float64) {
	if street >= 0 && c.streets != nil {
		c.streets[street].base += n
		c.streets[street].baseKnown = true
	}
	c.ward.base += n
	c.ward.baseKnown = true
	if tdp >= 0 && c.per != nil {
		c.per[tdp].base += n
		c.per[tdp].baseKnown = true
	}
}

func item(f *gis.Feature, reason string) *Item {
	it := &Item{Kind: f.Kind, ID: f.ID, Title: f.Title("vi"), Reason: reason, Geom: f.Geom}
	if p, ok := anchor(f.Geom); ok {
		it.Location = &p
	}
	return it
}

// measure runs one target's formula.
func (pr *prep) measure(t *Target) *collector {
	c := &collector{}
	if pr.perTDP {
		c.per = make([]tally, len(pr.tdps))
	}
	if pr.perStreet && t.PerStreet() {
		c.streets = make([]tally, len(pr.streetList))
	}
	if t.Kind == Reported {
		pr.reported(t, c)
		c.spread()
		return c
	}
	switch t.Code {
	case EnvClean:
		pr.mainStreets(c, pr.cleaned)
	case OrdInspected:
		pr.mainStreets(c, pr.inspected)
	case OrdLit:
		pr.lit(c)
	case EnvTrees:
		pr.trees(c)
	case EnvAds:
		pr.ads(c)
	case EnvTidy:
		pr.tidy(c)
	case OrdEncroach:
		pr.encroachment(t, c)
	case OrdHotspots:
		pr.hotspots(c)
	case OrdPlates:
		pr.plates(c)
	case DigReports:
		pr.reports(c)
	}
	c.spread()
	return c
}

// cleaned: a main street counts as clean while its last cleaning is
// within the cleaning cycle.
func (pr *prep) cleaned(f *gis.Feature) (bool, string) {
	days := int(pr.params.Get(CleaningCycle))
	d, ok := pr.lastClean[f.ID]
	if !ok {
		return false, "chưa có bản ghi vệ sinh"
	}
	if pr.asOf.Before(d.AddDays(days)) {
		return true, ""
	}
	return false, fmt.Sprintf("vệ sinh lần cuối %s, quá chu kỳ %d ngày", d, days)
}

// trees counts the trees planted in the period by the as-of date, the
// dead ones listed.
func (pr *prep) trees(c *collector) {
	for _, f := range pr.byKind[gis.Tree] {
		d, ok := f.Date("planted_on")
		if !ok || !pr.p.Contains(d) || pr.asOf.Before(d) {
			continue
		}
		if f.Text("condition") == "dead" {
			c.add(pr.tdpOf(f.Geom), 0, 0, item(f, "cây trồng "+d.String()+" đã chết"))
			continue
		}
		c.add(pr.tdpOf(f.Geom), 1, 0, nil)
	}
}

// ads: the illegal advertisements found since the period began, resolved
// of all.
func (pr *prep) ads(c *collector) {
	for _, f := range pr.violationsIn(pr.p.From, "illegal_ads") {
		if f.Text("status") == "resolved" {
			c.add(pr.tdpOf(f.Geom), 1, 1, nil)
		} else {
			c.add(pr.tdpOf(f.Geom), 0, 1, item(f, "chưa khắc phục ("+statusVI(f)+")"))
		}
	}
}

// tidy lists the waste left on main streets longer than the waste age.
func (pr *prep) tidy(c *collector) {
	n := int(pr.params.Get(WasteAgeDays))
	limit := pr.asOf.AddDays(-n)
	for _, f := range pr.violationsIn(gis.Date{}, "household_waste", "construction_waste") {
		d, _ := f.Date("found_on")
		if f.Text("status") == "resolved" || limit.Before(d) {
			continue
		}
		s := pr.streetOf(f)
		if s == nil || s.Text("class") != "main" {
			continue
		}
		age := daysBetween(d, pr.asOf)
		c.addS(pr.tdpOf(f.Geom), pr.streetIdx(s), 1, 0, item(f, fmt.Sprintf("tồn đọng %d ngày trên đường chính", age)))
	}
}

// plates: house plates and alley signs installed by the as-of date, of
// all.
func (pr *prep) plates(c *collector) {
	for _, k := range []gis.Kind{gis.Plate, gis.AlleySign} {
		for _, f := range pr.byKind[k] {
			d, dated := f.Date("installed_on")
			if f.Text("status") == "installed" && (!dated || !pr.asOf.Before(d)) {
				c.add(pr.tdpOf(f.Geom), 1, 1, nil)
				continue
			}
			reason := statusVI(f)
			if f.Text("status") == "installed" {
				reason = "gắn sau ngày " + pr.asOf.String()
			}
			c.add(pr.tdpOf(f.Geom), 0, 1, item(f, reason))
		}
	}
}

func statusVI(f *gis.Feature) string {
	fd, ok := f.Schema().Field("status")
	if !ok {
		return f.Text("status")
	}
	if o, ok := fd.Option(f.Text("status")); ok {
		return strings.ToLower(o.Label.VI)
	}
	return f.Text("status")
}

// mainStreets counts main segments and whether each passes.
func (pr *prep) mainStreets(c *collector, pass func(*gis.Feature) (bool, string)) {
	for _, f := range pr.byKind[gis.Street] {
		if f.Text("class") != "main" || !pr.existed(f) {
			continue
		}
		ok, why := pass(f)
		if ok {
			c.addS(pr.tdpOf(f.Geom), pr.streetIdx(f), 1, 1, nil)
		} else {
			c.addS(pr.tdpOf(f.Geom), pr.streetIdx(f), 0, 1, item(f, why))
		}
	}
}

// existed reports whether the record existed on the day of evaluation
// (records without a creation time always did).
func (pr *prep) existed(f *gis.Feature) bool {
	return f.CreatedAt.IsZero() || !pr.asOf.Before(gis.LocalDate(f.CreatedAt))
}

func (pr *prep) inspected(f *gis.Feature) (bool, string) {
	class := f.Text("class")
	if f.Bool("key_route") {
		class = "key"
	}
	days := 0
	if cy, ok := pr.in.Cycles.For(gis.Street, class); ok {
		days = cy.Days
	}
	if own, ok := f.Float("cycle_days"); ok && own >= 1 && (days == 0 || int(own) < days) {
		days = int(own)
	}
	last, ok := pr.lastVisit[f.ID]
	if d, has := f.Date("last_inspected"); has && !pr.asOf.Before(d) && (!ok || last.Before(d)) {
		last, ok = d, true
	}
	if days == 0 {
		return ok, "chưa kiểm tra lần nào"
	}
	if !ok {
		return false, fmt.Sprintf("chưa kiểm tra lần nào (chu kỳ %d ngày)", days)
	}
	if pr.asOf.Before(last.AddDays(days)) {
		return true, ""
	}
	return false, fmt.Sprintf("kiểm tra lần cuối %s, quá chu kỳ %d ngày", last, days)
}

// lit counts the working lamps within the buffer of each main segment (a
// lamp at a junction serves every segment meeting there); a segment is lit
// when it has ⌈length / spacing⌉ of them, at least one.
func (pr *prep) lit(c *collector) {
	spacing, buffer := pr.params.Get(LampSpacing), pr.params.Get(LampBuffer)
	if pr.mains == nil {
		var mains []*gis.Feature
		for _, f := range pr.byKind[gis.Street] {
			if f.Text("class") == "main" && pr.existed(f) {
				mains = append(mains, f)
			}
		}
		pr.mains = newLineIndex(pr.pl, mains, math.Max(buffer*4, 50))
	}
	have := make([]int, len(pr.mains.lines))
	for _, f := range pr.byKind[gis.Lamp] {
		p, ok := f.Geom.(orb.Point)
		if !ok || f.Text("status") != "working" {
			continue
		}
		if d, ok := f.Date("installed_on"); ok && pr.asOf.Before(d) {
			continue
		}
		q := pr.pl.xy(p)
		pr.mains.within(q[0], q[1], buffer, func(i int) { have[i]++ })
	}
	for i, l := range pr.mains.lines {
		length, ok := l.f.Float("length_m")
		if !ok || length <= 0 {
			length = 0
			for k := 1; k < len(l.pts); k++ {
				length += math.Hypot(l.pts[k][0]-l.pts[k-1][0], l.pts[k][1]-l.pts[k-1][1])
			}
		}
		need := int(math.Ceil(length / spacing))
		need = max(need, 1)
		if have[i] >= need {
			c.addS(pr.tdpOf(l.f.Geom), pr.streetIdx(l.f), 1, 1, nil)
		} else {
			c.addS(pr.tdpOf(l.f.Geom), pr.streetIdx(l.f), 0, 1, item(l.f, fmt.Sprintf("%d/%d đèn hoạt động (%.0f m, cách %.0f m)", have[i], need, length, spacing)))
		}
	}
}

// violationsIn lists violations of the kinds found from `from` (zero: any
// time) to the day of evaluation.
func (pr *prep) violationsIn(from gis.Date, kinds ...string) []*gis.Feature {
	var out []*gis.Feature
	for _, f := range pr.byKind[gis.Violation] {
		if len(kinds) > 0 && !slices.Contains(kinds, f.Text("kind")) {
			continue
		}
		d, ok := f.Date("found_on")
		if !ok || d.Before(from) || pr.asOf.Before(d) {
			continue
		}
		out = append(out, f)
	}
	return out
}

// streetOf finds a violation's street: its street_id, else the nearest
// street within street_buffer_m.
func (pr *prep) streetOf(f *gis.Feature) *gis.Feature {
	if s, ok := pr.byID[f.Text("street_id")]; ok && s.Kind == gis.Street {
		return s
	}
	p, ok := f.Geom.(orb.Point)
	if !ok {
		return nil
	}
	buf := pr.params.Get(StreetBuffer)
	if pr.streets == nil {
		pr.streets = newLineIndex(pr.pl, pr.byKind[gis.Street], math.Max(buf*4, 50))
	}
	q := pr.pl.xy(p)
	if i := pr.streets.nearest(q[0], q[1], buf); i >= 0 {
		return pr.streets.lines[i].f
	}
	return nil
}

// keyRoute returns the key-route segment a violation is on, or nil.
func (pr *prep) keyRoute(f *gis.Feature) *gis.Feature {
	if s := pr.streetOf(f); s != nil && s.Bool("key_route") {
		return s
	}
	return nil
}

var encroachKinds = []string{"encroachment", "market"}

// encroachment counts encroachments on key routes in the period and in the
// baseline period (from the registry when it holds that period, else the
// catalogue's baseline figure, ward only).
func (pr *prep) encroachment(t *Target, c *collector) {
	for _, f := range pr.violationsIn(pr.p.From, encroachKinds...) {
		if s := pr.keyRoute(f); s != nil {
			c.addS(pr.tdpOf(f.Geom), pr.streetIdx(s), 1, 0, item(f, "lấn chiếm trên tuyến trọng điểm ("+statusVI(f)+")"))
		}
	}
	bp, err := ParsePeriod(t.BaselinePeriod)
	if err != nil {
		return
	}
	covered := false
	for _, f := range pr.byKind[gis.Violation] {
		if d, ok := f.Date("found_on"); ok && bp.Contains(d) {
			covered = true
			break
		}
	}
	if !covered {
		if t.Baseline != nil {
			c.ward.base, c.ward.baseKnown = *t.Baseline, true
		}
		return
	}
	c.ward.baseKnown = true
	for k := range c.per {
		c.per[k].baseKnown = true
	}
	for k := range c.streets {
		c.streets[k].baseKnown = true
	}
	for _, f := range pr.byKind[gis.Violation] {
		d, ok := f.Date("found_on")
		if !ok || !bp.Contains(d) || !slices.Contains(encroachKinds, f.Text("kind")) {
			continue
		}
		if s := pr.keyRoute(f); s != nil {
			c.addBase(pr.tdpOf(f.Geom), pr.streetIdx(s), 1)
		}
	}
}

// hotspots groups the period's violations that lie within the radius of
// one another (single linkage) and counts the groups with at least the
// threshold.
func (pr *prep) hotspots(c *collector) {
	r, thr := pr.params.Get(HotspotRadius), int(pr.params.Get(HotspotThreshold))
	vs := pr.violationsIn(pr.p.From)
	var lonlat []orb.Point
	var pts [][2]float64
	var fs []*gis.Feature
	for _, f := range vs {
		p, ok := f.Geom.(orb.Point)
		if !ok {
			continue
		}
		lonlat = append(lonlat, p)
		pts = append(pts, pr.pl.xy(p))
		fs = append(fs, f)
	}
	for _, m := range gis.Clusters(lonlat, r, nil) {
		if len(m) < thr {
			continue
		}
		var sx, sy float64
		kinds := map[string]int{}
		var ids []string
		for _, i := range m {
			sx += pts[i][0]
			sy += pts[i][1]
			kinds[fs[i].Text("kind")]++
			ids = append(ids, fs[i].ID)
		}
		centre := pr.pl.lonlat(sx/float64(len(m)), sy/float64(len(m)))
		var parts []string
		for _, o := range gis.ViolationKinds {
			if n := kinds[o.Value]; n > 0 {
				parts = append(parts, fmt.Sprintf("%s ×%d", strings.ToLower(o.Label.VI), n))
			}
		}
		it := &Item{Kind: gis.Violation, ID: fs[m[0]].ID, Location: &centre, Geom: centre, Members: ids,
			Title:  fmt.Sprintf("Điểm nóng: %d vi phạm trong bán kính %.0f m", len(m), r),
			Reason: strings.Join(parts, ", ")}
		if a := fs[m[0]].Text("address"); a != "" {
			it.Title += " (" + a + ")"
		}
		c.add(pr.tdpOf(centre), 1, 0, it)
	}
}

var reportDone = []string{"answered", "closed", "duplicate", "not_competent"}

// reports counts the period's field reports processed within their
// deadline against those whose deadline has come or which are done.
func (pr *prep) reports(c *collector) {
	for _, f := range pr.byKind[gis.Report] {
		at, ok := f.Time("received_at")
		if !ok {
			continue
		}
		rd := gis.LocalDate(at)
		if !pr.p.Contains(rd) || pr.asOf.Before(rd) {
			continue
		}
		dl, hasDL := f.Date("deadline")
		tdp := pr.tdpOf(f.Geom)
		if slices.Contains(reportDone, f.Text("status")) {
			done, ok := f.Date("closed_on")
			if !ok {
				done = gis.LocalDate(f.UpdatedAt)
			}
			if !hasDL || !dl.Before(done) {
				c.add(tdp, 1, 1, nil)
			} else {
				c.add(tdp, 0, 1, item(f, fmt.Sprintf("xử lý xong %s, trễ hạn %s", done, dl)))
			}
			continue
		}
		if hasDL && dl.Before(pr.asOf) {
			c.add(tdp, 0, 1, item(f, fmt.Sprintf("quá hạn %s, chưa xử lý xong (%s)", dl, statusVI(f))))
		}
	}
}

// reported aggregates the entered figures: a yes/no figure gives the share
// of (TDP or organisation, reporting period) pairs done, a missing figure
// counting as not done; a share gives the mean of those entered (weighted
// by households for a TDP's families).
func (pr *prep) reported(t *Target, c *collector) {
	subs := pr.p.Subperiods(t.Frequency)
	var started []Period
	for _, s := range subs {
		if !pr.asOf.Before(s.From) {
			started = append(started, s)
		}
	}
	latest, orgs := latestReported(pr.in.Entries, t.Code)
	units := pr.reportingUnits(t, orgs)
	weighted := t.Code == CulFamilies
	if weighted {
		for _, u := range units {
			if u.weight <= 0 {
				weighted = false
			}
		}
	}
	for _, u := range units {
		tdp := u.tdp
		if !pr.perTDP {
			tdp = -1
		}
		for _, s := range started {
			e, ok := latest[u.id+"\x00"+s.Name]
			if !ok {
				it := &Item{Kind: gis.TDP, ID: u.id, Title: u.name, Reason: "chưa báo cáo kỳ " + s.Name}
				if t.HasScope(Organisation) || u.id == "" {
					it.Kind = ""
				}
				if t.Binary() {
					c.add(tdp, 0, 1, it)
				} else {
					c.add(tdp, 0, 0, it)
				}
				continue
			}
			w := 1.0
			if weighted {
				w = u.weight
			}
			var it *Item
			if (t.Binary() && e.Value < 1) || (!t.Binary() && e.Value < t.Value) {
				it = &Item{Title: u.name, ID: u.id, Reason: fmt.Sprintf("kỳ %s: %s (%s nhập ngày %s)", s.Name, num(e.Value), e.By, gis.LocalDate(e.At))}
				if t.HasScope(TDP) {
					it.Kind = gis.TDP
				}
			}
			if t.Binary() {
				c.add(tdp, e.Value, 1, it)
			} else {
				c.add(tdp, w*e.Value/100, w, it)
			}
		}
	}
}

// latestReported is the latest entry of code for each scope and period
// (keyed scope id, NUL, period), and the organisations that reported it.
func latestReported(entries []Entry, code string) (map[string]Entry, map[string]bool) {
	latest := map[string]Entry{}
	orgs := map[string]bool{}
	for _, e := range Latest(entries) {
		if e.Code != code {
			continue
		}
		if e.Scope == Organisation {
			orgs[e.ScopeID] = true
		}
		latest[e.ScopeID+"\x00"+e.Period] = e
	}
	return latest, orgs
}

// reportUnit is who reports a figure: a TDP (weighted by its households),
// an organisation, or the ward.
type reportUnit struct {
	id, name string
	tdp      int
	weight   float64
}

// reportingUnits are the units that report t: its TDPs, the
// organisations that reported it (by name), or the ward.
func (pr *prep) reportingUnits(t *Target, orgs map[string]bool) []reportUnit {
	var units []reportUnit
	switch {
	case t.HasScope(TDP):
		for i, td := range pr.tdps {
			units = append(units, reportUnit{td.ID, td.Name, i, float64(td.Households)})
		}
	case t.HasScope(Organisation):
		names := make([]string, 0, len(orgs))
		for n := range orgs {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			units = append(units, reportUnit{n, n, -1, 1})
		}
	default:
		units = append(units, reportUnit{"", "Phường", -1, 1})
	}
	return units
}

// tdpShares is each group's part of the ward: its households over all
// the groups', or equal parts when a group has no household count (shares
// of a partial count would load the counted groups with the others' part).
func tdpShares(ts []TDPInfo) []float64 {
	out := make([]float64, len(ts))
	var sum float64
	for _, t := range ts {
		if t.Households <= 0 {
			sum = 0
			break
		}
		sum += float64(t.Households)
	}
	for i, t := range ts {
		out[i] = 1 / float64(len(ts))
		if sum > 0 {
			out[i] = float64(t.Households) / sum
		}
	}
	return out
}

// finish turns a tally into a value, a target, an expectation and a status.
func (pr *prep) finish(t *Target, ta tally, scope Scope, id, name string) Result {
	return pr.finishShare(t, ta, scope, id, name, 1)
}

// finishShare is finish for a scope that carries share of the ward's
// target and baseline (1: the ward's own).
func (pr *prep) finishShare(t *Target, ta tally, scope Scope, id, name string, share float64) Result {
	r := Result{Code: t.Code, Name: t.Name, Group: t.Group, Kind: t.Kind, Unit: t.Unit, Scope: scope, ScopeID: id, ScopeName: name,
		Period: pr.p.Name, AsOf: pr.asOf.String(), Num: ta.num, Den: ta.den, Direction: t.Direction, Items: ta.items, Baseline: t.Baseline}
	if r.Items == nil {
		r.Items = []Item{}
	}
	r.Value = pr.value(t, ta, &r)
	goal, base, exp := pr.goal(t, share, &r)
	r.Target, r.Expected = round(goal, 2), round(exp, 2)
	if r.Value == nil {
		r.Status = NoData
		return r
	}
	judge(&r, t.Direction, *r.Value, goal, base, exp, pr.params.Get(AtRiskTolerance)/100)
	r.Progress = round(r.Progress, 4)
	return r
}

// value is the indicator's value from its tally (nil: no data), with the
// encroachment rate's prorated baseline as r's denominator or a note of
// why there is none.
func (pr *prep) value(t *Target, ta tally, r *Result) *float64 {
	switch {
	case t.Code == OrdEncroach:
		r.Baseline = nil
		if !ta.baseKnown {
			r.Note = "chưa có số liệu kỳ gốc " + t.BaselinePeriod + " (baseline not entered)"
			return nil
		}
		prorated := ta.base
		if bp, err := ParsePeriod(t.BaselinePeriod); err == nil {
			prorated = ta.base * float64(pr.p.Days()) / float64(bp.Days())
		}
		r.Den = prorated
		if prorated <= 0 {
			r.Note = "kỳ gốc không có vụ lấn chiếm nào trên tuyến trọng điểm"
			return nil
		}
		x := (1 - ta.num/prorated) * 100
		return &x
	case t.Unit == "%" || t.Kind == Reported:
		if ta.den > 0 {
			x := 100 * ta.num / ta.den
			return &x
		}
		return nil
	}
	x := ta.num
	return &x
}

// goal is the target for the period (a cumulative one prorated to the
// plan's days in it) and the scope's share, the baseline it starts from,
// and what is expected by the as-of date; r gets the share.
func (pr *prep) goal(t *Target, share float64, r *Result) (goal, base, exp float64) {
	if t.Baseline != nil && t.Code != OrdEncroach {
		base = *t.Baseline
	}
	goal = t.Value
	if t.Cumulative {
		goal = t.Value * float64(overlapDays(pr.p, Plan)) / float64(Plan.Days())
		base = 0
	}
	if share != 1 {
		goal, base, r.Share = goal*share, base*share, round(share, 4)
	}
	exp = goal
	switch {
	case t.Cumulative:
		exp = goal * pr.p.Elapsed(pr.asOf)
	case t.Ramp:
		exp = base + (goal-base)*Plan.Elapsed(pr.asOf)
	}
	if t.Whole() {
		// Counted things: the status is judged against the numbers shown.
		goal, exp = math.Round(goal), math.Round(exp)
	}
	return goal, base, exp
}

// judge sets r's progress from base to goal and its status: on track when
// v meets what is expected, at risk within tol of the span, else missed.
func judge(r *Result, dir Direction, v, goal, base, exp, tol float64) {
	if dir == AtMost {
		r.Progress = 1
		if v > goal {
			r.Progress = 0
			if base > goal {
				r.Progress = math.Max(0, (base-v)/(base-goal))
			}
		}
		switch {
		case v <= exp:
			r.Status = OnTrack
		case base > goal && v <= exp+tol*(base-goal):
			r.Status = AtRisk
		default:
			r.Status = Missed
		}
		return
	}
	span := math.Abs(goal - base)
	if span > 0 {
		r.Progress = math.Max(0, (v-base)/(goal-base))
	} else if v >= goal {
		r.Progress = 1
	}
	switch {
	case v >= exp-1e-9:
		r.Status = OnTrack
	case v >= exp-tol*span:
		r.Status = AtRisk
	default:
		r.Status = Missed
	}
}

func overlapDays(a, b Period) int {
	from, to := a.From, a.To
	if from.Before(b.From) {
		from = b.From
	}
	if b.To.Before(to) {
		to = b.To
	}
	if to.Before(from) {
		return 0
	}
	return daysBetween(from, to) + 1
}

func round(x float64, n int) float64 {
	k := math.Pow(10, float64(n))
	return math.Round(x*k) / k
}

// Format writes a value with its unit ("87,5 %", "312 cây"), Vietnamese
// style: decimal comma.
func Format(v *float64, unit string) string {
	if v == nil {
		return "—"
	}
	s := fmt.Sprintf("%.1f", *v)
	if *v == math.Trunc(*v) {
		s = fmt.Sprintf("%.0f", *v)
	}
	s = strings.Replace(s, ".", ",", 1)
	if unit == "%" {
		return s + " %"
	}
	return s + " " + unit
}
