package app

import (
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"
)

// Where each inspector starts: the ward office unless the planner puts
// their start on the map (an inspector who lives or works across the
// ward need not walk to the office first). A row per inspector says which,
// in the inspector's route colour; "Chọn trên bản đồ" makes the next map
// click their start, the house button puts them back at the office.

// startRows rebuilds the rows for the number of inspectors typed (none
// while it is not a valid number).
func (p *Planner) startRows() {
	t := p.w.tr.T
	n, err := p.inspectorCount()
	if err != nil {
		n = 0
	}
	if p.placing >= n {
		p.stopPlacing()
	}
	rows := make([]fyne.CanvasObject, 0, n)
	for i := 0; i < n; i++ {
		sw := canvas.NewRectangle(RouteColour(i))
		sw.SetMinSize(fyne.NewSize(14, 14))
		where := t("planner.start_office", i+1)
		if p.ownStart(i) {
			where = t("planner.start_own", i+1)
		}
		label := widget.NewLabel(where)
		label.Truncation = fyne.TextTruncateEllipsis
		place := &widget.Button{Icon: theme.MediaRecordIcon(), Text: t("planner.start_place"), OnTapped: func() { p.StartPlacing(i) }}
		if p.placing == i {
			place.Importance = widget.HighImportance
		}
		home := &widget.Button{Icon: theme.HomeIcon(), Importance: widget.LowImportance, OnTapped: func() { p.SetStart(i, orb.Point{}) }}
		if !p.ownStart(i) {
			home.Disable()
		}
		rows = append(rows, container.NewBorder(nil, nil, container.NewCenter(sw), container.NewHBox(place, home), label))
	}
	p.StartRows.Objects = rows
	p.StartRows.Refresh()
	p.layer.setStarts(p.chosenStarts(n))
}

func (p *Planner) ownStart(i int) bool { return i < len(p.starts) && p.starts[i] != (orb.Point{}) }

// chosenStarts are the first n inspectors' own starts (zero: the office).
func (p *Planner) chosenStarts(n int) []orb.Point {
	out := make([]orb.Point, n)
	copy(out, p.starts)
	return out
}

// Starts returns each inspector's own start shown (zero: the office).
func (p *Planner) Starts() []orb.Point {
	n, _ := p.inspectorCount()
	return p.chosenStarts(n)
}

// StartPlacing makes the next map click inspector i's start (i from 0);
// a second call for the same inspector, or Esc, stops it.
func (p *Planner) StartPlacing(i int) {
	if p.placing == i {
		p.stopPlacing()
		p.startRows()
		return
	}
	p.w.Draw.Cancel()
	if p.w.Measure.Active() {
		p.w.Measure.Stop()
	}
	p.placing = i
	p.Placing.SetText(p.w.tr.T("planner.start_hint", i+1))
	p.Placing.Show()
	p.startRows()
}

func (p *Planner) stopPlacing() {
	p.placing = -1
	p.Placing.Hide()
}

// SetStart puts inspector i's start at pt (zero: back to the office). A
// plan of the old starts is dropped.
func (p *Planner) SetStart(i int, pt orb.Point) {
	for len(p.starts) <= i {
		p.starts = append(p.starts, orb.Point{})
	}
	p.starts[i] = pt
	p.stopPlacing()
	p.dropPlan()
	p.startRows()
	p.w.Map.Redraw()
}

// tapStart takes a map click as the start being placed.
func (w *Window) tapStart(p orb.Point) bool {
	pl := w.Planner
	if pl == nil || pl.placing < 0 {
		return false
	}
	pl.SetStart(pl.placing, p)
	return true
}

// startKey: Esc stops placing a start.
func (w *Window) startKey(k fyne.KeyName) bool {
	pl := w.Planner
	if pl == nil || pl.placing < 0 || k != fyne.KeyEscape {
		return false
	}
	pl.stopPlacing()
	pl.startRows()
	return true
}

// baseNames are the files' names without their folder.
func baseNames(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = filepath.Base(p)
	}
	return out
}
