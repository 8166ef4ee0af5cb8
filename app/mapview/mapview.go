// Package mapview is the map widget: it draws the ward through gis/render
// into a raster and turns drags, the wheel and +/- into view changes. It
// knows nothing of the store: features arrive through render.Source.
package mapview

import (
	"context"
	"encoding/binary"
	"image"
	"image/color"
	"image/draw"
	"math"
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

	// Frames render off the UI thread. gen counts changes of what a frame
	// shows besides the view (layers, theme, data); base is the last
	// finished frame, shown shifted and scaled while a newer one renders;
	// want is the newest frame asked for, cancel stops the one rendering.
	gen     uint64
	base    *frame
	want    frameKey
	seq     uint64 // of the newest request; a frame of an older one is dropped
	cancel  context.CancelFunc
	pending sync.WaitGroup // renders in flight, for tests

	// OnViewChanged is called after each frame shown, with what was drawn:
	// on the UI thread for the frames the widget renders in the background,
	// on the caller's goroutine for Render.
	OnViewChanged func(v tile.View, st render.Stats, err error)
	// OnFirstFrame is called once, on the UI thread, when the raster first
	// shows a finished frame of its current view (not a blank or a warped
	// preview): the moment a user sees the map.
	OnFirstFrame func()
	firstShown   bool
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
	// fitHome keeps the whole ward fitted to the map's size until the view
	// is set or moved: the map's first sizes are those of the window's
	// layout passes, not the size it ends with, and fitting only the first
	// one cut the ward off at the default window size.
	fitHome bool
	// basemap is what the source serves under the ward's layers (nil when
	// it serves none); baseOff hides it (View › Basemap).
	basemap render.Basemap
	baseOff bool
}

// fitMargin is the room, in pixels, kept around the ward when it is
// fitted, so that its edge is not under the frame's border.
const fitMargin = 12

// fitView is the view of b at w×h pixels with fitMargin around it.
func fitView(b orb.Bound, w, h int) tile.View {
	v := tile.FitBound(b, max(w-2*fitMargin, 1), max(h-2*fitMargin, 1))
	v.Width, v.Height = w, h
	return v
}

const (
	dragPan = 1
	dragApp = 2
)

// frameKey is what a frame shows.
type frameKey struct {
	v   tile.View
	gen uint64
}

// frame is a finished render of the map, without the overlay.
type frame struct {
	img *image.RGBA
	key frameKey
}

// New returns a map drawing src, first showing home. Features are read
// through a render.Cache: panning and zooming in within half a view of the
// last read draw from memory; Redraw drops the cache after an edit. When src
// also serves basemap polygons (render.Basemap: the OSM import's buildings,
// water and land use), they are drawn under the ward's layers.
func New(src render.Source, home orb.Bound) *Map {
	c := render.NewCache(src)
	m := &Map{renderer: render.New(c), cache: c, layers: render.DefaultLayers(), home: home}
	if b, ok := src.(render.Basemap); ok {
		m.renderer.Basemap, m.basemap = b, b
	}
	m.view = fitView(home, 800, 600)
	m.fitHome = true
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
	m.view, m.fitHome = v, false
	m.mu.Unlock()
	m.raster.Refresh()
}

// ShowBound fits b in the map, keeping the map's size.
func (m *Map) ShowBound(b orb.Bound, maxZoom float64) {
	m.mu.Lock()
	v := fitView(b, max(m.view.Width, 1), max(m.view.Height, 1))
	if v.Zoom > maxZoom {
		v.Zoom = maxZoom
	}
	m.view, m.fitHome = v, false
	m.mu.Unlock()
	m.raster.Refresh()
}

// ZoomHome fits the ward in the window, and keeps it fitted while the
// window's size changes until the view is moved.
func (m *Map) ZoomHome() {
	m.ShowBound(m.home, tile.MaxZoom)
	m.mu.Lock()
	m.fitHome = true
	m.mu.Unlock()
}

// Zoom changes the zoom around the centre.
func (m *Map) Zoom(delta float64) {
	m.mu.Lock()
	v := m.view
	m.view = v.ZoomAt(float64(v.Width)/2, float64(v.Height)/2, delta)
	m.fitHome = false
	m.mu.Unlock()
	m.raster.Refresh()
}

// SetLayers changes what is drawn and redraws.
func (m *Map) SetLayers(ls []render.Layer) {
	m.mu.Lock()
	m.layers = append([]render.Layer(nil), ls...)
	m.gen++
	m.mu.Unlock()
	m.raster.Refresh()
}

// SetBasemap shows or hides the basemap (buildings, water, land use).
func (m *Map) SetBasemap(on bool) {
	m.mu.Lock()
	m.baseOff = !on
	m.gen++
	m.mu.Unlock()
	m.raster.Refresh()
}

// Basemap reports whether the map has a basemap and whether it is shown.
func (m *Map) Basemap() (has, shown bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.basemap != nil, m.basemap != nil && !m.baseOff
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
	m.gen++
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
	m.mu.Lock()
	m.gen++
	m.mu.Unlock()
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

// Render draws a frame of the current view at w×h pixels and waits for
// it; tests and the start-up benchmark call it. The widget itself renders
// off the UI thread (see draw).
func (m *Map) Render(w, h int) image.Image {
	key, layers, theme, overlay := m.resize(w, h)
	m.mu.Lock()
	if m.cancel != nil { // this frame supersedes any rendering
		m.cancel()
	}
	m.seq++
	seq := m.seq
	m.want = frameKey{}
	m.mu.Unlock()
	m.rmu.Lock()
	img, st, err := m.renderFrame(context.Background(), key.v, layers, theme)
	m.rmu.Unlock()
	if done := m.finish(seq, key, img, st, err); done != nil {
		done()
	}
	out := image.NewRGBA(img.Rect)
	copy(out.Pix, img.Pix)
	overlay.draw(out, key.v)
	return out
}

// resize gives the view the raster's size (fitting the ward the first
// time) and returns what a frame of it needs.
func (m *Map) resize(w, h int) (frameKey, []render.Layer, *render.Theme, Overlay) {
	m.mu.Lock()
	defer m.mu.Unlock()
	fit := m.view.Width <= 1 || m.fitHome && (w != m.view.Width || h != m.view.Height)
	m.view.Width, m.view.Height = w, h
	if fit {
		m.view = fitView(m.home, w, h)
	}
	return frameKey{m.view, m.gen}, m.layers, m.theme, m.overlay
}

func (m *Map) renderFrame(ctx context.Context, v tile.View, layers []render.Layer, theme *render.Theme) (*image.RGBA, render.Stats, error) {
	img := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
	m.renderer.Theme = theme
	m.mu.Lock()
	m.renderer.Basemap = m.basemap
	if m.baseOff {
		m.renderer.Basemap = nil
	}
	m.mu.Unlock()
	st, err := m.renderer.Render(ctx, img, v, layers)
	return img, st, err
}

// finish keeps a rendered frame as the one shown unless a newer one was
// asked for since request seq: a superseded frame is never shown, so the
// map never steps back to an older view. It returns nil for a dropped
// frame, else what to run next: OnViewChanged.
func (m *Map) finish(seq uint64, key frameKey, img *image.RGBA, st render.Stats, err error) func() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if seq != m.seq {
		return nil
	}
	m.base = &frame{img: img, key: key}
	m.last, m.lastErr = st, err
	cb := m.OnViewChanged
	return func() {
		if cb != nil {
			cb(key.v, st, err)
		}
	}
}

// draw is the raster's generator, called on the UI thread: it never
// renders. It shows the last finished frame, shifted and scaled to the
// current view if that moved, with the overlay on top, and asks for a
// frame of the current view when none is on its way.
func (m *Map) draw(w, h int) image.Image {
	key, layers, theme, overlay := m.resize(w, h)
	m.mu.Lock()
	base := m.base
	if (base == nil || base.key != key) && m.want != key {
		m.request(key, layers, theme)
	}
	m.mu.Unlock()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	switch {
	case base == nil:
		bg := render.Light.Background
		if theme != nil {
			bg = theme.Background
		}
		draw.Draw(img, img.Rect, image.NewUniform(bg), image.Point{}, draw.Src)
	case base.key.v == key.v:
		copy(img.Pix, base.img.Pix)
		if !m.firstShown && base.key == key {
			m.firstShown = true
			if m.OnFirstFrame != nil {
				defer m.OnFirstFrame()
			}
		}
	default:
		bg := render.Light.Background
		if theme != nil {
			bg = theme.Background
		}
		warp(img, key.v, base.img, base.key.v, bg)
	}
	overlay.draw(img, key.v)
	return img
}

// request starts rendering key in a goroutine and cancels the render of
// an older request; m.mu is held. Renders queue on rmu, the cancelled one
// stops at its next layer, and finish drops it if it got that far.
func (m *Map) request(key frameKey, layers []render.Layer, theme *render.Theme) {
	if m.cancel != nil {
		m.cancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	m.seq++
	seq := m.seq
	m.want, m.cancel = key, cancel
	m.pending.Add(1)
	go func() {
		defer m.pending.Done()
		defer cancel()
		m.rmu.Lock()
		if ctx.Err() != nil {
			m.rmu.Unlock()
			return
		}
		img, st, err := m.renderFrame(ctx, key.v, layers, theme)
		m.rmu.Unlock()
		if ctx.Err() != nil {
			return
		}
		if done := m.finish(seq, key, img, st, err); done != nil {
			fyne.Do(func() {
				m.raster.Refresh()
				done()
			})
		}
	}()
}

// warp draws src, a frame of view sv, into dst as it falls in view v:
// the preview shown while a frame of v renders. Both are Web Mercator, so
// the mapping is a scale and a shift; pixels are taken nearest, and what
// src does not cover is bg.
func warp(dst *image.RGBA, v tile.View, src *image.RGBA, sv tile.View, bg color.RGBA) {
	w, h := dst.Rect.Dx(), dst.Rect.Dy()
	x0, y0 := sv.ToPixel(v.ToLonLat(0, 0))
	x1, y1 := sv.ToPixel(v.ToLonLat(float64(w), float64(h)))
	ax, ay := (x1-x0)/float64(w), (y1-y0)/float64(h)
	sw, sh := src.Rect.Dx(), src.Rect.Dy()
	cols := make([]int, w) // source column of each column, -1 outside
	for x := range cols {
		sx := int(math.Floor(x0 + (float64(x)+0.5)*ax))
		if sx < 0 || sx >= sw {
			sx = -1
		}
		cols[x] = sx
	}
	bgPx := uint32(bg.R) | uint32(bg.G)<<8 | uint32(bg.B)<<16 | uint32(bg.A)<<24
	for y := 0; y < h; y++ {
		row := dst.Pix[y*dst.Stride : y*dst.Stride+w*4]
		sy := int(math.Floor(y0 + (float64(y)+0.5)*ay))
		if sy < 0 || sy >= sh {
			for x := 0; x < w; x++ {
				binary.LittleEndian.PutUint32(row[x*4:], bgPx)
			}
			continue
		}
		srow := src.Pix[sy*src.Stride:]
		for x, sx := range cols {
			p := bgPx
			if sx >= 0 {
				p = binary.LittleEndian.Uint32(srow[sx*4:])
			}
			binary.LittleEndian.PutUint32(row[x*4:], p)
		}
	}
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
	m.fitHome = false
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
	m.fitHome = false
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

// TypedRune zooms one level with + (or =) and - , main keys or keypad.
// The zoom happens here only: GLFW reports each of these keys twice, as a
// key (KeyMinus, KeyPlus, KeyEqual) and as the rune it types, and acting
// on both made one press of "−" zoom out two levels.
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
	case fyne.KeyPlus, fyne.KeyMinus, fyne.KeyEqual: // zoomed by TypedRune
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
