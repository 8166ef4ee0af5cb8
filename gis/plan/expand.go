package plan

import (
	"math"

	"github.com/paulmach/orb"

	"wardmap/gis/graph"
)

// leg appends the way from a to b to the route: geometry, length, time.
func (p *planner) leg(r *Route, s *graph.Search, a, b graph.Position) float64 {
	g := p.g
	bestT := math.Inf(1)
	direct := false
	if a.Seg == b.Seg {
		bestT, direct = p.along(a.Seg, a.Off, b.Off), true
	}
	var ea, eb int32
	for _, x := range [2]int32{g.SegFrom[a.Seg], g.SegTo[a.Seg]} {
		for _, y := range [2]int32{g.SegFrom[b.Seg], g.SegTo[b.Seg]} {
			t := p.along(a.Seg, a.Off, p.endOff(a.Seg, x)) + p.d[p.nodeIdx[x]][p.nodeIdx[y]] + p.along(b.Seg, p.endOff(b.Seg, y), b.Off)
			if t < bestT {
				bestT, direct, ea, eb = t, false, x, y
			}
		}
	}
	if math.IsInf(bestT, 1) {
		return bestT
	}
	if direct {
		p.addLine(r, g.SubLine(a.Seg, a.Off, b.Off))
		r.Length += math.Abs(a.Off - b.Off)
		return bestT
	}
	offA, offB := p.endOff(a.Seg, ea), p.endOff(b.Seg, eb)
	if a.Off != offA {
		p.addLine(r, g.SubLine(a.Seg, a.Off, offA))
		r.Length += math.Abs(a.Off - offA)
	}
	if ea != eb {
		s.Run([]graph.Source{{Node: ea}}, []int32{eb}, 0)
		for _, arc := range s.Path(eb) {
			l := g.SubLine(arc.Seg, 0, g.Len[arc.Seg])
			if !arc.Fwd {
				l = g.SubLine(arc.Seg, g.Len[arc.Seg], 0)
			}
			p.addLine(r, l)
			r.Length += g.Len[arc.Seg]
		}
	}
	if b.Off != offB {
		p.addLine(r, g.SubLine(b.Seg, offB, b.Off))
		r.Length += math.Abs(b.Off - offB)
	}
	return bestT
}

// addLine appends a piece of path, dropping repeated joints.
func (p *planner) addLine(r *Route, l orb.LineString) {
	for _, pt := range l {
		if n := len(r.Path); n > 0 && r.Path[n-1] == pt {
			continue
		}
		r.Path = append(r.Path, pt)
	}
}

// expand turns an ordered, oriented route into visits, times and geometry.
func (p *planner) expand(seq []oriented) Route {
	r := Route{Start: p.depot.Point}
	s := p.g.NewSearch(graph.ByTime)
	at := p.depot
	r.Path = orb.LineString{p.depot.Point}
	clock := 0.0
	for _, o := range seq {
		in, out := p.ends(o.s, o.fwd)
		clock += p.leg(&r, s, at, in)
		v := Visit{Target: o.s.t, Entry: in, Exit: out, Arrive: clock, PathAt: len(r.Path) - 1}
		if !o.s.point {
			// Along the segment itself, the legal way or not (a one-way
			// segment is ridden the legal way whenever the plan allows).
			l := p.g.SubLine(o.s.seg, in.Off, out.Off)
			p.addLine(&r, l)
			r.Length += p.g.Len[o.s.seg]
			r.Required += p.g.Len[o.s.seg]
			clock += o.s.traverse
		}
		clock += o.s.service
		r.Service += o.s.service
		v.Depart = clock
		r.Visits = append(r.Visits, v)
		at = out
	}
	clock += p.leg(&r, s, at, p.depot)
	r.Time = clock
	r.Travel = clock - r.Service
	if len(r.Path) == 1 {
		r.Path = append(r.Path, r.Path[0])
	}
	return r
}

// lowerBound is the required length plus a minimum spanning tree over the
// components to connect, in metres (see the package documentation).
func (p *planner) lowerBound(routes [][]oriented) float64 {
	required, comps := p.terminals(routes)
	if len(comps) <= 1 {
		return required
	}
	return required + spanningTree(p.compDistances(comps))
}

// terminals are the length of the required segments and the components
// the routes must connect: each set of required segments joined at their
// nodes, the start, and every point target off them, each as sources
// (node, metres to it).
func (p *planner) terminals(routes [][]oriented) (float64, [][]graph.Source) {
	g := p.g
	// Union-find over graph nodes joined by required segments.
	parent := map[int32]int32{}
	var find func(v int32) int32
	find = func(v int32) int32 {
		if q, ok := parent[v]; ok && q != v {
			r := find(q)
			parent[v] = r
			return r
		}
		parent[v] = v
		return v
	}
	required := 0.0
	onRequired := map[int32]bool{}
	for _, rs := range routes {
		for _, o := range rs {
			if o.s.point {
				continue
			}
			required += g.Len[o.s.seg]
			onRequired[o.s.seg] = true
			a, b := find(g.SegFrom[o.s.seg]), find(g.SegTo[o.s.seg])
			parent[a] = b
		}
	}
	byRoot := map[int32]int{}
	var comps [][]graph.Source
	addPos := func(pos graph.Position) {
		if onRequired[pos.Seg] {
			return // on a required segment: already in its component
		}
		comps = append(comps, []graph.Source{
			{Node: g.SegFrom[pos.Seg], Cost: pos.Off},
			{Node: g.SegTo[pos.Seg], Cost: g.Len[pos.Seg] - pos.Off},
		})
	}
	for _, rs := range routes {
		for _, o := range rs {
			if o.s.point {
				continue
			}
			for _, v := range [2]int32{g.SegFrom[o.s.seg], g.SegTo[o.s.seg]} {
				r := find(v)
				i, ok := byRoot[r]
				if !ok {
					i = len(comps)
					byRoot[r] = i
					comps = append(comps, nil)
				}
				comps[i] = append(comps[i], graph.Source{Node: v})
			}
		}
	}
	addPos(p.depot)
	for _, rs := range routes {
		for _, o := range rs {
			if o.s.point {
				addPos(o.s.pos)
			}
		}
	}
	return required, comps
}

// compDistances is the walking distance from each component to each other.
func (p *planner) compDistances(comps [][]graph.Source) [][]float64 {
	n := len(comps)
	d := make([][]float64, n)
	s := p.g.NewSearch(graph.ByLength)
	for i := range comps {
		s.Run(comps[i], nil, 0)
		d[i] = make([]float64, n)
		for j := range comps {
			best := math.Inf(1)
			for _, src := range comps[j] {
				best = min(best, s.Dist(src.Node)+src.Cost)
			}
			d[i][j] = best
		}
	}
	// Points on the same segment may be closer along it than via its ends.
	for i := range comps {
		for j := range comps {
			ci, cj := comps[i], comps[j]
			if len(ci) == 2 && len(cj) == 2 && i != j && ci[0].Node == cj[0].Node && ci[1].Node == cj[1].Node {
				d[i][j] = min(d[i][j], math.Abs(ci[0].Cost-cj[0].Cost))
			}
		}
	}
	return d
}

// spanningTree is the weight of Prim's minimum spanning tree on
// min(d[i][j], d[j][i]): one-ways may make one direction longer, but every
// connecting walk is at least the shorter one. Components no walk reaches
// add nothing.
func spanningTree(d [][]float64) float64 {
	n := len(d)
	in := make([]bool, n)
	key := make([]float64, n)
	for i := range key {
		key[i] = math.Inf(1)
	}
	key[0] = 0
	total := 0.0
	for range n {
		u := -1
		for v := range n {
			if !in[v] && (u < 0 || key[v] < key[u]) {
				u = v
			}
		}
		in[u] = true
		if !math.IsInf(key[u], 1) {
			total += key[u]
		}
		for v := range n {
			if w := min(d[u][v], d[v][u]); !in[v] && w < key[v] {
				key[v] = w
			}
		}
	}
	return total
}
