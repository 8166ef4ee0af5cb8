package graph

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"wardmap/gis/grid"
)

// Position is a place on a street: Off metres from the start of segment
// Seg along its line.
type Position struct {
	Seg   int32
	Off   float64
	Point orb.Point // the position itself
	Dist  float64   // metres from the snapped point to Point
}

// pieces are every segment piece (two consecutive vertices) in local
// metres, numbered as the grid index numbers them, for nearest-street
// queries.
type pieces struct {
	grid *grid.Index
	all  []piece
}

type piece struct {
	seg    int32
	i      int32   // vertex index of the piece's start
	off    float64 // metres from segment start to vertex i
	ax, ay float64
	bx, by float64
}

// gridCell is the side of the index's cells in metres: a city block.
const gridCell = 100.0

func newPieces(g *Graph) *pieces {
	ext := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	for _, p := range g.Nodes {
		x, y := g.proj.xy(p)
		ext = ext.Extend(orb.Point{x, y})
	}
	var all []piece
	for si, s := range g.Segs {
		var off float64
		for i := 1; i < len(s.Line); i++ {
			ax, ay := g.proj.xy(s.Line[i-1])
			bx, by := g.proj.xy(s.Line[i])
			all = append(all, piece{seg: int32(si), i: int32(i - 1), off: off, ax: ax, ay: ay, bx: bx, by: by})
			off += math.Hypot(bx-ax, by-ay)
			ext = ext.Extend(orb.Point{ax, ay}).Extend(orb.Point{bx, by})
		}
	}
	ps := &pieces{grid: grid.New(ext, gridCell), all: all}
	// Kept in the order of their first cells, so that a query reads the
	// pieces of a cell, and their first cells, from consecutive memory.
	nx, _ := ps.grid.Size()
	first := func(pc *piece) int {
		x, y, _, _ := ps.grid.Span(pc.bound())
		return y*nx + x
	}
	slices.SortStableFunc(all, func(a, b piece) int { return cmp.Compare(first(&a), first(&b)) })
	for i := range all {
		ps.grid.Add(all[i].bound())
	}
	return ps
}

func (pc *piece) bound() orb.Bound {
	return orb.Bound{Min: orb.Point{min(pc.ax, pc.bx), min(pc.ay, pc.by)}, Max: orb.Point{max(pc.ax, pc.bx), max(pc.ay, pc.by)}}
}

// Snap returns the street position nearest to p. Segments for which keep
// returns false are skipped (nil keeps all). ok is false when no segment
// lies within maxDist metres (0: no limit).
func (g *Graph) Snap(p orb.Point, maxDist float64, keep func(seg int32) bool) (Position, bool) {
	x, y := g.proj.xy(p)
	best := Position{Seg: -1, Dist: math.Inf(1)}
	var bx, by float64
	var bestPiece int32
	g.pieces.grid.Nearest(orb.Point{x, y}, maxDist, func(cell []int32) float64 {
		for _, i := range cell {
			pc := &g.pieces.all[i]
			if keep != nil && !keep(pc.seg) {
				continue
			}
			qx, qy, t := closest(x, y, pc)
			d := math.Hypot(qx-x, qy-y)
			// Ties go to the lower segment, then its earlier piece: the
			// answer does not hang on the order the pieces are stored in.
			if d < best.Dist || (d == best.Dist && (pc.seg < best.Seg || (pc.seg == best.Seg && pc.i < bestPiece))) {
				best = Position{Seg: pc.seg, Off: pc.off + t, Dist: d}
				bx, by, bestPiece = qx, qy, pc.i
			}
		}
		return best.Dist
	})
	if best.Seg < 0 || (maxDist > 0 && best.Dist > maxDist) {
		return Position{}, false
	}
	best.Off = min(max(best.Off*g.Len[best.Seg]/nz(g.glen[best.Seg]), 0), g.Len[best.Seg])
	best.Point = g.proj.lonlat(bx, by)
	return best, true
}

// closest returns the point of piece pc nearest to (x, y) and its distance
// from the piece's start.
func closest(x, y float64, pc *piece) (float64, float64, float64) {
	dx, dy := pc.bx-pc.ax, pc.by-pc.ay
	l2 := dx*dx + dy*dy
	t := 0.0
	if l2 > 0 {
		t = ((x-pc.ax)*dx + (y-pc.ay)*dy) / l2
		t = min(max(t, 0), 1)
	}
	return pc.ax + t*dx, pc.ay + t*dy, t * math.Sqrt(l2)
}

// SubLine returns the part of segment s between offsets a and b (metres
// from its start); reversed when a > b.
func (g *Graph) SubLine(s int32, a, b float64) orb.LineString {
	line := g.Segs[s].Line
	rev := a > b
	if rev {
		a, b = b, a
	}
	// Offsets are in the graph's metres; scale to the geometry's own
	// length when the segment's stored length differs.
	geomLen := g.glen[s]
	if l := g.Len[s]; l > 0 && geomLen > 0 {
		a, b = a*geomLen/l, b*geomLen/l
	}
	var out orb.LineString
	var off float64
	for i := 1; i < len(line); i++ {
		d := g.proj.dist(line[i-1], line[i])
		if off+d >= a && off <= b {
			if len(out) == 0 {
				out = append(out, interp(line[i-1], line[i], (a-off)/nz(d)))
			}
			if off+d <= b {
				out = append(out, line[i])
			} else {
				out = append(out, interp(line[i-1], line[i], (b-off)/nz(d)))
				break
			}
		}
		off += d
	}
	if len(out) == 1 {
		out = append(out, out[0])
	}
	if rev {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return out
}

func nz(d float64) float64 {
	if d == 0 {
		return 1
	}
	return d
}

func interp(a, b orb.Point, t float64) orb.Point {
	t = min(max(t, 0), 1)
	return orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}
}

// PointAt returns the point Off metres along segment s.
func (g *Graph) PointAt(s int32, off float64) orb.Point {
	l := g.SubLine(s, 0, off)
	return l[len(l)-1]
}

// Near calls fn for every segment piece within tol metres of p, with the
// position's offset along the segment (graph metres), the distance and the
// piece's unit direction in local metres (dx, dy). A segment may be
// reported more than once (once per piece).
func (g *Graph) Near(p orb.Point, tol float64, fn func(seg int32, off, dist, dx, dy float64)) {
	x, y := g.proj.xy(p)
	box := orb.Bound{Min: orb.Point{x - tol, y - tol}, Max: orb.Point{x + tol, y + tol}}
	gr := g.pieces.grid
	if !box.Intersects(gr.Extent()) {
		return
	}
	// The cells by hand rather than grid.Each: the matcher asks for every
	// fix, and most pieces in the cells are farther than tol, so the
	// distance comes first and the once-only test after it.
	x0, y0, x1, y1 := gr.Span(box)
	for cy := y0; cy <= y1; cy++ {
		for cx := x0; cx <= x1; cx++ {
			for _, i := range gr.Cell(cx, cy) {
				pc := &g.pieces.all[i]
				qx, qy, t := closest(x, y, pc)
				d := math.Hypot(qx-x, qy-y)
				if d > tol || gr.Seen(i, cx, cy, x0, y0) {
					continue
				}
				dx, dy := pc.bx-pc.ax, pc.by-pc.ay
				l := math.Hypot(dx, dy)
				if l > 0 {
					dx, dy = dx/l, dy/l
				}
				off := (pc.off + t) * g.Len[pc.seg] / nz(g.glen[pc.seg])
				fn(pc.seg, off, d, dx, dy)
			}
		}
	}
}

// XY returns p in the graph's local metres (for callers measuring
// headings and steps consistently with Near).
func (g *Graph) XY(p orb.Point) (float64, float64) { return g.proj.xy(p) }
