package graph_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/gis/graph"
)

// gridCity makes a w×h grid of streets 100 m apart (near Kiến An), every
// k-th row one-way eastwards; ids on the nodes.
func gridCity(w, h, onewayEvery int) []graph.Segment {
	const dLon, dLat = 100 / 104000.0, 100 / 110700.0
	pt := func(i, j int) orb.Point { return orb.Point{106.60 + float64(i)*dLon, 20.78 + float64(j)*dLat} }
	id := func(i, j int) int64 { return int64(j*w + i + 1) }
	var segs []graph.Segment
	for j := 0; j < h; j++ {
		for i := 0; i < w; i++ {
			if i+1 < w {
				s := graph.Segment{Line: orb.LineString{pt(i, j), pt(i+1, j)}, Class: "main", From: id(i, j), To: id(i+1, j), Length: 100}
				if onewayEvery > 0 && j%onewayEvery == 0 {
					s.Oneway = 1
				}
				segs = append(segs, s)
			}
			if j+1 < h {
				segs = append(segs, graph.Segment{Line: orb.LineString{pt(i, j), pt(i, j+1)}, Class: "alley", From: id(i, j), To: id(i, j+1), Length: 100})
			}
		}
	}
	return segs
}

// at returns the node at grid position (i, j).
func at(t *testing.T, g *graph.Graph, i, j int) int32 {
	t.Helper()
	const dLon, dLat = 100 / 104000.0, 100 / 110700.0
	want := orb.Point{106.60 + float64(i)*dLon, 20.78 + float64(j)*dLat}
	for v, p := range g.Nodes {
		if p == want {
			return int32(v)
		}
	}
	t.Fatalf("no node at %d,%d", i, j)
	return -1
}

func TestShortestPathsOnGrid(t *testing.T) {
	g, err := graph.Build(gridCity(5, 4, 0), graph.Walk)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Nodes) != 20 || len(g.Segs) != 31 || g.NumArcs() != 62 {
		t.Fatalf("nodes %d segs %d arcs %d", len(g.Nodes), len(g.Segs), g.NumArcs())
	}
	s := g.NewSearch(graph.ByLength)
	s.Run([]graph.Source{{Node: at(t, g, 0, 0)}}, nil, 0)
	// Manhattan distance on the grid.
	for i := 0; i < 5; i++ {
		for j := 0; j < 4; j++ {
			if d := s.Dist(at(t, g, i, j)); math.Abs(d-100*float64(i+j)) > 1e-9 {
				t.Errorf("node %d,%d: %v, want %v", i, j, d, 100*(i+j))
			}
		}
	}
	far := at(t, g, 4, 3)
	p := s.Path(far)
	if len(p) != 7 || p[len(p)-1].To != far {
		t.Errorf("path to far corner: %+v", p)
	}
	st := g.NewSearch(graph.ByTime)
	st.Run([]graph.Source{{Node: at(t, g, 0, 0)}}, []int32{far}, 0)
	if want := 700 / graph.Walk.Default; math.Abs(st.Dist(far)-want) > 1e-3 {
		t.Errorf("walking time %v, want %v", st.Dist(far), want)
	}
}

// One-ways bind the motorbike, not the walker: going west along a one-way
// east row takes a detour on the motorbike.
func TestOnewayProfiles(t *testing.T) {
	segs := gridCity(4, 2, 2) // row 0 one-way east, row 1 two-way
	walk, _ := graph.Build(segs, graph.Walk)
	moto, _ := graph.Build(segs, graph.Motorbike)
	for _, c := range []struct {
		g        *graph.Graph
		from, to int
		want     float64
	}{
		{walk, 3, 0, 300}, {walk, 0, 3, 300},
		{moto, 0, 3, 300}, {moto, 3, 0, 500}, // up, along row 1, down
	} {
		s := c.g.NewSearch(graph.ByLength)
		from, to := at(t, c.g, c.from, 0), at(t, c.g, c.to, 0)
		s.Run([]graph.Source{{Node: from}}, []int32{to}, 0)
		if got := s.Dist(to); got != c.want {
			t.Errorf("%s %d→%d: %v, want %v", c.g.Profile.Name, c.from, c.to, got, c.want)
		}
	}
	if moto.SegmentAllowed(0, false) || !moto.SegmentAllowed(0, true) || !walk.SegmentAllowed(0, false) {
		t.Error("SegmentAllowed")
	}
}

// Nodes come from from_node/to_node when set, else from coordinates.
func TestNodesByIDOrCoordinates(t *testing.T) {
	a, b, c := orb.Point{106.60, 20.80}, orb.Point{106.601, 20.80}, orb.Point{106.602, 20.80}
	segs := []graph.Segment{
		{Line: orb.LineString{a, b}},
		{Line: orb.LineString{b, c}}, // shares b by coordinates
		{Line: orb.LineString{a, c}, From: 7, To: 8},
		{Line: orb.LineString{c, {106.603, 20.80}}, From: 8}, // 8 is c
	}
	g, err := graph.Build(segs, graph.Walk)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Nodes) != 4 {
		t.Errorf("%d nodes, want 4", len(g.Nodes))
	}
	if _, err := graph.Build(nil, graph.Walk); err == nil {
		t.Error("empty graph built")
	}
}

func TestSnapAndSubLine(t *testing.T) {
	g, _ := graph.Build(gridCity(5, 5, 0), graph.Walk)
	const dLon, dLat = 100 / 104000.0, 100 / 110700.0
	// 30 m east of node (1,1) and 12 m north of the street.
	p := orb.Point{106.60 + 1.3*dLon, 20.78 + 1.12*dLat}
	pos, ok := g.Snap(p, 0, nil)
	if !ok {
		t.Fatal("no snap")
	}
	if math.Abs(pos.Dist-12) > 0.5 || math.Abs(pos.Off-30) > 0.5 {
		t.Errorf("snap %+v", pos)
	}
	if _, ok := g.Snap(orb.Point{106.70, 20.90}, 50, nil); ok {
		t.Error("snapped a point kilometres away within 50 m")
	}
	l := g.SubLine(pos.Seg, 10, 60)
	if d := g.Dist(l[0], l[len(l)-1]); math.Abs(d-50) > 0.5 {
		t.Errorf("subline length %v", d)
	}
	r := g.SubLine(pos.Seg, 60, 10)
	if r[0] != l[len(l)-1] {
		t.Error("reversed subline")
	}
}

// The table equals single searches, and walking tables are symmetric.
func TestTable(t *testing.T) {
	g, _ := graph.Build(gridCity(20, 20, 3), graph.Motorbike)
	r := rand.New(rand.NewPCG(1, 2))
	var src, dst []int32
	for range 15 {
		src = append(src, int32(r.IntN(len(g.Nodes))))
		dst = append(dst, int32(r.IntN(len(g.Nodes))))
	}
	tab := g.Table(src, dst, graph.ByTime)
	s := g.NewSearch(graph.ByTime)
	for i, a := range src {
		s.Run([]graph.Source{{Node: a}}, nil, 0)
		for j, b := range dst {
			if tab[i][j] != s.Dist(b) {
				t.Fatalf("table[%d][%d] %v, search %v", i, j, tab[i][j], s.Dist(b))
			}
		}
	}
	w, _ := graph.Build(gridCity(20, 20, 3), graph.Walk)
	ab, ba := w.Table(src, dst, graph.ByTime), w.Table(dst, src, graph.ByTime)
	for i := range src {
		for j := range dst {
			if math.Abs(ab[i][j]-ba[j][i]) > 1e-6 {
				t.Fatalf("walk table not symmetric")
			}
		}
	}
}

// The contraction hierarchy's tables equal Dijkstra's, one-ways included.
func TestCHTable(t *testing.T) {
	for _, p := range []graph.Profile{graph.Walk, graph.Motorbike} {
		g, _ := graph.Build(gridCity(25, 25, 2), p)
		ch := g.BuildCH()
		r := rand.New(rand.NewPCG(5, 6))
		var src, dst []int32
		for range 30 {
			src = append(src, int32(r.IntN(len(g.Nodes))))
			dst = append(dst, int32(r.IntN(len(g.Nodes))))
		}
		want := g.Table(src, dst, graph.ByTime)
		got := ch.Table(src, dst)
		for i := range src {
			for j := range dst {
				if math.Abs(want[i][j]-got[i][j]) > 1e-3*max(1, want[i][j]) {
					t.Fatalf("%s: %d→%d: CH %v, Dijkstra %v", p.Name, src[i], dst[j], got[i][j], want[i][j])
				}
			}
		}
	}
}
