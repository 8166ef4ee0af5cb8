package graph

import (
	"math"
	"runtime"
	"sync"
)

// Metric chooses what a search minimises.
type Metric int

const (
	ByTime   Metric = iota // seconds under the profile
	ByLength               // metres (one-ways still honoured by the profile)
)

// Source starts a search at a node with an initial cost (for a position
// part-way along a segment).
type Source struct {
	Node int32
	Cost float64
}

// Search is a reusable Dijkstra workspace; not safe for concurrent use
// (make one per goroutine).
type Search struct {
	g      *Graph
	Metric Metric
	dist   []float64
	pred   []int32 // arc index into g.arcs that reached the node, -1 for a source
	stamp  []uint32
	done   []uint32 // settled in run cur
	want   []uint32 // a target of run cur
	cur    uint32
	heap   []item
}

type item struct {
	d float64
	v int32
}

// NewSearch returns a workspace for g.
func (g *Graph) NewSearch(m Metric) *Search {
	n := len(g.Nodes)
	return &Search{g: g, Metric: m, dist: make([]float64, n), pred: make([]int32, n), stamp: make([]uint32, n), done: make([]uint32, n), want: make([]uint32, n)}
}

// Run searches from the sources until every target is settled (all nodes
// when targets is nil) or the cost exceeds limit (0: no limit).
func (s *Search) Run(sources []Source, targets []int32, limit float64) {
	s.cur++
	if s.cur == 0 { // wrapped: clear the stamps
		clear(s.stamp)
		clear(s.done)
		clear(s.want)
		s.cur = 1
	}
	s.heap = s.heap[:0]
	for _, src := range sources {
		if s.stamp[src.Node] != s.cur || src.Cost < s.dist[src.Node] {
			s.stamp[src.Node] = s.cur
			s.dist[src.Node] = src.Cost
			s.pred[src.Node] = -1
			s.push(item{src.Cost, src.Node})
		}
	}
	left := 0
	for _, t := range targets {
		if s.want[t] != s.cur {
			s.want[t] = s.cur
			left++
		}
	}
	settled := s.cur
	g := s.g
	for len(s.heap) > 0 {
		it := s.pop()
		v := it.v
		if it.d > s.dist[v] || s.done[v] == settled {
			continue
		}
		if limit > 0 && it.d > limit {
			break
		}
		if s.want[v] == s.cur {
			left--
		}
		s.done[v] = settled
		if targets != nil && left == 0 {
			break
		}
		for ai := g.first[v]; ai < g.first[v+1]; ai++ {
			a := &g.arcs[ai]
			w := float64(a.Time)
			if s.Metric == ByLength {
				w = g.Len[a.Seg]
			}
			nd := it.d + w
			if s.stamp[a.To] != s.cur || nd < s.dist[a.To] {
				s.stamp[a.To] = s.cur
				s.dist[a.To] = nd
				s.pred[a.To] = ai
				s.push(item{nd, a.To})
			}
		}
	}
}

// Dist returns the cost to v found by the last Run (+Inf if not reached).
func (s *Search) Dist(v int32) float64 {
	if s.stamp[v] != s.cur {
		return math.Inf(1)
	}
	return s.dist[v]
}

// Path returns the arcs from a source to v, in order (nil if v is a source
// or was not reached).
func (s *Search) Path(v int32) []Arc {
	if s.stamp[v] != s.cur {
		return nil
	}
	var rev []Arc
	for guard := 0; s.pred[v] >= 0 && guard <= len(s.g.Nodes); guard++ {
		a := s.g.arcs[s.pred[v]]
		rev = append(rev, a)
		v = s.from(s.pred[v])
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev
}

// from returns the tail node of arc ai.
func (s *Search) from(ai int32) int32 {
	a := s.g.arcs[ai]
	if a.Fwd {
		return s.g.SegFrom[a.Seg]
	}
	return s.g.SegTo[a.Seg]
}

func (s *Search) push(x item) {
	h := append(s.heap, x)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if h[p].d <= x.d {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = x
	s.heap = h
}

func (s *Search) pop() item {
	h := s.heap
	top := h[0]
	last := h[len(h)-1]
	h = h[:len(h)-1]
	n := len(h)
	i := 0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && h[c+1].d < h[c].d {
			c++
		}
		if last.d <= h[c].d {
			break
		}
		h[i] = h[c]
		i = c
	}
	if n > 0 {
		h[i] = last
	}
	s.heap = h
	return top
}

// Table returns the travel costs from every source node to every target
// node: t[i][j] from src[i] to dst[j] (+Inf when unreachable). Searches run
// in parallel, one per CPU.
func (g *Graph) Table(src, dst []int32, m Metric) [][]float64 {
	out := make([][]float64, len(src))
	workers := min(runtime.GOMAXPROCS(0), len(src))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := g.NewSearch(m)
			for i := range next {
				s.Run([]Source{{src[i], 0}}, dst, 0)
				row := make([]float64, len(dst))
				for j, t := range dst {
					row[j] = s.Dist(t)
				}
				out[i] = row
			}
		}()
	}
	for i := range src {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}
