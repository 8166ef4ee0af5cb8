package gpkg_test

import (
	"context"
	"testing"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/sync/catalogue"
	"wardmap/data/sync/wire"
	"wardmap/gis"
	"wardmap/gis/demo"
	"wardmap/gis/indicator"
)

// The indicators computed from a store's records in wire form (as the
// server holds them) equal those the store computes itself, item for
// item: the demo ward with a parameter, a target version and a TDP's
// figure, for the ward, its TDPs and streets.
func TestWireSourceEqualsStore(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	w := demo.Generate()
	if err := s.Load(ctx, w.Features, gpkg.LoadOptions{User: "test"}); err != nil {
		t.Fatal(err)
	}
	setPlanVersions(t, s)
	tdp := w.ByKind(gis.TDP)[0]
	e := indicator.Entry{Code: indicator.CulFamilies, Scope: indicator.TDP, ScopeID: tdp.ID, Period: "2026", Value: 91, By: tdp.Text("head")}
	if err := s.AddEntry(ctx, &e); err != nil {
		t.Fatal(err)
	}
	src, err := catalogue.NewWireSource()
	if err != nil {
		t.Fatal(err)
	}
	recs, err := s.CatalogueRecords(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range recs {
		if err := src.Add(&recs[i]); err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range gis.Kinds() {
		res, err := s.Find(ctx, gpkg.Query{Kind: k})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			f := r.Feature
			rec := wire.Record{Kind: string(k), ID: f.ID, Rev: f.Rev, Fields: wire.Fields(f), CreatedAt: f.CreatedAt, CreatedBy: f.CreatedBy,
				UpdatedAt: f.UpdatedAt, UpdatedBy: f.UpdatedBy}
			if err := src.Add(&rec); err != nil {
				t.Fatal(err)
			}
		}
	}
	sv, err := src.Source()
	if err != nil {
		t.Fatal(err)
	}
	m := indicator.NewModel(sv)
	today := date("2026-11-25")
	opt := indicator.Options{PerTDP: true, PerStreet: true}
	for _, p := range []string{"2026-Q4", "2026", "2026-2030"} {
		_, got := m.Compute(indicator.MustPeriod(p), today, opt)
		sameBoard(t, p, got, freshBoard(t, s, indicator.MustPeriod(p), today, opt))
	}
	_, b := m.Compute(indicator.MustPeriod("2026"), today, opt)
	if r := b.ByTDP(indicator.CulFamilies)[tdp.ID]; r.Value == nil || *r.Value != 91 {
		t.Fatalf("the entered figure is not counted: %+v", r)
	}
}
