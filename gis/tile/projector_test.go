package tile

import (
	"math/rand"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/gis/gistest"
)

func TestProjectorMatchesView(t *testing.T) {
	cases := []struct {
		name   string
		v      View
		spread float64 // degrees around the centre
	}{
		{"ward scale", View{kienAn, 15, 1920, 1080}, 0.05},
		{"street scale", View{kienAn, 18, 1920, 1080}, 0.01},
		{"deepest zoom", View{kienAn, MaxZoom, 800, 600}, 0.001},
		{"far outside the view", View{kienAn, 17, 800, 600}, 3},
		{"country", View{orb.Point{105.8, 16}, 6, 1920, 1080}, 8},
		{"high latitude", View{orb.Point{25, 70}, 16, 800, 600}, 0.02},
		{"near the pole", View{orb.Point{0, 84}, 10, 800, 600}, 0.5},
	}
	rng := rand.New(rand.NewSource(1))
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pr := tc.v.Projector()
			for i := 0; i < 1000; i++ {
				p := orb.Point{tc.v.Center[0] + (rng.Float64()-0.5)*tc.spread, tc.v.Center[1] + (rng.Float64()-0.5)*tc.spread}
				x1, y1 := tc.v.ToPixel(p)
				x2, y2 := pr.ToPixel(p)
				if !gistest.Near(x1, x2, 1e-6*max(1, abs(x1))) || !gistest.Near(y1, y2, seriesError+1e-6*max(1, abs(y1))) {
					t.Fatalf("%v: view (%g,%g), projector (%g,%g)", p, x1, y1, x2, y2)
				}
			}
		})
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func BenchmarkProjector(b *testing.B) {
	v := View{kienAn, 15, 1920, 1080}
	pr := v.Projector()
	p := orb.Point{kienAn[0] + 0.01, kienAn[1] - 0.01}
	var s float64
	for i := 0; i < b.N; i++ {
		x, y := pr.ToPixel(p)
		s += x + y
	}
	_ = s
}
