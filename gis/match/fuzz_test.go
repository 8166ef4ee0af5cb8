package match_test

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/gis/match"
)

// FuzzMatch feeds arbitrary fixes (any floats, NaN and infinities
// included, near and far from the streets) to the matcher: it must not
// panic, and every coverage is a fraction in [0, 1].
func FuzzMatch(f *testing.F) {
	g := gridGraph(f, 4, 4)
	seed := make([]byte, 0, 64)
	for _, v := range []float64{106.60, 20.78, 106.6005, 20.78, 106.601, 20.7801, 106.602, 20.78} {
		seed = binary.LittleEndian.AppendUint64(seed, math.Float64bits(v))
	}
	f.Add(seed)
	f.Add([]byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, b []byte) {
		var pts []match.Point
		for len(b) >= 16 {
			x := math.Float64frombits(binary.LittleEndian.Uint64(b))
			y := math.Float64frombits(binary.LittleEndian.Uint64(b[8:]))
			b = b[16:]
			if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
				continue // the GPX reader refuses these before matching
			}
			pts = append(pts, match.Point{Point: orb.Point{x, y}})
		}
		m := match.New(g, match.Options{})
		m.Add(pts)
		for _, c := range m.Coverage() {
			if !(c.Fraction >= 0 && c.Fraction <= 1) || int(c.Seg) >= len(g.Segs) {
				t.Fatalf("coverage %+v", c)
			}
		}
	})
}
