package vrp

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"
)

// Options bound a run.
type Options struct {
	// TimeLimit bounds the search (0: no limit; then MaxIterations must
	// be set). With CPUTime it is measured in the process's CPU time, so
	// a loaded machine does not shorten the search.
	TimeLimit time.Duration
	CPUTime   bool
	// MaxIterations bounds the genetic iterations (0: none). A run bounded
	// by MaxIterations alone is deterministic for its Seed.
	MaxIterations int
	Seed          uint64
	// Initial solutions (customers by node number) join the first
	// population, so a caller's plan can only be improved on.
	Initial [][][]int
}

// Result is the best solution found.
type Result struct {
	Routes     [][]int // customers by node number, depot omitted
	Distance   int64
	Feasible   bool
	Iterations int
	Elapsed    time.Duration // in the clock TimeLimit is measured in
}

// ErrNoFeasible is returned when the search found no feasible solution.
var ErrNoFeasible = errors.New("vrp: no feasible solution found")

// Parameters of HGS-CVRP (Vidal 2022, Table 2).
const (
	popMin         = 25
	popGen         = 40
	nbElite        = 4
	nbClose        = 5
	granular       = 20
	targetFeasible = 0.2
	restartAfter   = 20000
	// penaltyWindow is how many educated solutions the penalties are
	// adjusted after (HGS: 100; fewer, so that penalties settle within
	// the first minute on 1000 customers, where one education takes 0.3 s)
	penaltyWindow = 25
)

type indiv struct {
	tour       []int32
	routes     [][]int32
	dist       int64
	excess, tw int64
	succ, pred []int32
	fit        float64
	prox       map[*indiv]float64
}

func (x *indiv) feasible() bool { return x.excess == 0 && x.tw == 0 }

type hgs struct {
	*engine
	ls       *localSearch
	rng      *rand.Rand
	fleet    int
	vehicles int
	feas     []*indiv
	infeas   []*indiv
	best     *indiv
	loadOK   []bool
	twOK     []bool
}

// Solve runs the hybrid genetic search on p.
func Solve(ctx context.Context, p *Problem, opt Options) (*Result, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	if opt.TimeLimit <= 0 && opt.MaxIterations <= 0 {
		return nil, fmt.Errorf("%w: need a time limit or an iteration limit", ErrInvalid)
	}
	clock := wallClock()
	if opt.CPUTime {
		clock = cpuClock()
	}
	stopped := stopper(ctx, opt.TimeLimit, clock)
	h := newHGS(p, opt.Seed)
	h.ls.stop = stopped
	n := p.N()
	if n == 1 {
		return &Result{Feasible: true}, nil
	}
	it := 0
	for _, sol := range opt.Initial {
		rs, err := h.routesOf(sol)
		if err != nil {
			return nil, err
		}
		h.educateRoutes(rs)
	}
	// Initial population: random giant tours, split and educated.
	// On large instances it could take the whole budget: it stops at a
	// fifth of it, the genetic search does the rest.
	for k := 0; k < 4*popMin && !stopped() && (opt.TimeLimit == 0 || k < popMin/5 || clock() < opt.TimeLimit/5); k++ {
		h.educateAndAdd(h.randomTour(n))
		if opt.MaxIterations > 0 && k >= opt.MaxIterations {
			break
		}
	}
	noImprove := 0
	for ; !stopped() && (opt.MaxIterations == 0 || it < opt.MaxIterations); it++ {
		before := h.bestDist()
		a, b := h.tournament(), h.tournament()
		h.educateAndAdd(h.crossover(a.tour, b.tour))
		if h.bestDist() < before {
			noImprove = 0
		} else {
			noImprove++
		}
		if noImprove >= restartAfter {
			h.feas, h.infeas, noImprove = nil, nil, 0
			for k := 0; k < 4*popMin && !stopped(); k++ {
				h.educateAndAdd(h.randomTour(n))
			}
		}
	}
	return h.result(ctx, &Result{Iterations: it, Elapsed: clock()})
}

// stopper is true once ctx is done or the clock reaches limit (0: none),
// and stays true. The clock is a system call: it reads it every 32nd time.
func stopper(ctx context.Context, limit time.Duration, clock func() time.Duration) func() bool {
	calls, done := 0, false
	return func() bool {
		calls++
		if !done && calls%32 == 1 {
			done = ctx.Err() != nil || (limit > 0 && clock() >= limit)
		}
		return done
	}
}

// randomTour is the customers 1..n-1 in a random order: a giant tour for
// the population.
func (h *hgs) randomTour(n int) []int32 {
	t := make([]int32, n-1)
	for i := range t {
		t[i] = int32(i + 1)
	}
	h.rng.Shuffle(len(t), func(i, j int) { t[i], t[j] = t[j], t[i] })
	return t
}

// result fills res with the best solution found, or when none is
// feasible the least penalised one (and ErrNoFeasible).
func (h *hgs) result(ctx context.Context, res *Result) (*Result, error) {
	best := h.best
	if best == nil { // nothing feasible: report the least penalised
		for _, x := range h.infeas {
			if best == nil || h.cost(x) < h.cost(best) {
				best = x
			}
		}
	}
	if best == nil {
		return res, errors.Join(ErrNoFeasible, ctx.Err())
	}
	for _, r := range best.routes {
		rt := make([]int, len(r))
		for i, v := range r {
			rt[i] = int(v)
		}
		res.Routes = append(res.Routes, rt)
	}
	res.Distance, res.Feasible = best.dist, best.feasible()
	if !res.Feasible {
		return res, ErrNoFeasible
	}
	return res, nil
}

// Improve runs the local search alone on a solution (customers by node
// number): the cheap step for a caller out of time. The result is the
// improved solution, feasible or not.
func Improve(p *Problem, routes [][]int, seed uint64) (*Result, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	h := newHGS(p, seed)
	rs, err := h.routesOf(routes)
	if err != nil {
		return nil, err
	}
	h.ls.load(rs, h.fleet)
	h.ls.run()
	x := h.makeIndiv(h.ls.result())
	res := &Result{Distance: x.dist, Feasible: x.feasible()}
	for _, r := range x.routes {
		rt := make([]int, len(r))
		for i, v := range r {
			rt[i] = int(v)
		}
		res.Routes = append(res.Routes, rt)
	}
	return res, nil
}

// routesOf checks that routes serve every customer once.
func (h *hgs) routesOf(sol [][]int) ([][]int32, error) {
	var rs [][]int32
	seen := make([]bool, h.n)
	count := 0
	for _, r := range sol {
		rt := make([]int32, 0, len(r))
		for _, v := range r {
			if v <= 0 || v >= h.n || seen[v] {
				return nil, fmt.Errorf("%w: initial solution names node %d out of range or twice", ErrInvalid, v)
			}
			seen[v] = true
			count++
			rt = append(rt, int32(v))
		}
		rs = append(rs, rt)
	}
	if count != h.n-1 {
		return nil, fmt.Errorf("%w: initial solution serves %d of %d customers", ErrInvalid, count, h.n-1)
	}
	return rs, nil
}

func (p *Problem) validate() error {
	n := p.N()
	switch {
	case n == 0 || len(p.Dist) != n*n:
		return fmt.Errorf("%w: %d nodes, %d distances", ErrInvalid, n, len(p.Dist))
	case p.Capacity <= 0:
		return fmt.Errorf("%w: capacity %d", ErrInvalid, p.Capacity)
	case p.Ready != nil && (len(p.Ready) != n || len(p.Due) != n || len(p.Service) != n):
		return fmt.Errorf("%w: time windows for %d/%d/%d of %d nodes", ErrInvalid, len(p.Ready), len(p.Due), len(p.Service), n)
	}
	return nil
}

func newHGS(p *Problem, seed uint64) *hgs {
	n := p.N()
	e := &engine{n: n, d: p.Dist, demand: p.Demand, cap: p.Capacity, service: p.Service, ready: p.Ready, due: p.Due,
		hasTW: p.Ready != nil, sectors: polarSectors(p), penTW: 10}
	var maxD, maxQ, sumQ int64
	for _, d := range p.Dist {
		maxD = max(maxD, d)
	}
	for _, q := range p.Demand {
		maxQ, sumQ = max(maxQ, q), sumQ+q
	}
	e.penLoad = math.Max(0.1, math.Min(1000, float64(maxD)/float64(max(maxQ, 1))))
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	h := &hgs{engine: e, rng: rng, vehicles: p.Vehicles}
	h.fleet = int(math.Ceil(1.3*float64(sumQ)/float64(p.Capacity))) + 3
	switch {
	case p.Vehicles > 0 && p.Ready != nil: // time windows may need far more routes than loads
		h.fleet = p.Vehicles
	case p.Vehicles > 0:
		h.fleet = min(h.fleet, p.Vehicles)
	case p.Ready != nil:
		h.fleet = n - 1
	}
	h.ls = newLocalSearch(e, neighbours(e, granular), rng)
	return h
}

func (h *hgs) cost(x *indiv) float64 {
	return float64(x.dist) + h.penLoad*float64(x.excess) + h.penTW*float64(x.tw)
}

func (h *hgs) bestDist() int64 {
	if h.best == nil {
		return math.MaxInt64
	}
	return h.best.dist
}

// educateAndAdd splits a giant tour, improves it by local search and
// adds it to the population; an infeasible result is, half the time,
// repaired with ten times the penalties (HGS's repair).
func (h *hgs) educateAndAdd(t []int32) {
	h.educateRoutes(h.split(t, h.vehicles))
}

// educateRoutes improves routes by local search and adds them.
func (h *hgs) educateRoutes(routes [][]int32) {
	h.ls.load(routes, h.fleet)
	h.ls.run()
	x := h.makeIndiv(h.ls.result())
	h.loadOK = append(h.loadOK, x.excess == 0)
	h.twOK = append(h.twOK, x.tw == 0)
	if len(h.loadOK) == penaltyWindow {
		h.adjustPenalties()
	}
	h.add(x)
	if !x.feasible() && h.rng.Float64() < 0.5 {
		pl, pt := h.penLoad, h.penTW
		h.penLoad, h.penTW = pl*10, pt*10
		h.ls.load(x.routes, h.fleet)
		h.ls.run()
		h.penLoad, h.penTW = pl, pt
		if y := h.makeIndiv(h.ls.result()); y.feasible() {
			h.add(y)
		}
	}
}

// makeIndiv measures routes and orders them by the polar angle of their
// barycentre, so the giant tour keeps neighbouring routes together.
func (h *hgs) makeIndiv(routes [][]int32) *indiv {
	if h.sectors != nil {
		ang := make([]float64, len(routes))
		for k, r := range routes {
			var s float64
			for _, v := range r {
				s += float64(h.sectors[v])
			}
			ang[k] = s / float64(len(r))
		}
		idx := make([]int, len(routes))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return ang[idx[a]] < ang[idx[b]] })
		sorted := make([][]int32, len(routes))
		for i, k := range idx {
			sorted[i] = routes[k]
		}
		routes = sorted
	}
	x := &indiv{routes: routes, succ: make([]int32, h.n), pred: make([]int32, h.n), prox: map[*indiv]float64{}}
	for _, r := range routes {
		x.tour = append(x.tour, r...)
		var load int64
		prev := int32(0)
		var s seg
		if h.hasTW {
			s = h.single(0)
		}
		for _, v := range r {
			x.dist += h.dist(prev, v)
			load += h.demand[v]
			x.pred[v] = prev
			if prev != 0 {
				x.succ[prev] = v
			}
			if h.hasTW {
				s = h.merge(s, h.single(v))
			}
			prev = v
		}
		x.succ[prev] = 0
		x.dist += h.dist(prev, 0)
		x.excess += max(load-h.cap, 0)
		if h.hasTW {
			x.tw += h.merge(s, h.single(0)).tw
		}
	}
	return x
}

// brokenPairs is the share of customers whose neighbours differ.
func (h *hgs) brokenPairs(a, b *indiv) float64 {
	diff := 0
	for j := 1; j < h.n; j++ {
		if a.succ[j] != b.succ[j] && a.succ[j] != b.pred[j] {
			diff++
		}
		if a.pred[j] == 0 && b.pred[j] != 0 && b.succ[j] != 0 {
			diff++
		}
	}
	return float64(diff) / float64(h.n-1)
}

func (h *hgs) add(x *indiv) {
	sub := &h.infeas
	if x.feasible() {
		sub = &h.feas
		if h.best == nil || x.dist < h.best.dist {
			h.best = x
		}
	}
	for _, y := range *sub {
		d := h.brokenPairs(x, y)
		x.prox[y], y.prox[x] = d, d
	}
	*sub = append(*sub, x)
	if len(*sub) > popMin+popGen {
		for len(*sub) > popMin {
			h.removeWorst(sub)
		}
	}
}

// avgClose is x's mean distance to its nbClose closest in sub.
func avgClose(x *indiv, sub []*indiv) float64 {
	ds := make([]float64, 0, len(sub))
	for _, y := range sub {
		if y != x {
			ds = append(ds, x.prox[y])
		}
	}
	sort.Float64s(ds)
	k := min(nbClose, len(ds))
	if k == 0 {
		return 0
	}
	s := 0.0
	for _, d := range ds[:k] {
		s += d
	}
	return s / float64(k)
}

// updateFitness sets the biased fitness: rank by cost plus, weighted,
// rank by (lack of) diversity.
func (h *hgs) updateFitness(sub []*indiv) {
	m := len(sub)
	if m == 1 {
		sub[0].fit = 0
		return
	}
	idx := make([]int, m)
	div := make([]float64, m)
	for i := range idx {
		idx[i] = i
		div[i] = avgClose(sub[i], sub)
	}
	sort.SliceStable(idx, func(a, b int) bool { return h.cost(sub[idx[a]]) < h.cost(sub[idx[b]]) })
	fitRank := make([]float64, m)
	for r, i := range idx {
		fitRank[i] = float64(r) / float64(m-1)
	}
	sort.SliceStable(idx, func(a, b int) bool { return div[idx[a]] > div[idx[b]] })
	w := 1 - float64(nbElite)/float64(m)
	for r, i := range idx {
		sub[i].fit = fitRank[i] + w*float64(r)/float64(m-1)
	}
}

// removeWorst drops the individual of worst biased fitness, clones first.
func (h *hgs) removeWorst(sub *[]*indiv) {
	s := *sub
	h.updateFitness(s)
	worst, worstClone := -1, false
	for i, x := range s {
		clone := false
		for _, y := range s {
			if y != x && x.prox[y] < 1e-9 {
				clone = true
				break
			}
		}
		if worst < 0 || (clone && !worstClone) || (clone == worstClone && x.fit > s[worst].fit) {
			worst, worstClone = i, clone
		}
	}
	gone := s[worst]
	for _, y := range s {
		delete(y.prox, gone)
	}
	*sub = append(s[:worst], s[worst+1:]...)
}

// tournament picks the better (biased fitness) of two random individuals.
func (h *hgs) tournament() *indiv {
	h.updateFitness(h.feas)
	if len(h.infeas) > 0 {
		h.updateFitness(h.infeas)
	}
	all := len(h.feas) + len(h.infeas)
	pick := func() *indiv {
		k := h.rng.IntN(all)
		if k < len(h.feas) {
			return h.feas[k]
		}
		return h.infeas[k-len(h.feas)]
	}
	a, b := pick(), pick()
	if b.fit < a.fit {
		return b
	}
	return a
}

// crossover is the ordered crossover (OX) of two giant tours.
func (h *hgs) crossover(a, b []int32) []int32 {
	m := len(a)
	child := make([]int32, m)
	used := make([]bool, h.n)
	start, end := h.rng.IntN(m), h.rng.IntN(m)
	for end == start && m > 1 {
		end = h.rng.IntN(m)
	}
	for i := start; ; i = (i + 1) % m {
		child[i] = a[i]
		used[a[i]] = true
		if i == end {
			break
		}
	}
	k := (end + 1) % m
	for i := 0; i < m; i++ {
		v := b[(end+1+i)%m]
		if !used[v] {
			child[k] = v
			k = (k + 1) % m
		}
	}
	return child
}

// adjustPenalties aims at targetFeasible of the educated solutions being
// feasible for each constraint.
func (h *hgs) adjustPenalties() {
	adj := func(p float64, ok []bool) float64 {
		f := 0
		for _, b := range ok {
			if b {
				f++
			}
		}
		share := float64(f) / float64(max(len(ok), 1))
		switch {
		case f == 0 && h.best == nil: // nothing feasible yet: find feasibility first
			return math.Min(p*2, 1e5)
		case share < targetFeasible-0.05:
			return math.Min(p*1.3, 1e5)
		case share > targetFeasible+0.05:
			return math.Max(p*0.85, 0.1)
		}
		return p
	}
	h.penLoad = adj(h.penLoad, h.loadOK)
	if h.hasTW {
		h.penTW = adj(h.penTW, h.twOK)
	}
	h.loadOK, h.twOK = h.loadOK[:0], h.twOK[:0]
}
