package mapview

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/render"
	"wardmap/gis/tile"
)

// basemapSource serves one street and one building polygon.
type basemapSource struct {
	*render.SliceSource
	polys render.BaseSlice
}

func (s basemapSource) Polygons(ctx context.Context, b orb.Bound) ([]render.BasePolygon, error) {
	return s.polys.Polygons(ctx, b)
}

// A source that also serves basemap polygons gets them drawn under the
// ward's layers, with the OSM attribution.
func TestBasemapFromSource(t *testing.T) {
	test.NewTempApp(t)
	st := gis.NewFeature(gis.Street, orb.LineString{{106.630, 20.820}, {106.632, 20.820}})
	st.Attrs["name"], st.Attrs["class"] = "Trần Thành Ngọ", "main"
	building := orb.Polygon{{{106.6305, 20.8202}, {106.6310, 20.8202}, {106.6310, 20.8206}, {106.6305, 20.8206}, {106.6305, 20.8202}}}
	src := basemapSource{
		SliceSource: render.NewSliceSource([]*gis.Feature{st}),
		polys:       render.BaseSlice{{Kind: "building", Geom: building, OSM: true}},
	}
	home := orb.Bound{Min: orb.Point{106.629, 20.819}, Max: orb.Point{106.633, 20.822}}
	m := New(&src, home)
	m.Render(600, 400)
	stats, err := m.LastStats()
	if err != nil {
		t.Fatal(err)
	}
	if stats.Basemap != 1 || !stats.OSMAttribution {
		t.Fatalf("basemap drawn %d, attribution %v", stats.Basemap, stats.OSMAttribution)
	}
}

// One press of "−" or "+" (main keys or keypad) changes the zoom by one
// level. GLFW delivers each press twice, as the key and as the rune it
// types; this replays both, in GLFW's order.
func TestOnePressZoomsOneLevel(t *testing.T) {
	test.NewTempApp(t)
	home := orb.Bound{Min: orb.Point{106.629, 20.819}, Max: orb.Point{106.633, 20.822}}
	m := New(render.NewSliceSource(nil), home)
	m.Resize(fyne.NewSize(400, 300))
	m.SetView(tile.View{Center: home.Center(), Zoom: 16, Width: 400, Height: 300})
	for _, tc := range []struct {
		key  fyne.KeyName
		r    rune
		want float64
	}{
		{fyne.KeyMinus, '-', 15}, // main row and keypad "−"
		{fyne.KeyPlus, '+', 16},  // keypad "+"
		{fyne.KeyEqual, '+', 17}, // Shift+= on the main row
		{fyne.KeyEqual, '=', 18}, // "=" unshifted
		{fyne.KeyMinus, '-', 17},
	} {
		m.TypedKey(&fyne.KeyEvent{Name: tc.key})
		m.TypedRune(tc.r)
		if got := m.View().Zoom; got != tc.want {
			t.Fatalf("after %s/%q zoom %.2f, want %.0f", tc.key, tc.r, got, tc.want)
		}
	}
}

// The first view fits the whole ward at the size the map ends up with,
// not at the first size a layout pass gave it; after the user moves the
// map a resize keeps their view.
func TestFirstViewFitsTheWardAtTheFinalSize(t *testing.T) {
	test.NewTempApp(t)
	home := orb.Bound{Min: orb.Point{106.620, 20.800}, Max: orb.Point{106.670, 20.840}}
	m := New(render.NewSliceSource(nil), home)
	for _, sz := range [][2]int{{1, 1}, {900, 700}, {560, 640}} {
		m.Render(sz[0], sz[1])
	}
	v := m.View()
	for _, c := range []orb.Point{home.Min, home.Max, {home.Min[0], home.Max[1]}, {home.Max[0], home.Min[1]}} {
		x, y := v.ToPixel(c)
		if x < 0 || y < 0 || x > 560 || y > 640 {
			t.Errorf("ward corner %v at pixel %.0f,%.0f: outside the 560×640 map", c, x, y)
		}
	}
	m.Zoom(1)
	z := m.View().Zoom
	m.Render(600, 640)
	if m.View().Zoom != z {
		t.Errorf("a resize after the user zoomed refitted the ward")
	}
}

// The basemap switch hides the basemap and shows it again.
func TestBasemapSwitch(t *testing.T) {
	test.NewTempApp(t)
	building := orb.Polygon{{{106.6305, 20.8202}, {106.6310, 20.8202}, {106.6310, 20.8206}, {106.6305, 20.8206}, {106.6305, 20.8202}}}
	src := basemapSource{SliceSource: render.NewSliceSource(nil), polys: render.BaseSlice{{Kind: "building", Geom: building, OSM: true}}}
	m := New(&src, orb.Bound{Min: orb.Point{106.629, 20.819}, Max: orb.Point{106.633, 20.822}})
	for _, on := range []bool{false, true} {
		m.SetBasemap(on)
		m.Render(300, 200)
		st, _ := m.LastStats()
		if has, shown := m.Basemap(); !has || shown != on || (st.Basemap == 1) != on {
			t.Errorf("switch %v: has %v shown %v, %d basemap polygons drawn", on, has, shown, st.Basemap)
		}
	}
}
