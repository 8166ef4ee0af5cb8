package desktop

import (
	"context"
	"testing"
	"time"

	"wardmap/app"
	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/ward"
	"wardmap/gis"
	"wardmap/gis/indicator"
)

// BenchmarkDashboardAfterEdit is what the window does after each edit
// while the indicators tab is shown, on the demo ward: save one record
// (appStore.Apply, which hands it to the dashboard's model), then
// recompute the dashboard (ward, every TDP and the quarterly trend). The
// peer, measured in the same run, is the same edit followed by a fresh
// read of the registry (IndicatorInput) and the same computation, which is
// what the dashboard did before the model. fresh/model is the speed-up;
// dash_ms the dashboard's time per edit.
func BenchmarkDashboardAfterEdit(b *testing.B) {
	ctx := context.Background()
	db := copyDemo(b)
	s, err := gpkg.Open(ctx, db, gpkg.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	as := newAppStore(s)
	p, today := indicator.MustPeriod("2026-Q4"), gis.Date{Year: 2026, Month: 11, Day: 25}
	rs, err := s.Find(ctx, gpkg.Query{Kind: gis.Plate, Limit: 1})
	if err != nil || len(rs) == 0 {
		b.Fatal("no plate", err)
	}
	plate := rs[0].Feature
	statuses := []string{"installed", "missing"}
	edit := func(i int) {
		plate.Attrs["status"] = statuses[i%2]
		if err := as.Apply(ctx, "bench", app.Change{Save: []*gis.Feature{plate}}); err != nil {
			b.Fatal(err)
		}
	}
	fresh := func() {
		cat, in, err := s.IndicatorInput(ctx, p, today)
		if err != nil {
			b.Fatal(err)
		}
		bd := indicator.Compute(cat, in, p, indicator.Options{PerTDP: true})
		ward.Trend(cat, in, p, bd.AsOf)
	}
	model := func() {
		if _, err := as.Dashboard(ctx, p, today); err != nil {
			b.Fatal(err)
		}
	}
	model() // load the model once, as opening the tab does
	var tm, tf time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		edit(i)
		model()
		t1 := time.Now()
		edit(i + 1)
		fresh()
		tf += time.Since(t1)
		tm += t1.Sub(t0)
	}
	b.StopTimer()
	b.ReportMetric(float64(tm.Milliseconds())/float64(b.N), "dash_ms")
	b.ReportMetric(float64(tf.Milliseconds())/float64(b.N), "fresh_ms")
	b.ReportMetric(float64(tf)/float64(tm), "fresh/model")
}
