package graph_test

import (
	"container/heap"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"wardmap/gis/graph"
)

// BenchmarkTable200k builds a generated grid city of 200,704 nodes (448 ×
// 448 junctions, every third row one-way) and computes a 100 × 100 travel
// time table for the motorbike, beside a textbook container/heap Dijkstra
// over map-free adjacency lists measured in the same run (peer_ms, ratio).
func BenchmarkTable200k(b *testing.B) {
	segs := gridCity(448, 448, 3)
	t0 := time.Now()
	g, err := graph.Build(segs, graph.Motorbike)
	if err != nil {
		b.Fatal(err)
	}
	build := time.Since(t0)
	r := rand.New(rand.NewPCG(3, 4))
	src, dst := make([]int32, 100), make([]int32, 100)
	for i := range src {
		src[i], dst[i] = int32(r.IntN(len(g.Nodes))), int32(r.IntN(len(g.Nodes)))
	}
	// Peer: the textbook algorithm, one source, every node.
	adj := make([][]edge, len(g.Nodes))
	for v := range g.Nodes {
		for _, a := range g.Arcs(int32(v)) {
			adj[v] = append(adj[v], edge{int(a.To), float64(a.Time)})
		}
	}
	t0 = time.Now()
	const peerRuns = 5
	for i := range peerRuns {
		naive(adj, int(src[i]))
	}
	peer := time.Since(t0) / peerRuns * time.Duration(len(src))
	b.ResetTimer()
	for b.Loop() {
		g.Table(src, dst, graph.ByTime)
	}
	ours := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(len(g.Nodes)), "nodes")
	b.ReportMetric(float64(build.Milliseconds()), "build_ms")
	b.ReportMetric(float64(ours.Milliseconds()), "table_ms")
	b.ReportMetric(float64(peer.Milliseconds()), "peer_ms")
	b.ReportMetric(float64(peer)/float64(ours), "x_faster")
}

type edge struct {
	to int
	w  float64
}

type pq []item2

type item2 struct {
	d float64
	v int
}

func (q pq) Len() int           { return len(q) }
func (q pq) Less(i, j int) bool { return q[i].d < q[j].d }
func (q pq) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *pq) Push(x any)        { *q = append(*q, x.(item2)) }
func (q *pq) Pop() any          { o := *q; x := o[len(o)-1]; *q = o[:len(o)-1]; return x }

func naive(adj [][]edge, s int) []float64 {
	d := make([]float64, len(adj))
	for i := range d {
		d[i] = math.Inf(1)
	}
	d[s] = 0
	q := &pq{{0, s}}
	for q.Len() > 0 {
		it := heap.Pop(q).(item2)
		if it.d > d[it.v] {
			continue
		}
		for _, e := range adj[it.v] {
			if nd := it.d + e.w; nd < d[e.to] {
				d[e.to] = nd
				heap.Push(q, item2{nd, e.to})
			}
		}
	}
	return d
}
