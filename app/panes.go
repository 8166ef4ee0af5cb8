package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// Side panels have a width below which their labels and fields are cut
// (the right panel was ~210 px at 1024 px and clipped its labels), and the
// map keeps at least half the window: what the window is for is the map.
// Both minimums and the two dividers take just under half of a 1024 px
// window, the smallest the issue asks for; the left panel gets the larger
// share, as its plan and indicator tabs hold rows of buttons and figures
// that a form's single column of fields does not.
const (
	leftPanelMin  = 250
	rightPanelMin = 240
)

// minWidth lays out its one object at full size and asks for at least w:
// container.Split never drags a side below its MinSize.
type minWidth struct{ w float32 }

func (l minWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.Position{})
		o.Resize(size)
	}
}

func (l minWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(l.w, 0)
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

// withMinWidth wraps a side panel so that it never gets narrower than w.
func withMinWidth(o fyne.CanvasObject, w float32) *fyne.Container {
	return container.New(minWidth{w}, o)
}

// panesLayout holds the main split: on every resize of the window it
// sets the splits' offsets so the panels keep their width as long as the
// map keeps half the window.
type panesLayout struct{ w *Window }

func (l panesLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.w.fitPanels(size.Width)
	minWidth{}.Layout(objs, size)
}

func (l panesLayout) MinSize(objs []fyne.CanvasObject) fyne.Size { return minWidth{}.MinSize(objs) }

// centerLayout stacks the map and its overlays. When a dragged divider
// leaves the map less than half the window it gives the width back, after
// this layout pass (changing the splits inside their own layout would lay
// them out twice over).
type centerLayout struct{ w *Window }

func (l centerLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	minWidth{}.Layout(objs, size)
	if s := l.w.split; s != nil && size.Width < s.Size().Width/2-1 {
		fyne.Do(func() {
			if l.w.fitPanels(s.Size().Width) {
				s.Refresh()
				s.Trailing.Refresh()
			}
		})
	}
}

func (l centerLayout) MinSize(objs []fyne.CanvasObject) fyne.Size { return minWidth{}.MinSize(objs) }

// fitPanels sets the offsets of the two splits for a window of width
// total: each visible panel at least its minimum, and the map at least
// half of total, taken first from the right panel (the form scrolls), then
// from the left. It reports whether an offset changed.
func (w *Window) fitPanels(total float32) bool {
	outer := w.split
	if outer == nil || total <= 0 {
		return false
	}
	inner := outer.Trailing.(*container.Split)
	div := theme.Padding() * 2 // container.Split's divider
	leftOn, rightOn := outer.Leading.Visible(), inner.Trailing.Visible()
	avail := total // what the left panel and the inner split share
	var lw float32
	if leftOn {
		avail = total - div
		lw = max(float32(outer.Offset)*avail, leftPanelMin)
	}
	rest := avail - lw // the inner split: map and right panel
	innerAvail := rest
	var rw float32
	if rightOn {
		innerAvail = rest - div
		rw = max((1-float32(inner.Offset))*innerAvail, rightPanelMin)
	}
	if short := total/2 - (innerAvail - rw); short > 0 {
		cut := min(short, max(rw-rightPanelMin, 0))
		rw -= cut
		short -= cut
		if leftOn {
			cut = min(short, max(lw-leftPanelMin, 0))
			lw -= cut
			innerAvail += cut
		}
	}
	changed := false
	if leftOn && avail > 0 {
		changed = setOffset(outer, float64(lw/avail))
	}
	if rightOn && innerAvail > 0 {
		changed = setOffset(inner, float64((innerAvail-rw)/innerAvail)) || changed
	}
	return changed
}

// setOffset changes a split's offset without laying it out (the caller is
// laying it out or refreshes it), reporting whether it moved.
func setOffset(s *container.Split, o float64) bool {
	if d := s.Offset - o; d < 1e-4 && d > -1e-4 {
		return false
	}
	s.Offset = o
	return true
}
