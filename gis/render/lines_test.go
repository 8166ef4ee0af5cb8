package render

import (
	"image"
	"image/color"
	"math"
	"testing"

	"github.com/paulmach/orb"
)

// coverage sums the alpha painted into a transparent image, in pixels.
func coverage(img *image.RGBA) float64 {
	var s float64
	for i := 3; i < len(img.Pix); i += 4 {
		s += float64(img.Pix[i]) / 255
	}
	return s
}

func TestThinLinesArea(t *testing.T) {
	cases := []struct {
		name   string
		a, b   orb.Point
		w      float64
		inside bool
	}{
		{"horizontal", orb.Point{20.3, 30.5}, orb.Point{80.7, 30.5}, 1.75, true},
		{"vertical", orb.Point{40.2, 10.1}, orb.Point{40.2, 70.9}, 2, true},
		{"diagonal", orb.Point{10.5, 10.5}, orb.Point{70.5, 60.5}, 1.75, true},
		{"steep", orb.Point{50.1, 5.3}, orb.Point{58.9, 90.2}, 3.5, true},
		{"hairline", orb.Point{5, 50}, orb.Point{95, 44}, 0.7, true},
		{"leaves the frame", orb.Point{-40, -30}, orb.Point{150, 130}, 2, false},
		{"outside", orb.Point{-40, -30}, orb.Point{-10, 130}, 2, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			img := image.NewRGBA(image.Rect(0, 0, 100, 100))
			tl := newThinLines(img, color.RGBA{255, 255, 255, 255})
			tl.line([]orb.Point{tc.a, tc.b}, tc.w)
			tl.flush()
			got := coverage(img)
			if !tc.inside {
				if tc.name == "outside" && got != 0 {
					t.Fatalf("painted %.1f pixels of a line outside the frame", got)
				}
				return
			}
			// a rectangle w wide and the length plus a square cap at each end
			want := (math.Hypot(tc.a[0]-tc.b[0], tc.a[1]-tc.b[1]) + tc.w) * tc.w
			if math.Abs(got-want) > 0.04*want+1 {
				t.Errorf("coverage %.1f pixels, want %.1f", got, want)
			}
		})
	}
}

// A bend of a wide thin line is filled by its round join: no pixel on the
// outside of the corner, within the line's half-width of the vertex, is
// left uncovered.
func TestThinLinesJoin(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 60, 60))
	tl := newThinLines(img, color.RGBA{0, 0, 0, 255})
	tl.line([]orb.Point{{10, 40}, {30, 40}, {30, 10}}, 6)
	tl.flush()
	// outside corner of the bend at (30, 40), which neither segment reaches
	if a := img.RGBAAt(31, 41).A; a < 200 {
		t.Errorf("outside of the join covered %d/255, want nearly full", a)
	}
	// and the line does not spread past its width there
	if a := img.RGBAAt(33, 43).A; a != 0 {
		t.Errorf("pixel beyond the join covered %d/255", a)
	}
}

// Overlapping lines of one opaque paint leave full coverage opaque: the
// union shows no seam.
func TestThinLinesOverlap(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 40, 40))
	tl := newThinLines(img, color.RGBA{10, 20, 30, 255})
	tl.line([]orb.Point{{5, 20.5}, {35, 20.5}}, 3)
	tl.line([]orb.Point{{20.5, 5}, {20.5, 35}}, 3)
	tl.flush()
	if got := img.RGBAAt(20, 20); got != (color.RGBA{10, 20, 30, 255}) {
		t.Errorf("crossing pixel %v", got)
	}
}

// A street under hairlineBelow wide is a hairline: one pixel per column of
// its major axis, each at the paint's full colour (or, under a pixel wide,
// at one constant alpha), with no anti-aliased edge pixels.
func TestHairline(t *testing.T) {
	for _, tc := range []struct {
		name  string
		c     color.RGBA
		w     float64
		alpha uint8
	}{
		{"opaque, straight into the frame", color.RGBA{255, 255, 255, 255}, 1.75, 255},
		{"under a pixel, through the mask", color.RGBA{255, 255, 255, 255}, 0.7, 179},
		{"translucent paint", color.RGBA{100, 100, 100, 200}, 1.5, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img := image.NewRGBA(image.Rect(0, 0, 100, 100))
			tl := newThinLines(img, tc.c)
			// two lines crossing, the second steep
			tl.hairline([]orb.Point{{10.3, 20.7}, {80.6, 35.2}}, tc.w)
			tl.hairline([]orb.Point{{40.5, 5.5}, {45.5, 90.5}}, tc.w)
			tl.flush()
			n := 0
			for i := 3; i < len(img.Pix); i += 4 {
				switch a := img.Pix[i]; a {
				case 0:
				case tc.alpha:
					n++
				default:
					t.Fatalf("pixel %d has alpha %d, want 0 or %d (a hairline has no edge pixels)", i/4, a, tc.alpha)
				}
			}
			// 71 columns and 86 rows, one pixel shared where they cross
			if n < 155 || n > 157 {
				t.Errorf("%d pixels painted, want one per column or row (156)", n)
			}
		})
	}
}

// At ward scale (square set) a line's joins are its segments' square ends,
// no disc: the outer corner of a bend is filled, and a gently bending line
// covers about its length times its width (overlapping ends are painted
// once through the mask).
func TestThinLinesSquareJoins(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 60, 60))
	tl := newThinLines(img, color.RGBA{0, 0, 0, 255})
	tl.square = true
	tl.line([]orb.Point{{10, 40}, {30, 40}, {30, 10}}, 4)
	tl.flush()
	if a := img.RGBAAt(31, 41).A; a < 250 {
		t.Errorf("outer corner of a right-angle bend covered %d/255, want full", a)
	}
	// a polyline bending 5° at each of its 8 vertices: its area is its
	// length times its width, plus the two end caps
	img = image.NewRGBA(image.Rect(0, 0, 200, 200))
	tl = newThinLines(img, color.RGBA{0, 0, 0, 255})
	tl.square = true
	var pts []orb.Point
	x, y, a, w := 20.0, 50.0, 0.0, 3.5
	length := 0.0
	for i := 0; i < 10; i++ {
		pts = append(pts, orb.Point{x, y})
		x, y = x+15*math.Cos(a), y+15*math.Sin(a)
		a += 5 * math.Pi / 180
		if i < 9 {
			length += 15
		}
	}
	tl.line(pts, w)
	tl.flush()
	want := (length + w) * w
	if got := coverage(img); math.Abs(got-want) > 0.05*want {
		t.Errorf("gently bending line covers %.1f pixels, want %.1f", got, want)
	}
}
