package plan

import (
	"context"
	"math"
	"time"

	"wardmap/gis/graph"
	"wardmap/gis/vrp"
)

// improveVRP re-plans the stops of routes with the vehicle-routing engine
// of gis/vrp (the one measured on CVRPLIB): inspectors are the vehicles,
// the shift is the depot's time window (a duration limit), the time at a
// target (service, plus travelling along a required street) is its
// service time. The engine needs symmetric costs between single nodes, so
// a street's direction is averaged out (see below); the true route times,
// with each street's direction chosen by the exact programme of orient,
// decide whether the engine's plan replaces the current one: only when
// the total time is lower and no route is longer than the longest before
// (the plan shares the work out evenly; the engine minimises the total).
func (p *planner) improveVRP(ctx context.Context, routes [][]oriented, shift float64, budget time.Duration) [][]oriented {
	var stops []*stop
	var initial [][]int
	before, beforeMax := 0.0, 0.0
	for _, rs := range routes {
		var r []int
		for _, o := range rs {
			stops = append(stops, o.s)
			r = append(r, len(stops))
		}
		if len(r) > 0 {
			initial = append(initial, r)
		}
		t := p.sequenceTime(rs)
		before, beforeMax = before+t, max(beforeMax, t)
	}
	if len(stops) < 2 {
		return routes
	}
	n := len(stops) + 1
	pr := &vrp.Problem{Dist: p.vrpDist(stops, shift), Demand: make([]int64, n), Capacity: 1,
		Service: make([]int64, n), Ready: make([]int64, n), Due: make([]int64, n), Vehicles: p.opt.Inspectors}
	for k := 0; k < n; k++ {
		pr.Due[k] = int64(shift * vrpUnit)
		if k > 0 {
			pr.Service[k] = int64(math.Ceil((stops[k-1].service + stops[k-1].traverse) * vrpUnit))
		}
	}
	var res *vrp.Result
	var err error
	if budget > 0 {
		res, err = vrp.Solve(ctx, pr, vrp.Options{TimeLimit: budget, Seed: p.opt.Seed, Initial: [][][]int{initial}})
	} else { // the time is up: only the engine's local search on the plan
		res, err = vrp.Improve(pr, initial, p.opt.Seed)
	}
	if err != nil || !res.Feasible {
		return routes
	}
	out, after, ok := p.orientVRP(res.Routes, stops, min(shift, beforeMax+1e-9))
	if !ok || after >= before {
		return routes
	}
	return out
}

// vrpUnit is the engine's time unit per second: it counts in integers,
// deciseconds.
const vrpUnit = 10

// ways are the ways to do stop k (0: the depot) as (entry, exit) pairs,
// one for each direction its street allows.
func (p *planner) ways(stops []*stop, k int) [][2]graph.Position {
	if k == 0 {
		return [][2]graph.Position{{p.depot, p.depot}}
	}
	s := stops[k-1]
	if s.point {
		return [][2]graph.Position{{s.pos, s.pos}}
	}
	var w [][2]graph.Position
	for _, fwd := range [2]bool{true, false} {
		if (fwd && s.fwdOK) || (!fwd && s.revOK) {
			a, b := p.ends(s, fwd)
			w = append(w, [2]graph.Position{a, b})
		}
	}
	if len(w) == 0 {
		a, b := p.ends(s, true)
		w = [][2]graph.Position{{a, b}, {b, a}}
	}
	return w
}

// legs are a position's legs to and from the ends of its segment, so that
// the n² costs of vrpDist are table look-ups (p.cost recomputes them).
type legs struct {
	pos     graph.Position
	node    [2]int
	out, in [2]float64
}

func (p *planner) legsOf(a graph.Position) legs {
	l := legs{pos: a}
	for x, e := range [2]int32{p.g.SegFrom[a.Seg], p.g.SegTo[a.Seg]} {
		l.node[x] = p.nodeIdx[e]
		l.out[x] = p.along(a.Seg, a.Off, p.endOff(a.Seg, e))
		l.in[x] = p.along(a.Seg, p.endOff(a.Seg, e), a.Off)
	}
	return l
}

// legCost is p.cost(a.pos, b.pos) from the legs.
func (p *planner) legCost(a, b *legs) float64 {
	best := math.Inf(1)
	if a.pos.Seg == b.pos.Seg {
		best = p.along(a.pos.Seg, a.pos.Off, b.pos.Off)
	}
	for x := 0; x < 2; x++ {
		for y := 0; y < 2; y++ {
			best = min(best, a.out[x]+p.d[a.node[x]][b.node[y]]+b.in[y])
		}
	}
	return best
}

// vrpDist is the engine's symmetric cost matrix between the depot (0) and
// the stops, in vrpUnit.
func (p *planner) vrpDist(stops []*stop, shift float64) []int64 {
	n := len(stops) + 1
	w := make([][][2]legs, n)
	for k := range w {
		for _, io := range p.ways(stops, k) {
			w[k] = append(w[k], [2]legs{p.legsOf(io[0]), p.legsOf(io[1])})
		}
	}
	dist := make([]int64, n*n)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			// The mean over directions of both stops and over the two
			// orders: a route's engine cost is then the mean of its true
			// time over random directions, both ways round, which the
			// exact choice of orient can only beat. A route the engine
			// fits in the shift therefore fits it for real.
			sum := 0.0
			for a := range w[i] {
				for b := range w[j] {
					sum += p.legCost(&w[i][a][1], &w[j][b][0]) + p.legCost(&w[j][b][1], &w[i][a][0])
				}
			}
			m := sum / float64(2*len(w[i])*len(w[j]))
			if math.IsInf(m, 1) {
				m = 2 * shift
			}
			d := int64(math.Ceil(m * vrpUnit))
			dist[i*n+j], dist[j*n+i] = d, d
		}
	}
	return dist
}

// orientVRP turns the engine's routes (stop numbers from 1) into oriented
// routes, each street's direction chosen exactly and the route run the
// quicker way round, and sums their times; ok is false when a route takes
// longer than limit.
func (p *planner) orientVRP(routes [][]int, stops []*stop, limit float64) (out [][]oriented, total float64, ok bool) {
	for _, r := range routes {
		seq := make([]*stop, len(r))
		for i, v := range r {
			seq[i] = stops[v-1]
		}
		o := p.orient(seq)
		rev := make([]*stop, len(seq))
		for i, s := range seq {
			rev[len(seq)-1-i] = s
		}
		if b := p.orient(rev); p.sequenceTime(b) < p.sequenceTime(o) {
			o = b
		}
		t := p.sequenceTime(o)
		if t > limit {
			return nil, 0, false
		}
		total += t
		out = append(out, o)
	}
	return out, total, true
}
