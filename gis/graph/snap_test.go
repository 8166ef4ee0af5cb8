package graph_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/demo"
	"wardmap/gis/graph"
	"wardmap/gis/plan"
)

// demoGraph is the demo ward's street graph and 10,000 points spread
// over its box and a little beyond (inspectors stand off the street).
func demoGraph(b testing.TB) (*graph.Graph, []orb.Point) {
	b.Helper()
	w := demo.Generate()
	streets := w.ByKind(gis.Street)
	g, err := graph.Build(plan.StreetSegments(streets), graph.Walk)
	if err != nil {
		b.Fatal(err)
	}
	var ext orb.Bound
	for i, f := range streets {
		if i == 0 {
			ext = f.Geom.Bound()
		}
		ext = ext.Union(f.Geom.Bound())
	}
	ext = ext.Pad(0.002)
	r := rand.New(rand.NewPCG(5, 6))
	pts := make([]orb.Point, 10000)
	for i := range pts {
		pts[i] = orb.Point{ext.Min[0] + r.Float64()*(ext.Max[0]-ext.Min[0]), ext.Min[1] + r.Float64()*(ext.Max[1]-ext.Min[1])}
	}
	return g, pts
}

// BenchmarkSnap snaps 10,000 points of the demo ward to their nearest
// street, as the planner does with every task and start.
func BenchmarkSnap(b *testing.B) {
	g, pts := demoGraph(b)
	for b.Loop() {
		for _, p := range pts {
			g.Snap(p, 2000, nil)
		}
	}
}

// BenchmarkNear lists the streets within 25 m of 10,000 points of the
// demo ward, as the track matcher does with every fix.
func BenchmarkNear(b *testing.B) {
	g, pts := demoGraph(b)
	n := 0
	for b.Loop() {
		for _, p := range pts {
			g.Near(p, 25, func(int32, float64, float64, float64, float64) { n++ })
		}
	}
}

// TestSnapNearAgainstScan holds Snap and Near on the demo ward to a scan
// of every piece of every street in the graph's own metres.
func TestSnapNearAgainstScan(t *testing.T) {
	g, pts := demoGraph(t)
	segDist := func(x, y float64, a, b orb.Point) float64 {
		ax, ay := g.XY(a)
		bx, by := g.XY(b)
		dx, dy := bx-ax, by-ay
		u := 0.0
		if l2 := dx*dx + dy*dy; l2 > 0 {
			u = min(max(((x-ax)*dx+(y-ay)*dy)/l2, 0), 1)
		}
		return math.Hypot(ax+u*dx-x, ay+u*dy-y)
	}
	const tol = 25.0
	for _, p := range pts[:1500] {
		x, y := g.XY(p)
		bestD := math.Inf(1)
		within := map[int32]bool{}
		for s, seg := range g.Segs {
			for i := 1; i < len(seg.Line); i++ {
				d := segDist(x, y, seg.Line[i-1], seg.Line[i])
				bestD = min(bestD, d)
				if d <= tol {
					within[int32(s)] = true
				}
			}
		}
		pos, ok := g.Snap(p, 0, nil)
		if !ok || math.Abs(pos.Dist-bestD) > 1e-9 {
			t.Fatalf("Snap(%v) = %v at %.6f m, the scan finds %.6f m", p, ok, pos.Dist, bestD)
		}
		got := map[int32]bool{}
		g.Near(p, tol, func(s int32, _, d, _, _ float64) {
			if d > tol {
				t.Fatalf("Near(%v) gave segment %d at %.2f m, past %g m", p, s, d, tol)
			}
			got[s] = true
		})
		if len(got) != len(within) {
			t.Fatalf("Near(%v) found %d segments, the scan %d", p, len(got), len(within))
		}
		for s := range within {
			if !got[s] {
				t.Fatalf("Near(%v) missed segment %d", p, s)
			}
		}
	}
}
