package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"github.com/paulmach/orb"

	"wardmap/gis"
)

// drag moves the pointer on the map from a to b in two steps, as the
// desktop driver reports a drag: each event at the pointer's position with
// the step since the last one, then DragEnd.
func (f *fixture) drag(a, b orb.Point) {
	v := f.w.Map.View()
	s := f.w.Map.PixelScale()
	ax, ay := v.ToPixel(a)
	bx, by := v.ToPixel(b)
	mid := fyne.NewPos(float32((ax+bx)/2/s), float32((ay+by)/2/s))
	end := fyne.NewPos(float32(bx/s), float32(by/s))
	start := fyne.NewPos(float32(ax/s), float32(ay/s))
	f.w.Map.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: mid}, Dragged: fyne.NewDelta(mid.X-start.X, mid.Y-start.Y)})
	f.w.Map.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: end}, Dragged: fyne.NewDelta(end.X-mid.X, end.Y-mid.Y)})
	f.w.Map.DragEnd()
}

func (f *fixture) stored(t *testing.T, k gis.Kind, id string) *gis.Feature {
	t.Helper()
	g, err := f.store.Get(context.Background(), k, id)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// near reports whether a and b are within a metre.
func near(a, b orb.Point) bool {
	dLon, dLat := gis.MetresToDegrees(1, a[1])
	return abs(a[0]-b[0]) < dLon && abs(a[1]-b[1]) < dLat
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestVertexEditingOfALine(t *testing.T) {
	f := newFixture(t)
	id := f.street.ID
	line := func() orb.LineString { return f.stored(t, gis.Street, id).Geom.(orb.LineString) }
	f.tap(off(-150, 40))
	if s := f.w.Inspector.Selected; s == nil || s.ID != id {
		t.Fatalf("selected %v, want the street", s)
	}
	// a drag away from the street pans and edits nothing
	before := f.w.Map.View().Center
	f.drag(off(-100, -100), off(-50, -100))
	if f.w.Map.View().Center == before || len(line()) != 2 {
		t.Fatalf("a drag off the street: view %v (was %v), street %v", f.w.Map.View().Center, before, line())
	}
	f.look(centre, 18)
	// dragging from the middle of the edge inserts a vertex
	f.drag(off(100, 40), off(100, 80))
	if ls := line(); len(ls) != 3 || !near(ls[1], off(100, 80)) || !near(ls[0], off(-250, 40)) || !near(ls[2], off(250, 40)) {
		t.Fatalf("after inserting: %v", ls)
	}
	// dragging the end vertex moves it
	f.drag(off(250, 40), off(200, 0))
	if ls := line(); len(ls) != 3 || !near(ls[2], off(200, 0)) {
		t.Fatalf("after moving the end: %v", ls)
	}
	// each edit is one undo step
	f.w.Undo()
	if ls := line(); !near(ls[2], off(250, 40)) {
		t.Fatalf("undo of the move: %v", ls)
	}
	f.w.Undo()
	if ls := line(); len(ls) != 2 {
		t.Fatalf("undo of the insertion: %v", ls)
	}
	f.w.Redo()
	if ls := line(); len(ls) != 3 {
		t.Fatalf("redo of the insertion: %v", ls)
	}
	// tap a vertex, then Delete removes it (not the street)
	f.tap(off(100, 80))
	if f.w.Vertices.Vertex != 1 {
		t.Fatalf("selected vertex %d, want 1", f.w.Vertices.Vertex)
	}
	f.w.Map.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if ls := line(); len(ls) != 2 {
		t.Fatalf("after Delete: %v", ls)
	}
	if top := f.win.Canvas().Overlays().Top(); top != nil {
		t.Errorf("Delete with a vertex selected opened a dialog")
	}
	// a line cannot lose its last two vertices
	f.tap(off(-250, 40))
	f.w.Map.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if ls := line(); len(ls) != 2 || !strings.Contains(f.w.LastError, "Không sửa được đỉnh") {
		t.Fatalf("deleting down to one vertex: %v, message %q", ls, f.w.LastError)
	}
}

func TestVertexEditRefusesASelfIntersectingPolygon(t *testing.T) {
	f := newFixture(t)
	f.w.holdModifier = true // Ctrl+click: a plain click inside selects no group
	f.tap(off(-150, -150))
	f.w.holdModifier = false
	tdp := f.w.Inspector.Selected
	if tdp == nil || tdp.Kind != gis.TDP {
		t.Fatalf("selected %v, want the residential group", tdp)
	}
	// the corner (-300, 300) dragged to (600, 0): the closing edge crosses
	// the east side
	f.drag(off(-300, 300), off(600, 0))
	if !strings.Contains(f.w.LastError, "Không sửa được đỉnh") || !strings.Contains(f.w.LastError, "tự cắt") {
		t.Errorf("message %q, want the vertex edit refused for a self-intersection", f.w.LastError)
	}
	if got := f.stored(t, gis.TDP, tdp.ID).Geom.(orb.Polygon); len(got[0]) != 5 || !near(got[0][3], off(-300, 300)) {
		t.Errorf("the group changed: %v", got)
	}
	if f.w.CanUndo() {
		t.Error("a refused edit went into the history")
	}
	// a valid drag of the same corner is saved, closed and undoable
	f.w.LastError = ""
	f.drag(off(-300, 300), off(-320, 330))
	got := f.stored(t, gis.TDP, tdp.ID).Geom.(orb.Polygon)[0]
	if len(got) != 5 || !near(got[3], off(-320, 330)) || got[0] != got[4] || f.w.LastError != "" {
		t.Fatalf("after a valid drag: %v (message %q)", got, f.w.LastError)
	}
	f.w.Undo()
	if got := f.stored(t, gis.TDP, tdp.ID).Geom.(orb.Polygon)[0]; !near(got[3], off(-300, 300)) {
		t.Errorf("undo: %v", got)
	}
}
