package render

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

// Streets are drawn with many short segments; a label needs a long,
// nearly straight stretch of them, not one long segment.
func TestStraightRuns(t *testing.T) {
	wavy := orb.LineString{}
	for x := 0.0; x <= 300; x += 15 {
		wavy = append(wavy, orb.Point{x, 100 + 1.2*math.Sin(x/20)}) // within maxBend of the chord
	}
	zigzag := orb.LineString{}
	for x := 0.0; x <= 300; x += 15 {
		zigzag = append(zigzag, orb.Point{x, 100 + 20*float64(int(x/15)%2)})
	}
	bent := orb.LineString{{0, 0}, {100, 0}, {200, 0}, {200, 100}, {200, 200}}
	back := orb.LineString{{0, 0}, {150, 0}, {50, 1}, {160, 0}}
	cases := []struct {
		name string
		ls   orb.LineString
		min  float64
		want int // runs at least min long
	}{
		{"wavy street of short segments", wavy, 120, 1},
		{"zig-zag never straight", zigzag, 60, 0},
		{"right angle: two runs", bent, 150, 2},
		{"turns back on itself", back, 120, 1},
		{"too short", orb.LineString{{0, 0}, {50, 0}}, 120, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			runs := straightRuns(c.ls, c.min)
			if len(runs) != c.want {
				t.Fatalf("%d runs, want %d: %v", len(runs), c.want, runs)
			}
			for _, r := range runs {
				if d := math.Hypot(r[1][0]-r[0][0], r[1][1]-r[0][1]); d < c.min {
					t.Fatalf("run %v is %.0f px, shorter than %v", r, d, c.min)
				}
			}
		})
	}
}
