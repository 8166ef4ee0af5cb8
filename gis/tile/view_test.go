package tile

import (
	"math"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/gis/gistest"
)

// kienAn is the middle of the ward.
var kienAn = orb.Point{106.6265, 20.8085}

func TestRoundTrip(t *testing.T) {
	cases := []struct {
		name string
		v    View
		x, y float64
	}{
		{"ward scale centre", View{kienAn, 15, 1920, 1080}, 960, 540},
		{"street scale corner", View{kienAn, 18.5, 800, 600}, 0, 0},
		{"far outside", View{kienAn, 17, 800, 600}, -5000, 9000},
		{"world", View{orb.Point{0, 0}, 1, 512, 512}, 10, 500},
		{"max zoom", View{kienAn, MaxZoom, 100, 100}, 99, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.v.ToLonLat(tc.x, tc.y)
			x, y := tc.v.ToPixel(p)
			if !gistest.Near(x, tc.x, 1e-6) || !gistest.Near(y, tc.y, 1e-6) {
				t.Errorf("pixel (%g,%g) → %v → (%g,%g)", tc.x, tc.y, p, x, y)
			}
		})
	}
}

func TestToPixelKnownValues(t *testing.T) {
	cases := []struct {
		name string
		v    View
		p    orb.Point
		x, y float64
	}{
		// zoom 0: the world is one 256-pixel tile centred on (0,0)
		{"null island at zoom 0", View{orb.Point{0, 0}, 0, 256, 256}, orb.Point{0, 0}, 128, 128},
		{"antimeridian at zoom 0", View{orb.Point{0, 0}, 0, 256, 256}, orb.Point{180, 0}, 256, 128},
		{"mercator top at zoom 1", View{orb.Point{0, 0}, 1, 512, 512}, orb.Point{0, 85.0511287798}, 256, 0},
		{"centre is the middle", View{kienAn, 16, 300, 200}, kienAn, 150, 100},
		{"north is up", View{kienAn, 16, 300, 200}, orb.Point{kienAn[0], kienAn[1] + 0.001}, 150, 100 - 0.001*256*65536/360/math.Cos(kienAn[1]*math.Pi/180)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			x, y := tc.v.ToPixel(tc.p)
			if !gistest.Near(x, tc.x, 1e-3) || !gistest.Near(y, tc.y, 0.05) {
				t.Errorf("ToPixel(%v) = (%g,%g), want (%g,%g)", tc.p, x, y, tc.x, tc.y)
			}
		})
	}
}

func TestZoomAtKeepsCursorFixed(t *testing.T) {
	cases := []struct {
		name          string
		v             View
		px, py, delta float64
		zoom          float64
	}{
		{"zoom in at corner", View{kienAn, 15, 1920, 1080}, 10, 20, 1, 16},
		{"zoom out off centre", View{kienAn, 18, 800, 600}, 700, 100, -2.5, 15.5},
		{"fractional step", View{kienAn, 16.3, 640, 480}, 320, 479, 0.25, 16.55},
		{"clamped at max", View{kienAn, 21.5, 640, 480}, 100, 100, 3, MaxZoom},
		{"clamped at min", View{kienAn, 0.5, 640, 480}, 300, 200, -3, MinZoom},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := tc.v.ToLonLat(tc.px, tc.py)
			w := tc.v.ZoomAt(tc.px, tc.py, tc.delta)
			if w.Zoom != tc.zoom {
				t.Errorf("zoom %g, want %g", w.Zoom, tc.zoom)
			}
			x, y := w.ToPixel(before)
			if !gistest.Near(x, tc.px, 1e-6) || !gistest.Near(y, tc.py, 1e-6) {
				t.Errorf("cursor point moved from (%g,%g) to (%g,%g)", tc.px, tc.py, x, y)
			}
		})
	}
}

func TestPan(t *testing.T) {
	cases := []struct {
		name   string
		dx, dy float64
	}{
		{"right", 100, 0},
		{"up", 0, -250},
		{"diagonal", -33.5, 77.25},
	}
	v := View{kienAn, 17, 800, 600}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := v.ToLonLat(200, 300)
			x, y := v.Pan(tc.dx, tc.dy).ToPixel(p)
			if !gistest.Near(x, 200+tc.dx, 1e-6) || !gistest.Near(y, 300+tc.dy, 1e-6) {
				t.Errorf("content at (200,300) went to (%g,%g)", x, y)
			}
		})
	}
}

func TestFitBound(t *testing.T) {
	cases := []struct {
		name string
		b    orb.Bound
		w, h int
		zoom float64 // expected, when the answer is known
	}{
		{"ward", orb.Bound{Min: orb.Point{106.59, 20.78}, Max: orb.Point{106.66, 20.84}}, 1920, 1080, -1},
		{"tall box on wide screen", orb.Bound{Min: orb.Point{106.62, 20.70}, Max: orb.Point{106.63, 20.90}}, 1600, 400, -1},
		{"whole world longitude", orb.Bound{Min: orb.Point{-180, -10}, Max: orb.Point{180, 10}}, 512, 512, 1},
		{"a single point", orb.Bound{Min: kienAn, Max: kienAn}, 100, 100, MaxZoom},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := FitBound(tc.b, tc.w, tc.h)
			if tc.zoom >= 0 && !gistest.Near(v.Zoom, tc.zoom, 1e-9) {
				t.Errorf("zoom %g, want %g", v.Zoom, tc.zoom)
			}
			x0, y0 := v.ToPixel(tc.b.Min)
			x1, y1 := v.ToPixel(tc.b.Max)
			const e = 1e-6
			if x0 < -e || y0 > float64(tc.h)+e || x1 > float64(tc.w)+e || y1 < -e {
				t.Errorf("bound not inside: (%g,%g)-(%g,%g) in %dx%d", x0, y0, x1, y1, tc.w, tc.h)
			}
			// one axis fills the screen exactly
			if !gistest.Near(x1-x0, float64(tc.w), 1e-6) && !gistest.Near(y0-y1, float64(tc.h), 1e-6) && tc.zoom != MaxZoom {
				t.Errorf("neither axis fills: %g×%g for %d×%d", x1-x0, y0-y1, tc.w, tc.h)
			}
		})
	}
}

func TestBoundAndMetresPerPixel(t *testing.T) {
	v := View{orb.Point{0, 0}, 0, 256, 256}
	if m := v.MetresPerPixel(); !gistest.Near(m, 156543.034, 1e-3) {
		t.Errorf("zoom 0 equator: %g m/px, want 156543.034", m)
	}
	w := View{kienAn, 17, 1000, 500}
	// at 20.8°N one pixel at zoom 17 is 1.194 m × cos(20.8°)
	if m := w.MetresPerPixel(); !gistest.Near(m, 1.19433*math.Cos(20.8085*math.Pi/180), 1e-3) {
		t.Errorf("zoom 17 Kiến An: %g m/px", m)
	}
	b := w.Bound()
	if !b.Contains(kienAn) || b.Min[0] >= b.Max[0] || b.Min[1] >= b.Max[1] {
		t.Fatalf("bound %v does not hold the centre", b)
	}
	if x, y := w.ToPixel(b.Min); !gistest.Near(x, 0, 1e-6) || !gistest.Near(y, 500, 1e-6) {
		t.Errorf("bound min at (%g,%g), want bottom-left", x, y)
	}
}
