package indicator

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/gistest"
	"wardmap/gis/inspect"
)

// The test ward sits at Kiến An; m(x, y) is x metres east and y metres
// north of its origin.
var origin = orb.Point{106.63, 20.81}

func m(x, y float64) orb.Point {
	kx := 111320 * math.Cos(origin[1]*math.Pi/180)
	return orb.Point{origin[0] + x/kx, origin[1] + y/110540}
}

func day(s string) gis.Date {
	d, err := gis.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func at(s string) time.Time { return day(s).Time().Add(3 * time.Hour) } // 10:00 in Việt Nam

func feat(k gis.Kind, g orb.Geometry, attrs map[string]any) *gis.Feature {
	f := gis.NewFeature(k, g)
	for a, v := range attrs {
		f.Attrs[a] = v
	}
	gis.Derive(f)
	return f
}

func street(name, class string, key bool, from, to orb.Point) *gis.Feature {
	return feat(gis.Street, orb.LineString{from, to}, map[string]any{"name": name, "class": class, "key_route": key})
}

func inspection(target *gis.Feature, when, activity string) *gis.Feature {
	return feat(gis.Inspection, nil, map[string]any{"target_kind": string(target.Kind), "target_id": target.ID,
		"inspected_at": at(when), "result": "ok", "activity": activity})
}

func violation(kind, status, found string, p orb.Point, street *gis.Feature) *gis.Feature {
	f := feat(gis.Violation, p, map[string]any{"kind": kind, "status": status, "found_on": day(found)})
	if street != nil {
		f.Attrs["street_id"] = street.ID
	}
	return f
}

// compute runs one target on the features for the period, today 2026-11-25.
func compute(t *testing.T, code, period string, fs []*gis.Feature, entries ...Entry) Result {
	t.Helper()
	in := &Input{Today: day("2026-11-25"), Features: fs, Cycles: inspect.Defaults(), Params: DefaultParams(), Entries: entries}
	b := Compute(Defaults(), in, MustPeriod(period), Options{Codes: []string{code}})
	if len(b.Ward) != 1 {
		t.Fatalf("%s: %d results", code, len(b.Ward))
	}
	return b.Ward[0]
}

func value(r Result) float64 {
	if r.Value == nil {
		return math.NaN()
	}
	return *r.Value
}

func itemIDs(r Result) []string {
	var ids []string
	for _, it := range r.Items {
		ids = append(ids, it.ID)
	}
	return ids
}

// Two main segments: A (100 m, needs 3 lamps at 40 m) and B (80 m, a key
// route, needs 2), and a secondary street C.
func roads() (a, b, c *gis.Feature) {
	a = street("Trần Thành Ngọ", "main", false, m(0, 0), m(100, 0))
	b = street("Phan Đăng Lưu", "main", true, m(0, 200), m(80, 200))
	c = street("Ngõ 12", "secondary", false, m(0, 400), m(100, 400))
	return
}

func TestLit(t *testing.T) {
	a, b, c := roads()
	lamp := func(status string, p orb.Point) *gis.Feature {
		return feat(gis.Lamp, p, map[string]any{"status": status})
	}
	fs := []*gis.Feature{a, b, c,
		lamp("working", m(10, 10)), lamp("working", m(50, -10)), lamp("working", m(90, 24)), // A: 3 within 25 m
		lamp("working", m(50, 30)),                              // 30 m from A: nobody's
		lamp("working", m(40, 205)), lamp("broken", m(60, 195)), // B: 1 of 2
		lamp("working", m(50, 400)), // on C, a secondary street
	}
	r := compute(t, OrdLit, "2026-Q4", fs)
	if r.Num != 1 || r.Den != 2 || !gistest.Near(value(r), 50, 1e-6) {
		t.Fatalf("lit = %v (%v/%v), want 50 %% (1/2)", value(r), r.Num, r.Den)
	}
	if ids := itemIDs(r); len(ids) != 1 || ids[0] != b.ID || !strings.Contains(r.Items[0].Reason, "1/2") {
		t.Fatalf("unlit = %+v, want B with 1/2 lamps", r.Items)
	}
	if r.Status != Missed {
		t.Errorf("status %s, want missed (50 %% of a 100 %% target)", r.Status)
	}
}

func TestInspectedAndCleaned(t *testing.T) {
	a, b, c := roads()
	fs := []*gis.Feature{a, b, c,
		inspection(a, "2026-11-20", "cleaning"),   // main: 7-day cycle, good until 26 Nov
		inspection(b, "2026-11-24", "inspection"), // key route: 1-day cycle, overdue on 25 Nov
		inspection(c, "2026-11-24", "cleaning"),   // not a main street
		inspection(b, "2026-11-26", "cleaning"),   // after the day of evaluation: ignored
	}
	r := compute(t, OrdInspected, "2026-Q4", fs)
	if !gistest.Near(value(r), 50, 1e-6) || len(r.Items) != 1 || r.Items[0].ID != b.ID {
		t.Fatalf("inspected = %v, items %+v; want 50 %% with B overdue", value(r), r.Items)
	}
	r = compute(t, EnvClean, "2026-Q4", fs)
	if !gistest.Near(value(r), 50, 1e-6) || len(r.Items) != 1 || r.Items[0].ID != b.ID {
		t.Fatalf("cleaned = %v, items %+v; want 50 %% with B never cleaned", value(r), r.Items)
	}
	// A week later A's cleaning has run out too.
	in := &Input{Today: day("2026-11-27"), Features: fs, Cycles: inspect.Defaults()}
	got := Compute(Defaults(), in, MustPeriod("2026-Q4"), Options{Codes: []string{EnvClean}}).Ward[0]
	if !gistest.Near(value(got), 50, 1e-6) { // B's cleaning on the 26th now counts, A's ran out on the 27th
		t.Fatalf("cleaned on 27 Nov = %v, want 50", value(got))
	}
	if got.Items[0].ID != a.ID {
		t.Fatalf("on 27 Nov the late one is %s, want A", got.Items[0].Title)
	}
	// The street's last_inspected counts like an inspection.
	b.Attrs["last_inspected"] = day("2026-11-25")
	if r := compute(t, OrdInspected, "2026-Q4", fs); !gistest.Near(value(r), 100, 1e-6) || r.Status != OnTrack {
		t.Fatalf("with last_inspected today: %v %s, want 100 on track", value(r), r.Status)
	}
}

func TestTreesPeriodBoundaries(t *testing.T) {
	tree := func(planted, condition string) *gis.Feature {
		return feat(gis.Tree, m(5, 5), map[string]any{"planted_on": day(planted), "condition": condition})
	}
	dead := tree("2026-10-01", "dead")
	fs := []*gis.Feature{
		tree("2025-12-31", "good"), // the day before the plan
		tree("2026-01-01", "good"), // its first day
		dead,
		tree("2026-11-01", "fair"),
		tree("2026-12-01", "good"), // after the day of evaluation (a planned date)
		tree("2026-12-31", "good"),
	}
	cases := []struct {
		period string
		want   float64
		goal   float64
	}{
		{"2025", 1, 0},
		{"2026", 2, 1000 * 365.0 / 1826},
		{"2026-H1", 1, 1000 * 181.0 / 1826},
		{"2026-Q4", 1, 1000 * 92.0 / 1826},
		{"2026-2030", 2, 1000},
	}
	for _, c := range cases {
		t.Run(c.period, func(t *testing.T) {
			r := compute(t, EnvTrees, c.period, fs)
			if !gistest.Near(value(r), c.want, 1e-6) {
				t.Fatalf("trees = %v, want %v", value(r), c.want)
			}
			if r.Target != math.Round(c.goal) { // a count of trees is whole
				t.Fatalf("target = %v, want %.0f", r.Target, c.goal)
			}
		})
	}
	// The dead tree planted in Q4 is behind the number.
	if r := compute(t, EnvTrees, "2026-Q4", fs); len(r.Items) != 1 || r.Items[0].ID != dead.ID {
		t.Fatalf("items = %+v, want the dead tree", r.Items)
	}
	// Empty period: zero trees is a value (0 of the expected), not "no data".
	r := compute(t, EnvTrees, "2027-Q1", fs)
	if value(r) != 0 || r.Status == NoData || r.Expected != 0 {
		t.Fatalf("2027-Q1 before it starts: %v %s expected %v; want 0, not no-data, expectation 0", value(r), r.Status, r.Expected)
	}
	if r.Status != OnTrack {
		t.Fatalf("a period not begun is on track, got %s", r.Status)
	}
}

func TestAdsAndTidy(t *testing.T) {
	a, _, c := roads()
	fs := []*gis.Feature{a, c,
		violation("illegal_ads", "resolved", "2026-10-05", m(500, 500), nil),
		violation("illegal_ads", "recorded", "2026-11-01", m(600, 500), nil),
		violation("illegal_ads", "resolved", "2026-09-30", m(700, 500), nil),     // Q3
		violation("household_waste", "recorded", "2026-11-20", m(20, 2), a),      // 5 days old on main A
		violation("household_waste", "found", "2026-11-23", m(30, 2), a),         // 2 days: not yet long-standing
		violation("household_waste", "recorded", "2026-11-01", m(40, 401), nil),  // on secondary C (nearest street)
		violation("construction_waste", "resolved", "2026-10-01", m(60, 3), nil), // resolved
		violation("construction_waste", "recurred", "2026-11-21", m(70, 3), nil), // 4 days, on A by distance
	}
	r := compute(t, EnvAds, "2026-Q4", fs)
	if !gistest.Near(value(r), 50, 1e-6) || r.Status != Missed || len(r.Items) != 1 {
		t.Fatalf("ads = %v %s %d items; want 50 %% missed with one open", value(r), r.Status, len(r.Items))
	}
	r = compute(t, EnvTidy, "2026-Q4", fs)
	if value(r) != 2 || r.Status != Missed {
		t.Fatalf("tidy = %v %s; want 2 missed", value(r), r.Status)
	}
	if r := compute(t, EnvAds, "2026-Q1", fs); r.Status != NoData || r.Value != nil {
		t.Fatalf("no ads found in Q1: %v %s, want no data", r.Value, r.Status)
	}
	if r := compute(t, EnvTidy, "2026-Q1", fs[:2]); value(r) != 0 || r.Status != OnTrack {
		t.Fatalf("no waste: %v %s, want 0 on track", value(r), r.Status)
	}
}

func TestEncroachment(t *testing.T) {
	_, b, c := roads()
	enc := func(found string, s *gis.Feature, x float64) *gis.Feature {
		y := 200.0
		if s == c {
			y = 400
		}
		return violation("encroachment", "recorded", found, m(x, y), s)
	}
	fs := []*gis.Feature{b, c,
		enc("2025-02-01", b, 10), enc("2025-05-01", b, 300), enc("2025-08-01", b, 600), violation("market", "resolved", "2025-11-01", m(900, 200), b),
		enc("2025-06-01", c, 10), // not a key route
		enc("2026-10-10", b, 10),
		enc("2026-03-10", c, 10),
	}
	r := compute(t, OrdEncroach, "2026", fs)
	// 1 this year against 4 in 2025: 75 % less; the path to 80 % by 2030
	// asks for 80 × 329/1826 on 25 Nov 2026.
	if !gistest.Near(value(r), 75, 1e-6) || r.Den != 4 {
		t.Fatalf("encroachment cut = %v (baseline %v), want 75 (4)", value(r), r.Den)
	}
	if want := round(80*329.0/1826, 2); r.Expected != want || r.Status != OnTrack {
		t.Fatalf("expected %v %s, want %v on track", r.Expected, r.Status, want)
	}
	// Without 2025 in the registry and no baseline entered: no data.
	r = compute(t, OrdEncroach, "2026", append([]*gis.Feature{b, c}, fs[7:]...))
	if r.Status != NoData || !strings.Contains(r.Note, "2025") {
		t.Fatalf("without baseline: %s %q", r.Status, r.Note)
	}
}

func TestHotspots(t *testing.T) {
	fs := []*gis.Feature{
		violation("encroachment", "recorded", "2026-10-01", m(0, 0), nil),
		violation("encroachment", "recurred", "2026-10-20", m(8, 5), nil),
		violation("parking", "recorded", "2026-11-02", m(-5, 10), nil),
		violation("encroachment", "recorded", "2026-10-03", m(500, 0), nil), // a pair is not a hotspot
		violation("encroachment", "recorded", "2026-10-04", m(520, 0), nil),
		violation("encroachment", "recorded", "2026-09-04", m(510, 10), nil), // Q3: not in the period
	}
	r := compute(t, OrdHotspots, "2026-Q4", fs)
	if value(r) != 1 || len(r.Items) != 1 || len(r.Items[0].Members) != 3 {
		t.Fatalf("hotspots = %v %+v, want 1 of 3 violations", value(r), r.Items)
	}
	if !strings.Contains(r.Items[0].Reason, "lấn chiếm vỉa hè, lòng đường ×2") {
		t.Errorf("reason %q", r.Items[0].Reason)
	}
	if r := compute(t, OrdHotspots, "2026", fs); value(r) != 2 {
		t.Fatalf("over the year the pair and the Q3 one make a second hotspot: %v", value(r))
	}
}

func TestReportsAndPlates(t *testing.T) {
	rep := func(received, deadline, status, closed string) *gis.Feature {
		f := feat(gis.Report, m(1, 1), map[string]any{"channel": "zalo", "category": "waste", "text": "Rác",
			"received_at": at(received), "deadline": day(deadline), "status": status})
		if closed != "" {
			f.Attrs["closed_on"] = day(closed)
		}
		return f
	}
	late := rep("2026-10-05", "2026-10-15", "closed", "2026-10-20")
	overdue := rep("2026-11-01", "2026-11-11", "assigned", "")
	fs := []*gis.Feature{
		rep("2026-10-02", "2026-10-12", "closed", "2026-10-12"), // on its deadline day: in time
		late, overdue,
		rep("2026-11-20", "2026-11-30", "in_progress", ""), // not yet due
		rep("2026-09-29", "2026-10-09", "assigned", ""),    // Q3
	}
	r := compute(t, DigReports, "2026-Q4", fs)
	if r.Num != 1 || r.Den != 3 || len(r.Items) != 2 {
		t.Fatalf("reports %v/%v items %d, want 1/3 with 2 behind", r.Num, r.Den, len(r.Items))
	}
	if r.Items[0].ID != late.ID && r.Items[1].ID != late.ID {
		t.Errorf("late report missing from drill-down")
	}
	plate := func(status, installed string) *gis.Feature {
		f := feat(gis.Plate, m(2, 2), map[string]any{"number": "12", "street": "Trần Thành Ngọ", "status": status})
		if installed != "" {
			f.Attrs["installed_on"] = day(installed)
		}
		return f
	}
	sign := feat(gis.AlleySign, m(3, 3), map[string]any{"name": "Ngõ 5", "status": "installed"})
	fs = []*gis.Feature{plate("installed", "2020-01-01"), plate("missing", ""), plate("installed", "2026-12-10"), sign}
	r = compute(t, OrdPlates, "2026-Q4", fs)
	if r.Num != 2 || r.Den != 4 {
		t.Fatalf("plates %v/%v, want 2/4", r.Num, r.Den)
	}
	if r := compute(t, OrdPlates, "2026-Q4", nil); r.Status != NoData {
		t.Fatalf("no plates: %s, want no data", r.Status)
	}
}

// Two TDPs split the test ward at x = 250 m.
func tdps() (west, east *gis.Feature) {
	west = feat(gis.TDP, orb.Polygon{{m(-1000, -1000), m(250, -1000), m(250, 1000), m(-1000, 1000), m(-1000, -1000)}},
		map[string]any{"name": "Tổ dân phố 1", "head": "Nguyễn Văn An", "households": int64(100)})
	east = feat(gis.TDP, orb.Polygon{{m(250, -1000), m(1000, -1000), m(1000, 1000), m(250, 1000), m(250, -1000)}},
		map[string]any{"name": "Tổ dân phố 2", "head": "Trần Thị Bình", "households": int64(300)})
	return
}

func TestPerTDP(t *testing.T) {
	west, east := tdps()
	tree := func(x float64) *gis.Feature {
		return feat(gis.Tree, m(x, 0), map[string]any{"planted_on": day("2026-10-10"), "condition": "good"})
	}
	fs := []*gis.Feature{west, east, tree(0), tree(100), tree(249), tree(251), tree(5000)}
	in := &Input{Today: day("2026-11-25"), Features: fs}
	b := Compute(Defaults(), in, MustPeriod("2026-Q4"), Options{PerTDP: true, Codes: []string{EnvTrees}})
	if value(b.Ward[0]) != 5 {
		t.Fatalf("ward trees %v, want 5 (one outside every TDP)", value(b.Ward[0]))
	}
	got := map[string]float64{}
	for _, tb := range b.TDPs {
		got[tb.TDP.Name] = value(tb.Results[0])
	}
	if got["Tổ dân phố 1"] != 3 || got["Tổ dân phố 2"] != 1 {
		t.Fatalf("per TDP %v, want 3 west and 1 east", got)
	}
}

// TestPerTDPMeaning: each target's per-group meaning on a hand-made ward
// whose answers are known. Two groups, 100 and 300 households, year 2026
// evaluated after its end. The ward's 1,000 trees over 2026–2030 ask
// round(1000·365/1826) = 200 of 2026: the west group (¼ of households)
// carries 50, the east 150. A rate (plates installed) and "no hotspot"
// apply to each group as they are.
func TestPerTDPMeaning(t *testing.T) {
	west, east := tdps()
	trees := func(n int, x float64) []*gis.Feature {
		var out []*gis.Feature
		for i := range n {
			out = append(out, feat(gis.Tree, m(x, float64(i)), map[string]any{"planted_on": day("2026-05-10"), "condition": "good"}))
		}
		return out
	}
	plate := func(x float64, status string) *gis.Feature {
		return feat(gis.Plate, m(x, 0), map[string]any{"number": "1", "street": "Lê Duẩn", "status": status})
	}
	run := func(westTrees, eastTrees int) *Board {
		fs := []*gis.Feature{west, east, plate(0, "installed"), plate(10, "installed"), plate(500, "installed"), plate(510, "missing")}
		fs = append(fs, trees(westTrees, 0)...)
		fs = append(fs, trees(eastTrees, 600)...)
		for i := range 3 { // a hotspot in the east: three violations within 30 m
			fs = append(fs, violation("encroachment", "recorded", "2026-06-0"+string(rune('1'+i)), m(700+float64(i)*5, 0), nil))
		}
		in := &Input{Today: day("2027-01-10"), Features: fs}
		return Compute(Defaults(), in, MustPeriod("2026"), Options{PerTDP: true, Codes: []string{EnvTrees, OrdPlates, OrdHotspots}})
	}
	type want struct {
		target float64
		share  float64
		status Status
	}
	check := func(b *Board, code string, ward, w, e want) {
		t.Helper()
		got := map[string]Result{}
		for _, r := range b.Ward {
			got["ward"] = r
			if r.Code == code {
				break
			}
		}
		for _, tb := range b.TDPs {
			for _, r := range tb.Results {
				if r.Code == code {
					got[tb.TDP.Name] = r
				}
			}
		}
		for name, wt := range map[string]want{"ward": ward, "Tổ dân phố 1": w, "Tổ dân phố 2": e} {
			r := got[name]
			if r.Code != code || r.Target != wt.target || r.Share != wt.share || r.Status != wt.status {
				t.Errorf("%s %s: target %v share %v %s (value %v), want %v share %v %s", code, name, r.Target, r.Share, r.Status, value(r), wt.target, wt.share, wt.status)
			}
		}
	}
	// The ward's 200 trees planted as the groups' shares: every one on track
	// (compared with the ward's 200, both groups would be "missed").
	b := run(50, 150)
	check(b, EnvTrees, want{200, 0, OnTrack}, want{50, 0.25, OnTrack}, want{150, 0.75, OnTrack})
	// Plates: 100 % in the west, 50 % in the east, 75 % for the ward, each
	// against the same 100 %; 75 is short by more than the 10 % tolerance.
	check(b, OrdPlates, want{100, 0, Missed}, want{100, 0, OnTrack}, want{100, 0, Missed})
	// The hotspot is the east's: the ward and the east miss "no hotspot".
	check(b, OrdHotspots, want{0, 0, Missed}, want{0, 0, OnTrack}, want{0, 0, Missed})
	// The east plants 140 of its 150 (short by 10 ≤ 15, the tolerance):
	// at risk; the ward's 190 of 200 at risk; the west still on track.
	b = run(50, 140)
	check(b, EnvTrees, want{200, 0, AtRisk}, want{50, 0.25, OnTrack}, want{150, 0.75, AtRisk})
	// The west plants 60 and the east 100: the ward's 160 is missed, the
	// east's 100 of 150 missed, the west's 60 of 50 on track.
	b = run(60, 100)
	check(b, EnvTrees, want{200, 0, Missed}, want{50, 0.25, OnTrack}, want{150, 0.75, Missed})
	if v := value(b.TDPs[0].Results[0]); v != 60 {
		t.Fatalf("west trees %v, want 60", v)
	}
}

// TestTDPRuleOfStoredCatalogue: a catalogue read back from a store that
// does not keep the per-group rule gets the rule the defaults state.
func TestTDPRuleOfStoredCatalogue(t *testing.T) {
	for _, d := range Defaults() {
		if d.PerTDP == "" {
			t.Fatalf("%s: the catalogue leaves its per-group meaning unsaid", d.Code)
		}
		stored := d
		stored.PerTDP = ""
		if stored.TDPRule() != d.PerTDP {
			t.Errorf("%s: stored rule %s, catalogue %s", d.Code, stored.TDPRule(), d.PerTDP)
		}
	}
	if r := tdpShares([]TDPInfo{{Households: 100}, {Households: 0}}); r[0] != 0.5 || r[1] != 0.5 {
		t.Errorf("shares with a group uncounted %v, want equal parts", r)
	}
}

func TestReported(t *testing.T) {
	west, east := tdps()
	cat := Catalogue(Defaults())
	e := func(code string, sc Scope, id, period string, v float64, by string, when string) Entry {
		return Entry{Code: code, Scope: sc, ScopeID: id, Period: period, Value: v, By: by, At: at(when)}
	}
	fs := []*gis.Feature{west, east}
	entries := []Entry{
		e(EnvGreenSun, TDP, west.ID, "2026-10", 1, "Nguyễn Văn An", "2026-11-01"),
		e(EnvGreenSun, TDP, west.ID, "2026-11", 1, "Nguyễn Văn An", "2026-11-20"),
		e(EnvGreenSun, TDP, west.ID, "2026-11", 0, "Nguyễn Văn An", "2026-11-22"), // correction: the latest wins
		e(EnvGreenSun, TDP, east.ID, "2026-10", 1, "Trần Thị Bình", "2026-11-02"),
		e(CulFamilies, TDP, west.ID, "2026", 90, "Nguyễn Văn An", "2026-11-02"),
		e(CulFamilies, TDP, east.ID, "2026", 100, "Trần Thị Bình", "2026-11-02"),
		e(CulSchools, Organisation, "Trường THCS Kiến An", "2026", 1, "Lê Văn Cường", "2026-11-02"),
		e(CulSchools, Organisation, "Trường Tiểu học Trần Thành Ngọ", "2026", 0, "Phạm Thị Dung", "2026-11-02"),
	}
	// Green Sunday in Q4 as of 25 Nov: 2 TDPs × (October, November) = 4;
	// west did October only (its November was corrected to 0), east
	// October only, nobody December (not begun).
	r := compute(t, EnvGreenSun, "2026-Q4", fs, entries...)
	if r.Num != 2 || r.Den != 4 || !gistest.Near(value(r), 50, 1e-6) {
		t.Fatalf("green sunday %v/%v = %v, want 2/4", r.Num, r.Den, value(r))
	}
	// Families: (90·100 + 100·300) / 400 households.
	r = compute(t, CulFamilies, "2026-Q4", fs, entries...)
	if !gistest.Near(value(r), 97.5, 1e-6) || r.Status != OnTrack {
		t.Fatalf("families %v %s, want 97.5 on track", value(r), r.Status)
	}
	r = compute(t, CulSchools, "2026", fs, entries...)
	if !gistest.Near(value(r), 50, 1e-6) || len(r.Items) != 1 || r.Items[0].Title != "Trường Tiểu học Trần Thành Ngọ" {
		t.Fatalf("schools %v %+v", value(r), r.Items)
	}
	if r := compute(t, EnvWaste, "2026-Q4", fs, entries...); r.Status != NoData || len(r.Items) != 2 {
		t.Fatalf("nothing entered for waste: %s with %d missing months, want no data and 2", r.Status, len(r.Items))
	}

	// The checks before storing.
	families, _ := cat.Get(CulFamilies)
	westInfo := &TDPInfo{ID: west.ID, Name: "Tổ dân phố 1", Head: "Nguyễn Văn An"}
	ok := e(CulFamilies, TDP, west.ID, "2026", 96, "Nguyễn Văn An", "2026-11-25")
	if err := Check(families, &ok, west.ID, westInfo); err != nil {
		t.Fatalf("a head's own figure refused: %v", err)
	}
	bad := []struct {
		name    string
		e       Entry
		userTDP string
		want    string
	}{
		{"110% of households", e(CulFamilies, TDP, west.ID, "2026", 110, "Nguyễn Văn An", "2026-11-25"), west.ID, "ngoài khoảng cho phép 0–100 %"},
		{"another TDP", e(CulFamilies, TDP, west.ID, "2026", 96, "Trần Thị Bình", "2026-11-25"), east.ID, "chỉ được nhập số liệu cho tổ dân phố mình"},
		{"not a head", e(CulFamilies, TDP, west.ID, "2026", 96, "Lê Văn Cường", "2026-11-25"), "", "không phải tổ trưởng"},
		{"monthly figure for a year", e(CulFamilies, TDP, west.ID, "2026-10", 96, "Nguyễn Văn An", "2026-11-25"), west.ID, "báo cáo theo năm"},
		{"nobody", e(CulFamilies, TDP, west.ID, "2026", 96, "", "2026-11-25"), west.ID, "cần tên người nhập"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			err := Check(families, &c.e, c.userTDP, westInfo)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
		})
	}
	gs, _ := cat.Get(EnvGreenSun)
	half := e(EnvGreenSun, TDP, west.ID, "2026-10", 0.5, "Nguyễn Văn An", "2026-11-25")
	if err := Check(gs, &half, west.ID, westInfo); err == nil || !strings.Contains(err.Error(), "0 (chưa đạt) hoặc 1 (đạt)") {
		t.Fatalf("yes/no 0.5: %v", err)
	}
	trees, _ := cat.Get(EnvTrees)
	x := e(EnvTrees, Ward, "", "2026", 5, "A", "2026-11-25")
	if err := Check(trees, &x, "", nil); err == nil || !strings.Contains(err.Error(), "tính tự động") {
		t.Fatalf("computed target entered: %v", err)
	}
}

func TestParsePeriod(t *testing.T) {
	cases := []struct {
		in, name, from, to, label string
		days                      int
	}{
		{"2026-Q4", "2026-Q4", "2026-10-01", "2026-12-31", "Quý IV năm 2026", 92},
		{"2026-h2", "2026-H2", "2026-07-01", "2026-12-31", "6 tháng cuối năm 2026", 184},
		{"2026", "2026", "2026-01-01", "2026-12-31", "Năm 2026", 365},
		{"2026-2030", "2026-2030", "2026-01-01", "2030-12-31", "Giai đoạn 2026 – 2030", 1826},
		{"2028-02", "2028-02", "2028-02-01", "2028-02-29", "Tháng 2 năm 2028", 29},
	}
	for _, c := range cases {
		p, err := ParsePeriod(c.in)
		if err != nil {
			t.Fatal(err)
		}
		if p.Name != c.name || p.From.String() != c.from || p.To.String() != c.to || p.Days() != c.days || p.Label() != c.label {
			t.Errorf("%s: %+v %d %q", c.in, p, p.Days(), p.Label())
		}
	}
	for _, s := range []string{"", "2026-Q5", "2026-H3", "2026-13", "26", "2030-2026", "2026-Q", "abcd"} {
		if _, err := ParsePeriod(s); err == nil || !strings.Contains(err.Error(), "kỳ không hợp lệ") {
			t.Errorf("%q: %v", s, err)
		}
	}
}

// TestPeriodWords: the selector's words for each form of period, in both
// languages, and the list offered reads as words, once each.
func TestPeriodWords(t *testing.T) {
	cases := []struct{ in, vi, en string }{
		{"2026-Q4", "Quý 4/2026", "Q4 2026"},
		{"2026-H1", "6 tháng đầu 2026", "First half of 2026"},
		{"2027-H2", "6 tháng cuối 2027", "Second half of 2027"},
		{"2026", "Năm 2026", "Year 2026"},
		{"2026-2030", "Cả giai đoạn 2026–2030", "Whole plan 2026–2030"},
		{"2027-2028", "Giai đoạn 2027–2028", "2027–2028"},
		{"2026-10", "Tháng 10/2026", "October 2026"},
		{"2028-02", "Tháng 2/2028", "February 2028"},
	}
	for _, c := range cases {
		w := MustPeriod(c.in).Words()
		if w.VI != c.vi || w.EN != c.en {
			t.Errorf("%s: %q / %q, want %q / %q", c.in, w.VI, w.EN, c.vi, c.en)
		}
	}
	off := Offered()
	if len(off) != 5*7+1 || off[0].Name != "2026" || off[1].Name != "2026-H1" || off[3].Name != "2026-Q1" || off[len(off)-1] != Plan {
		t.Fatalf("offered %d periods: %v … %v", len(off), off[:4], off[len(off)-1])
	}
	seen := map[string]bool{}
	for _, p := range off {
		q := MustPeriod(p.Name)
		if q != p {
			t.Errorf("offered %+v parses back as %+v", p, q)
		}
		w := p.Words()
		if seen[w.VI] || seen[w.EN] || strings.ContainsAny(w.VI, "QH") && !strings.HasPrefix(w.VI, "Quý") {
			t.Errorf("offered %s reads %q / %q (repeated or a raw code)", p.Name, w.VI, w.EN)
		}
		seen[w.VI], seen[w.EN] = true, true
	}
	for _, c := range []struct{ day, want string }{
		{"2026-11-25", "2026-Q4"}, {"2026-01-01", "2026-Q1"}, {"2026-03-31", "2026-Q1"}, {"2026-04-01", "2026-Q2"},
		{"2025-06-10", "2026-Q1"}, {"2031-02-01", "2030-Q4"},
	} {
		d, _ := gis.ParseDate(c.day)
		if got := QuarterOf(d); got != MustPeriod(c.want) {
			t.Errorf("QuarterOf(%s) = %+v, want %s", c.day, got, c.want)
		}
	}
}

func TestCatalogue(t *testing.T) {
	cat := Catalogue(Defaults())
	if len(cat) != 18 {
		t.Fatalf("%d targets, want the 18 of the plan", len(cat))
	}
	seen := map[string]bool{}
	computed := 0
	for _, tg := range cat {
		if seen[tg.Code] || tg.Name.VI == "" || tg.Name.EN == "" || tg.Unit == "" || tg.Method == "" {
			t.Errorf("%+v", tg)
		}
		seen[tg.Code] = true
		if tg.Kind == Computed {
			computed++
		}
	}
	if computed != 10 {
		t.Errorf("%d computed, want 10", computed)
	}
	// Every computed target gives a value on the full fixture (no formula
	// is missing from measure).
	a, b, c := roads()
	in := &Input{Today: day("2026-11-25"), Features: []*gis.Feature{a, b, c}}
	for _, r := range Compute(cat, in, MustPeriod("2026-Q4"), Options{}).Ward {
		if r.Kind == Computed && r.Code != OrdEncroach && r.Code != EnvAds && r.Code != DigReports && r.Code != OrdPlates && r.Value == nil {
			t.Errorf("%s: no value", r.Code)
		}
	}
	if _, err := cat.Lookup("XX-99"); err == nil || !strings.Contains(err.Error(), "MT-01") {
		t.Errorf("unknown code: %v", err)
	}
}

// The grid answers exactly as a point-in-polygon test does.
func TestTDPLocatorMatchesPolygons(t *testing.T) {
	// A concave group and a neighbour with a hole.
	a := orb.Polygon{{m(0, 0), m(300, 0), m(300, 300), m(150, 120), m(0, 300), m(0, 0)}}
	b := orb.Polygon{{m(300, 0), m(600, 0), m(600, 300), m(300, 300), m(300, 0)}, {m(400, 100), m(500, 100), m(500, 200), m(400, 200), m(400, 100)}}
	loc := newTDPLocator([]orb.Polygon{a, b})
	for x := -20.0; x <= 620; x += 3.7 {
		for y := -20.0; y <= 320; y += 3.1 {
			p := m(x, y)
			if got, want := loc.locate(p), loc.slow(p); got != want {
				t.Fatalf("(%v, %v): locate %d, polygons say %d", x, y, got, want)
			}
		}
	}
}

func TestTrendAndByTDP(t *testing.T) {
	west, east := tdps()
	tree := func(x float64, planted string) *gis.Feature {
		return feat(gis.Tree, m(x, 0), map[string]any{"planted_on": day(planted), "condition": "good"})
	}
	fs := []*gis.Feature{west, east, tree(0, "2026-02-01"), tree(300, "2026-05-01"), tree(10, "2026-05-02"), tree(20, "2026-11-01")}
	in := &Input{Today: day("2026-11-25"), Features: fs}
	qs := Quarters(MustPeriod("2026"), in.Today)
	if len(qs) != 4 || qs[0].Name != "2026-Q1" || qs[3].Name != "2026-Q4" {
		t.Fatalf("quarters %v", qs)
	}
	if qs := Quarters(MustPeriod("2026-2030"), in.Today); len(qs) != 4 {
		t.Fatalf("quarters begun by 25 Nov 2026 in the plan: %d, want 4", len(qs))
	}
	var got []float64
	for _, tp := range Trend(Defaults(), in, qs, Options{}) {
		r := tp.Results[slices.IndexFunc(tp.Results, func(r Result) bool { return r.Code == EnvTrees })]
		got = append(got, value(r))
	}
	if !slices.Equal(got, []float64{1, 2, 0, 1}) {
		t.Fatalf("trees per quarter %v, want [1 2 0 1]", got)
	}
	b := Compute(Defaults(), in, MustPeriod("2026"), Options{PerTDP: true})
	by := b.ByTDP(EnvTrees)
	if value(by[west.ID]) != 3 || value(by[east.ID]) != 1 {
		t.Fatalf("by TDP %v / %v", value(by[west.ID]), value(by[east.ID]))
	}
	if r, ok := b.Result(EnvTrees); !ok || value(r) != 4 {
		t.Fatalf("ward %v", value(r))
	}
}

// FuzzParsePeriod: any text either fails with the message or gives a
// period whose name parses back to itself and whose days run forward.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2026-Q4", "2026-H2", "2026", "2026-2030", "2026-02", "2026-Q", "9999-13", "2026-2025"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod(s)
		if err != nil {
			if !strings.Contains(err.Error(), "kỳ không hợp lệ") {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		q, err := ParsePeriod(p.Name)
		if err != nil || q != p {
			t.Fatalf("%q → %+v → %+v %v", s, p, q, err)
		}
		if p.To.Before(p.From) || p.Days() < 28 || p.Label() == "" {
			t.Fatalf("%q: %+v (%d days)", s, p, p.Days())
		}
	})
}

// TestStreetScope: per named street, worked by hand. Trần Thành Ngọ is two
// main segments (A1 100 m, A2 80 m), Phan Đăng Lưu one main key-route
// segment (B, 80 m), Trần Nhân Tông a secondary key route (D), Ngõ 12 a
// secondary street (C) that no street target measures.
func TestStreetScope(t *testing.T) {
	a1 := street("Trần Thành Ngọ", "main", false, m(0, 0), m(100, 0))
	a2 := street(" Trần Thành Ngọ ", "main", false, m(100, 0), m(180, 0))
	b := street("Phan Đăng Lưu", "main", true, m(0, 200), m(80, 200))
	c := street("Ngõ 12", "secondary", false, m(0, 400), m(100, 400))
	d := street("Trần Nhân Tông", "secondary", true, m(0, 600), m(100, 600))
	lamp := func(p orb.Point) *gis.Feature { return feat(gis.Lamp, p, map[string]any{"status": "working"}) }
	enc := func(found string, s *gis.Feature, p orb.Point) *gis.Feature {
		return violation("encroachment", "recorded", found, p, s)
	}
	fs := []*gis.Feature{a1, a2, b, c, d,
		// A1 needs 3 lamps and has them; A2 needs 2 and has 1; B needs 2 and has 2.
		lamp(m(10, 10)), lamp(m(50, -10)), lamp(m(70, 10)), lamp(m(140, 5)), lamp(m(20, 195)), lamp(m(60, 205)),
		// A1 cleaned (so also inspected) 5 days ago, within the 7-day cycles;
		// B patrolled yesterday, but a key route is due daily.
		inspection(a1, "2026-11-20", "cleaning"), inspection(b, "2026-11-24", "patrol"),
		// Open waste: 15 days on A2 (nearest street, 3 m away), on the
		// secondary C (not counted), 1 day on B (not yet long-standing).
		violation("household_waste", "open", "2026-11-10", m(150, 3), nil),
		violation("construction_waste", "open", "2026-11-10", m(50, 400), c),
		violation("household_waste", "open", "2026-11-24", m(40, 200), b),
		// Encroachment: B 4 in 2025 and 1 in 2026; D 2 and 2 (one placed
		// by its nearest street, 10 m away); one on A1, not a key route.
		enc("2025-02-01", b, m(10, 200)), enc("2025-04-01", b, m(20, 200)), enc("2025-06-01", b, m(30, 200)), enc("2025-08-01", b, m(40, 200)),
		enc("2026-10-10", b, m(10, 200)),
		enc("2025-03-01", d, m(10, 600)), enc("2025-09-01", d, m(20, 600)),
		enc("2026-05-05", d, m(30, 600)), enc("2026-09-09", nil, m(50, 610)),
		enc("2026-07-07", a1, m(50, 0)),
	}
	in := &Input{Today: day("2026-11-25"), Features: fs, Cycles: inspect.Defaults(), Params: DefaultParams()}
	bd := Compute(Defaults(), in, MustPeriod("2026"), Options{PerStreet: true})
	type want struct {
		value    float64
		num, den float64
		items    []string
	}
	wants := map[string]map[string]want{
		"Phan Đăng Lưu": {
			EnvClean: {0, 0, 1, []string{b.ID}}, EnvTidy: {0, 0, 0, nil}, OrdEncroach: {75, 1, 4, []string{fs[20].ID}},
			OrdInspected: {0, 0, 1, []string{b.ID}}, OrdLit: {100, 1, 1, nil},
		},
		"Trần Nhân Tông": {OrdEncroach: {0, 2, 2, []string{fs[23].ID, fs[24].ID}}},
		"Trần Thành Ngọ": {
			EnvClean: {50, 1, 2, []string{a2.ID}}, EnvTidy: {1, 1, 0, []string{fs[13].ID}},
			OrdInspected: {50, 1, 2, []string{a2.ID}}, OrdLit: {50, 1, 2, []string{a2.ID}},
		},
	}
	var names []string
	for _, s := range bd.Streets {
		names = append(names, s.Street.Name)
	}
	if !slices.Equal(names, []string{"Phan Đăng Lưu", "Trần Nhân Tông", "Trần Thành Ngọ"}) {
		t.Fatalf("streets %q, want Phan Đăng Lưu, Trần Nhân Tông, Trần Thành Ngọ (sorted, Ngõ 12 has no street target)", names)
	}
	for _, s := range bd.Streets {
		w := wants[s.Street.Name]
		if len(s.Results) != len(w) {
			t.Errorf("%s: %d results, want %d", s.Street.Name, len(s.Results), len(w))
		}
		for _, r := range s.Results {
			x, ok := w[r.Code]
			if !ok {
				t.Errorf("%s: unexpected %s", s.Street.Name, r.Code)
				continue
			}
			if r.Scope != Street || r.ScopeID != s.Street.Name || !gistest.Near(value(r), x.value, 1e-6) || r.Num != x.num || !gistest.Near(r.Den, x.den, 1e-6) || !slices.Equal(itemIDs(r), x.items) {
				t.Errorf("%s %s = %v (%v/%v) items %v, want %v (%v/%v) items %v", s.Street.Name, r.Code, value(r), r.Num, r.Den, itemIDs(r), x.value, x.num, x.den, x.items)
			}
		}
	}
	ttn := bd.Streets[2].Street
	if ttn.Segments != 2 || ttn.LengthM != 180 || !ttn.Main || ttn.KeyRoute || !slices.Equal(ttn.IDs, []string{a1.ID, a2.ID}) {
		t.Errorf("Trần Thành Ngọ = %+v, want 2 main segments, 180 m", ttn)
	}
	if tnt := bd.Streets[1].Street; tnt.Main || !tnt.KeyRoute {
		t.Errorf("Trần Nhân Tông = %+v, want a key route without main segments", tnt)
	}
	if lit := bd.ByStreet(OrdLit); len(lit) != 2 || !gistest.Near(value(lit["Trần Thành Ngọ"]), 50, 1e-6) || !gistest.Near(value(lit["Phan Đăng Lưu"]), 100, 1e-6) {
		t.Errorf("ByStreet(TT-04) = %v", lit)
	}
	// The ward adds the streets up: 3 of 6 encroachments, 2 of 3 segments lit.
	if r, _ := bd.Result(OrdEncroach); !gistest.Near(value(r), 50, 1e-6) {
		t.Errorf("ward encroachment cut %v, want 50", value(r))
	}
	if r, _ := bd.Result(OrdLit); r.Num != 2 || r.Den != 3 {
		t.Errorf("ward lit %v/%v, want 2/3", r.Num, r.Den)
	}
	// A catalogue without the street scope measures no street; without the
	// option, no street board.
	cat := Catalogue(Defaults())
	for i := range cat {
		cat[i].Scopes = []Scope{Ward, TDP}
	}
	if bd := Compute(cat, in, MustPeriod("2026"), Options{PerStreet: true}); len(bd.Streets) != 0 {
		t.Errorf("%d streets measured without the street scope", len(bd.Streets))
	}
	if bd := Compute(Defaults(), in, MustPeriod("2026"), Options{}); bd.Streets != nil {
		t.Errorf("street boards without PerStreet")
	}
}

// TestModelInert: records no formula can count are held as slots, not
// kept; an edit that makes them count puts them back in their place.
func TestModelInert(t *testing.T) {
	a, _, _ := roads()
	lamp := func(status string, x float64) *gis.Feature {
		return feat(gis.Lamp, m(x, 5), map[string]any{"status": status})
	}
	l1, l2, l3 := lamp("working", 10), lamp("broken", 50), lamp("working", 90)
	undated := feat(gis.Tree, m(0, 30), map[string]any{"condition": "good"})
	md := NewModel(Source{Features: []*gis.Feature{a, l1, l2, l3, undated}})
	if n := md.Len(); n != 3 {
		t.Fatalf("Len %d, want 3 (the street and two working lamps)", n)
	}
	if md.Feature(gis.Lamp, l2.ID) != nil || md.Feature(gis.Tree, undated.ID) != nil || md.Feature(gis.Lamp, l1.ID) != l1 {
		t.Fatal("inert records are not held as empty slots")
	}
	if !Inert(l2) || Inert(l1) || !Inert(undated) || Inert(a) {
		t.Fatal("Inert")
	}
	g := *l2
	g.Attrs = map[string]any{"status": "working"}
	md.Apply(Upserted(&g))
	_, in := md.Input(MustPeriod("2026-Q4"), day("2026-11-25"))
	var ids []string
	for _, f := range in.Features {
		if f.Kind == gis.Lamp {
			ids = append(ids, f.ID)
		}
	}
	if !slices.Equal(ids, []string{l1.ID, l2.ID, l3.ID}) {
		t.Fatalf("lamps %v, want the repaired one back between the others", ids)
	}
	_, b := md.Compute(MustPeriod("2026-Q4"), day("2026-11-25"), Options{Codes: []string{OrdLit}})
	if r := b.Ward[0]; r.Num != 1 {
		t.Fatalf("3 working lamps along 100 m: lit %v/%v", r.Num, r.Den)
	}
	g.Attrs = map[string]any{"status": "missing"}
	md.Apply(Upserted(&g))
	if md.Len() != 3 {
		t.Fatalf("Len %d after the lamp went missing again", md.Len())
	}
}
