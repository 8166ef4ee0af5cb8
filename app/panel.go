package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The edit panel's frame (issue 12): the title on top, the form in the
// middle scrolling under the wheel wherever the pointer is, and a fixed
// action bar at the bottom (a one-line message, then Save, Delete, Move,
// Inspect flowing onto as many rows as the panel's width needs), so the
// actions are never below the fold and nothing is wider than the panel.

// panelLayout places the title, the form and the action bar.
type panelLayout struct {
	title, body, message fyne.CanvasObject
	// rule is the line between the form and the bar.
	rule    fyne.CanvasObject
	buttons []fyne.CanvasObject
}

func (l *panelLayout) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	th := l.title.MinSize().Height
	l.title.Move(fyne.NewPos(0, 0))
	l.title.Resize(fyne.NewSize(size.Width, th))
	rows := l.flow(size.Width)
	bh := l.buttonHeight()
	mh := l.message.MinSize().Height
	barH := mh + float32(len(rows))*(bh+pad)
	y := size.Height - barH
	l.rule.Move(fyne.NewPos(0, y-pad/2))
	l.rule.Resize(fyne.NewSize(size.Width, theme.SeparatorThicknessSize()))
	l.message.Move(fyne.NewPos(0, y))
	l.message.Resize(fyne.NewSize(size.Width, mh))
	y += mh
	for _, row := range rows {
		x := float32(0)
		for _, b := range row {
			w := b.MinSize().Width
			b.Move(fyne.NewPos(x, y))
			b.Resize(fyne.NewSize(w, bh))
			x += w + pad
		}
		y += bh + pad
	}
	l.body.Move(fyne.NewPos(0, th+pad))
	l.body.Resize(fyne.NewSize(size.Width, fyne.Max(0, size.Height-barH-th-2*pad)))
}

// MinSize is as narrow as the widest button: the form wraps to the panel.
func (l *panelLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	w := float32(0)
	n := 0
	for _, b := range l.buttons {
		if b.Visible() {
			w = fyne.Max(w, b.MinSize().Width)
			n++
		}
	}
	return fyne.NewSize(w, l.title.MinSize().Height+l.message.MinSize().Height+l.buttonHeight()*2+theme.Padding()*4)
}

func (l *panelLayout) buttonHeight() float32 {
	h := float32(0)
	for _, b := range l.buttons {
		h = fyne.Max(h, b.MinSize().Height)
	}
	return h
}

// flow puts the visible buttons on rows no wider than width.
func (l *panelLayout) flow(width float32) [][]fyne.CanvasObject {
	var rows [][]fyne.CanvasObject
	var row []fyne.CanvasObject
	x := float32(0)
	pad := theme.Padding()
	for _, b := range l.buttons {
		if !b.Visible() {
			continue
		}
		w := b.MinSize().Width
		if len(row) > 0 && x+w > width {
			rows, row, x = append(rows, row), nil, 0
		}
		row = append(row, b)
		x += w + pad
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return rows
}

// wheelCatcher lies over the form and hands every wheel event to the form's
// scroll. Fyne gives a scroll event to the deepest scrollable under the
// pointer, and every entry scrolls its own text: without this the wheel
// stops as soon as the pointer is over an input. Taps, hovers and drags
// look for other interfaces and go through to the inputs.
type wheelCatcher struct {
	widget.BaseWidget
	to *container.Scroll
}

func newWheelCatcher(to *container.Scroll) *wheelCatcher {
	c := &wheelCatcher{to: to}
	c.ExtendBaseWidget(c)
	return c
}

func (c *wheelCatcher) Scrolled(ev *fyne.ScrollEvent) { c.to.Scrolled(ev) }

func (c *wheelCatcher) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// MinSize is nothing: the catcher follows the form's size.
func (c *wheelCatcher) MinSize() fyne.Size { return fyne.Size{} }
