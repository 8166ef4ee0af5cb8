package vrp

import (
	"math"
)

// Problem is what the engine solves. Node 0 is the depot; distances are
// integers (any unit) and must be symmetric, since the local search
// reverses parts of routes; times are in the same unit as distances.
type Problem struct {
	Dist     []int64 // N×N, row-major
	Demand   []int64
	Capacity int64
	// Service, Ready and Due give time windows (a vehicle may wait; it
	// must start serving a node by Due); nil for none. The depot's window
	// bounds every route: a duration limit is a depot window [0, limit].
	Service, Ready, Due []int64
	Vehicles            int       // 0: as many as needed
	X, Y                []float64 // optional; polar sectors prune SWAP*
}

// N is the number of nodes, depot included.
func (p *Problem) N() int { return len(p.Demand) }

// Problem is the instance as the engine sees it.
func (in *Instance) Problem() *Problem {
	return &Problem{Dist: in.dist, Demand: in.Demand, Capacity: in.Capacity, Service: in.Service,
		Ready: in.Ready, Due: in.Due, Vehicles: in.Vehicles, X: in.X, Y: in.Y}
}

// seg summarises a sequence of visits for time windows, as in Vidal et
// al. 2013 and PyVRP's DurationSegment: the duration including waiting,
// the time warp, and the earliest and latest start that achieve them.
type seg struct {
	first, last int32
	dur, tw     int64
	early, late int64
}

// engine holds the problem data in the form the search reads.
type engine struct {
	n       int
	d       []int64
	demand  []int64
	cap     int64
	service []int64
	ready   []int64
	due     []int64
	hasTW   bool
	// penalties per unit of excess load and of time warp
	penLoad, penTW float64
	sectors        []int32 // polar angle of each node, 0..65535; nil: none
}

func (e *engine) dist(i, j int32) int64 { return e.d[int(i)*e.n+int(j)] }

func (e *engine) single(i int32) seg {
	return seg{first: i, last: i, dur: e.service[i], early: e.ready[i], late: e.due[i]}
}

// merge concatenates two segments.
func (e *engine) merge(a, b seg) seg {
	d := e.dist(a.last, b.first)
	delta := a.dur - a.tw + d
	wait := max(b.early-delta-a.late, 0)
	warp := max(a.early+delta-b.late, 0)
	return seg{
		first: a.first, last: b.last,
		dur:   a.dur + b.dur + d + wait,
		tw:    a.tw + b.tw + warp,
		early: max(b.early-delta, a.early) - wait,
		late:  min(b.late-delta, a.late) + warp,
	}
}

func (e *engine) penalty(load, tw int64) float64 {
	p := 0.0
	if load > e.cap {
		p += e.penLoad * float64(load-e.cap)
	}
	if tw > 0 {
		p += e.penTW * float64(tw)
	}
	return p
}

// route is one vehicle's route in the local search: nodes with the depot
// at both ends, and prefix data so most moves are evaluated in O(1).
type route struct {
	id      int
	nodes   []int32
	cumDist []int64 // distance from the start to nodes[i]
	cumLoad []int64 // load of nodes[0..i]
	pre     []seg   // segment of nodes[0..i] (time windows only)
	suf     []seg   // segment of nodes[i..]
	dist    int64
	load    int64
	tw      int64
	cost    float64
	lastMod int
	// circle sector of the customers' polar angles (SWAP* pruning)
	secStart, secEnd int32
}

func (r *route) end() int    { return len(r.nodes) - 1 }
func (r *route) empty() bool { return len(r.nodes) == 2 }

// update recomputes the route's data after its nodes changed.
func (e *engine) update(r *route, where []int32, routeOf []int32) {
	n := len(r.nodes)
	r.cumDist = grow(r.cumDist, n)
	r.cumLoad = grow(r.cumLoad, n)
	r.cumDist[0], r.cumLoad[0] = 0, 0
	for i := 1; i < n; i++ {
		v := r.nodes[i]
		r.cumDist[i] = r.cumDist[i-1] + e.dist(r.nodes[i-1], v)
		r.cumLoad[i] = r.cumLoad[i-1] + e.demand[v]
		if i < n-1 {
			where[v] = int32(i)
			routeOf[v] = int32(r.id)
		}
	}
	r.dist, r.load, r.tw = r.cumDist[n-1], r.cumLoad[n-1], 0
	if e.hasTW {
		if cap(r.pre) < n {
			r.pre, r.suf = make([]seg, n, 2*n), make([]seg, n, 2*n)
		}
		r.pre, r.suf = r.pre[:n], r.suf[:n]
		r.pre[0] = e.single(0)
		for i := 1; i < n; i++ {
			r.pre[i] = e.merge(r.pre[i-1], e.single(r.nodes[i]))
		}
		r.suf[n-1] = e.single(0)
		for i := n - 2; i >= 0; i-- {
			r.suf[i] = e.merge(e.single(r.nodes[i]), r.suf[i+1])
		}
		r.tw = r.pre[n-1].tw
	}
	r.cost = float64(r.dist) + e.penalty(r.load, r.tw)
	if e.sectors != nil && n > 2 {
		r.secStart, r.secEnd = e.sectors[r.nodes[1]], e.sectors[r.nodes[1]]
		for _, v := range r.nodes[2 : n-1] {
			r.extend(e.sectors[v])
		}
	}
}

func grow(s []int64, n int) []int64 {
	if cap(s) < n {
		return make([]int64, n, 2*n)
	}
	return s[:n]
}

func pmod(x int32) int32 { return ((x % 65536) + 65536) % 65536 }

// extend grows the route's sector to hold angle a by the shorter side
// (HGS-CVRP's CircleSector).
func (r *route) extend(a int32) {
	if pmod(a-r.secStart) <= pmod(r.secEnd-r.secStart) {
		return
	}
	if pmod(a-r.secEnd) <= pmod(r.secStart-a) {
		r.secEnd = a
	} else {
		r.secStart = a
	}
}

func overlap(a, b *route) bool {
	return pmod(b.secStart-a.secStart) <= pmod(a.secEnd-a.secStart) ||
		pmod(a.secStart-b.secStart) <= pmod(b.secEnd-b.secStart)
}

func polarSectors(p *Problem) []int32 {
	if len(p.X) != p.N() || len(p.Y) != p.N() {
		return nil
	}
	s := make([]int32, p.N())
	for i := range s {
		a := math.Atan2(p.Y[i]-p.Y[0], p.X[i]-p.X[0])
		s[i] = pmod(int32(32768 * a / math.Pi))
	}
	return s
}

// piece is part of an existing route, positions a..b inclusive, maybe
// reversed: a candidate route is a concatenation of pieces.
type piece struct {
	r    *route
	a, b int
	rev  bool
}

func (p piece) head() int32 {
	if p.rev {
		return p.r.nodes[p.b]
	}
	return p.r.nodes[p.a]
}

func (p piece) tail() int32 {
	if p.rev {
		return p.r.nodes[p.a]
	}
	return p.r.nodes[p.b]
}

// distLoad is the distance and load of the route the pieces make, O(len(ps)).
func (e *engine) distLoad(ps []piece) (int64, int64) {
	var d, l int64
	for k, p := range ps {
		d += p.r.cumDist[p.b] - p.r.cumDist[p.a]
		l += p.r.cumLoad[p.b]
		if p.a > 0 {
			l -= p.r.cumLoad[p.a-1]
		}
		if k > 0 {
			d += e.dist(ps[k-1].tail(), p.head())
		}
	}
	return d, l
}

// segOf is a piece's time-window segment: O(1) for a prefix or suffix,
// O(length) otherwise.
func (e *engine) segOf(p piece) seg {
	r := p.r
	switch {
	case !p.rev && p.a == 0:
		return r.pre[p.b]
	case !p.rev && p.b == r.end():
		return r.suf[p.a]
	case !p.rev:
		s := e.single(r.nodes[p.a])
		for i := p.a + 1; i <= p.b; i++ {
			s = e.merge(s, e.single(r.nodes[i]))
		}
		return s
	}
	s := e.single(r.nodes[p.b])
	for i := p.b - 1; i >= p.a; i-- {
		s = e.merge(s, e.single(r.nodes[i]))
	}
	return s
}

func (e *engine) timeWarp(ps []piece) int64 {
	s := e.segOf(ps[0])
	for _, p := range ps[1:] {
		s = e.merge(s, e.segOf(p))
	}
	return s.tw
}

// build writes the nodes of the pieces into a new slice.
func build(ps []piece) []int32 {
	n := 0
	for _, p := range ps {
		n += p.b - p.a + 1
	}
	out := make([]int32, 0, n)
	for _, p := range ps {
		if p.rev {
			for i := p.b; i >= p.a; i-- {
				out = append(out, p.r.nodes[i])
			}
		} else {
			out = append(out, p.r.nodes[p.a:p.b+1]...)
		}
	}
	return out
}

// costOf is the penalised cost of an explicit node list (depot at both ends).
func (e *engine) costOf(nodes []int32) float64 {
	var d, l int64
	for i := 1; i < len(nodes); i++ {
		d += e.dist(nodes[i-1], nodes[i])
		l += e.demand[nodes[i]]
	}
	var tw int64
	if e.hasTW {
		s := e.single(nodes[0])
		for _, v := range nodes[1:] {
			s = e.merge(s, e.single(v))
		}
		tw = s.tw
	}
	return float64(d) + e.penalty(l, tw)
}
