package app

import (
	"github.com/paulmach/orb"

	"wardmap/app/mapview"
	"wardmap/gis"
)

// A drawing under way can be corrected, not only cancelled: the last
// vertex taken back (Backspace, Ctrl+Z), any vertex dragged, and a shape
// refused as invalid stays drawn with its fault marked.

// UndoVertex removes the last vertex drawn; it reports whether there was
// one.
func (d *DrawBar) UndoVertex() bool {
	if !d.Active() || len(d.Vertices) == 0 {
		return false
	}
	d.Vertices = d.Vertices[:len(d.Vertices)-1]
	d.fault = nil
	if d.HoleOf != nil {
		d.w.Map.SetOverlay(mapview.Overlay{Selected: d.HoleOf.Geom, Sketch: d.Vertices, Closed: true})
		d.hint(d.w.tr.T("draw.vertices", len(d.Vertices)), false)
		return true
	}
	d.progress()
	return true
}

// draftVertex is the drawn vertex within snapTolerance of pixel (x, y).
func (d *DrawBar) draftVertex(x, y float64) (int, bool) {
	v := d.w.Map.View()
	for i := len(d.Vertices) - 1; i >= 0; i-- {
		px, py := v.ToPixel(d.Vertices[i])
		if (px-x)*(px-x)+(py-y)*(py-y) <= snapTolerance*snapTolerance {
			return i, true
		}
	}
	return 0, false
}

// dragStart, dragTo and dragEnd move a drawn vertex while drawing, else
// hand the drag to the vertex editor of the selected shape.
func (w *Window) dragStart(x, y float64) bool {
	if w.Draw.Active() && w.Draw.Moving == nil {
		if i, ok := w.Draw.draftVertex(x, y); ok {
			w.Draw.dragging = i + 1
			return true
		}
		return false
	}
	return w.Vertices.dragStart(x, y)
}

func (w *Window) dragTo(x, y float64, p orb.Point) {
	d := w.Draw
	if d.dragging == 0 {
		w.Vertices.dragTo(x, y, p)
		return
	}
	if sp, ok := d.snap(x, y); ok {
		p = sp
	}
	d.Vertices[d.dragging-1] = p
	d.fault = nil
	if d.HoleOf != nil {
		w.Map.SetOverlay(mapview.Overlay{Selected: d.HoleOf.Geom, Sketch: d.Vertices, Closed: true})
		return
	}
	d.progress()
}

func (w *Window) dragEnd() {
	if w.Draw.dragging == 0 {
		w.Vertices.dragEnd()
		return
	}
	w.Draw.dragging = 0
}

// refuseShape explains why the shape cannot be kept and marks where: the
// drawing stays, to be fixed by dragging a vertex or taking one back.
func (d *DrawBar) refuseShape(err error) {
	d.hint(d.w.tr.T("draw.bad_shape", err.Error()), true)
	d.fault = crossing(d.Vertices, gis.MustLookup(d.Kind).Geom == gis.Polygon)
	d.w.Map.SetOverlay(mapview.Overlay{Sketch: d.Vertices, Closed: true, Vertex: d.fault})
}

// crossing is the first point where two non-adjacent edges of the path
// (closed: the ring) cross, or nil.
func crossing(vs orb.LineString, closed bool) *orb.Point {
	n := len(vs)
	edges := n - 1
	if closed {
		edges = n
	}
	for i := 0; i < edges; i++ {
		a, b := vs[i], vs[(i+1)%n]
		for j := i + 2; j < edges; j++ {
			if closed && i == 0 && j == edges-1 {
				continue // the closing edge meets the first one at vertex 0
			}
			if p, ok := segmentsCross(a, b, vs[j], vs[(j+1)%n]); ok {
				return &p
			}
		}
	}
	return nil
}

func segmentsCross(p1, p2, p3, p4 orb.Point) (orb.Point, bool) {
	d := (p2[0]-p1[0])*(p4[1]-p3[1]) - (p2[1]-p1[1])*(p4[0]-p3[0])
	if d == 0 {
		return orb.Point{}, false
	}
	t := ((p3[0]-p1[0])*(p4[1]-p3[1]) - (p3[1]-p1[1])*(p4[0]-p3[0])) / d
	u := ((p3[0]-p1[0])*(p2[1]-p1[1]) - (p3[1]-p1[1])*(p2[0]-p1[0])) / d
	if t < 0 || t > 1 || u < 0 || u > 1 {
		return orb.Point{}, false
	}
	return orb.Point{p1[0] + t*(p2[0]-p1[0]), p1[1] + t*(p2[1]-p1[1])}, true
}
