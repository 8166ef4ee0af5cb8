package render

import (
	"context"
	"image"
	"math"
	"runtime"
	"testing"

	"wardmap/gis/demo"
	"wardmap/gis/tile"
)

// BenchmarkDemoWard draws the demo ward (the data the app opens with) at
// ward fit in the window sizes people use: the frame issue 12 asks to keep
// within its benchmark, street names included. "still" redraws the same
// view (a repaint, a selection); "pan" moves it by a fraction of a pixel
// each frame over 97 positions, so no label is drawn twice at the same
// sub-pixel offset within the cache's reach. cpu-ms/frame is what counts
// on a shared machine.
func BenchmarkDemoWard(b *testing.B) {
	w := demo.Generate()
	src := NewSliceSource(w.Features)
	for _, sz := range []struct {
		name string
		w, h int
	}{{"1024x700", 1024, 700}, {"1920x1080", 1920, 1080}} {
		for _, pan := range []bool{false, true} {
			name := sz.name + "/still"
			if pan {
				name = sz.name + "/pan"
			}
			b.Run(name, func(b *testing.B) {
				r := New(src)
				img := image.NewRGBA(image.Rect(0, 0, sz.w, sz.h))
				v := tile.FitBound(w.Bounds, sz.w, sz.h)
				deg := 360 / (256 * math.Exp2(v.Zoom)) // a pixel in longitude
				c := v.Center
				st, err := r.Render(context.Background(), img, v, DefaultLayers())
				if err != nil {
					b.Fatal(err)
				}
				runtime.GC()
				b.ResetTimer()
				cpu0 := cpuTime()
				for i := 0; i < b.N; i++ {
					if pan {
						v.Center[0] = c[0] + float64(i%97)*0.31*deg
					}
					if _, err := r.Render(context.Background(), img, v, DefaultLayers()); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/frame")
				b.ReportMetric(float64(len(st.Labels)), "labels")
			})
		}
	}
}
