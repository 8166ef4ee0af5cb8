// Package plan turns a list of due inspection targets into routes over the
// street graph for N inspectors: every point target visited at its nearest
// street position, every required street segment travelled end to end,
// from a start (the ward office) back to it, each route within a shift
// (travel plus service time), overdue targets first when not everything
// fits.
//
// Method (route first, cluster second):
//  1. Targets come in priority order (most overdue first). The plan takes
//     the longest prefix that fits, found by bisection: for a prefix, one
//     giant tour is solved and split optimally into at most N consecutive
//     routes minimising the longest (which also balances the work); the
//     prefix fits when the longest route is within the shift.
//  2. The tour is a symmetric TSP solved by gis/tour (Lin–Kernighan style
//     moves, Or-opt-like kicks, iterated). A point target is one node. A
//     required segment is two nodes, its two ends, joined by a free edge
//     while every other edge costs a large constant more, so every good
//     tour enters the segment at one end and leaves at the other (a
//     standard clustered-TSP transformation).
//  3. Travel costs are exact street travel times (Dijkstra tables between
//     the end nodes of the segments involved, plus the part of a segment
//     between a target and its ends). For the motorbike, whose times are
//     asymmetric because of one-way streets, the solver sees the mean of
//     both directions; a dynamic programme then picks, for the tour's
//     order, the direction of the whole tour and of each required segment
//     with the true directed times (one-way segments only the legal way).
//  4. Each route is then re-optimised on its own with the rest of the
//     time budget.
//
// Lower bound: the required street length plus a minimum spanning tree, in
// metres, over the components that must be connected (each connected set of
// required segments, each point target, the start), with the shortest
// street distance between components as edge weights. Any set of closed
// walks through the start that covers everything contains the required
// segments and, once one edge is removed from each walk, a connected
// structure joining all components, which is at least that tree.
package plan

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/paulmach/orb"

	"wardmap/gis/graph"
	"wardmap/gis/tour"
)

// Target is one thing to visit.
type Target struct {
	ID    string
	Kind  string
	Code  string // short code for device names
	Title string // Vietnamese title
	Desc  string // Vietnamese details for the device
	// Point is where a point target is; ignored for a street.
	Point orb.Point
	// Segment is the graph segment to travel along for a street target,
	// -1 for a point target.
	Segment int32
	// Service is the time spent at the target, in seconds (for a street,
	// on top of travelling along it).
	Service float64
	Overdue int
}

// Options shape a plan.
type Options struct {
	Inspectors int           // at least 1
	Shift      time.Duration // per inspector, travel plus service
	Start      orb.Point     // where every route starts and ends
	// Starts, when set, is where each inspector starts and ends instead
	// (inspector i+1 at Starts[i]; a missing or zero entry is Start):
	// inspectors who live or work across the ward need not walk to the
	// office first.
	Starts []orb.Point
	// TimeLimit bounds the whole optimisation (0: 1.5 s).
	TimeLimit time.Duration
	Seed      uint64
	// MaxSnap is how far a point target may lie from any street, in
	// metres (0: 300 m). Farther ones are left over.
	MaxSnap float64
}

// Visit is a target on a route.
type Visit struct {
	Target int // index into the targets given to Make
	// Entry and Exit are where the visit starts and ends on the streets
	// (the same position for a point target).
	Entry, Exit graph.Position
	Arrive      float64 // seconds after the route's start
	Depart      float64
	// PathAt is the index in Route.Path of the visit's entry.
	PathAt int
}

// Route is one inspector's day.
type Route struct {
	Inspector int
	// Start is where the route starts and ends, on the street nearest
	// the inspector's start.
	Start  orb.Point
	Visits []Visit
	// Path is the whole way walked or ridden, start to start.
	Path orb.LineString
	// Turns are the junctions passed, in order, for a device's route
	// points (the visits' positions are added by the writer).
	Length  float64 // metres
	Travel  float64 // seconds moving (including along required segments)
	Service float64 // seconds at targets
	Time    float64 // Travel + Service
	// Required is the length of required segments on this route, metres.
	Required float64
}

// Left is a target not planned, with the reason.
type Left struct {
	Target int
	Reason string
}

// Plan is the result.
type Plan struct {
	Routes []Route
	Left   []Left
	// Length is the total length of all routes, LowerBound the bound on it
	// described in the package documentation; Required the required street
	// length planned.
	Length, LowerBound, Required float64
	Time                         float64 // total seconds of all routes
	Start                        graph.Position
}

// Errors.
var (
	ErrOptions = errors.New("plan: invalid options")
	ErrStart   = errors.New("plan: the start is not near any street")
)

// Why a target is left over for lack of time: another inspector, from
// another start, may still take it (makeFromStarts).
const (
	reasonAlone = "một mình đã quá ca làm việc (does not fit in a shift even alone)"
	reasonShift = "không đủ thời gian trong ca (does not fit in the shift)"
)

// stop is a target as the planner sees it.
type stop struct {
	t        int
	point    bool
	pos      graph.Position // point target
	seg      int32          // street target
	service  float64
	traverse float64 // seconds along a required segment
	fwdOK    bool
	revOK    bool
}

// entry/exit positions of a stop in an orientation (fwd: as drawn).
func (p *planner) ends(s *stop, fwd bool) (graph.Position, graph.Position) {
	if s.point {
		return s.pos, s.pos
	}
	a := graph.Position{Seg: s.seg, Off: 0, Point: p.g.Nodes[p.g.SegFrom[s.seg]]}
	b := graph.Position{Seg: s.seg, Off: p.g.Len[s.seg], Point: p.g.Nodes[p.g.SegTo[s.seg]]}
	if fwd {
		return a, b
	}
	return b, a
}

type planner struct {
	g        *graph.Graph
	opt      Options
	targets  []Target
	depot    graph.Position
	nodeIdx  map[int32]int
	nodes    []int32
	d        [][]float64 // time between nodes[i] and nodes[j]
	stops    []stop
	deadline time.Time
}

// Make plans routes for targets, which must come in priority order (most
// overdue first). It never fails for lack of time: when the budget runs
// out it returns the best plan found.
func Make(ctx context.Context, g *graph.Graph, targets []Target, opt Options) (*Plan, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	starts, same := opt.starts()
	if !same {
		return makeFromStarts(ctx, g, targets, opt, starts)
	}
	opt.Start = starts[0]
	return makeOne(ctx, g, targets, opt)
}

// makeOne plans every route from the one start opt.Start: place the
// targets on the streets, keep those one inspector can reach and finish,
// find the longest prefix (in priority order) the inspectors can share,
// improve the routes, then fill what slack is left.
func makeOne(ctx context.Context, g *graph.Graph, targets []Target, opt Options) (*Plan, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	p := &planner{g: g, opt: opt, targets: targets, nodeIdx: map[int32]int{}, deadline: time.Now().Add(opt.TimeLimit)}
	depot, ok := g.Snap(opt.Start, 2000, nil)
	if !ok {
		return nil, ErrStart
	}
	p.depot = depot
	plan := &Plan{Start: depot}
	p.node(g.SegFrom[depot.Seg])
	p.node(g.SegTo[depot.Seg])
	shift := opt.Shift.Seconds()
	p.placeTargets(plan)
	p.measureNodes()
	p.dropUnfit(plan, shift)
	best, lo := p.fitPrefix(ctx, shift)
	rest := p.stops[lo:]
	// Re-optimise each route with a third of the remaining budget, then
	// the routes together with the vehicle-routing engine (improveVRP).
	p.reoptimiseRoutes(ctx, best)
	best = p.improveVRP(ctx, best, shift, time.Until(p.deadline))
	// Slack left after re-optimising takes the next targets, cheapest
	// insertion, still in priority order.
	rest = p.fill(&best, rest, opt.Inspectors, shift)
	for _, s := range rest {
		plan.Left = append(plan.Left, Left{s.t, reasonShift})
	}
	p.addRoutes(plan, best)
	sort.SliceStable(plan.Left, func(i, j int) bool { return plan.Left[i].Target < plan.Left[j].Target })
	plan.LowerBound = p.lowerBound(best)
	return plan, ctx.Err()
}

// withDefaults checks the options a plan cannot do without and fills the
// time limit and snapping distance left at zero.
func (opt Options) withDefaults() (Options, error) {
	if opt.Inspectors < 1 || opt.Inspectors > 100 || opt.Shift <= 0 {
		return opt, fmt.Errorf("%w: need 1–100 inspectors and a positive shift (got %d, %v)", ErrOptions, opt.Inspectors, opt.Shift)
	}
	if opt.TimeLimit <= 0 {
		opt.TimeLimit = 1500 * time.Millisecond
	}
	if opt.MaxSnap <= 0 {
		opt.MaxSnap = 300
	}
	return opt, nil
}

// placeTargets makes a stop of every target: a segment to walk, or a
// point snapped to its street. Targets that cannot be placed go to
// plan.Left with the reason.
func (p *planner) placeTargets(plan *Plan) {
	g, opt := p.g, p.opt
	for i := range p.targets {
		t := &p.targets[i]
		s := stop{t: i, seg: -1, service: t.Service}
		if t.Segment >= 0 {
			if int(t.Segment) >= len(g.Segs) {
				plan.Left = append(plan.Left, Left{i, "đoạn đường không có trong đồ thị (segment not in the graph)"})
				continue
			}
			s.seg = t.Segment
			s.traverse = g.Time[t.Segment]
			s.fwdOK, s.revOK = g.SegmentAllowed(t.Segment, true), g.SegmentAllowed(t.Segment, false)
		} else {
			pos, ok := g.Snap(t.Point, opt.MaxSnap, nil)
			if !ok {
				plan.Left = append(plan.Left, Left{i, fmt.Sprintf("cách đường phố hơn %.0f m (farther than %.0f m from any street)", opt.MaxSnap, opt.MaxSnap)})
				continue
			}
			s.point, s.pos, s.fwdOK = true, pos, true
		}
		p.stops = append(p.stops, s)
	}
}

// measureNodes works out the travel times between every end node of the
// stops' segments (and the start's).
func (p *planner) measureNodes() {
	for _, s := range p.stops {
		seg := s.seg
		if s.point {
			seg = s.pos.Seg
		}
		p.node(p.g.SegFrom[seg])
		p.node(p.g.SegTo[seg])
	}
	p.d = p.g.Table(p.nodes, p.nodes, graph.ByTime)
}

// dropUnfit moves to plan.Left the stops no one can reach from the start
// and those that alone do not fit in a shift.
func (p *planner) dropUnfit(plan *Plan, shift float64) {
	kept := p.stops[:0]
	for _, s := range p.stops {
		alone := p.sequenceTime([]oriented{{&s, s.fwdOK || s.point}})
		switch {
		case math.IsInf(alone, 1):
			plan.Left = append(plan.Left, Left{s.t, "không tới được từ điểm xuất phát (not reachable from the start)"})
		case alone > shift:
			plan.Left = append(plan.Left, Left{s.t, reasonAlone})
		default:
			kept = append(kept, s)
		}
	}
	p.stops = kept
}

// fitPrefix bisects for the longest prefix of the stops that the
// inspectors can share within a shift each, in half the time limit (past
// it only while nothing fits yet). It returns the prefix's routes and its
// length.
func (p *planner) fitPrefix(ctx context.Context, shift float64) ([][]oriented, int) {
	lo, hi := 0, len(p.stops)
	var best [][]oriented
	capacity := shift * float64(p.opt.Inspectors)
	var sum float64
	for i, s := range p.stops { // service and traversal alone bound the prefix
		sum += s.service + s.traverse
		if sum > capacity {
			hi = i
			break
		}
	}
	budget := p.opt.TimeLimit / 2
	probeStart := time.Now()
	try := func(k int) ([][]oriented, bool) {
		if k == 0 {
			return nil, true
		}
		seq := p.giant(ctx, p.stops[:k], tour.Options{MaxIterations: max(k/4, 20), Seed: p.opt.Seed})
		routes, worst := p.split(seq, p.opt.Inspectors)
		return routes, worst <= shift
	}
	if r, ok := try(hi); ok {
		return r, hi
	}
	for lo < hi-1 && (time.Since(probeStart) < budget || lo == 0) {
		mid := (lo + hi) / 2
		if r, ok := try(mid); ok {
			best, lo = r, mid
		} else {
			hi = mid
		}
	}
	if best == nil && lo > 0 {
		best, _ = try(lo)
	}
	return best, lo
}

// reoptimiseRoutes gives each route in turn its share of a third of the
// time left to find a shorter order of its stops.
func (p *planner) reoptimiseRoutes(ctx context.Context, best [][]oriented) {
	reopt := time.Now().Add(time.Until(p.deadline) / 3)
	for r, rs := range best {
		if len(rs) == 0 {
			continue
		}
		left := time.Until(reopt) / time.Duration(max(1, len(best)-r))
		var ss []stop
		for _, o := range rs {
			ss = append(ss, *o.s)
		}
		topt := tour.Options{TimeLimit: max(left, 10*time.Millisecond), Seed: p.opt.Seed + uint64(r)}
		if left <= 0 {
			topt = tour.Options{MaxIterations: len(ss), Seed: p.opt.Seed}
		}
		better := p.giant(ctx, ss, topt)
		if p.sequenceTime(better) < p.sequenceTime(rs) {
			best[r] = better
		}
	}
}

// addRoutes lays the routes that have stops on the streets, numbers
// their inspectors and sums them into the plan.
func (p *planner) addRoutes(plan *Plan, best [][]oriented) {
	for _, rs := range best {
		if len(rs) == 0 {
			continue
		}
		route := p.expand(rs)
		route.Inspector = len(plan.Routes) + 1
		plan.Routes = append(plan.Routes, route)
		plan.Length += route.Length
		plan.Time += route.Time
		plan.Required += route.Required
	}
}

func (p *planner) node(v int32) int {
	if i, ok := p.nodeIdx[v]; ok {
		return i
	}
	p.nodeIdx[v] = len(p.nodes)
	p.nodes = append(p.nodes, v)
	return len(p.nodes) - 1
}

// along is the time to move along segment seg from offset a to offset b,
// +Inf when the profile forbids that direction (a one-way street).
func (p *planner) along(seg int32, a, b float64) float64 {
	if a == b {
		return 0
	}
	if !p.g.SegmentAllowed(seg, b > a) {
		return math.Inf(1)
	}
	return math.Abs(b-a) / p.g.Profile.SpeedOf(p.g.Segs[seg].Class)
}

// cost is the travel time from position a to position b.
func (p *planner) cost(a, b graph.Position) float64 {
	best := math.Inf(1)
	if a.Seg == b.Seg {
		best = p.along(a.Seg, a.Off, b.Off)
	}
	g := p.g
	for _, ea := range [2]int32{g.SegFrom[a.Seg], g.SegTo[a.Seg]} {
		ca := p.along(a.Seg, a.Off, p.endOff(a.Seg, ea))
		ia := p.nodeIdx[ea]
		for _, eb := range [2]int32{g.SegFrom[b.Seg], g.SegTo[b.Seg]} {
			c := ca + p.d[ia][p.nodeIdx[eb]] + p.along(b.Seg, p.endOff(b.Seg, eb), b.Off)
			best = min(best, c)
		}
	}
	return best
}

func (p *planner) endOff(seg, node int32) float64 {
	if p.g.SegFrom[seg] == node {
		return 0
	}
	return p.g.Len[seg]
}

// oriented is a stop with its direction chosen.
type oriented struct {
	s   *stop
	fwd bool
}

// sequenceTime is the time of one route: start, the stops in order, back.
func (p *planner) sequenceTime(seq []oriented) float64 {
	t := 0.0
	at := p.depot
	for _, o := range seq {
		in, out := p.ends(o.s, o.fwd)
		t += p.cost(at, in) + o.s.traverse + o.s.service
		at = out
	}
	return t + p.cost(at, p.depot)
}

// giant solves the tour through stops and returns them in order with the
// best directions.
func (p *planner) giant(ctx context.Context, stops []stop, opt tour.Options) []oriented {
	// Solver nodes: 0 the depot; then one per point, two per street.
	type sn struct {
		stop int
		pos  graph.Position
		end  int // 0 point, 1 street start, 2 street end
	}
	nodes := []sn{{-1, p.depot, 0}}
	for i := range stops {
		s := &stops[i]
		if s.point {
			nodes = append(nodes, sn{i, s.pos, 0})
			continue
		}
		a, b := p.ends(s, true)
		nodes = append(nodes, sn{i, a, 1}, sn{i, b, 2})
	}
	n := len(nodes)
	c := make([]float64, n*n)
	big := 0.0
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			v := (p.cost(nodes[i].pos, nodes[j].pos) + p.cost(nodes[j].pos, nodes[i].pos)) / 2
			if math.IsInf(v, 1) {
				v = 1e7
			}
			c[i*n+j], c[j*n+i] = v, v
			big = max(big, v)
		}
	}
	if len(stops) < len(nodes)-1 { // streets present: pin their two ends together
		m := big*float64(n) + 1
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				if nodes[i].stop >= 0 && nodes[i].stop == nodes[j].stop {
					c[i*n+j], c[j*n+i] = 0, 0
				} else {
					c[i*n+j] += m
					c[j*n+i] += m
				}
			}
		}
	}
	tr, err := tour.Solve(ctx, tour.Func{Size: n, F: func(i, j int) float64 { return c[i*n+j] }}, opt)
	if err != nil && len(tr.Order) != n {
		tr.Order = make([]int, n)
		for i := range tr.Order {
			tr.Order[i] = i
		}
	}
	var seq []*stop
	seen := make([]bool, len(stops))
	var firstEnd []int
	for _, k := range tr.Order[1:] {
		nd := nodes[k]
		if seen[nd.stop] {
			continue
		}
		seen[nd.stop] = true
		seq = append(seq, &stops[nd.stop])
		firstEnd = append(firstEnd, nd.end)
	}
	_ = firstEnd
	a := p.orient(seq)
	rev := make([]*stop, len(seq))
	for i, s := range seq {
		rev[len(seq)-1-i] = s
	}
	b := p.orient(rev)
	if p.sequenceTime(b) < p.sequenceTime(a) {
		return b
	}
	return a
}

// orient picks each street's direction for a fixed order, exactly, by a
// dynamic programme over two states per stop.
func (p *planner) orient(seq []*stop) []oriented {
	n := len(seq)
	if n == 0 {
		return nil
	}
	inf := math.Inf(1)
	cost := make([][2]float64, n)
	from := make([][2]int8, n)
	dirs := func(s *stop) [2]bool { // which of fwd(0), rev(1) are allowed
		if s.point {
			return [2]bool{true, false}
		}
		ok := [2]bool{s.fwdOK, s.revOK}
		if !ok[0] && !ok[1] {
			ok = [2]bool{true, true}
		}
		return ok
	}
	for i, s := range seq {
		ok := dirs(s)
		for o := 0; o < 2; o++ {
			cost[i][o] = inf
			if !ok[o] {
				continue
			}
			in, _ := p.ends(s, o == 0)
			if i == 0 {
				cost[i][o] = p.cost(p.depot, in)
				continue
			}
			for q := 0; q < 2; q++ {
				if math.IsInf(cost[i-1][q], 1) {
					continue
				}
				_, out := p.ends(seq[i-1], q == 0)
				if v := cost[i-1][q] + p.cost(out, in); v < cost[i][o] {
					cost[i][o], from[i][o] = v, int8(q)
				}
			}
		}
	}
	last, bestV := 0, inf
	for o := 0; o < 2; o++ {
		if math.IsInf(cost[n-1][o], 1) && o == 1 {
			continue
		}
		_, out := p.ends(seq[n-1], o == 0)
		if v := cost[n-1][o] + p.cost(out, p.depot); v < bestV || (o == 0 && math.IsInf(bestV, 1)) {
			last, bestV = o, v
		}
	}
	out := make([]oriented, n)
	o := last
	for i := n - 1; i >= 0; i-- {
		out[i] = oriented{seq[i], o == 0}
		o = int(from[i][o])
	}
	return out
}

// split cuts a giant tour into at most k consecutive routes minimising the
// longest; it returns the routes and the longest time.
func (p *planner) split(seq []oriented, k int) ([][]oriented, float64) {
	n := len(seq)
	if n == 0 {
		return nil, 0
	}
	// S[i]: traversal and service of stops before i; H[i]: hops between
	// consecutive stops before i (H[i] = hops 0→1 … i-1→i).
	S := make([]float64, n+1)
	H := make([]float64, n)
	fromDepot := make([]float64, n)
	toDepot := make([]float64, n)
	for i, o := range seq {
		in, out := p.ends(o.s, o.fwd)
		fromDepot[i] = p.cost(p.depot, in)
		toDepot[i] = p.cost(out, p.depot)
		S[i+1] = S[i] + o.s.traverse + o.s.service
		if i+1 < n {
			nin, _ := p.ends(seq[i+1].s, seq[i+1].fwd)
			H[i+1] = H[i] + p.cost(out, nin)
		}
	}
	route := func(i, j int) float64 { // stops i..j-1
		return fromDepot[i] + S[j] - S[i] + H[j-1] - H[i] + toDepot[j-1]
	}
	inf := math.Inf(1)
	best := make([][]float64, k+1)
	cut := make([][]int, k+1)
	for r := range best {
		best[r] = make([]float64, n+1)
		cut[r] = make([]int, n+1)
		for j := range best[r] {
			best[r][j] = inf
		}
	}
	best[0][0] = 0
	for r := 1; r <= k; r++ {
		best[r][0] = 0
		for j := 1; j <= n; j++ {
			best[r][j], cut[r][j] = best[r-1][j], j // one route fewer
			for i := 0; i < j; i++ {
				if math.IsInf(best[r-1][i], 1) {
					continue
				}
				v := max(best[r-1][i], route(i, j))
				if v < best[r][j] {
					best[r][j], cut[r][j] = v, i
				}
			}
		}
	}
	var out [][]oriented
	j := n
	for r := k; r >= 1 && j > 0; r-- {
		i := cut[r][j]
		if i == j {
			continue
		}
		out = append([][]oriented{append([]oriented(nil), seq[i:j]...)}, out...)
		j = i
	}
	return out, best[k][n]
}

// fill inserts candidates, in order, where they fit best within the shift
// (new routes while fewer than n exist); it returns those that did not fit.
// It gives up after many consecutive failures or when the time is up.
func (p *planner) fill(routes *[][]oriented, cand []stop, n int, shift float64) []stop {
	var left []stop
	times := make([]float64, len(*routes))
	for r, rs := range *routes {
		times[r] = p.sequenceTime(rs)
	}
	fails := 0
	for i := range cand {
		if fails > 200 || time.Now().After(p.deadline.Add(200*time.Millisecond)) {
			left = append(left, cand[i:]...)
			break
		}
		c := &cand[i]
		bestR, bestK, bestFwd, bestD := -1, 0, true, math.Inf(1)
		for r, rs := range *routes {
			for k := 0; k <= len(rs); k++ {
				for _, fwd := range [2]bool{true, false} {
					if (c.point && !fwd) || (!c.point && !(map[bool]bool{true: c.fwdOK, false: c.revOK})[fwd]) {
						continue
					}
					prevOut := p.depot
					if k > 0 {
						_, prevOut = p.ends(rs[k-1].s, rs[k-1].fwd)
					}
					nextIn := p.depot
					if k < len(rs) {
						nextIn, _ = p.ends(rs[k].s, rs[k].fwd)
					}
					in, out := p.ends(c, fwd)
					delta := p.cost(prevOut, in) + c.traverse + c.service + p.cost(out, nextIn) - p.cost(prevOut, nextIn)
					if times[r]+delta <= shift && delta < bestD {
						bestR, bestK, bestFwd, bestD = r, k, fwd, delta
					}
				}
			}
		}
		if bestR < 0 && len(*routes) < n {
			seq := []oriented{{c, c.point || c.fwdOK}}
			if t := p.sequenceTime(seq); t <= shift {
				*routes = append(*routes, seq)
				times = append(times, t)
				fails = 0
				continue
			}
		}
		if bestR < 0 {
			left = append(left, *c)
			fails++
			continue
		}
		rs := (*routes)[bestR]
		rs = append(rs[:bestK], append([]oriented{{c, bestFwd}}, rs[bestK:]...)...)
		(*routes)[bestR] = rs
		times[bestR] += bestD
		fails = 0
	}
	return left
}
