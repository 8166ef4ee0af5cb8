package graph

import (
	"math"

	"github.com/paulmach/orb"
)

// Position is a place on a street: Off metres from the start of segment
// Seg along its line.
type Position struct {
	Seg   int32
	Off   float64
	Point orb.Point // the position itself
	Dist  float64   // metres from the snapped point to Point
}

// grid buckets every segment piece (two consecutive vertices) by cell, in
// local metres, for nearest-street queries.
type grid struct {
	cell   float64
	minX   float64
	minY   float64
	nx, ny int
	cells  [][]piece
}

type piece struct {
	seg    int32
	i      int32   // vertex index of the piece's start
	off    float64 // metres from segment start to vertex i
	ax, ay float64
	bx, by float64
}

const gridCell = 100.0

func newGrid(g *Graph) *grid {
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for _, p := range g.Nodes {
		x, y := g.proj.xy(p)
		minX, minY, maxX, maxY = min(minX, x), min(minY, y), max(maxX, x), max(maxY, y)
	}
	for _, s := range g.Segs {
		for _, p := range s.Line {
			x, y := g.proj.xy(p)
			minX, minY, maxX, maxY = min(minX, x), min(minY, y), max(maxX, x), max(maxY, y)
		}
	}
	gr := &grid{cell: gridCell, minX: minX, minY: minY}
	gr.nx = int((maxX-minX)/gridCell) + 1
	gr.ny = int((maxY-minY)/gridCell) + 1
	gr.cells = make([][]piece, gr.nx*gr.ny)
	for si, s := range g.Segs {
		var off float64
		for i := 1; i < len(s.Line); i++ {
			ax, ay := g.proj.xy(s.Line[i-1])
			bx, by := g.proj.xy(s.Line[i])
			pc := piece{seg: int32(si), i: int32(i - 1), off: off, ax: ax, ay: ay, bx: bx, by: by}
			off += math.Hypot(bx-ax, by-ay)
			x0, x1 := gr.cx(min(ax, bx)), gr.cx(max(ax, bx))
			y0, y1 := gr.cy(min(ay, by)), gr.cy(max(ay, by))
			for cx := x0; cx <= x1; cx++ {
				for cy := y0; cy <= y1; cy++ {
					gr.cells[cy*gr.nx+cx] = append(gr.cells[cy*gr.nx+cx], pc)
				}
			}
		}
	}
	return gr
}

func (gr *grid) cx(x float64) int { return clampInt(int((x-gr.minX)/gr.cell), 0, gr.nx-1) }
func (gr *grid) cy(y float64) int { return clampInt(int((y-gr.minY)/gr.cell), 0, gr.ny-1) }

func clampInt(v, lo, hi int) int { return max(lo, min(hi, v)) }

// Snap returns the street position nearest to p. Segments for which keep
// returns false are skipped (nil keeps all). ok is false when no segment
// lies within maxDist metres (0: no limit).
func (g *Graph) Snap(p orb.Point, maxDist float64, keep func(seg int32) bool) (Position, bool) {
	x, y := g.proj.xy(p)
	gr := g.grid
	best := Position{Seg: -1, Dist: math.Inf(1)}
	var bx, by float64
	cx, cy := int(math.Floor((x-gr.minX)/gr.cell)), int(math.Floor((y-gr.minY)/gr.cell))
	maxRing := max(gr.nx, gr.ny) + abs(cx) + abs(cy)
	if maxDist > 0 {
		maxRing = min(maxRing, int(maxDist/gr.cell)+1)
	}
	for r := 0; r <= maxRing; r++ {
		// Every piece closer than r cells has been seen once ring r-1 is
		// done; stop when the best is nearer than the ring's inner edge.
		if best.Seg >= 0 && best.Dist <= float64(r-1)*gr.cell {
			break
		}
		for i := cx - r; i <= cx+r; i++ {
			for j := cy - r; j <= cy+r; j++ {
				if max(abs(i-cx), abs(j-cy)) != r || i < 0 || j < 0 || i >= gr.nx || j >= gr.ny {
					continue
				}
				for _, pc := range gr.cells[j*gr.nx+i] {
					if keep != nil && !keep(pc.seg) {
						continue
					}
					qx, qy, t := closest(x, y, pc)
					d := math.Hypot(qx-x, qy-y)
					if d < best.Dist || (d == best.Dist && pc.seg < best.Seg) {
						best = Position{Seg: pc.seg, Off: pc.off + t, Dist: d}
						bx, by = qx, qy
					}
				}
			}
		}
	}
	if best.Seg < 0 || (maxDist > 0 && best.Dist > maxDist) {
		return Position{}, false
	}
	best.Off = min(max(best.Off*g.Len[best.Seg]/nz(g.glen[best.Seg]), 0), g.Len[best.Seg])
	best.Point = g.proj.lonlat(bx, by)
	return best, true
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// closest returns the point of piece pc nearest to (x, y) and its distance
// from the piece's start.
func closest(x, y float64, pc piece) (float64, float64, float64) {
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
	gr := g.grid
	x0, x1 := gr.cx(x-tol), gr.cx(x+tol)
	y0, y1 := gr.cy(y-tol), gr.cy(y+tol)
	if x+tol < gr.minX || y+tol < gr.minY || x-tol > gr.minX+float64(gr.nx)*gr.cell || y-tol > gr.minY+float64(gr.ny)*gr.cell {
		return
	}
	for cy := y0; cy <= y1; cy++ {
		for cx := x0; cx <= x1; cx++ {
			for _, pc := range gr.cells[cy*gr.nx+cx] {
				qx, qy, t := closest(x, y, pc)
				d := math.Hypot(qx-x, qy-y)
				if d > tol {
					continue
				}
				// A piece spanning several cells is seen once: in the
				// first cell of the query box that it occupies.
				if !gr.firstCell(pc, cx, cy, x0, y0) {
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

// firstCell reports whether (cx, cy) is the first cell, in scan order from
// (x0, y0), of the query box in which piece pc is bucketed.
func (gr *grid) firstCell(pc piece, cx, cy, x0, y0 int) bool {
	px0, py0 := gr.cx(min(pc.ax, pc.bx)), gr.cy(min(pc.ay, pc.by))
	fx, fy := max(px0, x0), max(py0, y0)
	return cx == fx && cy == fy
}

// XY returns p in the graph's local metres (for callers measuring
// headings and steps consistently with Near).
func (g *Graph) XY(p orb.Point) (float64, float64) { return g.proj.xy(p) }
