package app

import (
	"errors"
	"math"

	"github.com/paulmach/orb"

	"wardmap/app/mapview"
	"wardmap/gis"
)

// VertexEditor edits the vertices of the selected line or polygon, the
// polygon's holes included: drag a vertex to move it (it snaps to the
// vertices of other records and to streets, as drawing does), drag from a
// point on an edge to insert a vertex there, tap a vertex to select it and
// press Delete to remove it; with a hole's vertex selected, DeleteHole
// removes the hole, and DrawBar.StartHole draws a new one. Every result is
// checked with gis.Validate before it is written; a refused one (a ring
// crossing itself, a hole outside the shell or across another, too few
// vertices) is explained and the record stays as it was. Each edit is one
// undo step.
type VertexEditor struct {
	w *Window
	// Ring and Vertex select a vertex: Ring is 0 for a line or a polygon's
	// shell and i for its i-th hole; Vertex is the index in that ring (the
	// closing point left out), -1 for none. They belong to the record
	// with ID of.
	Ring, Vertex int
	of           string
	drag         int // the vertex being dragged in ring dragRing, -1 for none
	dragRing     int
	orig         *gis.Feature
	work         []orb.LineString
}

func newVertexEditor(w *Window) *VertexEditor {
	return &VertexEditor{w: w, Vertex: -1, drag: -1}
}

// editable returns the selected record when its vertices can be edited.
func (e *VertexEditor) editable() *gis.Feature {
	in := e.w.Inspector
	if in.Selected == nil || in.New || e.w.Draw.Active() {
		return nil
	}
	switch g := in.Selected.Geom.(type) {
	case orb.LineString:
		return in.Selected
	case orb.Polygon:
		if len(g) > 0 && len(g[0]) > 3 {
			return in.Selected
		}
	}
	return nil
}

// rings is the editable vertex lists: the line, or each ring of the
// polygon (shell first) without its closing point.
func rings(g orb.Geometry) []orb.LineString {
	switch g := g.(type) {
	case orb.LineString:
		return []orb.LineString{append(orb.LineString{}, g...)}
	case orb.Polygon:
		out := make([]orb.LineString, 0, len(g))
		for _, r := range g {
			if len(r) > 0 {
				out = append(out, append(orb.LineString{}, r[:len(r)-1]...))
			}
		}
		return out
	}
	return nil
}

// withRings rebuilds g's geometry from the vertex lists rs.
func withRings(g orb.Geometry, rs []orb.LineString) orb.Geometry {
	switch g.(type) {
	case orb.LineString:
		return append(orb.LineString{}, rs[0]...)
	case orb.Polygon:
		out := make(orb.Polygon, 0, len(rs))
		for _, vs := range rs {
			if len(vs) == 0 {
				continue
			}
			out = append(out, orb.Ring(append(append(orb.LineString{}, vs...), vs[0])))
		}
		return out
	}
	return g
}

// nearVertex is the ring and index of the vertex of rs within
// snapTolerance pixels of (x, y), nearest first, or -1.
func (e *VertexEditor) nearVertex(rs []orb.LineString, x, y float64) (int, int) {
	pr := e.w.Map.View().Projector()
	bestR, best, bestD := 0, -1, float64(snapTolerance)
	for ri, vs := range rs {
		for i, p := range vs {
			px, py := pr.ToPixel(p)
			if d := math.Hypot(px-x, py-y); d <= bestD {
				bestR, best, bestD = ri, i, d
			}
		}
	}
	return bestR, best
}

// nearEdge finds the edge of rs within snapTolerance pixels of (x, y):
// its ring, the index the new vertex takes and its position, or -1.
func (e *VertexEditor) nearEdge(rs []orb.LineString, closed bool, x, y float64) (int, int, orb.Point) {
	pr := e.w.Map.View().Projector()
	bestR, best, bestD, at := 0, -1, float64(snapTolerance), orb.Point{}
	for ri, vs := range rs {
		n := len(vs)
		edges := n - 1
		if closed {
			edges = n
		}
		for i := 0; i < edges; i++ {
			a, b := vs[i], vs[(i+1)%n]
			ax, ay := pr.ToPixel(a)
			bx, by := pr.ToPixel(b)
			t := ((x-ax)*(bx-ax) + (y-ay)*(by-ay)) / math.Max((bx-ax)*(bx-ax)+(by-ay)*(by-ay), 1e-9)
			t = math.Max(0, math.Min(1, t))
			if d := math.Hypot(ax+t*(bx-ax)-x, ay+t*(by-ay)-y); d <= bestD {
				bestR, best, bestD = ri, i+1, d
				at = orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}
			}
		}
	}
	return bestR, best, at
}

// tap selects the vertex of the selected line or polygon under (x, y); it
// reports whether the tap was taken.
func (e *VertexEditor) tap(x, y float64) bool {
	f := e.editable()
	e.Ring, e.Vertex, e.of = 0, -1, ""
	if f == nil {
		return false
	}
	rs := rings(f.Geom)
	ri, i := e.nearVertex(rs, x, y)
	if i < 0 {
		return false
	}
	e.Ring, e.Vertex, e.of = ri, i, f.ID
	e.show(f.Geom, rs, ri, i, nil)
	return true
}

// show draws g as the selection with vertex i of ring ri marked, and the
// place a dragged vertex snapped to.
func (e *VertexEditor) show(g orb.Geometry, rs []orb.LineString, ri, i int, snap *orb.Point) {
	o := mapview.Overlay{Selected: g, Snap: snap}
	if ri >= 0 && ri < len(rs) && i >= 0 && i < len(rs[ri]) {
		p := rs[ri][i]
		o.Vertex = &p
	}
	e.w.Map.SetOverlay(o)
}

// dragStart takes a drag that begins on a vertex (move it) or on an edge
// (insert a vertex there and move it).
func (e *VertexEditor) dragStart(x, y float64) bool {
	f := e.editable()
	if f == nil {
		return false
	}
	rs := rings(f.Geom)
	ri, i := e.nearVertex(rs, x, y)
	if i < 0 {
		var at orb.Point
		_, closed := f.Geom.(orb.Polygon)
		if ri, i, at = e.nearEdge(rs, closed, x, y); i < 0 {
			return false
		}
		vs := rs[ri]
		rs[ri] = append(vs[:i], append(orb.LineString{at}, vs[i:]...)...)
	}
	e.orig, e.work, e.drag, e.dragRing = clone(f), rs, i, ri
	e.Ring, e.Vertex, e.of = ri, i, f.ID
	e.show(withRings(f.Geom, rs), rs, ri, i, nil)
	return true
}

// dragTo moves the dragged vertex to p, or to the vertex of another
// record or the point on a street it comes within snapTolerance of.
func (e *VertexEditor) dragTo(x, y float64, p orb.Point) {
	if e.drag < 0 {
		return
	}
	var snapped *orb.Point
	if sp, ok := e.w.snapPoint(x, y, e.orig.ID, nil); ok {
		p, snapped = sp, &sp
	}
	e.work[e.dragRing][e.drag] = p
	e.show(withRings(e.orig.Geom, e.work), e.work, e.dragRing, e.drag, snapped)
}

func (e *VertexEditor) dragEnd() {
	if e.drag < 0 {
		return
	}
	orig, rs := e.orig, e.work
	e.drag, e.orig, e.work = -1, nil, nil
	e.commit(orig, rs)
}

// selectedVertex returns the selected record and its rings when a vertex
// of it is selected.
func (e *VertexEditor) selectedVertex() (*gis.Feature, []orb.LineString, bool) {
	f := e.editable()
	if f == nil || e.Vertex < 0 || e.of != f.ID {
		return nil, nil, false
	}
	rs := rings(f.Geom)
	if e.Ring >= len(rs) || e.Vertex >= len(rs[e.Ring]) {
		return nil, nil, false
	}
	return f, rs, true
}

// DeleteVertex removes the selected vertex (the Delete key); it reports
// whether there was one to remove.
func (e *VertexEditor) DeleteVertex() bool {
	f, rs, ok := e.selectedVertex()
	if !ok {
		return false
	}
	vs := rs[e.Ring]
	rs[e.Ring] = append(vs[:e.Vertex], vs[e.Vertex+1:]...)
	e.Ring, e.Vertex, e.of = 0, -1, ""
	e.commit(clone(f), rs)
	return true
}

// DeleteHole removes the hole whose vertex is selected; it reports
// whether there was one.
func (e *VertexEditor) DeleteHole() bool {
	f, rs, ok := e.selectedVertex()
	if !ok || e.Ring == 0 {
		return false
	}
	rs = append(rs[:e.Ring], rs[e.Ring+1:]...)
	e.Ring, e.Vertex, e.of = 0, -1, ""
	e.commit(clone(f), rs)
	return true
}

// commit validates orig with its rings replaced by rs and writes it as
// one undoable edit, or explains why not and shows orig again.
func (e *VertexEditor) commit(orig *gis.Feature, rs []orb.LineString) {
	w := e.w
	if len(rs) == 0 || len(rs[0]) == 0 {
		e.show(orig.Geom, nil, 0, -1, nil)
		return
	}
	edited := clone(orig)
	edited.Geom = withRings(orig.Geom, rs)
	gis.Derive(edited)
	if err := gis.Validate(edited); err != nil {
		e.show(orig.Geom, nil, 0, -1, nil)
		w.showError(errors.New(w.tr.T("vertex.refused", err.Error())))
		return
	}
	label := w.tr.T("undo.vertex", orig.Title(w.tr.Lang))
	if err := w.do(label, Change{Save: []*gis.Feature{clone(edited)}}, Change{Save: []*gis.Feature{orig}}, Change{Save: []*gis.Feature{clone(edited)}}); err != nil {
		e.show(orig.Geom, nil, 0, -1, nil)
		w.showError(err)
	}
}
