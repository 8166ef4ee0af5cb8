package gpkg_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/indicator"
)

func date(s string) gis.Date {
	d, err := gis.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// The migration seeds exactly the catalogue and parameters that
// gis/indicator.Defaults describes.
func TestTargetsSeedMatchesDefaults(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	got, err := s.Targets(ctx, date("2026-12-31"))
	if err != nil {
		t.Fatal(err)
	}
	want := indicator.Catalogue(indicator.Defaults())
	want.Sort()
	if len(got) != len(want) {
		t.Fatalf("%d targets stored, %d in Defaults", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.ValidFrom != date("2026-01-01") {
			t.Errorf("%s valid from %s", g.Code, g.ValidFrom)
		}
		g.ValidFrom = gis.Date{}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("stored %+v\n  want %+v", g, w)
		}
	}
	params, err := s.TargetParams(ctx, date("2026-12-31"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(params, indicator.DefaultParams()) {
		t.Fatalf("params %v, want %v", params, indicator.DefaultParams())
	}
}

func TestTargetAndParamVersions(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	if err := s.SetParam(ctx, "planner", indicator.LampSpacing, 30, date("2027-01-01"), "theo quy chuẩn mới"); err != nil {
		t.Fatal(err)
	}
	for d, want := range map[string]float64{"2026-12-31": 40, "2027-01-01": 30, "2025-06-01": 40} {
		p, err := s.TargetParams(ctx, date(d))
		if err != nil {
			t.Fatal(err)
		}
		if p[indicator.LampSpacing] != want {
			t.Errorf("on %s spacing %v, want %v", d, p[indicator.LampSpacing], want)
		}
	}
	if err := s.SetParam(ctx, "planner", "lamp_spacing", 30, date("2027-01-01"), ""); err == nil || !strings.Contains(err.Error(), "lamp_spacing_m") {
		t.Fatalf("unknown parameter: %v", err)
	}
	cat, _ := s.Targets(ctx, date("2026-06-30"))
	enc, _ := cat.Get(indicator.OrdEncroach)
	if enc.Baseline != nil {
		t.Fatalf("encroachment baseline seeded as %v, want none", *enc.Baseline)
	}
	v := *enc
	base := 240.0
	v.Baseline, v.ValidFrom = &base, date("2026-07-01")
	if err := s.SetTarget(ctx, "planner", v); err != nil {
		t.Fatal(err)
	}
	for d, want := range map[string]bool{"2026-06-30": false, "2026-07-01": true, "2030-12-31": true} {
		cat, err := s.Targets(ctx, date(d))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := cat.Get(indicator.OrdEncroach)
		if (got.Baseline != nil) != want || len(cat) != 18 {
			t.Errorf("on %s baseline %v (%d targets)", d, got.Baseline, len(cat))
		}
	}
}

func TestReportedEntries(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	tdp := gis.NewFeature(gis.TDP, orb.Polygon{{{106.62, 20.80}, {106.63, 20.80}, {106.63, 20.81}, {106.62, 20.80}}})
	tdp.Attrs["name"] = "Tổ dân phố Đồng Hòa 3"
	tdp.Attrs["code"] = "DH3"
	tdp.Attrs["head"] = "Nguyễn Thị Hoa"
	tdp.Attrs["households"] = int64(250)
	other := gis.NewFeature(gis.TDP, orb.Polygon{{{106.63, 20.80}, {106.64, 20.80}, {106.64, 20.81}, {106.63, 20.80}}})
	other.Attrs["name"] = "Tổ dân phố Lãm Hà 1"
	other.Attrs["head"] = "Trần Văn Nam"
	if err := s.Insert(ctx, "test", tdp, other); err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { clock = clock.Add(time.Minute); return clock }
	add := func(by, key string, v float64) error {
		return s.AddEntry(ctx, &indicator.Entry{Code: "vh-01", Scope: indicator.TDP, ScopeID: key, Period: "2026", Value: v, By: by})
	}
	if err := add("nguyen thi hoa", "DH3", 93); err != nil { // by code, name folded
		t.Fatal(err)
	}
	if err := add("Nguyễn Thị Hoa", tdp.ID, 96); err != nil { // a correction
		t.Fatal(err)
	}
	refused := map[string]error{
		"110 %":        add("Nguyễn Thị Hoa", "DH3", 110),
		"not her TDP":  add("Nguyễn Thị Hoa", other.ID, 90),
		"not a head":   add("Lê Văn Cường", "DH3", 90),
		"unknown TDP":  add("Nguyễn Thị Hoa", "TDP 99", 90),
		"wrong period": s.AddEntry(ctx, &indicator.Entry{Code: "VH-01", Scope: indicator.TDP, ScopeID: "DH3", Period: "2026-Q4", Value: 90, By: "Nguyễn Thị Hoa"}),
	}
	for name, err := range refused {
		if err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if code := gis.ErrorCode(refused["not her TDP"]); code != gis.EFORBIDDEN {
		t.Errorf("another TDP's figure: code %q, want forbidden", code)
	}
	es, err := s.Entries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 2 || es[0].ScopeID != tdp.ID || es[0].Code != "VH-01" || es[1].Value != 96 || es[1].By != "Nguyễn Thị Hoa" {
		t.Fatalf("stored %+v, want the two entries of Hoa's TDP", es)
	}
	cat, in, err := s.IndicatorInput(ctx, indicator.MustPeriod("2026"), date("2026-11-25"))
	if err != nil {
		t.Fatal(err)
	}
	b := indicator.Compute(cat, in, indicator.MustPeriod("2026"), indicator.Options{Codes: []string{indicator.CulFamilies}})
	if v := b.Ward[0].Value; v == nil || *v != 96 {
		t.Fatalf("families = %v, want 96 (the correction; the other TDP has not reported)", v)
	}
}
