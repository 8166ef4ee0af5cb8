package graph

import (
	"container/heap"
	"math"
)

// CH is a contraction hierarchy over a graph's travel times: nodes are
// ranked, every node is removed in rank order with shortcuts added between
// its remaining neighbours where no other path (witness) is as short, and
// queries search only upwards from both ends. Many-to-many tables run one
// backward search per target (filling buckets) and one forward search per
// source: a city-wide table of hundreds of stops takes milliseconds.
//
// Status: queries are exact (tested against Dijkstra, one-ways included)
// but this first contraction (map adjacency, lazy edge-difference order,
// witness searches of 60 nodes) scales badly on grid-like cities: 0.6 s
// for 2,500 nodes, 5 s for 10,000, 24 s for 22,500. The planner therefore
// uses Graph.Table; neighbour-only updates with a cheaper simulated
// contraction and slice adjacency are the next step before 200k nodes.
type CH struct {
	n     int
	rank  []int32
	upOut [][]chArc // forward: v → higher-ranked w
	upIn  [][]chArc // backward: higher-ranked w → v, stored at v
}

type chArc struct {
	to int32
	w  float64
}

// witnessSettle bounds each witness search; a missed witness only adds a
// harmless extra shortcut.
const witnessSettle = 60

// BuildCH contracts g by travel time (ByTime).
func (g *Graph) BuildCH() *CH {
	c := newContractor(g)
	pq := &chQueue{}
	for v := range c.ch.n {
		heap.Push(pq, chItem{int32(v), c.priority(int32(v))})
	}
	for r := int32(0); pq.Len() > 0; {
		it := heap.Pop(pq).(chItem)
		v := it.v
		if c.done[v] {
			continue
		}
		if p := c.priority(v); pq.Len() > 0 && p > (*pq)[0].p {
			heap.Push(pq, chItem{v, p}) // lazy update
			continue
		}
		c.contract(v, r)
		r++
	}
	return c.ch
}

// contractor is the state of a contraction: the remaining graph's arcs
// both ways (shortcuts added), which nodes are contracted, and the
// hierarchy being built.
type contractor struct {
	out, in []map[int32]float64
	done    []bool
	deleted []int32 // contracted neighbours, spreads the order
	ws      *witness
	ch      *CH
}

func newContractor(g *Graph) *contractor {
	n := len(g.Nodes)
	c := &contractor{out: make([]map[int32]float64, n), in: make([]map[int32]float64, n),
		done: make([]bool, n), deleted: make([]int32, n), ws: newWitness(n),
		ch: &CH{n: n, rank: make([]int32, n), upOut: make([][]chArc, n), upIn: make([][]chArc, n)}}
	for v := range n {
		c.out[v], c.in[v] = map[int32]float64{}, map[int32]float64{}
	}
	for v := range n {
		for _, a := range g.Arcs(int32(v)) {
			if a.To == int32(v) {
				continue
			}
			w := float64(a.Time)
			if old, ok := c.out[v][a.To]; !ok || w < old {
				c.out[v][a.To] = w
				c.in[a.To][int32(v)] = w
			}
		}
	}
	return c
}

// shortcuts returns the number of shortcuts contracting v needs (and
// calls add for each when add is not nil).
func (c *contractor) shortcuts(v int32, add func(u, w int32, cost float64)) int {
	cnt := 0
	for u, cu := range c.in[v] {
		if c.done[u] {
			continue
		}
		maxC := 0.0
		for w, cw := range c.out[v] {
			if !c.done[w] && w != u {
				maxC = max(maxC, cu+cw)
			}
		}
		if maxC == 0 {
			continue
		}
		c.ws.run(u, v, maxC, c.out, c.done)
		for w, cw := range c.out[v] {
			if c.done[w] || w == u {
				continue
			}
			if c.ws.dist(w) > cu+cw {
				cnt++
				if add != nil {
					add(u, w, cu+cw)
				}
			}
		}
	}
	return cnt
}

// priority orders the contraction: the edge difference (shortcuts added
// less arcs removed), plus half the neighbours already contracted.
func (c *contractor) priority(v int32) float64 {
	deg := 0
	for u := range c.in[v] {
		if !c.done[u] {
			deg++
		}
	}
	for w := range c.out[v] {
		if !c.done[w] {
			deg++
		}
	}
	return float64(c.shortcuts(v, nil)-deg) + 0.5*float64(c.deleted[v])
}

// contract removes v, at rank r: the shortcuts its paths need join the
// remaining graph, its arcs to remaining nodes go up the hierarchy.
func (c *contractor) contract(v int32, r int32) {
	c.shortcuts(v, func(u, w int32, cost float64) {
		if old, ok := c.out[u][w]; !ok || cost < old {
			c.out[u][w] = cost
			c.in[w][u] = cost
		}
	})
	for w, cost := range c.out[v] {
		if !c.done[w] {
			c.ch.upOut[v] = append(c.ch.upOut[v], chArc{w, cost})
			c.deleted[w]++
		}
	}
	for u, cost := range c.in[v] {
		if !c.done[u] {
			c.ch.upIn[v] = append(c.ch.upIn[v], chArc{u, cost})
			c.deleted[u]++
		}
	}
	c.done[v] = true
	c.ch.rank[v] = r
}

// witness is a bounded Dijkstra for witness searches.
type witness struct {
	d     []float64
	stamp []uint32
	cur   uint32
	h     chQueue
}

func newWitness(n int) *witness {
	return &witness{d: make([]float64, n), stamp: make([]uint32, n)}
}

func (ws *witness) dist(v int32) float64 {
	if ws.stamp[v] != ws.cur {
		return math.Inf(1)
	}
	return ws.d[v]
}

// run searches from u avoiding v and contracted nodes, up to maxC.
func (ws *witness) run(u, v int32, maxC float64, out []map[int32]float64, done []bool) {
	ws.cur++
	ws.h = ws.h[:0]
	ws.stamp[u], ws.d[u] = ws.cur, 0
	heap.Push(&ws.h, chItem{u, 0})
	settled := 0
	for ws.h.Len() > 0 && settled < witnessSettle {
		it := heap.Pop(&ws.h).(chItem)
		if it.p > ws.d[it.v] {
			continue
		}
		if it.p > maxC {
			break
		}
		settled++
		for w, c := range out[it.v] {
			if w == v || done[w] {
				continue
			}
			nd := it.p + c
			if ws.stamp[w] != ws.cur || nd < ws.d[w] {
				ws.stamp[w], ws.d[w] = ws.cur, nd
				heap.Push(&ws.h, chItem{w, nd})
			}
		}
	}
}

type chItem struct {
	v int32
	p float64
}

type chQueue []chItem

func (q chQueue) Len() int           { return len(q) }
func (q chQueue) Less(i, j int) bool { return q[i].p < q[j].p }
func (q chQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *chQueue) Push(x any)        { *q = append(*q, x.(chItem)) }
func (q *chQueue) Pop() any {
	o := *q
	x := o[len(o)-1]
	*q = o[:len(o)-1]
	return x
}

// upSearch runs a full upward Dijkstra from s over arcs and calls visit
// for every settled node.
func (ch *CH) upSearch(s int32, arcs [][]chArc, ws *witness, visit func(v int32, d float64)) {
	ws.cur++
	ws.h = ws.h[:0]
	ws.stamp[s], ws.d[s] = ws.cur, 0
	heap.Push(&ws.h, chItem{s, 0})
	for ws.h.Len() > 0 {
		it := heap.Pop(&ws.h).(chItem)
		if it.p > ws.d[it.v] {
			continue
		}
		visit(it.v, it.p)
		for _, a := range arcs[it.v] {
			nd := it.p + a.w
			if ws.stamp[a.to] != ws.cur || nd < ws.d[a.to] {
				ws.stamp[a.to], ws.d[a.to] = ws.cur, nd
				heap.Push(&ws.h, chItem{a.to, nd})
			}
		}
	}
}

// Table returns travel times from every source to every target, like
// Graph.Table with ByTime (+Inf when unreachable).
func (ch *CH) Table(src, dst []int32) [][]float64 {
	type entry struct {
		t int32
		d float64
	}
	buckets := map[int32][]entry{}
	ws := newWitness(ch.n)
	for j, t := range dst {
		ch.upSearch(t, ch.upIn, ws, func(v int32, d float64) {
			buckets[v] = append(buckets[v], entry{int32(j), d})
		})
	}
	out := make([][]float64, len(src))
	for i, s := range src {
		row := make([]float64, len(dst))
		for j := range row {
			row[j] = math.Inf(1)
		}
		ch.upSearch(s, ch.upOut, ws, func(v int32, d float64) {
			for _, e := range buckets[v] {
				if d+e.d < row[e.t] {
					row[e.t] = d + e.d
				}
			}
		})
		out[i] = row
	}
	return out
}
