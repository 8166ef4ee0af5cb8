package app

import (
	"math"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"

	"wardmap/gis"
)

// A bow tie is refused with its crossing marked, and mended without
// cancelling: two vertices taken back with Backspace, one put right.
// Dragging a drawn vertex moves it, and the plot's capacity follows.
func TestDrawingIsMendedNotCancelled(t *testing.T) {
	f := newFixture(t)
	f.w.Draw.Start(gis.Plot)
	for _, p := range []orb.Point{off(-100, -100), off(-80, -80), off(-100, -80), off(-80, -100)} {
		f.tap(p)
	}
	test.Tap(f.w.Draw.Finish)
	if !f.w.Draw.Active() || f.w.Draw.fault == nil {
		t.Fatalf("the bow tie: drawing active %v, fault %v", f.w.Draw.Active(), f.w.Draw.fault)
	}
	if d := metresFrom(orb.LineString{*f.w.Draw.fault, *f.w.Draw.fault}, off(-90, -90)); d > 0.5 {
		t.Errorf("the fault is marked %.1f m from the crossing", d)
	}
	if !strings.Contains(f.w.Draw.Hint.Text, "Backspace") {
		t.Errorf("the hint %q does not say how to mend it", f.w.Draw.Hint.Text)
	}
	f.w.onKey(fyne.KeyBackspace)
	f.win.Canvas().(fyne.Shortcutable).TypedShortcut(ctrl(fyne.KeyZ)) // Ctrl+Z takes a vertex back too
	if n := len(f.w.Draw.Vertices); n != 2 {
		t.Fatalf("%d vertices after Backspace and Ctrl+Z, want 2", n)
	}
	f.tap(off(-100, -80))
	before := f.w.Draw.Hint.Text
	// drag the second vertex 20 m further out: the area and capacity grow
	v := f.w.Map.View()
	x, y := v.ToPixel(off(-80, -80))
	if !f.w.dragStart(x, y) {
		t.Fatal("the drawn vertex cannot be dragged")
	}
	x2, y2 := v.ToPixel(off(-60, -60))
	f.w.dragTo(x2, y2, off(-60, -60))
	f.w.dragEnd()
	if d := metresFrom(orb.LineString{f.w.Draw.Vertices[1], f.w.Draw.Vertices[1]}, off(-60, -60)); d > 1 {
		t.Errorf("the dragged vertex is %.1f m from where it was dropped", d)
	}
	if f.w.Draw.Hint.Text == before || !strings.Contains(f.w.Draw.Hint.Text, "sức chứa") {
		t.Errorf("capacity did not follow the drag: %q then %q", before, f.w.Draw.Hint.Text)
	}
	test.Tap(f.w.Draw.Finish)
	if s := f.w.Inspector.Selected; s == nil || s.Kind != gis.Plot || !f.w.Inspector.New {
		t.Fatalf("the mended plot did not open its form: %v", s)
	}
}

// Ctrl+M measures: a 100 m × 100 m right triangle is 100 m, then 341 m
// round and 5 000 m², all on the ellipsoid; clicks select nothing.
func TestMeasureTool(t *testing.T) {
	f := newFixture(t)
	f.look(off(50, 50), 16)
	f.win.Canvas().(fyne.Shortcutable).TypedShortcut(ctrl(fyne.KeyM))
	if !f.w.Measure.Active() {
		t.Fatal("Ctrl+M did not start measuring")
	}
	f.tap(off(0, 0)) // on the lamp: measured, not selected
	f.tap(off(100, 0))
	if l := f.w.Measure.Length(); math.Abs(l-100) > 0.5 {
		t.Errorf("length %.2f m, want 100", l)
	}
	f.tap(off(100, 100))
	if a := f.w.Measure.Area(); math.Abs(a-5000)/5000 > 0.01 {
		t.Errorf("area %.1f m², want about 5000", a)
	}
	if txt := f.w.Measure.Result.Text; !strings.Contains(txt, "m²") || !strings.Contains(txt, "trắc địa") {
		t.Errorf("measure reads %q", txt)
	}
	if f.w.Inspector.Selected != nil {
		t.Error("a measuring click selected a feature")
	}
	f.w.onKey(fyne.KeyBackspace)
	if len(f.w.Measure.Points) != 2 {
		t.Errorf("Backspace left %d points", len(f.w.Measure.Points))
	}
	f.w.onKey(fyne.KeyEscape)
	if f.w.Measure.Active() {
		t.Error("Esc did not end measuring")
	}
}

// The legend lists what is drawn: a hidden layer leaves it, a status
// filter keeps only the statuses shown and says so, and at ward scale the
// count bubbles are explained.
func TestLegendFollowsLayersAndFilters(t *testing.T) {
	f := newFixture(t)
	g := f.w.Legend
	if len(g.Texts()) != 0 {
		t.Error("the folded legend drew its rows at start-up")
	}
	f.win.Canvas().(fyne.Shortcutable).TypedShortcut(ctrl(fyne.KeyL))
	if !g.Open() {
		t.Fatal("Ctrl+L did not open the legend")
	}
	if !slices.Contains(g.Texts(), "Đèn chiếu sáng") || !slices.Contains(g.Texts(), "Hỏng") {
		t.Fatalf("legend %q lacks the lamps and their statuses", g.Texts())
	}
	lamps := f.w.Layers.Status[gis.Lamp]
	lamps.SetSelected([]string{"Hỏng"})
	txt := strings.Join(g.Texts(), "|")
	if strings.Contains(txt, "Hoạt động") || !strings.Contains(txt, "đang lọc") {
		t.Errorf("legend with broken lamps only: %q", txt)
	}
	f.w.Layers.Visible[gis.Lamp].SetChecked(false)
	if slices.Contains(g.Texts(), "Đèn chiếu sáng") {
		t.Error("a hidden layer is still in the legend")
	}
	f.look(off(0, 0), 13)
	sz := f.w.Map.Size()
	f.w.Map.Render(int(sz.Width), int(sz.Height))
	if !strings.Contains(strings.Join(g.Texts(), "|"), "Vòng tròn có số") {
		t.Errorf("at ward scale the legend does not explain the bubbles: %q", g.Texts())
	}
}

func TestMeasureFormats(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{metres(12.46, "vi"), "12,5 m"}, {metres(1250.4, "vi"), "1,250 km"}, {metres(12.46, "en"), "12.5 m"},
		{squareMetres(1250.4, "vi"), "1.250 m²"}, {squareMetres(12500, "vi"), "12.500 m² (1,25 ha)"},
		{squareMetres(12500, "en"), "12,500 m² (1.25 ha)"},
	} {
		if tc.got != tc.want {
			t.Errorf("%q, want %q", tc.got, tc.want)
		}
	}
}
