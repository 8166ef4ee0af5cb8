// Package app is wardmap's desktop user interface, thin over gis and over
// the small interfaces it declares for what it needs from storage: only
// cmd/wardmap wires a concrete store in.
package app

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"wardmap/app/mapview"
	"wardmap/gis"
	"wardmap/gis/render"
	"wardmap/gis/tile"
)

// Deps is what the window needs from the rest of the program.
type Deps struct {
	Source render.Source
	// WardName titles the window; Home is the ward's extent.
	WardName string
	Home     orb.Bound
	// Counts gives the number of live records per kind.
	Counts func(ctx context.Context) (map[gis.Kind]int, error)
}

// Window is the main window's content and its parts, reachable by tests.
type Window struct {
	Map    *mapview.Map
	Status *widget.Label
	Counts *widget.Label
	deps   Deps
}

// New builds the main window's content.
func New(d Deps) *Window {
	w := &Window{deps: d, Status: widget.NewLabel(""), Counts: widget.NewLabel("")}
	w.Map = mapview.New(d.Source, d.Home)
	w.Map.OnViewChanged = w.onViewChanged
	return w
}

// Content returns the window's content.
func (w *Window) Content() fyne.CanvasObject {
	bar := widget.NewToolbar(
		widget.NewToolbarAction(theme.ZoomInIcon(), func() { w.Map.Zoom(1) }),
		widget.NewToolbarAction(theme.ZoomOutIcon(), func() { w.Map.Zoom(-1) }),
		widget.NewToolbarAction(theme.HomeIcon(), w.Map.ZoomHome),
	)
	status := container.NewHBox(w.Status, w.Counts)
	return container.NewBorder(bar, status, nil, nil, w.Map)
}

// Title is the window title.
func (w *Window) Title() string {
	if w.deps.WardName == "" {
		return "wardmap"
	}
	return "wardmap — " + w.deps.WardName
}

// Refresh reloads the record counts shown in the status bar.
func (w *Window) Refresh(ctx context.Context) error {
	if w.deps.Counts == nil {
		return nil
	}
	counts, err := w.deps.Counts(ctx)
	if err != nil {
		return err
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	text := fmt.Sprintf("%d đối tượng (records) · %d cây · %d đèn", total, counts[gis.Tree], counts[gis.Lamp])
	fyne.Do(func() { w.Counts.SetText(text) })
	return nil
}

func (w *Window) onViewChanged(v tile.View, st render.Stats, err error) {
	drawn := 0
	for _, n := range st.Drawn {
		drawn += n
	}
	text := fmt.Sprintf("%.5f, %.5f · zoom %.1f · %d đã vẽ (drawn)", v.Center[1], v.Center[0], v.Zoom, drawn+st.Clustered)
	if err != nil {
		text = "Lỗi vẽ bản đồ (map error): " + err.Error()
	}
	fyne.Do(func() { w.Status.SetText(text) })
}
