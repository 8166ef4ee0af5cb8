package render

import (
	"context"
	"image"
	"math"
	"testing"

	"wardmap/gis/demo"
	"wardmap/gis/tile"
)

// TestBubblesNeverOverlap draws the demo ward whole at the window's usual
// sizes, where it is all clusters, and checks that no two bubbles (with
// their rim dots) overlap and that each sits inside its own grid cell.
func TestBubblesNeverOverlap(t *testing.T) {
	w := demo.Generate()
	r := New(NewSliceSource(w.Features))
	for _, sz := range [][2]int{{800, 600}, {560, 620}, {1100, 850}} {
		v := tile.FitBound(w.Bounds, sz[0], sz[1])
		img := image.NewRGBA(image.Rect(0, 0, sz[0], sz[1]))
		st, err := r.Render(context.Background(), img, v, DefaultLayers())
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Bubbles) < 10 || len(st.Bubbles) != st.Clusters {
			t.Fatalf("%v: %d bubbles recorded, %d drawn; want the ward in clusters", sz, len(st.Bubbles), st.Clusters)
		}
		for i, a := range st.Bubbles {
			if a.X-a.R < float64(a.Cell.Min.X)-rimDot || a.X+a.R > float64(a.Cell.Max.X)+rimDot {
				t.Errorf("%v: bubble %d at x %.0f r %.0f leaves its cell %v", sz, i, a.X, a.R, a.Cell)
			}
			for _, b := range st.Bubbles[i+1:] {
				if d := math.Hypot(a.X-b.X, a.Y-b.Y); d < a.R+b.R {
					t.Errorf("%v: bubbles at (%.0f,%.0f) r %.0f and (%.0f,%.0f) r %.0f overlap", sz, a.X, a.Y, a.R, b.X, b.Y, b.R)
				}
			}
			if got, ok := st.BubbleAt(a.X+a.R/2, a.Y); !ok || got != a {
				t.Errorf("BubbleAt inside bubble %d = %v, %v", i, got, ok)
			}
		}
	}
}
