package app

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// paneWidths are the widths of the left panel, the map and the right
// panel as laid out.
func (f *fixture) paneWidths() (left, center, right float32) {
	inner := f.w.split.Trailing.(*container.Split)
	return f.w.split.Leading.Size().Width, f.w.center.Size().Width, inner.Trailing.Size().Width
}

// At 1024 px the right panel was ~210 px and clipped its labels; the
// panels keep their minimum and the map at least half the window, at
// every size, and after a divider is dragged to squeeze the map.
func TestPanelsKeepMinimumAndMapHalf(t *testing.T) {
	f := newFixture(t)
	check := func(stage string) {
		t.Helper()
		total := f.w.split.Size().Width
		l, c, r := f.paneWidths()
		if l < leftPanelMin || r < rightPanelMin {
			t.Errorf("%s: left %.0f px, right %.0f px, want at least %d and %d", stage, l, r, leftPanelMin, rightPanelMin)
		}
		if c < total/2-1 {
			t.Errorf("%s: the map %.0f px of %.0f, want at least half (left %.0f, min %v; right %.0f, min %v)", stage, c, total, l, f.w.split.Leading.MinSize(), r, f.w.split.Trailing.(*container.Split).Trailing.MinSize())
		}
	}
	for _, sz := range []fyne.Size{{Width: 1024, Height: 700}, {Width: 1600, Height: 1000}, {Width: 1200, Height: 800}} {
		f.win.Resize(sz)
		check(fmt.Sprint(sz))
	}
	_, _, r0 := f.paneWidths()
	if r0 < rightPanelMin+30 {
		t.Errorf("at 1200 px the right panel is %.0f px: the minimum is for small windows only", r0)
	}
	f.win.Resize(fyne.NewSize(1024, 700))
	inner := f.w.split.Trailing.(*container.Split)
	inner.SetOffset(0.2) // the right divider dragged far left
	check("right divider dragged left")
	f.w.split.SetOffset(0.6)
	check("left divider dragged right")
}
