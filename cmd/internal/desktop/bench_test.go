package desktop

import (
	"context"
	"image"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"wardmap/app"
	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
	"wardmap/gis/render"
	"wardmap/gis/tile"
)

// BenchmarkStartToFirstFrame measures what the desktop does from start to
// its first map frame on the demo ward (warm cache): open the store, read
// its stats, build the window and render a 1200×800 frame at ward scale.
// The goal is under 1.5 s; ms/start is reported.
func BenchmarkStartToFirstFrame(b *testing.B) {
	ctx := context.Background()
	db := demoDB(b)
	test.NewTempApp(b)
	for b.Loop() {
		s, err := gpkg.Open(ctx, db, gpkg.Options{})
		if err != nil {
			b.Fatal(err)
		}
		st, err := s.Stats(ctx)
		if err != nil || st.Bounds == nil {
			b.Fatal(err)
		}
		w, err := app.New(Wire(s, app.Deps{Home: *st.Bounds, WardName: st.Ward}))
		if err != nil {
			b.Fatal(err)
		}
		if img := w.Map.Render(1200, 800); img.Bounds().Dx() != 1200 {
			b.Fatal("no frame")
		}
		if _, err := w.Map.LastStats(); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/start")
}

// BenchmarkRenderDemoWardFromStore renders the whole demo ward at ward
// scale (1920×1080) reading through the GeoPackage's R-tree, beside the
// same frame from an in-memory SliceSource: the ratio is what reading the
// store costs per frame.
func BenchmarkRenderDemoWardFromStore(b *testing.B) {
	ctx := context.Background()
	s, err := gpkg.Open(ctx, demoDB(b), gpkg.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	st, _ := s.Stats(ctx)
	v := tile.FitBound(*st.Bounds, 1920, 1080)
	var all []*gis.Feature
	for _, l := range render.DefaultLayers() {
		fs, err := s.Features(ctx, l.Kind, v.Bound())
		if err != nil {
			b.Fatal(err)
		}
		all = append(all, fs...)
	}
	img := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	frame := func(r *render.Renderer) {
		if _, err := r.Render(ctx, img, v, render.DefaultLayers()); err != nil {
			b.Fatal(err)
		}
	}
	mem := render.New(render.NewSliceSource(all))
	frame(mem)
	// the peer, timed in the same run (a nested testing.Benchmark would
	// wait for this one's lock)
	const peerFrames = 10
	start := time.Now()
	for range peerFrames {
		frame(mem)
	}
	peer := float64(time.Since(start).Nanoseconds()) / peerFrames
	r := render.New(s)
	frame(r)
	b.ResetTimer()
	for b.Loop() {
		frame(r)
	}
	per := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(per/1e6, "ms/frame")
	b.ReportMetric(peer/1e6, "ms/frame-memory")
	b.ReportMetric(per/peer, "x-memory")
}
