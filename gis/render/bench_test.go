package render

import (
	"context"
	"image"
	"math/rand"
	"runtime"
	"syscall"
	"testing"
	"time"

	"wardmap/gis"
	"wardmap/gis/tile"
)

// wardSide is the side, in metres, of the square the benchmark scatters
// assets in: about the ward's 11 km².
const wardSide = 3300

var pointKinds = []struct {
	k        gis.Kind
	statuses []string
}{
	{gis.Tree, []string{"good", "fair", "poor", "dangerous", "dead"}},
	{gis.Lamp, []string{"working", "working", "working", "broken", "missing"}},
	{gis.Plate, []string{"installed", "missing", "damaged"}},
	{gis.Drain, []string{"clear", "silted", "blocked", "broken_cover"}},
	{gis.Violation, []string{"found", "recorded", "resolved", "recurred", "escalated"}},
	{gis.Report, []string{"received", "in_progress", "answered", "closed"}},
	{gis.AlleySign, []string{"installed", "missing", "damaged"}},
	{gis.FloodPoint, []string{"rare", "seasonal", "every_heavy_rain"}},
}

var streetNames = []string{"Trần Thành Ngọ", "Phan Đăng Lưu", "Lệ Tảo", "Đồng Hòa", "Trần Tất Văn", "Nguyễn Lương Bằng", "Hoàng Quốc Việt", "Lê Quốc Uy"}

// benchWard is n random point assets and m random street segments of 2–5
// vertices over the ward.
func benchWard(n, m int) []*gis.Feature {
	rng := rand.New(rand.NewSource(42))
	pos := func() float64 { return (rng.Float64() - 0.5) * wardSide }
	fs := make([]*gis.Feature, 0, n+m)
	for i := 0; i < n; i++ {
		pk := pointKinds[rng.Intn(len(pointKinds))]
		st := pk.statuses[rng.Intn(len(pk.statuses))]
		f := &gis.Feature{Kind: pk.k, Geom: at(pos(), pos()), Attrs: map[string]any{StatusField[pk.k]: st}}
		fs = append(fs, f)
	}
	for i := 0; i < m; i++ {
		x, y := pos(), pos()
		pts := make([][2]float64, 2+rng.Intn(4))
		for j := range pts {
			pts[j] = [2]float64{x, y}
			x += (rng.Float64() - 0.5) * 120
			y += (rng.Float64() - 0.5) * 120
		}
		class := "alley"
		switch c := rng.Intn(20); {
		case c < 2:
			class = "main"
		case c < 7:
			class = "secondary"
		}
		fs = append(fs, &gis.Feature{Kind: gis.Street, Geom: line(pts...),
			Attrs: map[string]any{"name": streetNames[rng.Intn(len(streetNames))], "class": class, "osm_id": int64(i)}})
	}
	return fs
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkRender draws a 1920×1080 frame of 100,000 points and 20,000
// street segments. ms/frame is wall time; cpu-ms/frame is the process's
// CPU time per frame, which is what counts on a shared machine (run with
// -cpu 1 for one core).
func BenchmarkRender(b *testing.B) {
	src := NewSliceSource(benchWard(100000, 20000))
	cases := []struct {
		name string
		zoom float64
	}{
		{"ward_z15", 15},
		{"street_z18", 18},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			r := New(src)
			dst := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
			v := tile.View{Center: kienAn, Zoom: tc.zoom, Width: 1920, Height: 1080}
			layers := DefaultLayers()
			st, err := r.Render(context.Background(), dst, v, layers) // warm the caches
			if err != nil {
				b.Fatal(err)
			}
			runtime.GC() // the setup's garbage is not the frames' CPU time
			b.ResetTimer()
			cpu0, t0 := cpuTime(), time.Now()
			for i := 0; i < b.N; i++ {
				if _, err := r.Render(context.Background(), dst, v, layers); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(time.Since(t0).Microseconds())/1000/float64(b.N), "ms/frame")
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/frame")
			b.ReportMetric(float64(st.Drawn[gis.Street]), "streets")
			b.ReportMetric(float64(st.Clusters), "bubbles")
			b.ReportMetric(float64(len(st.Labels)), "labels")
		})
	}
}
