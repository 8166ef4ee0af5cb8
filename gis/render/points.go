package render

import (
	"image"
	"math"
	"math/bits"

	"github.com/paulmach/orb"

	"wardmap/gis"
)

// points draws a point layer at street scale: every marker. Below
// ClusterBelow the layer is kept for cluster, which bins all point layers
// together.
func (f *frame) points(l Layer, fs []Item) {
	if f.clustering() {
		f.pending = append(f.pending, pointLayer{l, fs})
		return
	}
	for _, ft := range fs {
		if _, ok := ft.Geom.(orb.Point); !ok {
			continue
		}
		x, y := f.pr.ToPixel(ft.Point)
		if !f.marker(f.r.theme.Style(l.Kind, ft.Status), x, y) {
			continue
		}
		f.st.Drawn[l.Kind]++
		if l.Labels {
			f.pointLabel(ft.title(), x, y)
		}
	}
}

func (f *frame) clustering() bool {
	below := f.r.ClusterBelow
	if below == 0 {
		below = DefaultClusterBelow
	}
	return f.v.Zoom < below
}

// pointLayer is a point layer waiting to be clustered.
type pointLayer struct {
	l  Layer
	fs []Item
}

// marker draws one marker if it shows in the frame.
func (f *frame) marker(s Style, x, y float64) bool {
	m := s.Radius * 2
	if x < -m || y < -m || x > float64(f.v.Width)+m || y > float64(f.v.Height)+m {
		return false
	}
	blit(f.dst, f.r.markerSprite(s), int(math.Round(x)), int(math.Round(y)))
	return true
}

// member is a point kept in a cluster cell in case the cell is sparse.
type member struct {
	layer  int // index in frame.pending
	status string
	x, y   float64
}

// clusterCell accumulates the points in one grid cell.
type clusterCell struct {
	n      int
	sx, sy float64
	layers uint32    // bit i: pending layer i has points here
	first  [2]member // the first points, drawn as markers if they are alone
}

// cluster bins the pending point layers on one pixel grid. A cell with one
// or two points draws them as markers; a fuller cell draws one bubble at
// the points' centroid with their count: in the kind's colour when it holds
// one kind, else neutral with a dot of each kind's colour around it.
// Layers read through an ItemRanger were binned as they were read.
func (f *frame) cluster() {
	f.initCells()
	for li, pl := range f.pending {
		for i := range pl.fs {
			f.binPoint(li, &pl.fs[i])
		}
	}
	for i := range f.cells {
		if c := &f.cells[i]; c.n > len(c.first) {
			f.bubble(c, i)
		} else if c.n > 0 {
			f.members(c.first[:c.n])
		}
	}
}

// initCells makes the frame's empty cluster grid, once.
func (f *frame) initCells() {
	if f.cells != nil {
		return
	}
	side := f.r.ClusterCell
	if side <= 0 {
		side = DefaultClusterCell
	}
	f.side = side
	f.cols = (f.v.Width + side - 1) / side
	n := f.cols * ((f.v.Height + side - 1) / side)
	if cap(f.r.cells) < n {
		f.r.cells = make([]clusterCell, n)
	}
	f.cells = f.r.cells[:n]
	clear(f.cells)
	// each pixel column's and row's part of a cell's index, so that
	// binning 100,000 points divides by the cell side none of the times
	w, h := f.v.Width, f.v.Height
	if cap(f.r.cellOf) < w+h {
		f.r.cellOf = make([]int32, w+h)
	}
	f.colOf, f.rowOf = f.r.cellOf[:w], f.r.cellOf[w:w+h]
	for x := range f.colOf {
		f.colOf[x] = int32(x / side)
	}
	for y := range f.rowOf {
		f.rowOf[y] = int32(y / side * f.cols)
	}
}

// binPoint adds a point of pending layer li to its cell.
func (f *frame) binPoint(li int, ft *Item) {
	if _, ok := ft.Geom.(orb.Point); !ok {
		return
	}
	x, y := f.pr.ToPixel(ft.Point)
	if x < 0 || y < 0 || x >= float64(f.v.Width) || y >= float64(f.v.Height) {
		return
	}
	c := &f.cells[f.rowOf[int(y)]+f.colOf[int(x)]]
	if c.n < len(c.first) {
		c.first[c.n] = member{li, ft.Status, x, y}
	}
	c.n++
	c.sx += x
	c.sy += y
	c.layers |= 1 << li
}

// members draws a sparse cell's points, lower layers first.
func (f *frame) members(ms []member) {
	if len(ms) == 2 && ms[1].layer < ms[0].layer {
		ms[0], ms[1] = ms[1], ms[0]
	}
	for _, m := range ms {
		k := f.pending[m.layer].l.Kind
		if f.marker(f.r.theme.Style(k, m.status), m.x, m.y) {
			f.st.Drawn[k]++
		}
	}
}

// bubble draws a full cell's count bubble and keeps labels off it. The
// bubble sits at the points' centroid pulled inside its own grid cell, so
// that bubbles of neighbouring cells never overlap (centroids near a shared
// edge used to put two bubbles on top of each other).
func (f *frame) bubble(c *clusterCell, cell int) {
	colour := f.r.theme.Mixed
	single := bits.OnesCount32(c.layers) == 1
	if single {
		colour = f.r.theme.Style(f.pending[bits.TrailingZeros32(c.layers)].l.Kind, "").Fill
	}
	sp := f.r.bubbleSprite(colour, c.n)
	cx0, cy0 := cell%f.cols*f.side, cell/f.cols*f.side
	half := min(sp.img.Rect.Dx()/2+rimDot, f.side/2)
	x := clampInt(int(c.sx/float64(c.n)), cx0+half, cx0+f.side-half)
	y := clampInt(int(c.sy/float64(c.n)), cy0+half, cy0+f.side-half)
	blit(f.dst, sp, x, y)
	f.obstacles = append(f.obstacles, sp.img.Rect.Add(image.Pt(x-sp.ax, y-sp.ay)))
	f.st.Bubbles = append(f.st.Bubbles, Bubble{
		X: float64(x), Y: float64(y), R: float64(sp.img.Rect.Dx()) / 2, N: c.n,
		Cell: image.Rect(cx0, cy0, cx0+f.side, cy0+f.side),
	})
	f.st.Clusters++
	f.st.Clustered += c.n
	if single {
		return
	}
	// the kinds inside, each at its own clock position on the rim
	rim := min(float64(sp.img.Rect.Dx())/2-1, float64(f.side)/2-rimDot)
	for li, pl := range f.pending {
		if c.layers&(1<<li) == 0 {
			continue
		}
		a := 2*math.Pi*float64(kindSlot[pl.l.Kind])/float64(len(kindSlot)) - math.Pi/2
		dot := Style{Fill: f.r.theme.Style(pl.l.Kind, "").Fill, Stroke: f.r.theme.Bubble, Radius: rimDotRadius, Marker: Dot}
		f.marker(dot, float64(x)+rim*math.Cos(a), float64(y)+rim*math.Sin(a))
	}
}

// rimDot is how far a mixed bubble's kind dots reach beyond its rim.
const (
	rimDotRadius = 3.2
	rimDot       = 4
)

func clampInt(v, lo, hi int) int {
	if hi < lo {
		return (lo + hi) / 2
	}
	return max(lo, min(v, hi))
}

// kindSlot is each point kind's position on a mixed bubble's rim.
var kindSlot = map[gis.Kind]int{
	gis.Drain: 0, gis.FloodPoint: 1, gis.Tree: 2, gis.Lamp: 3,
	gis.Plate: 4, gis.AlleySign: 5, gis.Violation: 6, gis.Report: 7,
}
