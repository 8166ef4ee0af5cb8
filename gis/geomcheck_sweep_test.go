package gis

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// quadraticTouch is selfIntersection's scan alone: the referee of the
// sweep's prefilter.
func quadraticTouch(r orb.Ring) bool {
	n := len(r) - 1
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if j == i+1 || (i == 0 && j == n-1) {
				if collinearOverlap(r[i], r[i+1], r[j], r[j+1]) {
					return true
				}
				continue
			}
			if segmentsTouch(r[i], r[i+1], r[j], r[j+1]) {
				return true
			}
		}
	}
	return false
}

// TestSweepAgreesWithScan: on rings that are simple (a noisy circle),
// crossing (random points), touching at a vertex, spiked, and on a grid
// (many collinear and shared coordinates), the sweep finds a touching pair
// exactly when the quadratic scan does.
func TestSweepAgreesWithScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var simple, bad int
	for k := range 3000 {
		n := 33 + rng.IntN(200)
		r := make(orb.Ring, 0, n+1)
		c := orb.Point{106.7, 10.8}
		switch k % 5 {
		case 0, 1: // a circle, a little noisy
			for i := range n {
				a := 2 * math.Pi * float64(i) / float64(n)
				rad := 1e-3 * (1 + 0.05*rng.Float64())
				r = append(r, orb.Point{c[0] + rad*math.Cos(a), c[1] + rad*math.Sin(a)})
			}
		case 2: // random points: crossings
			for range n {
				r = append(r, orb.Point{c[0] + rng.Float64()*1e-3, c[1] + rng.Float64()*1e-3})
			}
		case 3: // on a coarse grid: collinear edges, shared coordinates
			for range n {
				r = append(r, orb.Point{float64(rng.IntN(6)), float64(rng.IntN(6))})
			}
		case 4: // a circle with one vertex pulled onto another, or a spike
			for i := range n {
				a := 2 * math.Pi * float64(i) / float64(n)
				r = append(r, orb.Point{c[0] + 1e-3*math.Cos(a), c[1] + 1e-3*math.Sin(a)})
			}
			i := 1 + rng.IntN(n-2)
			if rng.IntN(2) == 0 {
				r[i] = r[(i+n/2)%n]
			} else {
				r = append(r[:i+1], append(orb.Ring{r[i-1]}, r[i+1:]...)...)
			}
		}
		r = append(r, r[0])
		want := quadraticTouch(r)
		if got := anyEdgesTouch(r, len(r)-1); got != want {
			t.Fatalf("ring %d (case %d, %d edges): sweep %v, scan %v", k, k%5, len(r)-1, got, want)
		}
		if want {
			bad++
		} else {
			simple++
		}
	}
	if simple < 500 || bad < 500 {
		t.Fatalf("the rings tested are not varied enough: %d simple, %d touching", simple, bad)
	}
}
