package render

import (
	"bytes"
	"context"
	"image"
	"testing"

	"wardmap/gis/demo"
	"wardmap/gis/tile"
)

// TestLabelMasksReused draws the demo ward at ward fit, then at another
// zoom, then the first view again with the same Renderer: the redrawn
// frame takes its labels' masks from the cache and must equal, byte for
// byte, the frame a fresh Renderer draws; and the cache must have been
// used, with at most maxLabelMasks entries.
func TestLabelMasksReused(t *testing.T) {
	w := demo.Generate()
	const width, height = 1024, 700
	ward := tile.FitBound(w.Bounds, width, height)
	near := tile.View{Center: w.Bounds.Center(), Zoom: 15, Width: width, Height: height}
	draw := func(r *Renderer, v tile.View) (*image.RGBA, Stats) {
		img := image.NewRGBA(image.Rect(0, 0, width, height))
		st, err := r.Render(context.Background(), img, v, DefaultLayers())
		if err != nil {
			t.Fatal(err)
		}
		return img, st
	}
	fresh, st := draw(New(NewSliceSource(w.Features)), ward)
	if len(st.Labels) < 8 {
		t.Fatalf("%d labels at ward fit, want at least 8", len(st.Labels))
	}
	r := New(NewSliceSource(w.Features))
	draw(r, ward)
	cached := len(r.labelMasks)
	if cached == 0 {
		t.Fatal("no label masks cached after a frame")
	}
	draw(r, near)
	again, st2 := draw(r, ward)
	if len(st2.Labels) != len(st.Labels) {
		t.Errorf("%d labels redrawn, want %d", len(st2.Labels), len(st.Labels))
	}
	if !bytes.Equal(again.Pix, fresh.Pix) {
		t.Error("the ward redrawn with cached label masks differs from a fresh Renderer's frame")
	}
	if n := len(r.labelMasks); n > maxLabelMasks || n < cached {
		t.Errorf("%d label masks cached, want %d..%d", n, cached, maxLabelMasks)
	}
}
