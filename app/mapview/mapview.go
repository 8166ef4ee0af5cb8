// Package mapview is the map widget: it draws the ward through gis/render
// into a raster and turns drags, the wheel and +/- into view changes. It
// knows nothing of the store: features arrive through render.Source.
package mapview

import (
	"context"
	"image"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"wardmap/gis/render"
	"wardmap/gis/tile"
)

// Map is a pannable, zoomable map of the ward.
type Map struct {
	widget.BaseWidget

	mu       sync.Mutex
	renderer *render.Renderer
	layers   []render.Layer
	view     tile.View
	home     orb.Bound
	last     render.Stats
	lastErr  error
	raster   *canvas.Raster

	// OnViewChanged is called after the view moved, with what was drawn.
	OnViewChanged func(v tile.View, st render.Stats, err error)
}

// New returns a map drawing src, first showing home.
func New(src render.Source, home orb.Bound) *Map {
	m := &Map{renderer: render.New(src), layers: render.DefaultLayers(), home: home}
	m.view = tile.FitBound(home, 800, 600)
	m.raster = canvas.NewRaster(m.draw)
	m.ExtendBaseWidget(m)
	return m
}

// CreateRenderer implements fyne.Widget.
func (m *Map) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(m.raster)
}

// View returns the current view.
func (m *Map) View() tile.View {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.view
}

// SetView moves the map.
func (m *Map) SetView(v tile.View) {
	m.mu.Lock()
	m.view = v
	m.mu.Unlock()
	m.raster.Refresh()
}

// ZoomHome fits the ward in the window.
func (m *Map) ZoomHome() {
	m.mu.Lock()
	m.view = tile.FitBound(m.home, max(m.view.Width, 1), max(m.view.Height, 1))
	m.mu.Unlock()
	m.raster.Refresh()
}

// Zoom changes the zoom around the centre.
func (m *Map) Zoom(delta float64) {
	m.mu.Lock()
	v := m.view
	m.view = v.ZoomAt(float64(v.Width)/2, float64(v.Height)/2, delta)
	m.mu.Unlock()
	m.raster.Refresh()
}

// draw renders a frame of w×h pixels; Fyne calls it on its render thread.
func (m *Map) draw(w, h int) image.Image {
	m.mu.Lock()
	fit := m.view.Width <= 1
	m.view.Width, m.view.Height = w, h
	if fit {
		m.view = tile.FitBound(m.home, w, h)
	}
	v := m.view
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	st, err := m.renderer.Render(context.Background(), img, v, m.layers)
	m.last, m.lastErr = st, err
	cb := m.OnViewChanged
	m.mu.Unlock()
	if cb != nil {
		cb(v, st, err)
	}
	return img
}

// Dragged pans the map (fyne.Draggable). Drag positions are in Fyne's
// device-independent units; the raster is in pixels.
func (m *Map) Dragged(e *fyne.DragEvent) {
	s := m.pixelScale()
	m.mu.Lock()
	m.view = m.view.Pan(float64(e.Dragged.DX)*s, float64(e.Dragged.DY)*s)
	m.mu.Unlock()
	m.raster.Refresh()
}

// DragEnd implements fyne.Draggable.
func (m *Map) DragEnd() {}

// Scrolled zooms around the cursor (fyne.Scrollable).
func (m *Map) Scrolled(e *fyne.ScrollEvent) {
	s := m.pixelScale()
	delta := 0.25
	if e.Scrolled.DY < 0 {
		delta = -0.25
	}
	m.mu.Lock()
	m.view = m.view.ZoomAt(float64(e.Position.X)*s, float64(e.Position.Y)*s, delta)
	m.mu.Unlock()
	m.raster.Refresh()
}

// pixelScale is raster pixels per Fyne unit.
func (m *Map) pixelScale() float64 {
	sz := m.Size()
	m.mu.Lock()
	defer m.mu.Unlock()
	if sz.Width <= 0 || m.view.Width <= 1 {
		return 1
	}
	return float64(m.view.Width) / float64(sz.Width)
}

// TypedRune zooms with + and -.
func (m *Map) TypedRune(r rune) {
	switch r {
	case '+', '=':
		m.Zoom(1)
	case '-':
		m.Zoom(-1)
	}
}

// TypedKey implements fyne.Focusable.
func (m *Map) TypedKey(*fyne.KeyEvent) {}

// FocusGained implements fyne.Focusable.
func (m *Map) FocusGained() {}

// FocusLost implements fyne.Focusable.
func (m *Map) FocusLost() {}

// Tapped takes the keyboard focus so +/- work.
func (m *Map) Tapped(*fyne.PointEvent) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(m); c != nil {
		c.Focus(m)
	}
}
