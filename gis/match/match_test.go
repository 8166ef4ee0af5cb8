package match_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/gis/graph"
	"wardmap/gis/match"
)

const dLon, dLat = 100 / 104000.0, 100 / 110700.0

func pt(i, j float64) orb.Point { return orb.Point{106.60 + i*dLon, 20.78 + j*dLat} }

func gridGraph(t testing.TB, w, h int) *graph.Graph {
	var segs []graph.Segment
	for j := 0; j < h; j++ {
		for i := 0; i < w; i++ {
			if i+1 < w {
				segs = append(segs, graph.Segment{Line: orb.LineString{pt(float64(i), float64(j)), pt(float64(i+1), float64(j))}})
			}
			if j+1 < h {
				segs = append(segs, graph.Segment{Line: orb.LineString{pt(float64(i), float64(j)), pt(float64(i), float64(j+1))}})
			}
		}
	}
	g, err := graph.Build(segs, graph.Walk)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func segOf(t testing.TB, g *graph.Graph, a, b orb.Point) int32 {
	for i, s := range g.Segs {
		if (s.Line[0] == a && s.Line[1] == b) || (s.Line[0] == b && s.Line[1] == a) {
			return int32(i)
		}
	}
	t.Fatalf("no segment %v %v", a, b)
	return -1
}

// walk returns fixes every second at 1.4 m/s through the grid points given,
// with Gaussian noise of sigma metres.
func walk(r *rand.Rand, sigma float64, via ...orb.Point) []match.Point {
	var out []match.Point
	t0 := time.Date(2026, 12, 1, 1, 0, 0, 0, time.UTC)
	for k := 1; k < len(via); k++ {
		a, b := via[k-1], via[k]
		l := math.Hypot((b[0]-a[0])/dLon*100, (b[1]-a[1])/dLat*100)
		n := int(l / 1.4)
		for s := 0; s < n; s++ {
			f := float64(s) / float64(n)
			p := orb.Point{a[0] + f*(b[0]-a[0]), a[1] + f*(b[1]-a[1])}
			p[0] += r.NormFloat64() * sigma / 100 * dLon
			p[1] += r.NormFloat64() * sigma / 100 * dLat
			out = append(out, match.Point{Point: p, Time: t0.Add(time.Duration(len(out)) * time.Second)})
		}
	}
	return out
}

func coverage(m *match.Matcher) map[int32]float64 {
	out := map[int32]float64{}
	for _, c := range m.Coverage() {
		out[c.Seg] = c.Fraction
	}
	return out
}

func TestNoisyWalkCoversItsStreetsOnly(t *testing.T) {
	g := gridGraph(t, 6, 6)
	r := rand.New(rand.NewPCG(1, 1))
	m := match.New(g, match.Options{Tolerance: 20})
	// East along row 2 from x=0 to x=4, then north along x=4 to y=5.
	m.Add(walk(r, 6, pt(0, 2), pt(4, 2), pt(4, 5)))
	cov := coverage(m)
	want := map[int32]bool{}
	for i := 0; i < 4; i++ {
		want[segOf(t, g, pt(float64(i), 2), pt(float64(i+1), 2))] = true
	}
	for j := 2; j < 5; j++ {
		want[segOf(t, g, pt(4, float64(j)), pt(4, float64(j+1)))] = true
	}
	for s := range g.Segs {
		c := cov[int32(s)]
		if want[int32(s)] && c < 0.8 {
			t.Errorf("walked segment %d covered %.2f", s, c)
		}
		if !want[int32(s)] && c >= 0.8 {
			t.Errorf("crossing segment %d covered %.2f", s, c)
		}
	}
}

// A gap in the log (no fixes over 200 m) does not credit the streets in
// between; going back and forth over half a street does not make it whole.
func TestGapsAndBackAndForth(t *testing.T) {
	g := gridGraph(t, 6, 2)
	r := rand.New(rand.NewPCG(2, 2))
	m := match.New(g, match.Options{})
	a := walk(r, 3, pt(0, 0), pt(1, 0))
	b := walk(r, 3, pt(3, 0), pt(4, 0))
	m.Add(append(a, b...)) // one segment of the log, with a 200 m jump
	var bf []match.Point
	for range 5 {
		bf = append(bf, walk(r, 3, pt(0, 1), pt(0.5, 1), pt(0, 1))...)
	}
	m.Add(bf)
	cov := coverage(m)
	for _, c := range []struct {
		a, b orb.Point
		lo   float64
		hi   float64
	}{
		{pt(0, 0), pt(1, 0), 0.8, 1},
		{pt(1, 0), pt(2, 0), 0, 0.25}, // only within the tolerance of its ends
		{pt(2, 0), pt(3, 0), 0, 0.25},
		{pt(3, 0), pt(4, 0), 0.8, 1},
		{pt(0, 1), pt(1, 1), 0.4, 0.65},
	} {
		s := segOf(t, g, c.a, c.b)
		if cov[s] < c.lo || cov[s] > c.hi {
			t.Errorf("%v-%v: %.2f, want %.2f..%.2f", c.a, c.b, cov[s], c.lo, c.hi)
		}
	}
}

// BenchmarkMatch matches a noisy 1 Hz walk over a 30 × 30 grid city (fixes
// every ~1.4 m) and reports fixes per second (goal: above 100,000/s).
func BenchmarkMatch(b *testing.B) {
	g := gridGraph(b, 30, 30)
	r := rand.New(rand.NewPCG(3, 3))
	var via []orb.Point
	for j := 0; j < 30; j += 2 {
		via = append(via, pt(0, float64(j)), pt(29, float64(j)), pt(29, float64(j+1)), pt(0, float64(j+1)))
	}
	pts := walk(r, 5, via...)
	b.ResetTimer()
	for b.Loop() {
		m := match.New(g, match.Options{})
		m.Add(pts)
		m.Coverage()
	}
	b.ReportMetric(float64(len(pts))*float64(b.N)/b.Elapsed().Seconds(), "points/s")
}
