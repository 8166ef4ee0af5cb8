package render

import (
	"math"
	"math/rand"

	"github.com/paulmach/orb"

	"wardmap/gis"
)

// kienAn is the middle of the test scene, near the ward's People's Committee.
var kienAn = orb.Point{106.6265, 20.8085}

// at returns the point dx metres east and dy metres north of kienAn.
func at(dx, dy float64) orb.Point {
	const mPerDeg = 111320.0
	return orb.Point{kienAn[0] + dx/(mPerDeg*math.Cos(kienAn[1]*math.Pi/180)), kienAn[1] + dy/mPerDeg}
}

func line(pts ...[2]float64) orb.LineString {
	ls := make(orb.LineString, len(pts))
	for i, p := range pts {
		ls[i] = at(p[0], p[1])
	}
	return ls
}

func rect(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{{at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)}}
}

func feature(k gis.Kind, g orb.Geometry, attrs map[string]any) *gis.Feature {
	f := gis.NewFeature(k, g)
	for n, v := range attrs {
		f.Attrs[n] = v
	}
	return f
}

func street(name, class string, osm bool, pts ...[2]float64) *gis.Feature {
	a := map[string]any{"name": name, "class": class}
	if osm {
		a["osm_id"] = int64(1000 + len(name))
	}
	return feature(gis.Street, line(pts...), a)
}

// scene is a fixed synthetic piece of the ward: two crossing main streets,
// secondary streets and alleys with Vietnamese names, two residential
// groups, two plots, lamps in every status and a few hundred other assets.
func scene() []*gis.Feature {
	fs := []*gis.Feature{
		feature(gis.TDP, rect(-450, -320, 0, 320), map[string]any{"name": "Tổ dân phố Đồng Hòa 1"}),
		feature(gis.TDP, rect(0, -320, 450, 320), map[string]any{"name": "Tổ dân phố Lệ Tảo 2"}),
		feature(gis.Plot, rect(40, 60, 160, 120), map[string]any{"name": "Ô trồng cây A", "status": "planned"}),
		feature(gis.Plot, rect(-200, -140, -90, -60), map[string]any{"name": "Ô trồng cây B", "status": "planted"}),
		street("Trần Thành Ngọ", "main", true, [2]float64{-450, -10}, [2]float64{-150, 0}, [2]float64{150, 0}, [2]float64{450, 20}),
		street("Phan Đăng Lưu", "main", true, [2]float64{0, -320}, [2]float64{0, 320}),
		street("Lệ Tảo", "secondary", false, [2]float64{-420, -300}, [2]float64{-20, -40}),
		street("Đồng Hòa", "secondary", false, [2]float64{-450, 170}, [2]float64{450, 170}),
		street("Ngõ 12 Lệ Tảo", "alley", false, [2]float64{-300, -200}, [2]float64{-300, -10}),
		street("Ngõ 5 Đồng Hòa", "alley", false, [2]float64{200, 170}, [2]float64{220, 300}),
		street("Ngõ 40 Trần Thành Ngọ", "alley", false, [2]float64{250, 6}, [2]float64{250, -250}, [2]float64{380, -250}),
	}
	statuses := []string{"working", "working", "broken", "working", "missing"}
	for i := 0; i < 25; i++ {
		x := -420 + float64(i)*35
		fs = append(fs, feature(gis.Lamp, at(x, 14), map[string]any{"status": statuses[i%len(statuses)], "pole_code": "KA-" + string(rune('A'+i))}))
	}
	rng := rand.New(rand.NewSource(7))
	conds := []string{"good", "good", "good", "fair", "poor", "dead", "dangerous"}
	for i := 0; i < 300; i++ {
		p := at(rng.Float64()*800-400, rng.Float64()*560-280)
		fs = append(fs, feature(gis.Tree, p, map[string]any{"condition": conds[rng.Intn(len(conds))]}))
	}
	vst := []string{"found", "recorded", "resolved", "recurred", "escalated"}
	for i := 0; i < 12; i++ {
		fs = append(fs, feature(gis.Violation, at(rng.Float64()*700-350, rng.Float64()*500-250),
			map[string]any{"kind": "encroachment", "status": vst[i%len(vst)]}))
		fs = append(fs, feature(gis.Report, at(rng.Float64()*700-350, rng.Float64()*500-250),
			map[string]any{"category": "waste", "status": "received"}))
		fs = append(fs, feature(gis.Drain, at(rng.Float64()*700-350, -8),
			map[string]any{"status": []string{"clear", "silted", "blocked", "broken_cover"}[i%4]}))
		fs = append(fs, feature(gis.Plate, at(rng.Float64()*700-350, 180),
			map[string]any{"number": "12", "street": "Đồng Hòa", "status": plateStatus(i)}))
	}
	fs = append(fs,
		feature(gis.FloodPoint, at(-5, 5), map[string]any{"name": "Ngã tư Phan Đăng Lưu", "frequency": "every_heavy_rain"}),
		feature(gis.AlleySign, at(-300, -18), map[string]any{"name": "Ngõ 12", "status": "installed"}),
		feature(gis.AlleySign, at(250, -4), map[string]any{"name": "Ngõ 40", "status": "missing"}),
	)
	return fs
}

func plateStatus(i int) string { return []string{"installed", "missing", "damaged"}[i%3] }

// sceneBasemap is a lake and a block of houses, as if imported from OSM.
func sceneBasemap() BaseSlice {
	b := BaseSlice{
		{Kind: Water, Geom: rect(-420, 200, -250, 300), OSM: true},
		{Kind: Landuse, Geom: rect(260, -200, 440, -60), OSM: true},
	}
	for i := 0; i < 8; i++ {
		x := 30 + float64(i)*22
		b = append(b, BasePolygon{Kind: Building, Geom: rect(x, 25, x+16, 45), OSM: true})
		b = append(b, BasePolygon{Kind: Building, Geom: rect(x, -50, x+16, -25), OSM: true})
	}
	return b
}
