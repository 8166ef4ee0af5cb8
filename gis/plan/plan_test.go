package plan_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/gis/graph"
	"wardmap/gis/plan"

	"wardmap/gis/gistest"
)

const dLon, dLat = 100 / 104000.0, 100 / 110700.0

func pt(i, j float64) orb.Point { return orb.Point{106.60 + i*dLon, 20.78 + j*dLat} }

// grid makes a w×h grid of 100 m streets; oneway marks row 0 one-way east.
func grid(w, h int, oneway bool) []graph.Segment {
	id := func(i, j int) int64 { return int64(j*w + i + 1) }
	var segs []graph.Segment
	for j := 0; j < h; j++ {
		for i := 0; i < w; i++ {
			if i+1 < w {
				s := graph.Segment{ID: "h", Line: orb.LineString{pt(float64(i), float64(j)), pt(float64(i+1), float64(j))}, Class: "main", From: id(i, j), To: id(i+1, j), Length: 100}
				if oneway && j == 0 {
					s.Oneway = 1
				}
				segs = append(segs, s)
			}
			if j+1 < h {
				segs = append(segs, graph.Segment{ID: "v", Line: orb.LineString{pt(float64(i), float64(j)), pt(float64(i), float64(j+1))}, Class: "main", From: id(i, j), To: id(i, j+1), Length: 100})
			}
		}
	}
	return segs
}

// seg returns the index of the segment from grid point a to b.
func seg(t *testing.T, g *graph.Graph, a, b orb.Point) int32 {
	t.Helper()
	for i, s := range g.Segs {
		if (s.Line[0] == a && s.Line[1] == b) || (s.Line[0] == b && s.Line[1] == a) {
			return int32(i)
		}
	}
	t.Fatalf("no segment %v-%v", a, b)
	return -1
}

func opts(n int, shift time.Duration, start orb.Point) plan.Options {
	return plan.Options{Inspectors: n, Shift: shift, Start: start, TimeLimit: 300 * time.Millisecond, Seed: 1}
}

// Two required pieces of one street, 200 m apart, from the west end:
// the best round trip is 800 m (out along the street, back); the bound is
// the required 200 m plus the 200 m gap.
func TestTwoPiecesOfAStreet(t *testing.T) {
	g, _ := graph.Build(grid(5, 5, false), graph.Walk)
	ts := []plan.Target{
		{ID: "a", Segment: seg(t, g, pt(0, 0), pt(1, 0))},
		{ID: "b", Segment: seg(t, g, pt(3, 0), pt(4, 0))},
	}
	p, err := plan.Make(context.Background(), g, ts, opts(1, 4*time.Hour, pt(0, 0)))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Routes) != 1 || len(p.Left) != 0 {
		t.Fatalf("%d routes, %d left", len(p.Routes), len(p.Left))
	}
	if !gistest.Near(p.Length, 800, 0.5) || !gistest.Near(p.LowerBound, 400, 0.5) || !gistest.Near(p.Required, 200, 0.5) {
		t.Errorf("length %v bound %v required %v; want 800, 400, 200", p.Length, p.LowerBound, p.Required)
	}
	if want := 800 / graph.Walk.Default; math.Abs(p.Time-want) > 1 {
		t.Errorf("time %v, want %v", p.Time, want)
	}
	r := p.Routes[0]
	if r.Path[0] != r.Path[len(r.Path)-1] {
		t.Error("route does not return to the start")
	}
}

// A whole block required, starting at its corner: one loop, 400 m, equal
// to the bound.
func TestBlockLoopMeetsBound(t *testing.T) {
	g, _ := graph.Build(grid(4, 4, false), graph.Walk)
	c := [][2]orb.Point{{pt(1, 1), pt(2, 1)}, {pt(2, 1), pt(2, 2)}, {pt(2, 2), pt(1, 2)}, {pt(1, 2), pt(1, 1)}}
	var ts []plan.Target
	for i, e := range c {
		ts = append(ts, plan.Target{ID: string(rune('a' + i)), Segment: seg(t, g, e[0], e[1])})
	}
	p, err := plan.Make(context.Background(), g, ts, opts(1, 4*time.Hour, pt(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if !gistest.Near(p.Length, 400, 0.5) || !gistest.Near(p.LowerBound, 400, 0.5) {
		t.Errorf("length %v bound %v, want 400 and 400", p.Length, p.LowerBound)
	}
}

// Lamps at four corners of a block and one in the middle of a side: the
// round trip is the block's perimeter, 400 m; each lamp takes its service.
func TestPointsAroundABlock(t *testing.T) {
	g, _ := graph.Build(grid(4, 4, false), graph.Walk)
	ps := []orb.Point{pt(2, 1), pt(2, 2), pt(1, 2), pt(1.5, 1.0001)}
	var ts []plan.Target
	for i, q := range ps {
		ts = append(ts, plan.Target{ID: string(rune('a' + i)), Point: q, Segment: -1, Service: 60})
	}
	p, err := plan.Make(context.Background(), g, ts, opts(1, 4*time.Hour, pt(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if !gistest.Near(p.Length, 400, 0.5) {
		t.Errorf("length %v, want 400", p.Length)
	}
	if want := 400/graph.Walk.Default + 240; math.Abs(p.Time-want) > 1 {
		t.Errorf("time %v, want %v", p.Time, want)
	}
	if len(p.Routes[0].Visits) != 4 {
		t.Errorf("visits %d", len(p.Routes[0].Visits))
	}
}

// Two clusters on opposite sides of the start go to two inspectors, one
// each, with equal work.
func TestSplitBalances(t *testing.T) {
	g, _ := graph.Build(grid(9, 3, false), graph.Walk)
	ts := []plan.Target{
		{ID: "w1", Segment: seg(t, g, pt(0, 0), pt(1, 0))},
		{ID: "e1", Segment: seg(t, g, pt(7, 0), pt(8, 0))},
		{ID: "w2", Segment: seg(t, g, pt(0, 1), pt(1, 1))},
		{ID: "e2", Segment: seg(t, g, pt(7, 1), pt(8, 1))},
	}
	p, err := plan.Make(context.Background(), g, ts, opts(2, 2*time.Hour, pt(4, 0)))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Routes) != 2 {
		t.Fatalf("%d routes", len(p.Routes))
	}
	for _, r := range p.Routes {
		ids := map[byte]bool{}
		for _, v := range r.Visits {
			ids[ts[v.Target].ID[0]] = true
		}
		if len(ids) != 1 || len(r.Visits) != 2 {
			t.Errorf("route %d mixes the clusters: %v", r.Inspector, ids)
		}
		// 4 to the end of the cluster and back (800) plus the loop of
		// the two pieces (100 + 100 + 100 + 100 around the block): 1000.
		if !gistest.Near(r.Length, 1000, 0.5) {
			t.Errorf("route %d length %v, want 1000", r.Inspector, r.Length)
		}
	}
}

// When not everything fits, the first targets (most overdue) are planned
// and the last are left over.
func TestOverdueFirst(t *testing.T) {
	g, _ := graph.Build(grid(6, 6, false), graph.Walk)
	var ts []plan.Target
	for i := 0; i < 5; i++ {
		for j := 0; j < 6; j++ {
			ts = append(ts, plan.Target{ID: "x", Segment: seg(t, g, pt(float64(i), float64(j)), pt(float64(i+1), float64(j))), Overdue: 100 - len(ts)})
		}
	}
	// 30 segments of 80 s each alone take 40 min; give 20 minutes.
	p, err := plan.Make(context.Background(), g, ts, opts(1, 20*time.Minute, pt(0, 0)))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Left) == 0 || len(p.Routes) != 1 {
		t.Fatalf("left %d routes %d", len(p.Left), len(p.Routes))
	}
	planned := map[int]bool{}
	for _, v := range p.Routes[0].Visits {
		planned[v.Target] = true
	}
	minLeft := len(ts)
	for _, l := range p.Left {
		minLeft = min(minLeft, l.Target)
		if planned[l.Target] {
			t.Errorf("target %d both planned and left", l.Target)
		}
	}
	for i := 0; i < minLeft; i++ {
		if !planned[i] {
			t.Errorf("target %d (more overdue than left-over %d) not planned", i, minLeft)
		}
	}
	if p.Routes[0].Time > (20 * time.Minute).Seconds() {
		t.Errorf("route %v s exceeds the shift", p.Routes[0].Time)
	}
	if len(planned)+len(p.Left) != len(ts) {
		t.Errorf("planned %d + left %d != %d", len(planned), len(p.Left), len(ts))
	}
}

// On a motorbike a required one-way segment is ridden the legal way.
func TestOnewayRequired(t *testing.T) {
	g, _ := graph.Build(grid(4, 3, true), graph.Motorbike)
	s := seg(t, g, pt(1, 0), pt(2, 0)) // row 0 is one-way east
	p, err := plan.Make(context.Background(), g, []plan.Target{{ID: "ow", Segment: s}}, opts(1, time.Hour, pt(3, 0)))
	if err != nil {
		t.Fatal(err)
	}
	v := p.Routes[0].Visits[0]
	if v.Entry.Off != 0 || v.Exit.Off != 100 {
		t.Errorf("one-way ridden %v→%v", v.Entry.Off, v.Exit.Off)
	}
	// From (3,0): up, west along row 1 to (1,1), down, east along the
	// one-way to (2,0), east to (3,0): 100+200+100+100+100 = 600.
	if !gistest.Near(p.Length, 600, 0.5) {
		t.Errorf("length %v, want 600", p.Length)
	}
}

func TestErrors(t *testing.T) {
	g, _ := graph.Build(grid(3, 3, false), graph.Walk)
	if _, err := plan.Make(context.Background(), g, nil, opts(0, time.Hour, pt(0, 0))); err == nil {
		t.Error("0 inspectors accepted")
	}
	if _, err := plan.Make(context.Background(), g, nil, opts(1, time.Hour, orb.Point{107, 21})); err == nil {
		t.Error("start far away accepted")
	}
	p, err := plan.Make(context.Background(), g, []plan.Target{{ID: "far", Point: orb.Point{106.7, 20.9}, Segment: -1}}, opts(1, time.Hour, pt(0, 0)))
	if err != nil || len(p.Left) != 1 || len(p.Routes) != 0 {
		t.Errorf("far point: %v %+v", err, p)
	}
}
