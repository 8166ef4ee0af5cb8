package render

import (
	"context"
	"image"
	"runtime"
	"testing"

	"wardmap/gis"
	"wardmap/gis/tile"
)

// BenchmarkRenderParts draws the ward-scale frame of BenchmarkRender with
// only the streets, then only the point layers, to tell where a frame's
// time goes (run with -cpu 1).
func BenchmarkRenderParts(b *testing.B) {
	src := NewSliceSource(benchWard(100000, 20000))
	for _, tc := range []struct {
		name string
		keep func(gis.Kind) bool
	}{
		{"streets", func(k gis.Kind) bool { return k == gis.Street }},
		{"points", func(k gis.Kind) bool { return k != gis.Street }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			r := New(src)
			dst := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
			v := tile.View{Center: kienAn, Zoom: 15, Width: 1920, Height: 1080}
			var layers []Layer
			for _, l := range DefaultLayers() {
				if tc.keep(l.Kind) {
					layers = append(layers, l)
				}
			}
			if _, err := r.Render(context.Background(), dst, v, layers); err != nil {
				b.Fatal(err)
			}
			runtime.GC() // the setup's garbage is not the frames' CPU time
			b.ResetTimer()
			c0 := cpuTime()
			for i := 0; i < b.N; i++ {
				if _, err := r.Render(context.Background(), dst, v, layers); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64((cpuTime()-c0).Microseconds())/1000/float64(b.N), "cpu-ms/frame")
		})
	}
}
