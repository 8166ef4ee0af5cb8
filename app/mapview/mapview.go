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
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"wardmap/gis/render"
	"wardmap/gis/tile"
)

// Map is a pannable, zoomable map of the ward.
type Map struct {
	widget.BaseWidget

	mu       sync.Mutex // guards the fields below but renderer and cache
	rmu      sync.Mutex // held while a frame renders: input never waits for it
	renderer *render.Renderer
	cache    *render.Cache
	theme    *render.Theme
	layers   []render.Layer
	view     tile.View
	home     orb.Bound
	last     render.Stats
	lastErr  error
	overlay  Overlay
	raster   *canvas.Raster

	// OnViewChanged is called after each frame, with what was drawn.
	OnViewChanged func(v tile.View, st render.Stats, err error)
	// OnTapped is called with the pixel and the lon/lat of a click.
	OnTapped func(x, y float64, p orb.Point)
	// OnCursor follows the mouse over the map; ok is false when it left.
	OnCursor func(p orb.Point, ok bool)
	// OnKey receives the keys the map does not use itself (Delete, Escape)
	// while it has the keyboard focus.
	OnKey func(k fyne.KeyName)
	// OnDragStart is asked, with the pixel where a drag began, whether the
	// app takes the drag (moving a vertex) instead of panning; if so,
	// OnDrag follows the pointer and OnDragEnd ends it.
	OnDragStart func(x, y float64) bool
	OnDrag      func(x, y float64, p orb.Point)
	OnDragEnd   func()
	dragging    int // 0 before a drag is decided, dragPan or dragApp
}

const (
	dragPan = 1
	dragApp = 2
)

// New returns a map drawing src, first showing home. Features are read
// through a render.Cache: panning and zooming in within half a view of the
// last read draw from memory; Redraw drops the cache after an edit. When src
// also serves basemap polygons (render.Basemap: the OSM import's buildings,
// water and land use), they are drawn under the ward's layers.
func New(src render.Source, home orb.Bound) *Map {
	c := render.NewCache(src)
	m := &Map{renderer: render.New(c), cache: c, layers: render.DefaultLayers(), home: home}
	if b, ok := src.(render.Basemap); ok {
		m.renderer.Basemap = b
	}
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

// SetView moves the map. A view without a size keeps the current size.
func (m *Map) SetView(v tile.View) {
	m.mu.Lock()
	if v.Width <= 0 {
		v.Width, v.Height = m.view.Width, m.view.Height
	}
	m.view = v
	m.mu.Unlock()
	m.raster.Refresh()
}

// ShowBound fits b in the map, keeping the map's size.
func (m *Map) ShowBound(b orb.Bound, maxZoom float64) {
	m.mu.Lock()
	v := tile.FitBound(b, max(m.view.Width, 1), max(m.view.Height, 1))
	if v.Zoom > maxZoom {
		v.Zoom = maxZoom
	}
	m.view = v
	m.mu.Unlock()
	m.raster.Refresh()
}

// ZoomHome fits the ward in the window.
func (m *Map) ZoomHome() { m.ShowBound(m.home, tile.MaxZoom) }

// Zoom changes the zoom around the centre.
func (m *Map) Zoom(delta float64) {
	m.mu.Lock()
	v := m.view
	m.view = v.ZoomAt(float64(v.Width)/2, float64(v.Height)/2, delta)
	m.mu.Unlock()
	m.raster.Refresh()
}

// SetLayers changes what is drawn and redraws.
func (m *Map) SetLayers(ls []render.Layer) {
	m.mu.Lock()
	m.layers = append([]render.Layer(nil), ls...)
	m.mu.Unlock()
	m.raster.Refresh()
}

// Layers returns a copy of the layers drawn.
func (m *Map) Layers() []render.Layer {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]render.Layer(nil), m.layers...)
}

// SetTheme switches the map's palette (nil is render.Light).
func (m *Map) SetTheme(t *render.Theme) {
	m.mu.Lock()
	m.theme = t
	m.mu.Unlock()
	m.raster.Refresh()
}

// Theme returns the map's palette.
func (m *Map) Theme() *render.Theme {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.theme == nil {
		return render.Light
	}
	return m.theme
}

// SetOverlay replaces what is drawn above the map (selection, sketch).
func (m *Map) SetOverlay(o Overlay) {
	m.mu.Lock()
	m.overlay = o
	m.mu.Unlock()
	m.raster.Refresh()
}

// Redraw reads the features again and redraws (after the data changed).
func (m *Map) Redraw() {
	m.cache.Invalidate()
	m.raster.Refresh()
}

// Queries is how many reads of the store the map has made, for tests.
func (m *Map) Queries() int {
	m.rmu.Lock()
	defer m.rmu.Unlock()
	return m.cache.Queries
}

// LastStats returns what the last frame drew.
func (m *Map) LastStats() (render.Stats, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.last, m.lastErr
}

// Render draws a frame of the current view at w×h pixels, as the widget
// does; tests and the start-up benchmark call it directly.
func (m *Map) Render(w, h int) image.Image { return m.draw(w, h) }

// draw renders a frame of w×h pixels; Fyne calls it on its render thread.
func (m *Map) draw(w, h int) image.Image {
	m.mu.Lock()
	fit := m.view.Width <= 1
	m.view.Width, m.view.Height = w, h
	if fit {
		m.view = tile.FitBound(m.home, w, h)
	}
	v, layers, theme, overlay := m.view, m.layers, m.theme, m.overlay
	m.mu.Unlock()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	m.rmu.Lock()
	m.renderer.Theme = theme
	st, err := m.renderer.Render(context.Background(), img, v, layers)
	m.rmu.Unlock()
	overlay.draw(img, v)
	m.mu.Lock()
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
	s := m.PixelScale()
	if m.dragging == 0 {
		m.dragging = dragPan
		// the drag began where the pointer was before this first step
		x0, y0 := float64(e.Position.X-e.Dragged.DX)*s, float64(e.Position.Y-e.Dragged.DY)*s
		if m.OnDragStart != nil && m.OnDragStart(x0, y0) {
			m.dragging = dragApp
		}
	}
	if m.dragging == dragApp {
		if m.OnDrag != nil {
			x, y, p := m.ToLonLat(e.Position)
			m.OnDrag(x, y, p)
		}
		return
	}
	m.mu.Lock()
	m.view = m.view.Pan(float64(e.Dragged.DX)*s, float64(e.Dragged.DY)*s)
	m.mu.Unlock()
	m.raster.Refresh()
}

// DragEnd implements fyne.Draggable.
func (m *Map) DragEnd() {
	app := m.dragging == dragApp
	m.dragging = 0
	if app && m.OnDragEnd != nil {
		m.OnDragEnd()
	}
}

// Scrolled zooms around the cursor (fyne.Scrollable).
func (m *Map) Scrolled(e *fyne.ScrollEvent) {
	s := m.PixelScale()
	delta := 0.25
	if e.Scrolled.DY < 0 {
		delta = -0.25
	}
	m.mu.Lock()
	m.view = m.view.ZoomAt(float64(e.Position.X)*s, float64(e.Position.Y)*s, delta)
	m.mu.Unlock()
	m.raster.Refresh()
}

// PixelScale is raster pixels per Fyne unit.
func (m *Map) PixelScale() float64 {
	sz := m.Size()
	m.mu.Lock()
	defer m.mu.Unlock()
	if sz.Width <= 0 || m.view.Width <= 1 {
		return 1
	}
	return float64(m.view.Width) / float64(sz.Width)
}

// ToLonLat converts a position in Fyne units on the widget to lon/lat.
func (m *Map) ToLonLat(pos fyne.Position) (x, y float64, p orb.Point) {
	s := m.PixelScale()
	x, y = float64(pos.X)*s, float64(pos.Y)*s
	return x, y, m.View().ToLonLat(x, y)
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

// TypedKey passes keys on to OnKey (fyne.Focusable).
func (m *Map) TypedKey(e *fyne.KeyEvent) {
	switch e.Name {
	case fyne.KeyPlus:
		m.Zoom(1)
	case fyne.KeyMinus:
		m.Zoom(-1)
	default:
		if m.OnKey != nil {
			m.OnKey(e.Name)
		}
	}
}

// FocusGained implements fyne.Focusable.
func (m *Map) FocusGained() {}

// FocusLost implements fyne.Focusable.
func (m *Map) FocusLost() {}

// Tapped takes the keyboard focus so +/- work, and reports the click.
func (m *Map) Tapped(e *fyne.PointEvent) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(m); c != nil {
		c.Focus(m)
	}
	if m.OnTapped != nil {
		x, y, p := m.ToLonLat(e.Position)
		m.OnTapped(x, y, p)
	}
}

// MouseIn implements desktop.Hoverable.
func (m *Map) MouseIn(e *desktop.MouseEvent) { m.MouseMoved(e) }

// MouseMoved reports the cursor's lon/lat.
func (m *Map) MouseMoved(e *desktop.MouseEvent) {
	if m.OnCursor != nil {
		_, _, p := m.ToLonLat(e.Position)
		m.OnCursor(p, true)
	}
}

// MouseOut implements desktop.Hoverable.
func (m *Map) MouseOut() {
	if m.OnCursor != nil {
		m.OnCursor(orb.Point{}, false)
	}
}

var (
	_ fyne.Draggable    = (*Map)(nil)
	_ fyne.Scrollable   = (*Map)(nil)
	_ fyne.Focusable    = (*Map)(nil)
	_ fyne.Tappable     = (*Map)(nil)
	_ desktop.Hoverable = (*Map)(nil)
)
