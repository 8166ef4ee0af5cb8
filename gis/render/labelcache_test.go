package render

import (
	"bytes"
	"context"
	"image"
	"maps"
	"math"
	"slices"
	"testing"

	"wardmap/gis"
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

// TestStreetNamesKeptForARedraw: a redraw of the same view takes the
// street names' candidates kept from the frame before, and any change in
// what they are made from (the view moved by a fraction of a pixel, other
// zoom, the streets renamed under the same view) makes them again: every
// frame equals, byte for byte and label for label, a fresh Renderer's.
func TestStreetNamesKeptForARedraw(t *testing.T) {
	w := demo.Generate()
	const width, height = 1024, 700
	ward := tile.FitBound(w.Bounds, width, height)
	moved := ward
	moved.Center[0] += 0.31 * 360 / (256 * math.Exp2(ward.Zoom))
	near := tile.View{Center: w.Bounds.Center(), Zoom: 15, Width: width, Height: height}
	var renamed []*gis.Feature
	for _, f := range w.Features {
		if f.Kind == gis.Street && f.Text("name") != "" {
			c := *f
			c.Attrs = maps.Clone(f.Attrs)
			c.Attrs["name"] = f.Text("name") + " Mới"
			f = &c
		}
		renamed = append(renamed, f)
	}
	src, src2 := NewSliceSource(w.Features), NewSliceSource(renamed)
	draw := func(r *Renderer, v tile.View) (*image.RGBA, Stats) {
		img := image.NewRGBA(image.Rect(0, 0, width, height))
		st, err := r.Render(context.Background(), img, v, DefaultLayers())
		if err != nil {
			t.Fatal(err)
		}
		return img, st
	}
	r := New(src)
	check := func(step string, s Source, v tile.View) (*image.RGBA, Stats) {
		t.Helper()
		got, st := draw(r, v)
		want, wst := draw(New(s), v)
		if !bytes.Equal(got.Pix, want.Pix) || !slices.Equal(st.Labels, wst.Labels) {
			t.Fatalf("%s: the frame differs from a fresh Renderer's (%d labels, want %d)", step, len(st.Labels), len(wst.Labels))
		}
		return got, st
	}
	first, st := check("ward", src, ward)
	if !r.streetMemo.valid || len(r.streetMemo.cands) == 0 {
		t.Fatal("no street names kept after a ward-scale frame")
	}
	// the redraw takes the kept names: with them emptied, it has none
	kept := r.streetMemo.cands
	r.streetMemo.cands = nil
	if _, st2 := draw(r, ward); len(st2.Labels) >= len(st.Labels) {
		t.Fatalf("a redraw made its street names again (%d labels, %d before) instead of taking the kept ones", len(st2.Labels), len(st.Labels))
	}
	r.streetMemo.cands = kept
	check("ward redrawn", src, ward)
	check("moved 0.31 px", src, moved)
	check("zoom 15", src, near)
	check("ward again", src, ward)
	r.Source = src2
	if again, _ := check("streets renamed", src2, ward); bytes.Equal(again.Pix, first.Pix) {
		t.Fatal("renaming the streets changed nothing on the map: the test cannot tell")
	}
}
