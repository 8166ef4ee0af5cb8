package app

import (
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/render"
)

// TestEmptyGroundDoesNotSelectTheGroup: a click inside a residential
// group away from everything clears the selection; the group is selected
// by a click on its boundary or with Ctrl held.
func TestEmptyGroundDoesNotSelectTheGroup(t *testing.T) {
	f := newFixture(t)
	f.look(off(-250, -150), 17)
	f.tap(f.lamp.Geom.(orb.Point)) // something selected first
	f.tap(off(-150, -150))
	if s := f.w.Inspector.Selected; s != nil {
		t.Fatalf("a click on empty ground selected %s %s", s.Kind, s.Title("vi"))
	}
	f.tap(off(-297, -150)) // on the group's western edge, just inside
	if s := f.w.Inspector.Selected; s == nil || s.Kind != gis.TDP {
		t.Fatalf("a click on the boundary selected %v, want the residential group", s)
	}
	f.w.Inspector.Clear()
	f.w.holdModifier = true
	f.tap(off(-150, -150))
	if s := f.w.Inspector.Selected; s == nil || s.Kind != gis.TDP {
		t.Fatalf("Ctrl+click inside selected %v, want the residential group", s)
	}
}

// TestClusterClickZooms: at ward scale a click on a count bubble zooms in
// on it until its members are drawn one by one, and selects none of them.
func TestClusterClickZooms(t *testing.T) {
	f := newFixture(t)
	spot := off(150, -150)
	for i := 0; i < 40; i++ {
		tr := gis.NewFeature(gis.Tree, off(150+float64(i%8)*3, -150+float64(i/8)*3))
		tr.Attrs["species"] = "Sao đen"
		f.store.put(f.store.recs, tr)
	}
	f.w.Map.Redraw()
	f.look(off(0, 0), 14)
	sz := f.w.Map.Size()
	f.w.Map.Render(int(sz.Width), int(sz.Height))
	st, _ := f.w.Map.LastStats()
	var b render.Bubble
	for _, c := range st.Bubbles {
		if c.N >= 40 {
			b = c
		}
	}
	if b.N == 0 {
		t.Fatalf("no bubble of the 40 trees among %v", st.Bubbles)
	}
	before := f.w.Map.View()
	test.TapAt(f.w.Map, fyne.NewPos(float32(b.X), float32(b.Y)))
	if s := f.w.Inspector.Selected; s != nil {
		t.Errorf("the bubble click selected %s %s, want no member chosen at random", s.Kind, s.ID)
	}
	v := f.w.Map.View()
	if v.Zoom < render.DefaultClusterBelow || v.Zoom <= before.Zoom {
		t.Errorf("zoom %.1f after the click (was %.1f), want at least %d", v.Zoom, before.Zoom, render.DefaultClusterBelow)
	}
	if x, y := v.ToPixel(spot); math.Abs(x-float64(v.Width)/2) > float64(v.Width)/4 || math.Abs(y-float64(v.Height)/2) > float64(v.Height)/4 {
		t.Errorf("the trees are at pixel %.0f,%.0f of %dx%d, want near the middle", x, y, v.Width, v.Height)
	}
	f.w.Map.Render(v.Width, v.Height)
	if st, _ := f.w.Map.LastStats(); st.Clusters != 0 || st.Drawn[gis.Tree] < 40 {
		t.Errorf("after the zoom: %d bubbles, %d trees drawn; want the 40 trees one by one", st.Clusters, st.Drawn[gis.Tree])
	}
}
