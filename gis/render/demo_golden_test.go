package render

import (
	"context"
	"image"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/demo"
	"wardmap/gis/tile"
)

// TestGoldenDemoWard draws the demo ward (gis/demo, the data the app shows
// on first start) at the three scales a user works at: the whole ward, a
// neighbourhood in the middle of the ward, and one street junction. The images are
// compared with the same tolerance as TestGolden; go test -update rewrites
// them, and every run leaves its images in the test output folder.
func TestGoldenDemoWard(t *testing.T) {
	w := demo.Generate()
	// The street view sits on the first flood point: a named junction of
	// two streets, so the frame holds kerbside assets and street labels.
	floods := w.ByKind(gis.FloodPoint)
	if len(floods) == 0 {
		t.Fatal("the demo ward has no flood points")
	}
	junction := floods[0].Geom.(orb.Point)
	const width, height = 800, 600
	cases := []struct {
		name string
		view tile.View
		// minDrawn guards against a golden that was accepted empty.
		minDrawn int
		// minLabels: street names show while the whole ward or
		// neighbourhood is in view, over the cluster bubbles
		minLabels int
	}{
		{"demo_ward", tile.FitBound(w.Bounds, width, height), 500, 8},
		{"demo_neighbourhood_z15", tile.View{Center: w.Bounds.Center(), Zoom: 15, Width: width, Height: height}, 300, 10},
		{"demo_neighbourhood_z17", tile.View{Center: w.Bounds.Center(), Zoom: 17, Width: width, Height: height}, 200, 5},
		{"demo_street_z19", tile.View{Center: junction, Zoom: 19, Width: width, Height: height}, 20, 2},
	}
	r := New(NewSliceSource(w.Features))
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			img := image.NewRGBA(image.Rect(0, 0, width, height))
			st, err := r.Render(context.Background(), img, tc.view, DefaultLayers())
			if err != nil {
				t.Fatal(err)
			}
			drawn := st.Clustered
			for _, n := range st.Drawn {
				drawn += n
			}
			if drawn < tc.minDrawn {
				t.Errorf("%d features drawn, want at least %d", drawn, tc.minDrawn)
			}
			if len(st.Labels) < tc.minLabels {
				t.Errorf("%d labels, want at least %d", len(st.Labels), tc.minLabels)
			}
			t.Logf("%d drawn (%d in %d clusters), %d labels", drawn, st.Clustered, st.Clusters, len(st.Labels))
			checkGolden(t, tc.name+".png", img)
		})
	}
}
