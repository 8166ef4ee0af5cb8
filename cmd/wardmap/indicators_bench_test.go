package main

import (
	"context"
	"testing"
	"time"

	"wardmap/data/gpkg"
	"wardmap/gis"
	"wardmap/gis/indicator"
)

// BenchmarkIndicatorsDemo is one full recomputation of every indicator of
// the demo ward as the dashboard would do after an edit: read the
// registry, the catalogue, parameters, cycles and reported figures from
// the GeoPackage, then compute the ward's and every TDP's values. The goal
// is 100 ms (x_goal < 1); load_share is the part spent reading the store.
func BenchmarkIndicatorsDemo(b *testing.B) {
	ctx := context.Background()
	s, err := gpkg.Open(ctx, demoDB(b), gpkg.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	p := indicator.MustPeriod("2026-Q4")
	today := gis.Date{Year: 2026, Month: 11, Day: 25}
	var load time.Duration
	for b.Loop() {
		t0 := time.Now()
		cat, in, err := s.IndicatorInput(ctx, p, today)
		if err != nil {
			b.Fatal(err)
		}
		load += time.Since(t0)
		indicator.Compute(cat, in, p, indicator.Options{PerTDP: true})
	}
	per := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(per)/float64(100*time.Millisecond), "x_goal")
	b.ReportMetric(float64(load)/float64(b.Elapsed()), "load_share")
}
