// Package grid is the one uniform grid index of wardmap: boxes bucketed by
// the cells of a regular grid laid over a known extent, so that a query
// near a point or inside a box looks at a few cells instead of every item.
//
// Coordinates are whatever the caller works in (lon/lat degrees or local
// metres); the grid only divides. Items are numbered in the order they are
// added, so a caller keeps its own slice of whatever it indexes and reads
// it by the number the grid gives back.
package grid

import (
	"math"

	"github.com/paulmach/orb"
)

// Index buckets items' boxes by the cells of a uniform grid over an
// extent. A box reaching past the extent is clamped into its edge cells,
// so every item is found, at worst as a candidate of an edge cell. An
// Index is built by Add and then only read: reads are safe concurrently.
type Index struct {
	ext    orb.Bound
	cw, ch float64
	nx, ny int
	cells  [][]int32
	// first is each item's first cell (column, row): a query that looks
	// at several cells of an item reports it in the first cell of the
	// query it covers, so each once without a set of the items seen.
	first [][2]int32
}

// MaxCells bounds the cells of an Index made by New: 24 MiB of empty
// cells. A ward needs a few thousand; a province's streets in cells of a
// block would need millions, most of them empty, so there the cells grow
// instead (queries stay right, only look at more items).
const MaxCells = 1 << 20

// New lays square cells of side cell over ext (at least one cell each
// way), or larger ones where that would make more than MaxCells.
func New(ext orb.Bound, cell float64) *Index {
	w, h := ext.Max[0]-ext.Min[0], ext.Max[1]-ext.Min[1]
	if !(w >= 0 && h >= 0) || math.IsInf(w+h, 0) {
		w, h = 0, 0 // an empty or endless extent: one cell, not a loop
	}
	if !(cell > 0) || math.IsInf(cell, 0) {
		cell = max(w, h, 1)
	}
	for (w/cell+1)*(h/cell+1) > MaxCells {
		cell *= 1.25
	}
	return newIndex(ext, cell, cell, int(w/cell)+1, int(h/cell)+1)
}

// NewN lays nx × ny cells over ext: cells fit the extent whatever its
// size, for callers that want a fixed number of cells.
func NewN(ext orb.Bound, nx, ny int) *Index {
	cw := math.Max((ext.Max[0]-ext.Min[0])/float64(nx), 1e-9)
	ch := math.Max((ext.Max[1]-ext.Min[1])/float64(ny), 1e-9)
	return newIndex(ext, cw, ch, nx, ny)
}

func newIndex(ext orb.Bound, cw, ch float64, nx, ny int) *Index {
	return &Index{ext: ext, cw: cw, ch: ch, nx: nx, ny: ny, cells: make([][]int32, nx*ny)}
}

// Add puts the next item, with box b, in every cell b touches and returns
// its number (0 for the first item, then 1, 2, ...).
func (g *Index) Add(b orb.Bound) int32 {
	i := int32(len(g.first))
	x0, y0, x1, y1 := g.Span(b)
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			g.cells[y*g.nx+x] = append(g.cells[y*g.nx+x], i)
		}
	}
	g.first = append(g.first, [2]int32{int32(x0), int32(y0)})
	return i
}

// Len is the number of items added.
func (g *Index) Len() int { return len(g.first) }

// Extent is the box the cells cover (the last row and column may reach
// past its maximum).
func (g *Index) Extent() orb.Bound { return g.ext }

// Size is the number of columns and rows of cells.
func (g *Index) Size() (nx, ny int) { return g.nx, g.ny }

// CellSize is a cell's width and height.
func (g *Index) CellSize() (w, h float64) { return g.cw, g.ch }

// Col is the column holding x, clamped to the grid.
func (g *Index) Col(x float64) int { return clamp(int((x-g.ext.Min[0])/g.cw), g.nx-1) }

// Row is the row holding y, clamped to the grid.
func (g *Index) Row(y float64) int { return clamp(int((y-g.ext.Min[1])/g.ch), g.ny-1) }

func clamp(v, hi int) int { return max(0, min(hi, v)) }

// Span is the first and last column and row of the cells b touches.
func (g *Index) Span(b orb.Bound) (x0, y0, x1, y1 int) {
	return g.Col(b.Min[0]), g.Row(b.Min[1]), g.Col(b.Max[0]), g.Row(b.Max[1])
}

// Cell is the items of the cell at column x, row y, in the order added.
// The slice is the index's own: read it, do not change it.
func (g *Index) Cell(x, y int) []int32 { return g.cells[y*g.nx+x] }

// First is the column and row of the first cell of item i's box.
func (g *Index) First(i int32) (x, y int) { return int(g.first[i][0]), int(g.first[i][1]) }

// Each calls fn once with every item in the cells b touches, cell by
// cell, row after row. They are candidates: an item's box may miss b
// although one of its cells meets it, and the caller tests what it needs.
func (g *Index) Each(b orb.Bound, fn func(i int32)) {
	if !b.Intersects(g.ext) {
		return // nothing added lies outside the extent, so nothing meets b
	}
	x0, y0, x1, y1 := g.Span(b)
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			for _, i := range g.cells[y*g.nx+x] {
				if !g.Seen(i, x, y, x0, y0) {
					fn(i)
				}
			}
		}
	}
}

// Seen reports whether item i, met in the cell at column x, row y of a
// query whose cells start at column x0, row y0 (see Span), was met before
// in that query, in a cell read earlier row by row: a query reports an
// item in the first of its cells the item occupies. Each uses it; a caller
// looping over the cells itself (a hot path that tests distances before
// anything else) uses it to see each item once.
func (g *Index) Seen(i int32, x, y, x0, y0 int) bool {
	f := g.first[i]
	return max(int(f[0]), x0) != x || max(int(f[1]), y0) != y
}

// Nearest visits the items around p ring of cells by ring of cells,
// nearest first, and stops when no item in a ring not yet visited can lie
// nearer than the best distance so far, or past maxDist (0: no limit).
// visit examines the items of one cell and returns the best distance
// found so far (+Inf while there is none): one call a cell, not an item,
// as the search is a hot path. An item may come more than once (once per
// cell it occupies), and the items of one ring in no useful order, so
// visit keeps its own tie rule.
func (g *Index) Nearest(p orb.Point, maxDist float64, visit func(cell []int32) float64) {
	cx := int(math.Floor((p[0] - g.ext.Min[0]) / g.cw))
	cy := int(math.Floor((p[1] - g.ext.Min[1]) / g.ch))
	side := math.Min(g.cw, g.ch)
	rings := max(g.nx, g.ny) + abs(cx) + abs(cy) // enough to reach every cell from p
	if maxDist > 0 {
		rings = min(rings, int(maxDist/side)+1)
	}
	best := math.Inf(1)
	for r := 0; r <= rings; r++ {
		// Every item in ring r or beyond is at least r-1 cells away.
		if best <= float64(r-1)*side {
			return
		}
		for x := max(cx-r, 0); x <= min(cx+r, g.nx-1); x++ {
			if x == cx-r || x == cx+r { // the ring's sides: every row
				for y := max(cy-r, 0); y <= min(cy+r, g.ny-1); y++ {
					best = g.visitCell(x, y, best, visit)
				}
				continue
			}
			if y := cy - r; y >= 0 && y < g.ny { // between them, its top
				best = g.visitCell(x, y, best, visit)
			}
			if y := cy + r; y >= 0 && y < g.ny { // and its bottom
				best = g.visitCell(x, y, best, visit)
			}
		}
	}
}

func (g *Index) visitCell(x, y int, best float64, visit func(cell []int32) float64) float64 {
	if c := g.cells[y*g.nx+x]; len(c) > 0 {
		return visit(c)
	}
	return best
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
