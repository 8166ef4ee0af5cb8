package app

import (
	"errors"
	"math"

	"github.com/paulmach/orb"

	"wardmap/app/mapview"
	"wardmap/gis"
)

// VertexEditor edits the vertices of the selected line or polygon (its
// outer ring): drag a vertex to move it, drag from a point on an edge to
// insert a vertex there, tap a vertex to select it and press Delete to
// remove it. Every result is checked with gis.Validate before it is
// written; a refused one (a ring crossing itself, too few vertices) is
// explained and the record stays as it was. Each edit is one undo step.
type VertexEditor struct {
	w *Window
	// Vertex is the selected vertex's index in the outer ring or line, -1
	// for none; it belongs to the record with ID of.
	Vertex int
	of     string
	drag   int // the vertex being dragged, -1 for none
	orig   *gis.Feature
	work   orb.LineString
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

// vertices is the editable vertex list: the line, or the outer ring
// without its closing point.
func vertices(g orb.Geometry) orb.LineString {
	switch g := g.(type) {
	case orb.LineString:
		return append(orb.LineString{}, g...)
	case orb.Polygon:
		return append(orb.LineString{}, g[0][:len(g[0])-1]...)
	}
	return nil
}

// withVertices rebuilds g's geometry from vs (holes kept).
func withVertices(g orb.Geometry, vs orb.LineString) orb.Geometry {
	switch g := g.(type) {
	case orb.LineString:
		return append(orb.LineString{}, vs...)
	case orb.Polygon:
		r := orb.Ring(append(append(orb.LineString{}, vs...), vs[0]))
		out := orb.Polygon{r}
		for _, h := range g[1:] {
			out = append(out, append(orb.Ring{}, h...))
		}
		return out
	}
	return g
}

// nearVertex is the index of the vertex of vs within snapTolerance pixels
// of (x, y), nearest first, or -1.
func (e *VertexEditor) nearVertex(vs orb.LineString, x, y float64) int {
	pr := e.w.Map.View().Projector()
	best, bestD := -1, float64(snapTolerance)
	for i, p := range vs {
		px, py := pr.ToPixel(p)
		if d := math.Hypot(px-x, py-y); d <= bestD {
			best, bestD = i, d
		}
	}
	return best
}

// nearEdge finds the edge of vs within snapTolerance pixels of (x, y):
// the index the new vertex takes and its position, or -1.
func (e *VertexEditor) nearEdge(vs orb.LineString, closed bool, x, y float64) (int, orb.Point) {
	pr := e.w.Map.View().Projector()
	best, bestD, at := -1, float64(snapTolerance), orb.Point{}
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
			best, bestD = i+1, d
			at = orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}
		}
	}
	return best, at
}

// tap selects the vertex of the selected line or polygon under (x, y); it
// reports whether the tap was taken.
func (e *VertexEditor) tap(x, y float64) bool {
	f := e.editable()
	e.Vertex, e.of = -1, ""
	if f == nil {
		return false
	}
	vs := vertices(f.Geom)
	i := e.nearVertex(vs, x, y)
	if i < 0 {
		return false
	}
	e.Vertex, e.of = i, f.ID
	e.show(f.Geom, vs, i)
	return true
}

func (e *VertexEditor) show(g orb.Geometry, vs orb.LineString, i int) {
	o := mapview.Overlay{Selected: g}
	if i >= 0 && i < len(vs) {
		p := vs[i]
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
	vs := vertices(f.Geom)
	i := e.nearVertex(vs, x, y)
	if i < 0 {
		var at orb.Point
		_, closed := f.Geom.(orb.Polygon)
		if i, at = e.nearEdge(vs, closed, x, y); i < 0 {
			return false
		}
		vs = append(vs[:i], append(orb.LineString{at}, vs[i:]...)...)
	}
	e.orig, e.work, e.drag = clone(f), vs, i
	e.Vertex, e.of = i, f.ID
	e.show(withVertices(f.Geom, vs), vs, i)
	return true
}

func (e *VertexEditor) dragTo(_, _ float64, p orb.Point) {
	if e.drag < 0 {
		return
	}
	e.work[e.drag] = p
	e.show(withVertices(e.orig.Geom, e.work), e.work, e.drag)
}

func (e *VertexEditor) dragEnd() {
	if e.drag < 0 {
		return
	}
	orig, vs := e.orig, e.work
	e.drag, e.orig, e.work = -1, nil, nil
	e.commit(orig, vs)
}

// DeleteVertex removes the selected vertex (the Delete key); it reports
// whether there was one to remove.
func (e *VertexEditor) DeleteVertex() bool {
	f := e.editable()
	if f == nil || e.Vertex < 0 || e.of != f.ID {
		return false
	}
	vs := vertices(f.Geom)
	if e.Vertex >= len(vs) {
		return false
	}
	vs = append(vs[:e.Vertex], vs[e.Vertex+1:]...)
	e.Vertex, e.of = -1, ""
	e.commit(clone(f), vs)
	return true
}

// commit validates orig with its vertices replaced by vs and writes it as
// one undoable edit, or explains why not and shows orig again.
func (e *VertexEditor) commit(orig *gis.Feature, vs orb.LineString) {
	w := e.w
	if len(vs) == 0 {
		e.show(orig.Geom, nil, -1)
		return
	}
	edited := clone(orig)
	edited.Geom = withVertices(orig.Geom, vs)
	gis.Derive(edited)
	if err := gis.Validate(edited); err != nil {
		e.show(orig.Geom, nil, -1)
		w.showError(errors.New(w.tr.T("vertex.refused", err.Error())))
		return
	}
	label := w.tr.T("undo.vertex", orig.Title(w.tr.Lang))
	if err := w.do(label, Change{Save: []*gis.Feature{clone(edited)}}, Change{Save: []*gis.Feature{orig}}, Change{Save: []*gis.Feature{clone(edited)}}); err != nil {
		e.show(orig.Geom, nil, -1)
		w.showError(err)
	}
}
