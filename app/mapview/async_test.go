package mapview

import (
	"context"
	"image"
	"math"
	"sync"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/render"
	"wardmap/gis/tile"
)

var asyncHome = orb.Bound{Min: orb.Point{106.625, 20.805}, Max: orb.Point{106.635, 20.812}}

// lamps is a source of a grid of lamps over asyncHome and one street.
func lamps() *render.SliceSource {
	var fs []*gis.Feature
	for i := 0; i < 20; i++ {
		for j := 0; j < 14; j++ {
			f := gis.NewFeature(gis.Lamp, orb.Point{106.625 + float64(i)*0.0005, 20.805 + float64(j)*0.0005})
			f.Attrs["status"] = "working"
			fs = append(fs, f)
		}
	}
	st := gis.NewFeature(gis.Street, orb.LineString{{106.624, 20.808}, {106.636, 20.809}})
	st.Attrs["class"] = "main"
	return render.NewSliceSource(append(fs, st))
}

// gated blocks the first read until released, to hold a frame mid-render.
type gated struct {
	render.Source
	calls   atomic.Int32
	started chan struct{}
	release chan struct{}
}

func (g *gated) Features(ctx context.Context, k gis.Kind, b orb.Bound) ([]*gis.Feature, error) {
	if g.calls.Add(1) == 1 {
		close(g.started)
		<-g.release
	}
	return g.Source.Features(ctx, k, b)
}

// shown records the views of the frames the map showed, in order.
type shown struct {
	mu    sync.Mutex
	views []tile.View
}

func (s *shown) record(v tile.View, _ render.Stats, _ error) {
	s.mu.Lock()
	s.views = append(s.views, v)
	s.mu.Unlock()
}

// A frame still rendering when the view changes is superseded: it is never
// shown, before or after the newer frame, and the newer one is.
func TestSupersededFrameNeverShown(t *testing.T) {
	test.NewTempApp(t)
	src := &gated{Source: lamps(), started: make(chan struct{}), release: make(chan struct{})}
	m := New(src, asyncHome)
	var sh shown
	m.OnViewChanged = sh.record

	m.draw(400, 300) // asks for the home view: its render blocks in the source
	<-src.started
	a := m.View()
	m.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(200, 150)}, Dragged: fyne.NewDelta(40, 0)})
	m.DragEnd()
	b := m.View()
	if b == a {
		t.Fatal("the drag did not move the view")
	}
	m.draw(400, 300) // asks for b, cancelling a
	close(src.release)
	m.pending.Wait()

	sh.mu.Lock()
	defer sh.mu.Unlock()
	if len(sh.views) != 1 || sh.views[0] != b {
		t.Fatalf("frames shown %v, want only the dragged view %v", sh.views, b)
	}
	if m.base == nil || m.base.key.v != b {
		t.Fatalf("the map keeps a frame of %v, want %v", m.base.key.v, b)
	}
	// and drawing again shows it without another render
	m.draw(400, 300)
	m.pending.Wait()
	if len(sh.views) != 1 {
		t.Fatalf("a redraw of an unchanged view rendered again: %v", sh.views)
	}
}

// While a frame renders, the last one is shown moved with the view: a pan
// shifts it by the drag, a zoom scales it around the cursor; the frame
// that follows is of the final view.
func TestPreviewFollowsDragAndZoom(t *testing.T) {
	test.NewTempApp(t)
	m := New(lamps(), asyncHome)
	var sh shown
	m.OnViewChanged = sh.record
	before := m.Render(400, 300).(*image.RGBA)
	v0 := m.View()

	// drag 30 px right and 20 px down, in three steps
	for _, d := range []fyne.Delta{{DX: 10, DY: 5}, {DX: 10, DY: 10}, {DX: 10, DY: 5}} {
		m.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(100, 100)}, Dragged: d})
	}
	m.DragEnd()
	want := v0.Pan(30, 20)
	if got := m.View(); !sameView(got, want) {
		t.Fatalf("after the drag the view is %+v, want %+v", got, want)
	}
	preview := m.draw(400, 300).(*image.RGBA)
	for _, p := range []image.Point{{50, 40}, {120, 90}, {300, 200}, {200, 150}} {
		if got, w := preview.RGBAAt(p.X+30, p.Y+20), before.RGBAAt(p.X, p.Y); got != w {
			t.Errorf("preview at %v+drag is %v, the last frame at %v was %v", p, got, p, w)
		}
	}
	m.pending.Wait()

	// zoom in with the wheel around (100, 80)
	dragged := m.View()
	m.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(100, 80)}, Scrolled: fyne.NewDelta(0, 1)})
	want = dragged.ZoomAt(100, 80, 0.25)
	if got := m.View(); got != want {
		t.Fatalf("after the wheel the view is %+v, want %+v", got, want)
	}
	m.draw(400, 300)
	m.pending.Wait()
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if n := len(sh.views); n == 0 || sh.views[n-1] != want {
		t.Fatalf("frames shown %v, want the last of the zoomed view %+v", sh.views, want)
	}
	if m.base.key.v != want {
		t.Fatalf("the map keeps a frame of %+v, want %+v", m.base.key.v, want)
	}
}

// sameView reports whether two views differ by less than a thousandth of
// a pixel (pans summed in steps round differently).
func sameView(a, b tile.View) bool {
	x, y := a.ToPixel(b.Center)
	return a.Zoom == b.Zoom && a.Width == b.Width && a.Height == b.Height &&
		math.Abs(x-float64(a.Width)/2) < 1e-3 && math.Abs(y-float64(a.Height)/2) < 1e-3
}

func TestWarpScales(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 100, 100))
	for i := range src.Pix {
		src.Pix[i] = uint8(i / 4 % 251)
	}
	sv := tile.View{Center: orb.Point{106.63, 20.81}, Zoom: 16, Width: 100, Height: 100}
	v := sv.ZoomAt(50, 50, 1) // twice as large around the centre
	dst := image.NewRGBA(image.Rect(0, 0, 100, 100))
	warp(dst, v, src, sv, render.Light.Background)
	// destination pixel (x, y) shows source pixel (25 + x/2, 25 + y/2)
	for _, p := range []image.Point{{0, 0}, {10, 30}, {99, 99}, {51, 50}} {
		if got, w := dst.RGBAAt(p.X, p.Y), src.RGBAAt(25+p.X/2, 25+p.Y/2); got != w {
			t.Errorf("warped %v = %v, want source %v = %v", p, got, image.Pt(25+p.X/2, 25+p.Y/2), w)
		}
	}
	// zoomed out, the edges fall outside the old frame: background
	warp(dst, sv.ZoomAt(50, 50, -1), src, sv, render.Light.Background)
	if got := dst.RGBAAt(2, 2); got != render.Light.Background {
		t.Errorf("outside the old frame: %v, want the background", got)
	}
}

// OnFirstFrame fires once, when a finished frame of the current view is
// first shown: not for the blank shown while it renders, not again after.
func TestFirstFrameCalledOnce(t *testing.T) {
	test.NewTempApp(t)
	src := &gated{Source: lamps(), started: make(chan struct{}), release: make(chan struct{})}
	m := New(src, asyncHome)
	calls := 0
	m.OnFirstFrame = func() { calls++ }
	m.draw(400, 300) // blank while the first frame renders
	<-src.started
	if calls != 0 {
		t.Fatalf("OnFirstFrame called %d times before any frame finished", calls)
	}
	close(src.release)
	m.pending.Wait()
	m.draw(400, 300) // the finished frame
	m.draw(400, 300)
	m.Zoom(1)
	m.draw(400, 300)
	m.pending.Wait()
	m.draw(400, 300)
	if calls != 1 {
		t.Fatalf("OnFirstFrame called %d times, want once", calls)
	}
}
