package render

import (
	"context"
	"image"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/gis"
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
	if got := chainByName([]projected{{name: "a", parts: []orb.LineString{{{0, 0}, {1, 0}}, {{2, 0}, {1, 0}}, {{5, 5}, {6, 6}}}}}); len(got) != 1 || len(got[0].parts) != 2 || len(got[0].parts[0]) != 3 {
		t.Errorf("chains %v, want one of 3 points and the stray part alone", got)
	}
}
