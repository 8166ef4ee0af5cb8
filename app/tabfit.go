package app

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The side panel is ~256 px wide at 1024 px, too narrow for four tabs
// with icon and label: Fyne's AppTabs then hid "Chỉ tiêu" (and in English
// "Indicators") behind a "…" menu, so the tab Ctrl+4 opens could not be
// seen. fitTabs keeps every tab in the bar: when the labels do not fit,
// the chosen tab keeps its label and the others show their icon alone,
// each named (with its shortcut) by a tip under the pointer.

// tabFit lays out the side tabs and their tips.
type tabFit struct {
	tabs   *container.AppTabs
	labels []string
	tips   *tabTips
	obj    *fyne.Container
	// ctrl names Ctrl+1… in the tips: the side tabs' shortcuts
	ctrl bool
}

// fitTabs wraps tabs (whose items' Text are their labels, each with an
// icon) so that they all stay in the bar at any panel width; with ctrl
// the tips name the tabs' shortcuts Ctrl+1, Ctrl+2…
func fitTabs(tabs *container.AppTabs, ctrl bool) *tabFit {
	f := &tabFit{tabs: tabs, ctrl: ctrl}
	for _, it := range tabs.Items {
		f.labels = append(f.labels, it.Text)
	}
	f.tips = newTabTips(f)
	f.obj = container.New(f, tabs, f.tips, f.tips.box)
	return f
}

// Object is what the side panel shows.
func (f *tabFit) Object() fyne.CanvasObject { return f.obj }

// Compact reports whether the unchosen tabs show their icon alone.
func (f *tabFit) Compact() bool {
	for i, it := range f.tabs.Items {
		if it.Text != f.labels[i] {
			return true
		}
	}
	return false
}

// Layout sets the labels for the width, then lays the tabs out.
func (f *tabFit) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	f.label(size.Width)
	f.tabs.Resize(size)
	f.tabs.Move(fyne.Position{})
	f.tips.Resize(fyne.NewSize(size.Width, f.barHeight()))
	f.tips.Move(fyne.Position{})
}

func (f *tabFit) MinSize([]fyne.CanvasObject) fyne.Size { return f.tabs.MinSize() }

// hideTip hides the tip when the tabs go out of sight: the pointer still
// over the bar sends no MouseOut, and the tip lay over the search results.
func (f *tabFit) hideTip() {
	if f != nil {
		f.tips.show(-1, fyne.Position{})
	}
}

// relabel sets the labels again after the chosen tab changed.
func (f *tabFit) relabel() {
	if f.label(f.tabs.Size().Width) {
		f.tabs.Refresh()
	}
}

// label gives each tab its label, or only the chosen one when all do not
// fit in width; it reports whether a label changed.
func (f *tabFit) label(width float32) bool {
	compact := width > 0 && f.barWidth(-1) > width
	changed := false
	for i, it := range f.tabs.Items {
		text := f.labels[i]
		if compact && i != f.tabs.SelectedIndex() {
			text = ""
		}
		if it.Text != text {
			it.Text, changed = text, true
		}
	}
	return changed
}

// barWidth is the width of the tab bar with every label (only the label
// of tab keep when keep >= 0).
func (f *tabFit) barWidth(keep int) float32 {
	texts := make([]string, len(f.labels))
	for i, l := range f.labels {
		if keep < 0 || i == keep {
			texts[i] = l
		}
	}
	spans := f.spans(texts)
	return spans[len(spans)-1][1]
}

// spans are the tab buttons' left and right edges for these labels, as
// Fyne lays them out (its tab button is not exported): in a row from the
// left, a padding apart, each an inline icon, then with a label a padding
// and the bold label, inner padding on both sides.
func (f *tabFit) spans(texts []string) [][2]float32 {
	th := f.tabs.Theme()
	pad, inner := th.Size(theme.SizeNamePadding), th.Size(theme.SizeNameInnerPadding)
	icon, size := th.Size(theme.SizeNameInlineIcon), th.Size(theme.SizeNameText)
	out := make([][2]float32, len(texts))
	x := float32(0)
	for i, l := range texts {
		w := icon + inner
		if l != "" {
			w = icon + pad + fyne.MeasureText(l, size, fyne.TextStyle{Bold: true}).Width + 2*inner
		}
		out[i] = [2]float32{x, x + w}
		x += w + pad
	}
	return out
}

// barHeight is the height of the tab bar: a tab button's.
func (f *tabFit) barHeight() float32 {
	th := f.tabs.Theme()
	h := fyne.MeasureText("Ấy", th.Size(theme.SizeNameText), fyne.TextStyle{Bold: true}).Height
	return fyne.Max(h, th.Size(theme.SizeNameInlineIcon)) + 2*th.Size(theme.SizeNameInnerPadding)
}

// tabTips names the tab under the pointer: its label and its shortcut,
// in a box under the bar. It only hovers: taps go through to the tabs.
type tabTips struct {
	widget.BaseWidget
	f     *tabFit
	box   *fyne.Container
	text  *canvas.Text
	shown int // the tab named, -1 for none
}

func newTabTips(f *tabFit) *tabTips {
	t := &tabTips{f: f, shown: -1}
	t.text = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	bg.StrokeColor = theme.Color(theme.ColorNameShadow)
	bg.StrokeWidth = 1
	bg.CornerRadius = 4
	t.box = container.NewStack(bg, container.NewPadded(t.text))
	t.box.Hide()
	t.ExtendBaseWidget(t)
	return t
}

func (t *tabTips) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// Shown is the label of the tab named by the tip, "" for none (tests).
func (t *tabTips) Shown() string {
	if t.shown < 0 || !t.box.Visible() {
		return ""
	}
	return t.text.Text
}

func (t *tabTips) MouseIn(e *desktop.MouseEvent)    { t.at(e.Position) }
func (t *tabTips) MouseMoved(e *desktop.MouseEvent) { t.at(e.Position) }
func (t *tabTips) MouseOut()                        { t.show(-1, fyne.Position{}) }

// at names the tab whose button holds p.
func (t *tabTips) at(p fyne.Position) {
	if !t.f.tabs.Visible() { // the search results hide the tabs
		t.show(-1, p)
		return
	}
	var texts []string
	for _, it := range t.f.tabs.Items {
		texts = append(texts, it.Text)
	}
	if h := t.f.barHeight(); p.Y < h {
		for i, s := range t.f.spans(texts) {
			if p.X >= s[0] && p.X < s[1] {
				t.show(i, fyne.NewPos(s[0], h))
				return
			}
		}
	}
	t.show(-1, p)
}

// show puts the tip of tab i under its button at p (i < 0: hides it).
func (t *tabTips) show(i int, p fyne.Position) {
	if i < 0 || i >= len(t.f.labels) {
		t.shown = -1
		t.box.Hide()
		return
	}
	if t.shown == i && t.box.Visible() {
		return
	}
	t.shown = i
	t.text.Text = t.f.labels[i]
	if t.f.ctrl {
		t.text.Text = fmt.Sprintf("%s (Ctrl+%d)", t.f.labels[i], i+1)
	}
	t.text.Color = theme.Color(theme.ColorNameForeground)
	t.text.Refresh()
	size := t.box.MinSize()
	// kept inside the panel: the last tab's tip ends at its right edge
	if w := t.f.tabs.Size().Width; p.X+size.Width > w {
		p.X = fyne.Max(0, w-size.Width)
	}
	t.box.Resize(size)
	t.box.Move(p.AddXY(0, 2))
	t.box.Show()
}
