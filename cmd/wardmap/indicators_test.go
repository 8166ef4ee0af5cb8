package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/ward"
	"wardmap/gis"
	"wardmap/gis/demo"
	"wardmap/gis/indicator"
)

type boardJSON struct {
	Period string             `json:"period"`
	AsOf   string             `json:"as_of"`
	Ward   []indicator.Result `json:"ward"`
	TDPs   []indicator.TDPBoard
}

func TestIndicatorsDemo(t *testing.T) {
	db := demoDB(t)
	out, errs, code := wardmap(t, "indicators", "--db", db, "--period", "2026-Q4", "--date", "2026-11-25", "--json", "--scope", "tdp")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var b boardJSON
	if err := json.Unmarshal([]byte(out), &b); err != nil {
		t.Fatal(err)
	}
	if b.Period != "2026-Q4" || b.AsOf != "2026-11-25" || len(b.Ward) != 18 || len(b.TDPs) != 12 {
		t.Fatalf("period %s as of %s, %d results, %d TDPs", b.Period, b.AsOf, len(b.Ward), len(b.TDPs))
	}
	// Cross-check the tree count against the generator's own records.
	want := 0
	q4 := indicator.MustPeriod("2026-Q4")
	asOf, _ := gis.ParseDate("2026-11-25")
	for _, f := range demo.Generate().ByKind(gis.Tree) {
		d, ok := f.Date("planted_on")
		if ok && q4.Contains(d) && !asOf.Before(d) && f.Text("condition") != "dead" {
			want++
		}
	}
	byCode := map[string]indicator.Result{}
	for _, r := range b.Ward {
		byCode[r.Code] = r
	}
	if r := byCode[indicator.EnvTrees]; r.Value == nil || int(*r.Value) != want || want == 0 {
		t.Fatalf("trees %v, the demo ward planted %d alive in Q4 by 25 Nov", r.Value, want)
	}
	// Per TDP the computed counts add up to the ward's, less what lies
	// outside every group.
	sum := 0.0
	for _, tb := range b.TDPs {
		for _, r := range tb.Results {
			if r.Code == indicator.OrdLit {
				sum += r.Den
			}
		}
	}
	if lit := byCode[indicator.OrdLit]; sum > lit.Den || sum < lit.Den*0.9 || lit.Den == 0 {
		t.Fatalf("main segments per TDP sum to %v, ward %v", sum, lit.Den)
	}
	// Drill-down lists exactly the unlit segments.
	out, _, code = wardmap(t, "indicators", "--db", db, "--period", "2026-Q4", "--date", "2026-11-25", "--drill", "tt-04", "--json")
	var rs []indicator.Result
	if code != 0 || json.Unmarshal([]byte(out), &rs) != nil || len(rs) != 1 {
		t.Fatalf("drill: %d %s", code, out)
	}
	if lit := byCode[indicator.OrdLit]; len(rs[0].Items) != int(lit.Den-lit.Num) || rs[0].Items[0].Kind != gis.Street {
		t.Fatalf("drill lists %d, want %v unlit segments", len(rs[0].Items), lit.Den-lit.Num)
	}
	out, _, code = wardmap(t, "indicators", "--db", db, "--period", "2026-Q4", "--date", "2026-11-25")
	if code != 0 || !strings.Contains(out, "Quý IV năm 2026") || !strings.Contains(out, "Tỷ lệ tuyến phố chính được kiểm tra định kỳ") {
		t.Fatalf("text output:\n%s", out)
	}
	for _, bad := range [][]string{{"--period", "2026-Q5"}, {"--scope", "county"}, {"--drill", "XX-1"}, {"--scope", "street", "--drill", "VH-01"}} {
		_, errs, code := wardmap(t, append([]string{"indicators", "--db", db}, bad...)...)
		if code != 2 || errs == "" {
			t.Errorf("%v: exit %d %q", bad, code, errs)
		}
	}
}

func TestIndicatorsReport(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "w.gpkg")
	if _, err := ward.Create(ctx, db, true); err != nil {
		t.Fatal(err)
	}
	s, err := gpkg.Open(ctx, db, gpkg.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Find(ctx, gpkg.Query{Kind: gis.TDP})
	s.Close()
	if err != nil || len(res) < 2 {
		t.Fatal(err, len(res))
	}
	mine, other := res[0].Feature, res[1].Feature
	head := mine.Text("head")
	report := func(tdp, value, user string) (string, string, int) {
		return wardmap(t, "indicators", "report", "--db", db, "--tdp", tdp, "--code", "VH-01", "--period", "2026", "--value", value, "--user", user)
	}
	if out, errs, code := report(mine.ID, "96,5", head); code != 0 || !strings.Contains(out, "VH-01") {
		t.Fatalf("head's own figure: exit %d %s %s", code, out, errs)
	}
	if _, errs, code := report(mine.Text("name"), "110", head); code != 1 || !strings.Contains(errs, "ngoài khoảng cho phép 0–100 %") {
		t.Fatalf("110 %%: exit %d %s", code, errs)
	}
	if _, errs, code := report(other.ID, "90", head); code != 1 || !strings.Contains(errs, "chỉ được nhập số liệu cho tổ dân phố mình") {
		t.Fatalf("another TDP: exit %d %s", code, errs)
	}
	if _, errs, code := wardmap(t, "indicators", "report", "--db", db, "--code", "VH-01", "--period", "2026"); code != 2 || errs == "" {
		t.Fatalf("missing flags: exit %d", code)
	}
	out, _, _ := wardmap(t, "indicators", "--db", db, "--period", "2026", "--date", "2026-11-25", "--drill", "VH-01", "--scope", "tdp", "--json")
	var rs []indicator.Result
	if err := json.Unmarshal([]byte(out), &rs); err != nil {
		t.Fatal(err, out)
	}
	for _, r := range rs {
		if r.ScopeID == mine.ID && (r.Value == nil || *r.Value != 96.5) {
			t.Fatalf("%s: %v, want 96.5", r.ScopeName, r.Value)
		}
		if r.ScopeID == other.ID && r.Value != nil && *r.Value == 90 {
			t.Fatalf("the refused figure counts for the other TDP: %v", *r.Value)
		}
	}
}

func TestReportCommand(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	for _, name := range []string{"q4.xlsx", "q4.pdf"} {
		out := filepath.Join(dir, name)
		stdout, errs, code := wardmap(t, "bulletin", "--db", db, "--period", "2026-Q4", "--date", "2026-11-25", "--out", out)
		if code != 0 || !strings.Contains(stdout, "Quý IV năm 2026") {
			t.Fatalf("%s: exit %d %s %s", name, code, stdout, errs)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if magic := map[string]string{"q4.xlsx": "PK", "q4.pdf": "%PDF"}[name]; !strings.HasPrefix(string(b), magic) {
			t.Fatalf("%s starts %q", name, b[:8])
		}
	}
	if _, errs, code := wardmap(t, "bulletin", "--db", db, "--out", filepath.Join(dir, "q4.docx")); code != 2 || !strings.Contains(errs, "FILE.xlsx") {
		t.Fatalf("docx: exit %d %s", code, errs)
	}
	if _, _, code := wardmap(t, "report", "--db", db, "--out", filepath.Join(dir, "missing", "q4.pdf"), "--date", "2026-11-25"); code != 1 {
		t.Fatalf("unwritable folder: exit %d", code)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".wardmap-report-*")); len(left) > 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}

func TestIndicatorsTargetsAndSet(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "w.gpkg")
	if _, err := ward.Create(ctx, db, true); err != nil {
		t.Fatal(err)
	}
	out, _, code := wardmap(t, "indicators", "targets", "--db", db, "--date", "2026-11-25")
	if code != 0 || !strings.Contains(out, "TT-04") || !strings.Contains(out, "lamp_spacing_m = 40") {
		t.Fatalf("targets: %d\n%s", code, out)
	}
	// No 2025 encroachment in the demo: no data until the baseline is set.
	q := []string{"indicators", "--db", db, "--period", "2026", "--date", "2026-11-25", "--drill", "TT-01", "--json"}
	out, _, _ = wardmap(t, q...)
	var rs []indicator.Result
	if json.Unmarshal([]byte(out), &rs) != nil || rs[0].Status != indicator.NoData {
		t.Fatalf("before: %s", out)
	}
	if _, errs, code := wardmap(t, "indicators", "set", "TT-01", "--db", db, "--baseline", "120", "--from", "2026-01-01", "--user", "planner"); code != 0 {
		t.Fatal(errs)
	}
	out, _, _ = wardmap(t, q...)
	if json.Unmarshal([]byte(out), &rs) != nil || rs[0].Value == nil || rs[0].Den != 120 {
		t.Fatalf("after the baseline: %s", out)
	}
	// A stricter spacing from 2027 leaves 2026 as it was.
	lit := func(period, date string) float64 {
		out, _, _ := wardmap(t, "indicators", "--db", db, "--period", period, "--date", date, "--drill", "TT-04", "--json")
		var rs []indicator.Result
		if err := json.Unmarshal([]byte(out), &rs); err != nil || rs[0].Value == nil {
			t.Fatalf("%s: %s", period, out)
		}
		return *rs[0].Value
	}
	before := lit("2026-Q4", "2026-11-25")
	if _, errs, code := wardmap(t, "indicators", "set", "lamp_spacing_m", "20", "--db", db, "--from", "2027-01-01", "--user", "planner"); code != 0 {
		t.Fatal(errs)
	}
	if got := lit("2026-Q4", "2026-11-25"); got != before {
		t.Fatalf("2026-Q4 changed from %v to %v", before, got)
	}
	if got := lit("2027-Q1", "2027-02-01"); got >= before {
		t.Fatalf("2027-Q1 with 20 m spacing: %v, not below %v", got, before)
	}
	if _, errs, code := wardmap(t, "indicators", "set", "lamp_spacing", "20", "--db", db, "--from", "2027-01-01", "--user", "p"); code != 1 || !strings.Contains(errs, "tham số không rõ") {
		t.Fatalf("unknown parameter: %d %s", code, errs)
	}
}
