package mapview

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/render"
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
