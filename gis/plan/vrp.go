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
	opt := vrp.Options{TimeLimit: budget, Seed: p.opt.Seed, Initial: [][][]int{initial}}
	if budget <= 0 { // the time is up: educate the plan and stop
		opt = vrp.Options{MaxIterations: 2, Seed: p.opt.Seed, Initial: opt.Initial}
	}
	// The ways to do each stop: (entry, exit) for each allowed direction.
	ways := func(k int) [][2]graph.Position {
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
	n := len(stops) + 1
	const unit = 10 // deciseconds
	dist := make([]int64, n*n)
	for i := 0; i < n; i++ {
		wi := ways(i)
		for j := i + 1; j < n; j++ {
			// The mean over directions of both stops and over the two
			// orders: a route's engine cost is then the mean of its true
			// time over random directions, both ways round, which the
			// exact choice of orient can only beat. A route the engine
			// fits in the shift therefore fits it for real.
			wj := ways(j)
			sum := 0.0
			for _, a := range wi {
				for _, b := range wj {
					sum += p.cost(a[1], b[0]) + p.cost(b[1], a[0])
				}
			}
			m := sum / float64(2*len(wi)*len(wj))
			if math.IsInf(m, 1) {
				m = 2 * shift
			}
			d := int64(math.Ceil(m * unit))
			dist[i*n+j], dist[j*n+i] = d, d
		}
	}
	pr := &vrp.Problem{Dist: dist, Demand: make([]int64, n), Capacity: 1,
		Service: make([]int64, n), Ready: make([]int64, n), Due: make([]int64, n), Vehicles: p.opt.Inspectors}
	for k := 0; k < n; k++ {
		pr.Due[k] = int64(shift * unit)
		if k > 0 {
			pr.Service[k] = int64(math.Ceil((stops[k-1].service + stops[k-1].traverse) * unit))
		}
	}
	res, err := vrp.Solve(ctx, pr, opt)
	if err != nil {
		return routes
	}
	var out [][]oriented
	after := 0.0
	for _, r := range res.Routes {
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
		if t > shift || t > beforeMax+1e-9 {
			return routes
		}
		after += t
		out = append(out, o)
	}
	if after >= before {
		return routes
	}
	return out
}
