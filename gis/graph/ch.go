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
	n := len(g.Nodes)
	out := make([]map[int32]float64, n)
	in := make([]map[int32]float64, n)
	for v := range n {
		out[v], in[v] = map[int32]float64{}, map[int32]float64{}
	}
	for v := range n {
		for _, a := range g.Arcs(int32(v)) {
			if a.To == int32(v) {
				continue
			}
			w := float64(a.Time)
			if old, ok := out[v][a.To]; !ok || w < old {
				out[v][a.To] = w
				in[a.To][int32(v)] = w
			}
		}
	}
	ch := &CH{n: n, rank: make([]int32, n), upOut: make([][]chArc, n), upIn: make([][]chArc, n)}
	done := make([]bool, n)
	deleted := make([]int32, n) // contracted neighbours, spreads the order
	ws := newWitness(n)
	// shortcuts returns the shortcuts contracting v needs (and calls add
	// for each when add is not nil).
	shortcuts := func(v int32, add func(u, w int32, c float64)) int {
		cnt := 0
		for u, cu := range in[v] {
			if done[u] {
				continue
			}
			maxC := 0.0
			for w, cw := range out[v] {
				if !done[w] && w != u {
					maxC = max(maxC, cu+cw)
				}
			}
			if maxC == 0 {
				continue
			}
			ws.run(u, v, maxC, out, done)
			for w, cw := range out[v] {
				if done[w] || w == u {
					continue
				}
				if ws.dist(w) > cu+cw {
					cnt++
					if add != nil {
						add(u, w, cu+cw)
					}
				}
			}
		}
		return cnt
	}
	prio := func(v int32) float64 {
		deg := 0
		for u := range in[v] {
			if !done[u] {
				deg++
			}
		}
		for w := range out[v] {
			if !done[w] {
				deg++
			}
		}
		return float64(shortcuts(v, nil)-deg) + 0.5*float64(deleted[v])
	}
	pq := &chQueue{}
	for v := range n {
		heap.Push(pq, chItem{int32(v), prio(int32(v))})
	}
	for r := int32(0); pq.Len() > 0; {
		it := heap.Pop(pq).(chItem)
		v := it.v
		if done[v] {
			continue
		}
		if p := prio(v); pq.Len() > 0 && p > (*pq)[0].p {
			heap.Push(pq, chItem{v, p}) // lazy update
			continue
		}
		shortcuts(v, func(u, w int32, c float64) {
			if old, ok := out[u][w]; !ok || c < old {
				out[u][w] = c
				in[w][u] = c
			}
		})
		for w, c := range out[v] {
			if !done[w] {
				ch.upOut[v] = append(ch.upOut[v], chArc{w, c})
				deleted[w]++
			}
		}
		for u, c := range in[v] {
			if !done[u] {
				ch.upIn[v] = append(ch.upIn[v], chArc{u, c})
				deleted[u]++
			}
		}
		done[v] = true
		ch.rank[v] = r
		r++
	}
	return ch
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
