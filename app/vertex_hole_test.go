package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"github.com/paulmach/orb"

	"wardmap/gis"
)

// Dragging a vertex snaps it, as drawing does: onto a vertex of another
// record, else onto the nearest point of a street; never onto the record's
// own vertices.
func TestVertexDragSnaps(t *testing.T) {
	f := newFixture(t)
	f.look(centre, 17)
	street := f.street.Geom.(orb.LineString)
	f.w.holdModifier = true // Ctrl+click: a plain click inside selects no group
	f.tap(off(-150, -150))
	f.w.holdModifier = false
	tdp := f.w.Inspector.Selected
	if tdp == nil || tdp.Kind != gis.TDP {
		t.Fatalf("selected %v, want the residential group", tdp)
	}
	shell := func() orb.Ring { return f.stored(t, gis.TDP, tdp.ID).Geom.(orb.Polygon)[0] }
	// a few pixels from the street's west end: lands exactly on it
	f.drag(off(-300, 300), off(-247, 43))
	if got := shell()[3]; got != street[0] {
		t.Fatalf("corner dropped near the street's end at %v, want snapped to %v", got, street[0])
	}
	// near the middle of the street, away from its vertices: onto the street
	f.drag(off(300, 300), off(20, 44))
	got := shell()[2]
	if got[1] != street[0][1] || !near(got, off(20, 40)) {
		t.Fatalf("corner dropped near the street at %v, want on the street near %v", got, off(20, 40))
	}
	// far from everything: where it was dropped
	f.drag(off(300, -300), off(280, -250))
	if got := shell()[1]; !near(got, off(280, -250)) {
		t.Fatalf("corner dropped in the open at %v, want %v", got, off(280, -250))
	}
	// each snapped drag was one undo step
	f.w.Undo()
	f.w.Undo()
	if got := shell()[2]; !near(got, off(300, 300)) {
		t.Fatalf("after two undos the corner is at %v", got)
	}
}

func TestPolygonHoles(t *testing.T) {
	f := newFixture(t)
	f.look(centre, 17)
	f.w.holdModifier = true // Ctrl+click: a plain click inside selects no group
	f.tap(off(-150, -150))
	f.w.holdModifier = false
	tdp := f.w.Inspector.Selected
	if tdp == nil || tdp.Kind != gis.TDP {
		t.Fatalf("selected %v, want the residential group", tdp)
	}
	poly := func() orb.Polygon { return f.stored(t, gis.TDP, tdp.ID).Geom.(orb.Polygon) }

	// draw a hole: a click outside the polygon is refused in the hint
	if !f.w.Draw.StartHole() {
		t.Fatal("StartHole refused a selected polygon")
	}
	f.tap(off(-400, -200))
	if len(f.w.Draw.Vertices) != 0 || !strings.Contains(f.w.Draw.Hint.Text, "trong vùng") {
		t.Fatalf("a click outside the polygon: vertices %v, hint %q", f.w.Draw.Vertices, f.w.Draw.Hint.Text)
	}
	for _, p := range []orb.Point{off(-200, -200), off(-100, -200), off(-100, -100), off(-200, -100)} {
		f.tap(p)
	}
	f.w.Draw.Done()
	p := poly()
	if len(p) != 2 || len(p[1]) != 5 || p[1][0] != p[1][4] || !near(p[1][0], off(-200, -200)) {
		t.Fatalf("after drawing a hole: %v", p)
	}
	if p[1].Orientation() == p[0].Orientation() {
		t.Error("the hole winds like the shell")
	}

	// a second hole crossing the first is refused, nothing saved
	f.w.Draw.StartHole()
	for _, q := range []orb.Point{off(-120, -250), off(-50, -250), off(-50, -50), off(-120, -50)} {
		f.tap(q)
	}
	f.w.Draw.Done()
	if !strings.Contains(f.w.Draw.Hint.Text, "cắt nhau") || len(poly()) != 2 {
		t.Fatalf("a crossing hole: hint %q, polygon %v", f.w.Draw.Hint.Text, poly())
	}
	f.w.Draw.Cancel()

	// a hole's vertex dragged outside the shell is refused with a message
	f.w.holdModifier = true
	f.tap(off(-250, -250)) // select the group again (Ctrl+click inside, off the hole)
	f.w.holdModifier = false
	if s := f.w.Inspector.Selected; s == nil || s.ID != tdp.ID {
		t.Fatalf("selected %v, want the group", s)
	}
	f.drag(off(-200, -200), off(-380, -200))
	if !strings.Contains(f.w.LastError, "Không sửa được đỉnh") || !near(poly()[1][0], off(-200, -200)) {
		t.Fatalf("hole vertex outside the shell: message %q, hole %v", f.w.LastError, poly()[1])
	}
	// inside, it moves; from the middle of a hole's edge it inserts a vertex
	f.w.LastError = ""
	f.drag(off(-200, -200), off(-220, -210))
	if h := poly()[1]; !near(h[0], off(-220, -210)) || f.w.LastError != "" {
		t.Fatalf("hole vertex moved: %v (message %q)", h, f.w.LastError)
	}
	f.drag(off(-100, -150), off(-80, -150))
	if h := poly()[1]; len(h) != 6 {
		t.Fatalf("after inserting on the hole's edge: %v", h)
	}
	// tap that vertex, Delete removes it
	f.tap(off(-80, -150))
	if f.w.Vertices.Ring != 1 {
		t.Fatalf("tapped vertex in ring %d, want the hole", f.w.Vertices.Ring)
	}
	f.w.Map.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if h := poly()[1]; len(h) != 5 {
		t.Fatalf("after deleting the hole's vertex: %v", h)
	}
	// with a hole's vertex selected, the hole is removed; undo brings it back
	f.tap(off(-100, -100))
	if !f.w.Vertices.DeleteHole() || len(poly()) != 1 {
		t.Fatalf("after removing the hole: %v", poly())
	}
	f.w.Undo()
	if len(poly()) != 2 {
		t.Fatalf("undo of the removal: %v", poly())
	}
	// the shell's vertex is not a hole
	f.tap(off(300, 300))
	if f.w.Vertices.DeleteHole() {
		t.Fatal("DeleteHole removed something with the shell's vertex selected")
	}
}
