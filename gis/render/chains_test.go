package render

import (
	"context"
	"image"
	"reflect"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/demo"
	"wardmap/gis/tile"
)

// A street stored as short segments, each too short for its name, is
// named at the neighbourhood scale once its segments are joined.
func TestStreetNamedAcrossItsSegments(t *testing.T) {
	var fs []*gis.Feature
	for i := 0; i < 12; i++ { // 12 segments of 40 m (~21 px) each at zoom 16, drawn in mixed directions
		a, b := at(float64(i)*40, 0), at(float64(i+1)*40, 0)
		if i%2 == 1 {
			a, b = b, a
		}
		s := feature(gis.Street, orb.LineString{a, b}, map[string]any{"name": "Trần Thành Ngọ", "class": "main"})
		fs = append(fs, s)
	}
	r := New(NewSliceSource(fs))
	img := image.NewRGBA(image.Rect(0, 0, 600, 200))
	v := tile.View{Center: at(240, 0), Zoom: 16, Width: 600, Height: 200}
	st, err := r.Render(context.Background(), img, v, DefaultLayers())
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Labels) == 0 {
		t.Fatal("the street split in segments got no name")
	}
	if got := new(chainer).chain([]projected{{name: "a", parts: []orb.LineString{{{0, 0}, {1, 0}}, {{2, 0}, {1, 0}}, {{5, 5}, {6, 6}}}}}, &arena{}); len(got) != 1 || len(got[0].parts) != 2 || len(got[0].parts[0]) != 3 {
		t.Errorf("chains %v, want one of 3 points and the stray part alone", got)
	}
}

// The reused chainer joins streets exactly as the first, allocating
// chainByName did (same chains, same points in the same order, so the
// same labels): on the demo ward's main and secondary streets at the
// zooms names show from, and on mixed directions, loops and forks.
func TestChainerMatchesReference(t *testing.T) {
	w := demo.Generate()
	v := tile.FitBound(w.Bounds, 1024, 700)
	var ps []projected
	for _, f := range w.ByKind(gis.Street) {
		ls, ok := f.Geom.(orb.LineString)
		if !ok {
			continue
		}
		var px orb.LineString
		for _, p := range ls {
			x, y := v.ToPixel(p)
			px = append(px, orb.Point{x, y})
		}
		ps = append(ps, projected{f: f, parts: []orb.LineString{px}})
	}
	tricky := []projected{
		{name: "loop", parts: []orb.LineString{{{0, 0}, {5, 0}}, {{5, 0}, {5, 5}}, {{5, 5}, {0, 0}}}},
		{name: "fork", parts: []orb.LineString{{{0, 0}, {5, 0}}, {{5, 0}, {9, 1}}, {{5.2, 0.1}, {9, -1}}, {{-4, 0}, {0.3, 0}}}},
		{name: "", parts: []orb.LineString{{{1, 1}, {2, 2}}}},
		{name: "loop", parts: []orb.LineString{{{20, 20}}, {{7, 7}, {7, 7}}, {{30, 0}, {0, 0}}}},
	}
	c := new(chainer)
	for _, in := range [][]projected{ps, tricky, ps[:len(ps)/3], tricky} { // reused between calls
		want := chainByNameRef(in)
		got := c.chain(in, &arena{})
		if len(got) != len(want) {
			t.Fatalf("%d names chained, want %d", len(got), len(want))
		}
		for i := range want {
			if got[i].name != want[i].name || !reflect.DeepEqual(lines(got[i].parts), lines(want[i].parts)) {
				t.Fatalf("name %d: %q %v, want %q %v", i, got[i].name, got[i].parts, want[i].name, want[i].parts)
			}
		}
	}
}

// lines normalizes an empty list of lines to nil for comparing.
func lines(ls []orb.LineString) []orb.LineString {
	if len(ls) == 0 {
		return nil
	}
	return ls
}
