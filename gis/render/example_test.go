package render_test

import (
	"context"
	"fmt"
	"image"

	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/render"
	"wardmap/gis/tile"
)

func ExampleRenderer_Render() {
	lamp := gis.NewFeature(gis.Lamp, orb.Point{106.6265, 20.8085})
	lamp.Attrs["status"] = "broken"
	road := gis.NewFeature(gis.Street, orb.LineString{{106.625, 20.8085}, {106.628, 20.8085}})
	road.Attrs["name"] = "Trần Thành Ngọ"
	road.Attrs["class"] = "main"
	road.Attrs["osm_id"] = int64(123)

	r := render.New(render.NewSliceSource([]*gis.Feature{lamp, road}))
	dst := image.NewRGBA(image.Rect(0, 0, 400, 300))
	v := tile.View{Center: orb.Point{106.6265, 20.8085}, Zoom: 18, Width: 400, Height: 300}
	st, err := r.Render(context.Background(), dst, v, render.DefaultLayers())
	if err != nil {
		panic(err)
	}
	fmt.Println("lamps:", st.Drawn[gis.Lamp], "streets:", st.Drawn[gis.Street], "labels:", len(st.Labels), "OSM credit:", st.OSMAttribution)
	// Output: lamps: 1 streets: 1 labels: 1 OSM credit: true
}

func ExamplePick() {
	lamp := gis.NewFeature(gis.Lamp, orb.Point{106.6265, 20.8085})
	v := tile.View{Center: orb.Point{106.6265, 20.8085}, Zoom: 18, Width: 400, Height: 300}
	f, ok := render.Pick([]*gis.Feature{lamp}, v, 203, 148, 6) // 3 px right, 2 px up
	fmt.Println(ok, f.Kind)
	// Output: true lamp
}
