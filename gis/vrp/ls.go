package vrp

import (
	"math/rand/v2"
	"sort"
)

const eps = 1e-6

// localSearch improves a set of routes by the granular moves of
// HGS-CVRP: for each customer u and each of its nearest neighbours v,
// relocations of u or (u, succ u) after v, swaps, 2-opt inside a route
// and 2-opt* between routes; then SWAP* between routes whose sectors
// overlap. A pair is tested again only when one of its routes changed.
type localSearch struct {
	*engine
	neigh    [][]int32
	routes   []*route
	where    []int32 // position of each customer in its route
	routeOf  []int32
	lastTest []int
	swapTest [][]int // last SWAP* test of each route pair
	moves    int
	order    []int32
	stop     func() bool
	rng      *rand.Rand
}

func newLocalSearch(e *engine, neigh [][]int32, rng *rand.Rand) *localSearch {
	ls := &localSearch{engine: e, neigh: neigh, rng: rng,
		where: make([]int32, e.n), routeOf: make([]int32, e.n), lastTest: make([]int, e.n)}
	for v := 1; v < e.n; v++ {
		ls.order = append(ls.order, int32(v))
	}
	return ls
}

// load sets the routes (customer lists); nRoutes routes in all, the
// rest empty.
func (ls *localSearch) load(rs [][]int32, nRoutes int) {
	nRoutes = max(nRoutes, len(rs))
	for len(ls.routes) < nRoutes {
		ls.routes = append(ls.routes, &route{id: len(ls.routes)})
	}
	ls.routes = ls.routes[:nRoutes]
	for k, r := range ls.routes {
		r.nodes = append(r.nodes[:0], 0)
		if k < len(rs) {
			r.nodes = append(r.nodes, rs[k]...)
		}
		r.nodes = append(r.nodes, 0)
		ls.update(r, ls.where, ls.routeOf)
		r.lastMod = 0
	}
	if len(ls.swapTest) < nRoutes {
		ls.swapTest = make([][]int, nRoutes)
		for i := range ls.swapTest {
			ls.swapTest[i] = make([]int, nRoutes)
		}
	}
	for i := 0; i < nRoutes; i++ {
		for j := 0; j < nRoutes; j++ {
			ls.swapTest[i][j] = -1
		}
	}
	for i := range ls.lastTest {
		ls.lastTest[i] = -1
	}
	ls.moves = 1
}

// result is the non-empty routes.
func (ls *localSearch) result() [][]int32 {
	var out [][]int32
	for _, r := range ls.routes {
		if !r.empty() {
			out = append(out, append([]int32(nil), r.nodes[1:r.end()]...))
		}
	}
	return out
}

// run applies improving moves until none is left or stop says so.
func (ls *localSearch) run() {
	ls.rng.Shuffle(len(ls.order), func(i, j int) { ls.order[i], ls.order[j] = ls.order[j], ls.order[i] })
	for _, nb := range ls.neigh {
		ls.rng.Shuffle(len(nb), func(i, j int) { nb[i], nb[j] = nb[j], nb[i] })
	}
	for loop := 0; ; loop++ {
		improved := false
		for _, u := range ls.order {
			if ls.stop != nil && ls.stop() {
				return
			}
			last := ls.lastTest[u]
			ls.lastTest[u] = ls.moves
			for _, v := range ls.neigh[u] {
				ru, rv := ls.routes[ls.routeOf[u]], ls.routes[ls.routeOf[v]]
				if loop > 0 && max(ru.lastMod, rv.lastMod) <= last {
					continue
				}
				if ls.movesUV(u, v) {
					improved = true
				}
			}
			if ls.intoEmpty(u, last, loop) {
				improved = true
			}
		}
		if ls.sectors != nil && ls.swapStarAll() {
			improved = true
		}
		if !improved {
			return
		}
	}
}

// apply commits candidate routes made of pieces of r1 (and r2).
func (ls *localSearch) apply(r1 *route, s1 []piece, r2 *route, s2 []piece) {
	n1 := build(s1)
	var n2 []int32
	if r2 != nil {
		n2 = build(s2)
	}
	ls.moves++
	r1.nodes, r1.lastMod = n1, ls.moves
	ls.update(r1, ls.where, ls.routeOf)
	if r2 != nil {
		r2.nodes, r2.lastMod = n2, ls.moves
		ls.update(r2, ls.where, ls.routeOf)
	}
}

// try evaluates the candidates and applies them when they lower the
// penalised cost. The time warp is only computed when distance and load
// alone leave room for an improvement.
func (ls *localSearch) try(r1 *route, s1 []piece, r2 *route, s2 []piece) bool {
	old := r1.cost
	d1, l1 := ls.distLoad(s1)
	c := float64(d1) + ls.penalty(l1, 0)
	if r2 != nil {
		old += r2.cost
		d2, l2 := ls.distLoad(s2)
		c += float64(d2) + ls.penalty(l2, 0)
	}
	if c >= old-eps {
		return false
	}
	if ls.hasTW {
		c += ls.penTW * float64(ls.timeWarp(s1))
		if c >= old-eps {
			return false
		}
		if r2 != nil {
			c += ls.penTW * float64(ls.timeWarp(s2))
			if c >= old-eps {
				return false
			}
		}
	}
	ls.apply(r1, s1, r2, s2)
	return true
}

// movesUV tries the moves for the pair (u, v), the first improving one wins.
func (ls *localSearch) movesUV(u, v int32) bool {
	ru, rv := ls.routes[ls.routeOf[u]], ls.routes[ls.routeOf[v]]
	i, j := int(ls.where[u]), int(ls.where[v])
	if ru != rv {
		if ls.inter(ru, i, rv, j) {
			return true
		}
		if j == 1 { // v first: also try u's moves at the start of v's route
			return ls.inter(ru, i, rv, 0)
		}
		return false
	}
	return ls.intra(ru, i, j)
}

// inter tries the inter-route moves with u at ru[i] and v at rv[j] (j = 0:
// the depot at the start of rv).
func (ls *localSearch) inter(ru *route, i int, rv *route, j int) bool {
	ue, ve := ru.end(), rv.end()
	x := i+1 < ue // u has a customer successor
	y := j+1 < ve && j > 0
	// relocate u after v
	if ls.try(ru, []piece{{ru, 0, i - 1, false}, {ru, i + 1, ue, false}},
		rv, []piece{{rv, 0, j, false}, {ru, i, i, false}, {rv, j + 1, ve, false}}) {
		return true
	}
	if x {
		// relocate (u, x) after v, then (x, u)
		for _, rev := range [2]bool{false, true} {
			if ls.try(ru, []piece{{ru, 0, i - 1, false}, {ru, i + 2, ue, false}},
				rv, []piece{{rv, 0, j, false}, {ru, i, i + 1, rev}, {rv, j + 1, ve, false}}) {
				return true
			}
		}
	}
	if j > 0 {
		// swap u and v
		if ls.try(ru, []piece{{ru, 0, i - 1, false}, {rv, j, j, false}, {ru, i + 1, ue, false}},
			rv, []piece{{rv, 0, j - 1, false}, {ru, i, i, false}, {rv, j + 1, ve, false}}) {
			return true
		}
		if x { // swap (u, x) and v
			if ls.try(ru, []piece{{ru, 0, i - 1, false}, {rv, j, j, false}, {ru, i + 2, ue, false}},
				rv, []piece{{rv, 0, j - 1, false}, {ru, i, i + 1, false}, {rv, j + 1, ve, false}}) {
				return true
			}
			if y { // swap (u, x) and (v, y)
				if ls.try(ru, []piece{{ru, 0, i - 1, false}, {rv, j, j + 1, false}, {ru, i + 2, ue, false}},
					rv, []piece{{rv, 0, j - 1, false}, {ru, i, i + 1, false}, {rv, j + 2, ve, false}}) {
					return true
				}
			}
		}
	}
	// 2-opt*: exchange the tails after u and after v
	if ls.try(ru, []piece{{ru, 0, i, false}, {rv, j + 1, ve, false}},
		rv, []piece{{rv, 0, j, false}, {ru, i + 1, ue, false}}) {
		return true
	}
	// 2-opt*, other way: u's head with v's head reversed
	return ls.try(ru, []piece{{ru, 0, i, false}, {rv, 0, j, true}},
		rv, []piece{{ru, i + 1, ue, true}, {rv, j + 1, ve, false}})
}

// intra tries the moves inside one route, u at i and v at j.
func (ls *localSearch) intra(r *route, i, j int) bool {
	e := r.end()
	// relocate u after v
	if i < j {
		if ls.try(r, []piece{{r, 0, i - 1, false}, {r, i + 1, j, false}, {r, i, i, false}, {r, j + 1, e, false}}, nil, nil) {
			return true
		}
	} else if i > j+1 {
		if ls.try(r, []piece{{r, 0, j, false}, {r, i, i, false}, {r, j + 1, i - 1, false}, {r, i + 1, e, false}}, nil, nil) {
			return true
		}
	}
	// relocate (u, x) after v
	if i+1 < e && j != i+1 {
		for _, rev := range [2]bool{false, true} {
			if i < j {
				if ls.try(r, []piece{{r, 0, i - 1, false}, {r, i + 2, j, false}, {r, i, i + 1, rev}, {r, j + 1, e, false}}, nil, nil) {
					return true
				}
			} else if i > j+1 {
				if ls.try(r, []piece{{r, 0, j, false}, {r, i, i + 1, rev}, {r, j + 1, i - 1, false}, {r, i + 2, e, false}}, nil, nil) {
					return true
				}
			}
		}
	}
	// swap u and v
	a, b := min(i, j), max(i, j)
	if b == a+1 {
		if ls.try(r, []piece{{r, 0, a - 1, false}, {r, b, b, false}, {r, a, a, false}, {r, b + 1, e, false}}, nil, nil) {
			return true
		}
	} else if ls.try(r, []piece{{r, 0, a - 1, false}, {r, b, b, false}, {r, a + 1, b - 1, false}, {r, a, a, false}, {r, b + 1, e, false}}, nil, nil) {
		return true
	}
	// 2-opt: reverse the part after u up to v
	if i < j && j > i+1 {
		return ls.try(r, []piece{{r, 0, i, false}, {r, i + 1, j, true}, {r, j + 1, e, false}}, nil, nil)
	}
	return false
}

// intoEmpty tries u alone in an empty route.
func (ls *localSearch) intoEmpty(u int32, last, loop int) bool {
	ru := ls.routes[ls.routeOf[u]]
	if loop > 0 && ru.lastMod <= last {
		return false
	}
	for _, r := range ls.routes {
		if r.empty() {
			i, ue := int(ls.where[u]), ru.end()
			return ls.try(ru, []piece{{ru, 0, i - 1, false}, {ru, i + 1, ue, false}},
				r, []piece{{r, 0, 0, false}, {ru, i, i, false}, {r, 1, 1, false}})
		}
	}
	return false
}

// neighbours lists, for each customer, the k closest others by a
// proximity that for time windows adds the waiting and time warp the pair
// would cause (PyVRP's measure, weights 0.2 and 1), made symmetric.
func neighbours(e *engine, k int) [][]int32 {
	n := e.n
	prox := func(i, j int32) float64 {
		d := float64(e.dist(i, j))
		if !e.hasTW {
			return d
		}
		dd := e.dist(i, j)
		wait := max(e.ready[j]-dd-e.service[i]-e.due[i], 0)
		warp := max(e.ready[i]+e.service[i]+dd-e.due[j], 0)
		return d + 0.2*float64(wait) + float64(warp)
	}
	out := make([][]int32, n)
	type cand struct {
		v int32
		p float64
	}
	cs := make([]cand, 0, n)
	for i := int32(1); i < int32(n); i++ {
		cs = cs[:0]
		for j := int32(1); j < int32(n); j++ {
			if j != i {
				cs = append(cs, cand{j, min(prox(i, j), prox(j, i))})
			}
		}
		sort.Slice(cs, func(a, b int) bool {
			if cs[a].p != cs[b].p {
				return cs[a].p < cs[b].p
			}
			return cs[a].v < cs[b].v
		})
		for _, c := range cs[:min(k, len(cs))] {
			out[i] = append(out[i], c.v)
		}
	}
	return out
}
