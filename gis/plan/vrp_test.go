package plan

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/gis/graph"
)

// A deliberately poor two-inspector plan over a street grid (points and
// required streets dealt out at random, in random order) comes back from
// the vehicle-routing engine with every stop exactly once, a lower true
// total time, and no route longer than the longest before.
func TestImproveVRPImprovesAndKeepsEveryStop(t *testing.T) {
	const w, h = 8, 6
	pt := func(i, j float64) orb.Point { return orb.Point{106.60 + i*0.001, 20.78 + j*0.0009} }
	var segs []graph.Segment
	for j := 0; j < h; j++ {
		for i := 0; i < w; i++ {
			id := int64(j*w + i + 1)
			if i+1 < w {
				segs = append(segs, graph.Segment{ID: "h", Line: orb.LineString{pt(float64(i), float64(j)), pt(float64(i+1), float64(j))}, Class: "main", From: id, To: id + 1})
			}
			if j+1 < h {
				segs = append(segs, graph.Segment{ID: "v", Line: orb.LineString{pt(float64(i), float64(j)), pt(float64(i), float64(j+1))}, Class: "main", From: id, To: id + w})
			}
		}
	}
	g, err := graph.Build(segs, graph.Walk)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	shift := 8 * 3600.0
	p := &planner{g: g, opt: Options{Inspectors: 2, Seed: 1}, nodeIdx: map[int32]int{}}
	p.depot, _ = g.Snap(pt(0, 0), 500, nil)
	p.node(g.SegFrom[p.depot.Seg])
	p.node(g.SegTo[p.depot.Seg])
	for k := 0; k < 30; k++ {
		s := stop{t: k, seg: -1, service: 60}
		if k%3 == 0 { // a required street
			s.seg = int32(rng.IntN(len(g.Segs)))
			s.traverse = g.Time[s.seg]
			s.fwdOK, s.revOK = true, true
		} else {
			s.pos, _ = g.Snap(pt(rng.Float64()*(w-1), rng.Float64()*(h-1)), 500, nil)
			s.point, s.fwdOK = true, true
		}
		p.stops = append(p.stops, s)
		sg := s.seg
		if s.point {
			sg = s.pos.Seg
		}
		p.node(g.SegFrom[sg])
		p.node(g.SegTo[sg])
	}
	p.d = g.Table(p.nodes, p.nodes, graph.ByTime)
	routes := make([][]oriented, 2)
	for i := range p.stops {
		r := rng.IntN(2)
		routes[r] = append(routes[r], oriented{&p.stops[i], true})
	}
	total := func(rs [][]oriented) (sum, longest float64) {
		for _, r := range rs {
			t := p.sequenceTime(r)
			sum, longest = sum+t, max(longest, t)
		}
		return sum, longest
	}
	before, beforeMax := total(routes)
	got := p.improveVRP(context.Background(), routes, shift, 300*time.Millisecond)
	after, afterMax := total(got)
	if after >= before || afterMax > beforeMax+1e-9 || len(got) > 2 {
		t.Fatalf("total %.0f s → %.0f s, longest %.0f s → %.0f s, %d routes", before, after, beforeMax, afterMax, len(got))
	}
	seen := map[int]int{}
	for _, r := range got {
		for _, o := range r {
			seen[o.s.t]++
		}
	}
	for k := range p.stops {
		if seen[k] != 1 {
			t.Fatalf("stop %d planned %d times", k, seen[k])
		}
	}
	t.Logf("total %.0f s → %.0f s, longest %.0f s → %.0f s", before, after, beforeMax, afterMax)
}
