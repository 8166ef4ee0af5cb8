package main

import (
	"context"
	"runtime"
	"testing"
	"time"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
	"wardmap/gis/indicator"
)

var (
	benchPeriod = indicator.MustPeriod("2026-Q4")
	benchToday  = gis.Date{Year: 2026, Month: 11, Day: 25}
)

// storeBoard is the path without a model: read everything from the store,
// then compute (what the CLI does once, and what a dashboard without the
// model would do after every edit).
func storeBoard(b *testing.B, s *gpkg.Store) {
	ctx := context.Background()
	cat, in, err := s.IndicatorInput(ctx, benchPeriod, benchToday)
	if err != nil {
		b.Fatal(err)
	}
	indicator.Compute(cat, in, benchPeriod, indicator.Options{PerTDP: true})
}

// findLoad reads the model's features through the general query path
// (Find, every column, the driver's date parsing): the loader before the
// lean scan, kept as the load's peer.
func findLoad(b *testing.B, s *gpkg.Store) {
	ctx := context.Background()
	for _, k := range indicator.Kinds {
		if _, err := s.Find(ctx, gpkg.Query{Kind: k}); err != nil {
			b.Fatal(err)
		}
	}
}

// timeN runs fn n times and returns the mean.
func timeN(n int, fn func()) time.Duration {
	t0 := time.Now()
	for range n {
		fn()
	}
	return time.Since(t0) / time.Duration(n)
}

// BenchmarkIndicatorsDemo is one full recomputation of every indicator of
// the demo ward (ward and every TDP) reading the registry, the catalogue,
// parameters, cycles and reported figures from the GeoPackage first. The
// goal is 100 ms (x_goal < 1); load_share is the part spent reading the
// store.
func BenchmarkIndicatorsDemo(b *testing.B) {
	ctx := context.Background()
	s, err := gpkg.Open(ctx, demoDB(b), gpkg.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var load time.Duration
	for b.Loop() {
		t0 := time.Now()
		cat, in, err := s.IndicatorInput(ctx, benchPeriod, benchToday)
		if err != nil {
			b.Fatal(err)
		}
		load += time.Since(t0)
		indicator.Compute(cat, in, benchPeriod, indicator.Options{PerTDP: true})
	}
	per := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(per)/float64(100*time.Millisecond), "x_goal")
	b.ReportMetric(float64(load)/float64(b.Elapsed()), "load_share")
}

// BenchmarkIndicatorsModel is the dashboard's path on the demo ward: the
// model loaded once, then every indicator (ward and every TDP) recomputed
// from memory. Each sub-benchmark measures its peer in the same run and
// reports how many times faster it is (x_vs_peer > 1: faster):
//
//   - load: IndicatorModel (lean scan) against reading the same records
//     through Find (the general query path);
//   - recompute: a full recomputation from the model against the same
//     from the store (IndicatorInput then Compute);
//   - edit: one lamp's status changed, applied and everything recomputed,
//     against the store path; x_goal is against the 100 ms.
func BenchmarkIndicatorsModel(b *testing.B) {
	ctx := context.Background()
	s, err := gpkg.Open(ctx, demoDB(b), gpkg.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	m, err := s.IndicatorModel(ctx)
	if err != nil {
		b.Fatal(err)
	}
	opt := indicator.Options{PerTDP: true}
	report := func(b *testing.B, peer time.Duration) {
		per := b.Elapsed() / time.Duration(b.N)
		b.ReportMetric(float64(peer)/float64(per), "x_vs_peer")
		b.ReportMetric(float64(peer)/1e6, "peer_ms")
		b.ReportMetric(float64(per)/float64(100*time.Millisecond), "x_goal")
	}
	b.Run("load", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.IndicatorModel(ctx); err != nil {
				b.Fatal(err)
			}
		}
		report(b, timeN(max(3, min(b.N, 20)), func() { findLoad(b, s) }))
	})
	b.Run("recompute", func(b *testing.B) {
		for b.Loop() {
			m.Compute(benchPeriod, benchToday, opt)
		}
		report(b, timeN(max(3, min(b.N/10, 20)), func() { storeBoard(b, s) }))
	})
	b.Run("edit", func(b *testing.B) {
		_, in := m.Input(benchPeriod, benchToday)
		var lamp *gis.Feature
		for _, f := range in.Features {
			if f.Kind == gis.Lamp {
				lamp = f
				break
			}
		}
		g := *lamp
		g.Attrs = map[string]any{}
		for k, v := range lamp.Attrs {
			g.Attrs[k] = v
		}
		for i := 0; b.Loop(); i++ {
			g.Attrs["status"] = []string{"broken", "working"}[i%2]
			m.Apply(indicator.Upserted(&g))
			m.Compute(benchPeriod, benchToday, opt)
		}
		report(b, timeN(max(3, min(b.N/10, 20)), func() { storeBoard(b, s) }))
	})
}

// BenchmarkIndicatorsMillion is the dashboard's path on the store of
// BenchmarkMemoryMillion (the demo ward plus 1,000,000 trees and lamps):
//
//   - load: the model read from the GeoPackage once (IndicatorModel)
//     against the same records read through Find (x_vs_peer: how many
//     times faster); heap_MB is the heap in use with the model held;
//   - recompute: every indicator, ward and each TDP, from the model, with
//     x_goal against the 3 s and, as the peer, the whole path
//     from the store (IndicatorInput then Compute) measured once.
func BenchmarkIndicatorsMillion(b *testing.B) {
	ctx := context.Background()
	s, err := gpkg.Open(ctx, millionDB(b), gpkg.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var m *indicator.Model
	b.Run("load", func(b *testing.B) {
		for b.Loop() {
			if m, err = s.IndicatorModel(ctx); err != nil {
				b.Fatal(err)
			}
		}
		per := b.Elapsed() / time.Duration(b.N)
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap_MB")
		peer := timeN(1, func() { findLoad(b, s) })
		b.ReportMetric(float64(peer)/float64(per), "x_vs_peer")
		b.ReportMetric(float64(peer)/1e6, "peer_ms")
		b.ReportMetric(float64(m.Len()), "features")
	})
	b.Run("recompute", func(b *testing.B) {
		opt := indicator.Options{PerTDP: true}
		for b.Loop() {
			m.Compute(benchPeriod, benchToday, opt)
		}
		per := b.Elapsed() / time.Duration(b.N)
		peer := timeN(1, func() { storeBoard(b, s) })
		b.ReportMetric(float64(peer)/float64(per), "x_vs_peer")
		b.ReportMetric(float64(peer)/1e6, "peer_ms")
		b.ReportMetric(float64(per)/float64(3*time.Second), "x_goal")
	})
}
