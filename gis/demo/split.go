package demo

import (
	"math"
	"sort"
)

// network is the street graph: lines split into segments (pieces) whose
// end points are shared, bit for bit, with every other piece at the same
// junction, and numbered nodes.
type network struct {
	lines  []*line
	pieces []*piece
}

// piece is one street segment between two junctions (or a dead end).
type piece struct {
	line     int
	pts      []xy
	d0       float64 // distance along the line at pts[0], for house numbers
	from, to int64
}

// crossing is a point where a line is cut: on segment seg at parameter t.
type crossing struct {
	seg int
	t   float64
	at  xy
}

// split cuts every line where it crosses another and where an alley leaves
// it, then keeps only the connected part of the network that holds the
// first street, so that every segment can be reached from every other.
func split(lines []*line) *network {
	cross := make([][]crossing, len(lines))
	findCrossings(lines, cross)
	for _, l := range lines {
		l.cut = make([]bool, len(l.pts))
	}
	for _, l := range lines {
		if l.parent >= 0 {
			lines[l.parent].cut[l.mouth] = true
		}
	}
	for i, l := range lines {
		insertCrossings(l, cross[i])
	}
	n := &network{lines: lines}
	for i, l := range lines {
		n.pieces = append(n.pieces, cutLine(i, l)...)
	}
	n.keepConnected()
	return n
}

// grid cell size for finding crossings, in metres.
const cellSize = 100.0

type segRef struct{ line, seg int }

// findCrossings records every proper crossing between segments of
// different lines. Segments go into a grid of cells; a crossing is counted
// only in the cell that holds it, so a pair seen in two cells counts once.
func findCrossings(lines []*line, cross [][]crossing) {
	nx, ny := int(math.Ceil(areaW/cellSize)), int(math.Ceil(areaH/cellSize))
	cellOf := func(p xy) (int, int) {
		return clampInt(int(math.Floor(p.X/cellSize)), 0, nx-1), clampInt(int(math.Floor(p.Y/cellSize)), 0, ny-1)
	}
	cells := make([][]segRef, nx*ny)
	for li, l := range lines {
		for s := 0; s+1 < len(l.pts); s++ {
			x0, y0 := cellOf(xy{math.Min(l.pts[s].X, l.pts[s+1].X), math.Min(l.pts[s].Y, l.pts[s+1].Y)})
			x1, y1 := cellOf(xy{math.Max(l.pts[s].X, l.pts[s+1].X), math.Max(l.pts[s].Y, l.pts[s+1].Y)})
			for cy := y0; cy <= y1; cy++ {
				for cx := x0; cx <= x1; cx++ {
					cells[cy*nx+cx] = append(cells[cy*nx+cx], segRef{li, s})
				}
			}
		}
	}
	for c, refs := range cells {
		for i, a := range refs {
			for _, b := range refs[i+1:] {
				if a.line == b.line {
					continue
				}
				la, lb := lines[a.line], lines[b.line]
				t, u, ok := intersect(la.pts[a.seg], la.pts[a.seg+1], lb.pts[b.seg], lb.pts[b.seg+1])
				if !ok {
					continue
				}
				p := lerp(la.pts[a.seg], la.pts[a.seg+1], t)
				if cx, cy := cellOf(p); cy*nx+cx != c {
					continue
				}
				cross[a.line] = append(cross[a.line], crossing{a.seg, t, p})
				cross[b.line] = append(cross[b.line], crossing{b.seg, u, p})
			}
		}
	}
}

// intersect returns the parameters along ab and cd of their crossing, if
// they cross strictly inside both (touching at an end is an alley's mouth,
// handled separately).
func intersect(a, b, c, d xy) (t, u float64, ok bool) {
	r, s := b.sub(a), d.sub(c)
	den := r.cross(s)
	if den == 0 {
		return 0, 0, false
	}
	t = c.sub(a).cross(s) / den
	u = c.sub(a).cross(r) / den
	return t, u, t > 0 && t < 1 && u > 0 && u < 1
}

// insertCrossings adds the crossing points to the line as cut vertices.
func insertCrossings(l *line, cs []crossing) {
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].seg != cs[j].seg {
			return cs[i].seg < cs[j].seg
		}
		return cs[i].t < cs[j].t
	})
	pts := make([]xy, 0, len(l.pts)+len(cs))
	cut := make([]bool, 0, len(l.pts)+len(cs))
	add := func(p xy, c bool) {
		if n := len(pts); n > 0 && pts[n-1] == p {
			cut[n-1] = cut[n-1] || c
			return
		}
		pts, cut = append(pts, p), append(cut, c)
	}
	k := 0
	for i, p := range l.pts {
		add(p, l.cut[i])
		for ; k < len(cs) && cs[k].seg == i; k++ {
			add(cs[k].at, true)
		}
	}
	l.pts, l.cut = pts, cut
}

// cutLine splits a line into pieces at its cut vertices.
func cutLine(li int, l *line) []*piece {
	var out []*piece
	dist := cumulative(l.pts)
	start := 0
	for i := 1; i < len(l.pts); i++ {
		if l.cut[i] || i == len(l.pts)-1 {
			pts := append([]xy(nil), l.pts[start:i+1]...)
			out = append(out, &piece{line: li, pts: pts, d0: dist[start]})
			start = i
		}
	}
	return out
}

// keepConnected numbers the junctions and drops every piece that cannot be
// reached from the first street.
func (n *network) keepConnected() {
	ids := map[xy]int64{}
	node := func(p xy) int64 {
		id, ok := ids[p]
		if !ok {
			id = int64(len(ids))
			ids[p] = id
		}
		return id
	}
	parent := map[int64]int64{}
	var find func(int64) int64
	find = func(x int64) int64 {
		if p, ok := parent[x]; ok && p != x {
			r := find(p)
			parent[x] = r
			return r
		}
		return x
	}
	for _, p := range n.pieces {
		a, b := find(node(p.pts[0])), find(node(p.pts[len(p.pts)-1]))
		if a != b {
			parent[a] = b
		}
	}
	root := find(node(n.pieces[0].pts[0]))
	kept := n.pieces[:0]
	final := map[xy]int64{}
	finalID := func(p xy) int64 {
		id, ok := final[p]
		if !ok {
			id = int64(len(final) + 1)
			final[p] = id
		}
		return id
	}
	for _, p := range n.pieces {
		if find(node(p.pts[0])) != root {
			continue
		}
		p.from, p.to = finalID(p.pts[0]), finalID(p.pts[len(p.pts)-1])
		kept = append(kept, p)
	}
	n.pieces = kept
}

func clampInt(x, lo, hi int) int { return max(lo, min(x, hi)) }
