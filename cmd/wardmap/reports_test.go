package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wardmap/data/laptop/ward"
	"wardmap/gis/casework"
)

type reportsJSON struct {
	Date    string
	Total   int
	OnTime  casework.Ratio `json:"on_time"`
	Reports []ward.ReportRow
}

func listReports(t *testing.T, args ...string) reportsJSON {
	t.Helper()
	out, errs, code := wardmap(t, append([]string{"reports", "--json", "--date", "2026-11-25"}, args...)...)
	if code != 0 {
		t.Fatalf("reports %v: %d %s", args, code, errs)
	}
	var r reportsJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestReportsList(t *testing.T) {
	db := demoDB(t)
	all := listReports(t, "--db", db)
	if all.Total < 70 || all.OnTime.Den == 0 || all.OnTime.Num > all.OnTime.Den {
		t.Fatalf("all: %d reports, on time %v", all.Total, all.OnTime)
	}
	open := listReports(t, "--db", db, "--status", "open")
	od := listReports(t, "--db", db, "--overdue")
	if len(od.Reports) == 0 {
		t.Fatal("no overdue report in the demo ward")
	}
	for _, r := range od.Reports {
		if !casework.ReportOpen(r.Status) || r.OverdueDays <= 0 || r.Escalation == "" || r.Deadline >= "2026-11-25" {
			t.Errorf("overdue row %+v", r)
		}
	}
	if len(od.Reports) > len(open.Reports) {
		t.Errorf("%d overdue of %d open", len(od.Reports), len(open.Reports))
	}
	dup := listReports(t, "--db", db, "--status", "duplicate")
	for _, r := range dup.Reports {
		if r.Status != "duplicate" || r.Reason == "" {
			t.Errorf("duplicate row %+v", r)
		}
	}
	out, _, _ := wardmap(t, "reports", "--db", db, "--date", "2026-11-25")
	if strings.Contains(out, "0900 000") {
		t.Error("a reporter's phone in the listing")
	}
	if _, errs, code := wardmap(t, "reports", "--db", db, "--status", "done"); code != 2 || !strings.Contains(errs, "--status") {
		t.Errorf("bad status: %d %s", code, errs)
	}
}

func TestReportsLife(t *testing.T) {
	db := copyDemo(t)
	recv := listReports(t, "--db", db, "--status", "received").Reports
	if len(recv) < 2 {
		t.Fatal("need two received reports")
	}
	a, b := recv[0], recv[1]
	// Closing a report just received is refused and changes nothing.
	if _, errs, code := wardmap(t, "reports", "close", a.ID, "--db", db); code != 1 || !strings.Contains(errs, "không chuyển") {
		t.Fatalf("close received: %d %s", code, errs)
	}
	steps := [][]string{
		{"assign", a.ID},
		{"progress", a.ID},
		{"duplicate", b.ID, "--of", a.ID},
		{"answer", a.ID, "--text", "Đã xử lý xong."},
		{"close", a.ID, "--note", "gọi lại cho người phản ánh"},
	}
	for _, s := range steps {
		if out, errs, code := wardmap(t, append(append([]string{"reports"}, s...), "--db", db, "--user", "hung")...); code != 0 {
			t.Fatalf("%v: %d %s %s", s, code, out, errs)
		}
	}
	got := map[string]ward.ReportRow{}
	for _, r := range listReports(t, "--db", db).Reports {
		got[r.ID] = r
	}
	ga, gb := got[a.ID], got[b.ID]
	if ga.Status != "closed" || ga.Unit == "" || ga.Deadline == "" || ga.Answer != "Đã xử lý xong." {
		t.Errorf("a: %+v", ga)
	}
	if gb.Status != "duplicate" || gb.DuplicateOf != a.ID || gb.Answer != "Đã xử lý xong." || gb.Reason == "" {
		t.Errorf("b (merged): %+v", gb)
	}
	if _, _, code := wardmap(t, "reports", "assign", a.ID, "--db", db); code != 1 {
		t.Error("a closed report was reassigned")
	}
}

func TestViolationsCLI(t *testing.T) {
	db := demoDB(t)
	out, errs, code := wardmap(t, "violations", "--db", db, "--json")
	if code != 0 {
		t.Fatal(errs)
	}
	var all struct {
		Total       int
		AdsResolved casework.Ratio `json:"illegal_ads_resolved"`
		Violations  []ward.ViolationRow
	}
	if err := json.Unmarshal([]byte(out), &all); err != nil {
		t.Fatal(err)
	}
	if all.Total < 50 || all.AdsResolved.Den == 0 {
		t.Fatalf("%d violations, ads %v", all.Total, all.AdsResolved)
	}
	out, _, _ = wardmap(t, "violations", "--db", db, "--json", "--kind", "illegal_ads")
	var ads struct{ Violations []ward.ViolationRow }
	json.Unmarshal([]byte(out), &ads)
	for _, v := range ads.Violations {
		if v.Kind != "illegal_ads" {
			t.Errorf("--kind: %+v", v)
		}
	}
	// The demo places every recurred violation within 3 m of an earlier one
	// of its kind: with a threshold of 2 each makes (or joins) a hotspot.
	out, errs, code = wardmap(t, "violations", "--db", db, "--hotspots", "--threshold", "2", "--json")
	if code != 0 {
		t.Fatal(errs)
	}
	var hot struct{ Hotspots []casework.Hotspot }
	json.Unmarshal([]byte(out), &hot)
	recurring := 0
	for _, v := range all.Violations {
		if v.Recurrence > 0 {
			recurring++
		}
	}
	members := 0
	for _, h := range hot.Hotspots {
		if h.Count < 2 || len(h.IDs) != h.Count {
			t.Errorf("hotspot %+v", h)
		}
		members += h.Count
	}
	if len(hot.Hotspots) == 0 || members != recurring {
		t.Errorf("%d hotspots with %d members; %d violations recur", len(hot.Hotspots), members, recurring)
	}
	if _, errs, code := wardmap(t, "violations", "--db", db, "--kind", "graffiti"); code != 2 || !strings.Contains(errs, "--kind") {
		t.Errorf("bad kind: %d %s", code, errs)
	}
}

func TestViolationsRoutesAndGeoJSON(t *testing.T) {
	db := demoDB(t)
	out, errs, code := wardmap(t, "violations", "--db", db, "--routes", "--period", "2026-H2", "--baseline", "2026-H1", "--json")
	if code != 0 {
		t.Fatal(errs)
	}
	var r struct {
		Routes []casework.RouteCount
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || len(r.Routes) < 2 {
		t.Fatalf("%v %s", err, out)
	}
	sumCur, sumBase := 0, 0
	for _, x := range r.Routes[:len(r.Routes)-1] {
		sumCur += x.Current
		sumBase += x.Baseline
	}
	tot := r.Routes[len(r.Routes)-1]
	if tot.Route != "" || tot.Current != sumCur || tot.Baseline != sumBase || tot.Current+tot.Baseline == 0 {
		t.Errorf("total %+v; routes sum to %d, %d", tot, sumCur, sumBase)
	}
	// The whole year is both halves.
	out, _, _ = wardmap(t, "violations", "--db", db, "--routes", "--period", "2026", "--baseline", "2025", "--json")
	var y struct{ Routes []casework.RouteCount }
	json.Unmarshal([]byte(out), &y)
	if yt := y.Routes[len(y.Routes)-1]; yt.Current != tot.Current+tot.Baseline || yt.Baseline != 0 || yt.Reduction != nil {
		t.Errorf("year %+v", yt)
	}
	if _, errs, code := wardmap(t, "violations", "--db", db, "--routes", "--period", "2026-Q5", "--baseline", "2026"); code != 2 || !strings.Contains(errs, "--period") {
		t.Errorf("bad period: %d %s", code, errs)
	}
	out, _, code = wardmap(t, "violations", "--db", db, "--hotspots", "--threshold", "2", "--geojson")
	var fc struct {
		Type     string
		Features []struct {
			Geometry struct {
				Type        string
				Coordinates []float64
			}
			Properties map[string]any
		}
	}
	if err := json.Unmarshal([]byte(out), &fc); err != nil || code != 0 || fc.Type != "FeatureCollection" || len(fc.Features) == 0 {
		t.Fatalf("geojson: %v %s", err, out)
	}
	if g := fc.Features[0].Geometry; g.Type != "Point" || g.Coordinates[0] < 106 || g.Coordinates[1] < 20 {
		t.Errorf("hotspot geometry %+v", g)
	}
	// GDAL reads it as a point layer with one feature per hotspot.
	p := filepath.Join(t.TempDir(), "hotspots.geojson")
	os.WriteFile(p, []byte(out), 0o644)
	info := ogrinfo(t, "-so", "-al", p)
	if !strings.Contains(info, "Geometry: Point") || !strings.Contains(info, fmt.Sprintf("Feature Count: %d", len(fc.Features))) {
		t.Errorf("ogrinfo:\n%s", info)
	}
}

// A violation's case from the command line: found → record (deadline by
// kind) → due for re-inspection at the deadline → came back → escalated.
func TestViolationsCase(t *testing.T) {
	db := copyDemo(t)
	out, _, _ := wardmap(t, "violations", "--db", db, "--json", "--kind", "illegal_ads")
	var all struct{ Violations []ward.ViolationRow }
	json.Unmarshal([]byte(out), &all)
	var id string
	for _, v := range all.Violations {
		if v.Status == "found" {
			id = v.ID
		}
	}
	if id == "" {
		t.Fatal("no illegal ad just found in the demo")
	}
	if _, errs, code := wardmap(t, "violations", "reinspect", id, "--outcome", "not_fixed", "--db", db); code != 1 || !strings.Contains(errs, "không chuyển") {
		t.Fatalf("reinspect before record: %d %s", code, errs)
	}
	if _, errs, code := wardmap(t, "violations", "record", id, "--db", db, "--date", "2026-11-26"); code != 1 || !strings.Contains(errs, "số biên bản") {
		t.Fatalf("record without number: %d %s", code, errs)
	}
	if out, errs, code := wardmap(t, "violations", "record", id, "--no", "BB-2026-9001", "--date", "2026-11-26", "--violator", "Hộ kinh doanh A", "--db", db, "--user", "hung"); code != 0 || !strings.Contains(out, "2026-11-28") {
		t.Fatalf("record: %d %s %s", code, out, errs)
	}
	due := func(day string) bool {
		out, _, _ := wardmap(t, "due", "--db", db, "--date", day, "--json")
		return strings.Contains(out, id)
	}
	if due("2026-11-27") || !due("2026-11-28") {
		t.Errorf("due on the deadline only: 27th %v, 28th %v", due("2026-11-27"), due("2026-11-28"))
	}
	if out, errs, code := wardmap(t, "violations", "reinspect", id, "--outcome", "came_back", "--date", "2026-11-28", "--db", db, "--user", "hung"); code != 0 || !strings.Contains(out, "recurred") {
		t.Fatalf("came back: %d %s %s", code, out, errs)
	}
	// The re-inspection was recorded: not due again until the new deadline.
	if due("2026-11-29") || !due("2026-11-30") {
		t.Errorf("after re-inspection: 29th %v, 30th %v", due("2026-11-29"), due("2026-11-30"))
	}
	if out, _, code := wardmap(t, "violations", "reinspect", id, "--outcome", "not_fixed", "--date", "2026-11-30", "--db", db); code != 0 || !strings.Contains(out, "escalated") {
		t.Fatalf("not fixed: %s", out)
	}
	if out, _, code := wardmap(t, "violations", "reinspect", id, "--outcome", "fixed", "--date", "2026-12-02", "--db", db); code != 0 || !strings.Contains(out, "resolved") {
		t.Fatalf("fixed: %s", out)
	}
}
