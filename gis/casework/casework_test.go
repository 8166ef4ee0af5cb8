package casework

import (
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/inspect"
)

var base = orb.Point{106.63, 20.81}

// at returns the point dx metres east and dy metres north of base, on
// the project's one metre scale.
func at(dx, dy float64) orb.Point {
	kx, ky := gis.MetresPerDegree(base[1])
	return orb.Point{base[0] + dx/kx, base[1] + dy/ky}
}

func ict(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, gis.VietnamTime)
}

func day(s string) gis.Date {
	d, err := gis.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func report(category, status string, p orb.Point, received time.Time) *gis.Feature {
	f := gis.NewFeature(gis.Report, p)
	f.Attrs["channel"] = "portal"
	f.Attrs["category"] = category
	f.Attrs["text"] = "x"
	f.Attrs["status"] = status
	f.Attrs["received_at"] = received.UTC()
	return f
}

func TestDeadline(t *testing.T) {
	cases := []struct {
		category string
		received time.Time
		want     string
	}{
		{"lighting", ict(2026, 11, 2, 9), "2026-11-05"},
		{"waste", ict(2026, 11, 2, 9), "2026-11-04"},
		{"encroachment", ict(2026, 11, 2, 9), "2026-11-07"},
		// 23:30 in Hải Phòng is the same local day even though UTC says 16:30.
		{"waste", ict(2026, 12, 31, 23), "2027-01-02"},
		// 01:00 local on 1 Jan is still 31 Dec in UTC: the local day counts.
		{"waste", ict(2027, 1, 1, 1), "2027-01-03"},
	}
	for _, c := range cases {
		got, err := Deadline(c.category, c.received.UTC())
		if err != nil || got.String() != c.want {
			t.Errorf("Deadline(%s, %s) = %s, %v; want %s", c.category, c.received, got, err, c.want)
		}
	}
	if _, err := Deadline("nonsense", time.Now()); gis.ErrorCode(err) != gis.EINVALID {
		t.Errorf("unknown category: %v", err)
	}
	for _, o := range gis.ReportCategories {
		if _, err := Level(o.Value); err != nil {
			t.Errorf("category %s has no service level", o.Value)
		}
	}
}

// Every status of the schema is known here, and from every open status a
// final one can be reached: none is left without a final state.
func TestReportTransitionsEnd(t *testing.T) {
	f, _ := gis.ReportSchema.Field("status")
	for _, o := range f.Options {
		found := false
		for _, s := range ReportStatuses {
			found = found || s == o.Value
		}
		if !found {
			t.Errorf("status %s of the schema unknown to casework", o.Value)
		}
		seen := map[string]bool{}
		var reach func(s string) bool
		reach = func(s string) bool {
			if ReportFinal(s) {
				return true
			}
			if seen[s] {
				return false
			}
			seen[s] = true
			for _, n := range reportMoves[s] {
				if reach(n) {
					return true
				}
			}
			return false
		}
		if !reach(o.Value) {
			t.Errorf("no final state reachable from %s", o.Value)
		}
		if ReportFinal(o.Value) && len(NextReportStatuses(o.Value)) != 0 {
			t.Errorf("final %s has moves", o.Value)
		}
	}
	cases := []struct {
		from, to string
		code     string
	}{
		{Received, Assigned, ""},
		{Received, Answered, gis.EINVALID},
		{Received, Closed, gis.EINVALID},
		{Answered, Closed, ""},
		{Answered, InProgress, ""},
		{Closed, Received, gis.ECONFLICT},
		{Duplicate, Assigned, gis.ECONFLICT},
		{Assigned, "done", gis.EINVALID},
	}
	for _, c := range cases {
		if got := gis.ErrorCode(CanMoveReport(c.from, c.to)); got != c.code {
			t.Errorf("%s→%s: code %q, want %q", c.from, c.to, got, c.code)
		}
	}
	vf, _ := gis.ViolationSchema.Field("status")
	for _, o := range vf.Options {
		s, seen := o.Value, map[string]bool{}
		for s != Resolved && !seen[s] {
			seen[s] = true
			if CanMoveViolation(s, Resolved) == nil {
				s = Resolved
			}
		}
		if s != Resolved {
			t.Errorf("violation %s cannot be resolved", o.Value)
		}
	}
}

func TestApplyLife(t *testing.T) {
	recv := ict(2026, 11, 2, 9)
	r := report("lighting", Received, base, recv)
	steps := []struct {
		step Step
		code string
		want map[string]any
	}{
		{Step{To: Answered, Answer: "x"}, gis.EINVALID, nil},
		{Step{To: Assigned}, "", map[string]any{"unit": "Trung tâm dịch vụ sự nghiệp công", "deadline": day("2026-11-05")}},
		{Step{To: InProgress}, "", map[string]any{"status": InProgress}},
		{Step{To: Answered}, gis.EINVALID, nil}, // no answer
		{Step{To: Answered, Answer: " Đã thay đèn. ", Note: "gọi lại 0900"}, "", map[string]any{"public_answer": "Đã thay đèn.", "private_note": "gọi lại 0900"}},
		{Step{To: Closed, At: ict(2026, 11, 4, 10)}, "", map[string]any{"closed_on": day("2026-11-04")}},
		{Step{To: InProgress}, gis.ECONFLICT, nil},
	}
	for i, s := range steps {
		before := len(r.Attrs)
		err := Apply(r, s.step)
		if gis.ErrorCode(err) != s.code {
			t.Fatalf("step %d (%s): %v, want code %q", i, s.step.To, err, s.code)
		}
		if err != nil && len(r.Attrs) != before {
			t.Errorf("step %d failed but changed the report", i)
		}
		for k, v := range s.want {
			if r.Attrs[k] != v {
				t.Errorf("step %d: %s = %v, want %v", i, k, r.Attrs[k], v)
			}
		}
	}
	if got := ReportsOnTime([]*gis.Feature{r}, Period{day("2026-11-01"), day("2026-11-30")}, day("2026-12-01")); got != (Ratio{1, 1}) {
		t.Errorf("on time: %v", got)
	}

	nc := report("security", Received, base, recv)
	if err := Apply(nc, Step{To: NotCompetent}); gis.ErrorCode(err) != gis.EINVALID {
		t.Errorf("not_competent without reason: %v", err)
	}
	if err := Apply(nc, Step{To: NotCompetent, Reason: "Tranh chấp dân sự", At: recv}); err != nil || nc.Text("reason") == "" {
		t.Errorf("not_competent: %v", err)
	}
}

func TestDuplicates(t *testing.T) {
	recv := ict(2026, 11, 10, 8)
	r := report("waste", Received, base, recv)
	near := report("waste", Assigned, at(30, 40), recv.Add(-6*24*time.Hour)) // 50 m, 6 days
	far := report("waste", Received, at(0, 51), recv)                        // 51 m
	old := report("waste", Received, at(10, 0), recv.Add(-8*24*time.Hour))   // 8 days
	other := report("lighting", Received, at(5, 0), recv)                    // another category
	closed := report("waste", Closed, at(5, 0), recv)                        // final
	answered := report("waste", Answered, at(0, 20), recv.Add(time.Hour))    // still waits for closing
	all := []*gis.Feature{r, near, far, old, other, closed, answered}
	got := SuggestDuplicates(r, all)
	if len(got) != 2 || got[0].ID != answered.ID || got[1].ID != near.ID {
		t.Fatalf("suggestions %+v; want answered (20 m) then near (50 m)", got)
	}
	if got[1].Distance < 49.9 || got[1].Distance > 50.1 || got[1].Days != 6 {
		t.Errorf("near: %+v", got[1])
	}

	// Merging keeps the duplicate's reporter informed.
	if err := Merge(r, near, recv); err != nil {
		t.Fatal(err)
	}
	if r.Text("status") != Duplicate || r.Text("duplicate_of") != near.ID || r.Text("reason") == "" {
		t.Fatalf("merged: %v", r.Attrs)
	}
	if err := Merge(far, r, recv); gis.ErrorCode(err) != gis.EINVALID {
		t.Errorf("merge into a duplicate: %v", err)
	}
	near.Attrs["status"] = InProgress
	fs, err := Answer(near, all, "Đã thu gom", recv)
	if err != nil || len(fs) != 1 || fs[0] != r || r.Text("public_answer") != "Đã thu gom" {
		t.Errorf("answer: %v %v %q", fs, err, r.Text("public_answer"))
	}
}

func TestOverdue(t *testing.T) {
	recv := ict(2026, 11, 2, 9) // waste: deadline 2026-11-04
	cases := []struct {
		status string
		today  string
		days   int
		level  int
	}{
		{Received, "2026-11-04", 0, NotOverdue},
		{Received, "2026-11-05", 1, Remind},
		{Assigned, "2026-11-06", 2, Remind},
		{InProgress, "2026-11-07", 3, Leadership},
		{Answered, "2026-11-20", 0, NotOverdue},
		{Closed, "2026-11-20", 0, NotOverdue},
	}
	for _, c := range cases {
		r := report("waste", c.status, base, recv)
		d, l := Overdue(r, day(c.today))
		if d != c.days || l != c.level {
			t.Errorf("%s on %s: %d days level %d; want %d, %d", c.status, c.today, d, l, c.days, c.level)
		}
	}
	// A deadline set on assignment wins over the service level.
	r := report("waste", Assigned, base, recv)
	r.Attrs["deadline"] = day("2026-11-10")
	if d, _ := Overdue(r, day("2026-11-07")); d != 0 {
		t.Errorf("explicit deadline ignored: %d", d)
	}
}

func violation(kind, status string, p orb.Point, found string) *gis.Feature {
	f := gis.NewFeature(gis.Violation, p)
	f.Attrs["kind"] = kind
	f.Attrs["status"] = status
	f.Attrs["found_on"] = day(found)
	return f
}

func TestViolationLife(t *testing.T) {
	v := violation("illegal_ads", Found, base, "2026-11-02")
	if err := RecordIt(v, "BB-1", day("2026-11-01"), 0, ""); gis.ErrorCode(err) != gis.EINVALID {
		t.Errorf("record before found: %v", err)
	}
	if err := RecordIt(v, "BB-1", day("2026-11-03"), 0, "Nguyễn Văn A"); err != nil {
		t.Fatal(err)
	}
	if dl, _ := v.Date("deadline"); dl.String() != "2026-11-05" {
		t.Errorf("deadline %s, want 2026-11-05 (illegal ads: 2 days)", dl)
	}
	if err := gis.Validate(v); err != nil {
		t.Fatalf("recorded violation invalid: %v", err)
	}
	// It is due for re-inspection at its deadline, not before (gis/inspect).
	for _, c := range []struct {
		on  string
		due bool
	}{{"2026-11-04", false}, {"2026-11-05", true}, {"2026-11-08", true}} {
		items := inspect.Due(inspect.Input{Date: day(c.on), Features: []*gis.Feature{v}})
		if (len(items) == 1) != c.due {
			t.Errorf("due on %s: %d items, want due=%v", c.on, len(items), c.due)
		}
	}
	if err := Reinspect(v, day("2026-11-04"), NotFixed); gis.ErrorCode(err) != gis.EINVALID {
		t.Errorf("escalated before the deadline: %v", err)
	}
	if err := Reinspect(v, day("2026-11-05"), CameBack); err != nil || v.Text("status") != Recurred {
		t.Fatalf("came back: %v %s", err, v.Text("status"))
	}
	if dl, _ := v.Date("deadline"); dl.String() != "2026-11-07" {
		t.Errorf("recurred deadline %s", dl)
	}
	if err := Reinspect(v, day("2026-11-07"), NotFixed); err != nil || v.Text("status") != Escalated {
		t.Fatalf("not fixed: %v", err)
	}
	if err := Reinspect(v, day("2026-11-20"), Fixed); err != nil || v.Text("status") != Resolved {
		t.Fatalf("fixed: %v", err)
	}
	if err := Reinspect(v, day("2026-11-21"), CameBack); gis.ErrorCode(err) != gis.ECONFLICT {
		t.Errorf("resolved is final: %v", err)
	}
}

// Each outcome is read by its name, which Reinspect then applies; other
// spellings are not outcomes.
func TestParseOutcome(t *testing.T) {
	for name, want := range map[string]string{"fixed": Resolved, "not_fixed": Escalated, "came_back": Recurred, "handed_over": Escalated} {
		out, ok := ParseOutcome(name)
		v := violation("illegal_ads", Recorded, base, "2026-11-02")
		v.Attrs["deadline"] = day("2026-11-04")
		if err := Reinspect(v, day("2026-11-05"), out); !ok || err != nil || v.Text("status") != want {
			t.Errorf("%s: %v %v, status %s, want %s", name, ok, err, v.Text("status"), want)
		}
	}
	for _, bad := range []string{"", "Fixed", "fixed ", "resolved"} {
		if _, ok := ParseOutcome(bad); ok {
			t.Errorf("%q read as an outcome", bad)
		}
	}
}

func TestHotspotsAndRecurrence(t *testing.T) {
	vs := []*gis.Feature{
		violation("encroachment", Recorded, at(0, 0), "2026-10-01"),
		violation("encroachment", Resolved, at(25, 0), "2026-10-05"),
		violation("encroachment", Recorded, at(50, 0), "2026-10-09"), // chained: 25 m from the second
		violation("encroachment", Found, at(200, 0), "2026-10-09"),
		violation("illegal_ads", Found, at(1, 1), "2026-10-09"), // same place, other kind
		violation("illegal_ads", Found, at(2, 1), "2026-10-10"),
	}
	rec := Recurrence(vs, HotspotRadius)
	want := []int{1, 2, 1, 0, 1, 1}
	for i, v := range vs {
		if rec[v.ID] != want[i] {
			t.Errorf("recurrence[%d] = %d, want %d", i, rec[v.ID], want[i])
		}
	}
	hs := Hotspots(vs, HotspotRadius, HotspotThreshold)
	if len(hs) != 1 || hs[0].Kind != "encroachment" || hs[0].Count != 3 || hs[0].Open != 2 {
		t.Fatalf("hotspots %+v", hs)
	}
	if d := Metres(hs[0].Center, at(25, 0)); d > 0.5 {
		t.Errorf("centre %.2f m off", d)
	}
	if hs := Hotspots(vs, HotspotRadius, 2); len(hs) != 2 {
		t.Errorf("threshold 2: %d hotspots, want 2", len(hs))
	}
}

func TestRouteCountsAndIndicators(t *testing.T) {
	street := func(name string, key bool) *gis.Feature {
		s := gis.NewFeature(gis.Street, orb.LineString{base, at(100, 0)})
		s.Attrs["name"], s.Attrs["key_route"] = name, key
		return s
	}
	a1, a2, b, side := street("Trần Thành Ngọ", true), street("Trần Thành Ngọ", true), street("Lê Duẩn", true), street("Ngõ 12", false)
	v := func(kind, found string, s *gis.Feature, status string) *gis.Feature {
		f := violation(kind, status, base, found)
		f.Attrs["street_id"] = s.ID
		return f
	}
	vs := []*gis.Feature{
		v("encroachment", "2026-01-10", a1, Resolved), v("encroachment", "2026-02-10", a2, Resolved),
		v("market", "2026-03-10", a1, Resolved), v("encroachment", "2026-01-11", b, Resolved),
		v("encroachment", "2026-01-12", side, Resolved), // not a key route
		v("encroachment", "2026-10-10", a1, Recorded),
		v("parking", "2026-10-10", a1, Recorded), // not encroachment
		v("illegal_ads", "2026-10-01", b, Resolved), v("illegal_ads", "2026-10-02", b, Recorded),
		v("illegal_ads", "2026-10-03", side, Resolved), v("illegal_ads", "2026-06-03", side, Resolved),
	}
	baseline := Period{day("2026-01-01"), day("2026-03-31")}
	q4 := Period{day("2026-10-01"), day("2026-12-31")}
	rc := RouteCounts(vs, []*gis.Feature{a1, a2, b, side}, EncroachKinds, q4, baseline)
	if len(rc) != 3 {
		t.Fatalf("routes %+v", rc)
	}
	if rc[0].Route != "Lê Duẩn" || rc[0].Current != 0 || rc[0].Baseline != 1 || *rc[0].Reduction != 1 {
		t.Errorf("Lê Duẩn %+v", rc[0])
	}
	if rc[1].Route != "Trần Thành Ngọ" || rc[1].Current != 1 || rc[1].Baseline != 3 {
		t.Errorf("Trần Thành Ngọ %+v", rc[1])
	}
	if tot := rc[2]; tot.Current != 1 || tot.Baseline != 4 || *tot.Reduction != 0.75 {
		t.Errorf("total %+v", tot)
	}
	if n := EncroachmentOnKeyRoutes(vs, []*gis.Feature{a1, a2, b, side}, baseline); n != 4 {
		t.Errorf("encroachment in baseline %d, want 4", n)
	}
	if r := AdsResolved(vs, q4); r != (Ratio{2, 3}) {
		t.Errorf("ads %v, want 2/3", r)
	}

	recv := ict(2026, 11, 2, 9) // waste: deadline 2026-11-04
	late := report("waste", Closed, base, recv)
	late.Attrs["closed_on"] = day("2026-11-05")
	ontime := report("waste", Duplicate, base, recv)
	ontime.Attrs["closed_on"] = day("2026-11-03")
	open := report("waste", InProgress, base, recv)
	outside := report("waste", Closed, base, ict(2026, 9, 2, 9))
	got := ReportsOnTime([]*gis.Feature{late, ontime, open, outside}, Period{day("2026-11-01"), day("2026-11-30")}, day("2026-11-10"))
	if got != (Ratio{1, 3}) {
		t.Errorf("reports on time %v, want 1/3", got)
	}
}

func TestCorrectBy(t *testing.T) {
	on := gis.Date{Year: 2026, Month: 12, Day: 30}
	cases := []struct {
		name, kind string
		want       string
	}{
		{"a day for encroachment", "encroachment", "2026-12-31"},
		{"thirty for building without a permit", "construction_unpermitted", "2027-01-29"},
		{"the default for a kind not listed", "other", "2027-01-06"},
		{"the default before a kind is chosen", "", "2027-01-06"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := CorrectBy(tc.kind, on); got.String() != tc.want {
				t.Errorf("CorrectBy(%q) = %s, want %s", tc.kind, got, tc.want)
			}
		})
	}
}

// TestCaseOverdue: both kinds of case on known days. A violation is
// overdue from the day after its deadline until it is resolved; one found
// without a record has no clock yet; a report follows Overdue.
func TestCaseOverdue(t *testing.T) {
	v := func(status, deadline string) *gis.Feature {
		f := gis.NewFeature(gis.Violation, at(0, 0))
		f.Attrs["kind"], f.Attrs["status"] = "encroachment", status
		if deadline != "" {
			f.Attrs["deadline"] = day(deadline)
		}
		return f
	}
	cases := []struct {
		f     *gis.Feature
		today string
		days  int
		open  bool
	}{
		{v(Recorded, "2026-11-20"), "2026-11-20", 0, true}, // the deadline day itself
		{v(Recorded, "2026-11-20"), "2026-11-21", 1, true},
		{v(Recurred, "2026-11-20"), "2026-11-30", 10, true},
		{v(Escalated, "2026-11-01"), "2026-12-01", 30, true},
		{v(Resolved, "2026-11-01"), "2026-12-01", 0, false},
		{v(Found, ""), "2026-12-01", 0, true},
		{report("lighting", Received, at(0, 0), ict(2026, 11, 2, 9)), "2026-12-01", 0, true},
		{report("lighting", Answered, at(0, 0), ict(2026, 11, 2, 9)), "2026-12-01", 0, false},
	}
	r := cases[6].f
	dl, ok := EffectiveDeadline(r)
	if !ok {
		t.Fatal("a received report has a service-level deadline")
	}
	cases[6].days = int(day("2026-12-01").Time().Sub(dl.Time()).Hours() / 24)
	if cases[6].days <= 0 {
		t.Fatalf("report deadline %s is not before 2026-12-01", dl)
	}
	for i, c := range cases {
		if got := CaseOverdue(c.f, day(c.today)); got != c.days {
			t.Errorf("case %d (%s %s) on %s: %d days overdue, want %d", i, c.f.Kind, c.f.Text("status"), c.today, got, c.days)
		}
		if got := CaseOpen(c.f); got != c.open {
			t.Errorf("case %d: open %v, want %v", i, got, c.open)
		}
	}
}
