package vrp

import "math"

// swapStarAll runs SWAP* (Vidal 2022) on every pair of non-empty routes
// whose polar sectors overlap and one of which changed since the pair
// was last tested.
func (ls *localSearch) swapStarAll() bool {
	improved := false
	for a, ra := range ls.routes {
		for b := a + 1; b < len(ls.routes); b++ {
			if ls.stop != nil && ls.stop() {
				return improved
			}
			rb := ls.routes[b]
			if ra.empty() || rb.empty() || max(ra.lastMod, rb.lastMod) <= ls.swapTest[a][b] || !overlap(ra, rb) {
				continue
			}
			ls.swapTest[a][b] = ls.moves
			if ls.swapStar(ra, rb) {
				improved = true
			}
		}
	}
	return improved
}

// ins is an insertion position (after nodes[at]) and its cost.
type ins struct {
	cost float64
	at   int
}

// top3 keeps the three cheapest insertions of a node.
type top3 [3]ins

func (t *top3) reset() {
	for k := range t {
		t[k] = ins{math.Inf(1), -1}
	}
}

func (t *top3) add(c float64, at int) {
	switch {
	case c < t[0].cost:
		t[2], t[1], t[0] = t[1], t[0], ins{c, at}
	case c < t[1].cost:
		t[2], t[1] = t[1], ins{c, at}
	case c < t[2].cost:
		t[2] = ins{c, at}
	}
}

// insertions is, for each customer of from, its three best places in to.
func (ls *localSearch) insertions(from, to *route, buf []top3) []top3 {
	buf = buf[:0]
	for i := 1; i < from.end(); i++ {
		u := from.nodes[i]
		var t top3
		t.reset()
		for k := 0; k < to.end(); k++ {
			a, b := to.nodes[k], to.nodes[k+1]
			t.add(float64(ls.dist(a, u)+ls.dist(u, b)-ls.dist(a, b)), k)
		}
		buf = append(buf, t)
	}
	return buf
}

// bestIn is the cheapest way to put w into r in place of the customer at
// position i, or at one of its top-3 places not next to i.
func (ls *localSearch) bestIn(r *route, i int, w int32, t *top3) (float64, int) {
	p, n := r.nodes[i-1], r.nodes[i+1]
	best, at := float64(ls.dist(p, w)+ls.dist(w, n)-ls.dist(p, n)), -1 // -1: in place
	for _, c := range t {
		if c.at >= 0 && c.at != i-1 && c.at != i && c.cost < best {
			best, at = c.cost, c.at
		}
	}
	return best, at
}

// swapStar exchanges a customer of r1 with one of r2, each going to its
// best place in the other route (not necessarily the other's old place).
func (ls *localSearch) swapStar(r1, r2 *route) bool {
	t1 := ls.insertions(r1, r2, nil) // customers of r1 into r2
	t2 := ls.insertions(r2, r1, nil)
	removal := func(r *route, i int) float64 {
		p, v, n := r.nodes[i-1], r.nodes[i], r.nodes[i+1]
		return float64(ls.dist(p, n) - ls.dist(p, v) - ls.dist(v, n))
	}
	oldPen := ls.penalty(r1.load, 0) + ls.penalty(r2.load, 0)
	best, bi, bj, bat1, bat2 := -eps, -1, -1, 0, 0
	for i := 1; i < r1.end(); i++ {
		u := r1.nodes[i]
		ru := removal(r1, i)
		for j := 1; j < r2.end(); j++ {
			v := r2.nodes[j]
			d := ls.demand[v] - ls.demand[u]
			delta := ru + removal(r2, j) + ls.penalty(r1.load+d, 0) + ls.penalty(r2.load-d, 0) - oldPen
			if delta >= best { // insertions cost at least nothing
				continue
			}
			cv, at1 := ls.bestIn(r1, i, v, &t2[j-1])
			cu, at2 := ls.bestIn(r2, j, u, &t1[i-1])
			if delta+cv+cu < best {
				best, bi, bj, bat1, bat2 = delta+cv+cu, i, j, at1, at2
			}
		}
	}
	if bi < 0 {
		return false
	}
	n1 := swapInto(r1, bi, r2.nodes[bj], bat1)
	n2 := swapInto(r2, bj, r1.nodes[bi], bat2)
	if ls.costOf(n1)+ls.costOf(n2) >= r1.cost+r2.cost-eps { // time warp not counted above
		return false
	}
	ls.moves++
	r1.nodes, r2.nodes = n1, n2
	r1.lastMod, r2.lastMod = ls.moves, ls.moves
	ls.update(r1, ls.where, ls.routeOf)
	ls.update(r2, ls.where, ls.routeOf)
	return true
}

// swapInto is r's nodes without the one at i and with w after position at
// (at = -1: where the removed one was).
func swapInto(r *route, i int, w int32, at int) []int32 {
	out := make([]int32, 0, len(r.nodes))
	for k, v := range r.nodes {
		if k == i {
			if at < 0 {
				out = append(out, w)
			}
		} else {
			out = append(out, v)
		}
		if k == at {
			out = append(out, w)
		}
	}
	return out
}
