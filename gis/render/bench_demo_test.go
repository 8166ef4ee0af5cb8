package render

import (
	"context"
	"image"
	"testing"

	"wardmap/gis/demo"
	"wardmap/gis/tile"
)

// BenchmarkDemoWard draws the demo ward (the data the app opens with) at
// ward fit in the window sizes people use: the frame issue 12 asks to keep
// within its benchmark, street names included.
func BenchmarkDemoWard(b *testing.B) {
	w := demo.Generate()
	r := New(NewSliceSource(w.Features))
	for _, sz := range []struct {
		name string
		w, h int
	}{{"1024x700", 1024, 700}, {"1920x1080", 1920, 1080}} {
		b.Run(sz.name, func(b *testing.B) {
			img := image.NewRGBA(image.Rect(0, 0, sz.w, sz.h))
			v := tile.FitBound(w.Bounds, sz.w, sz.h)
			for i := 0; i < b.N; i++ {
				if _, err := r.Render(context.Background(), img, v, DefaultLayers()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
