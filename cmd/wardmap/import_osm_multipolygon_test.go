package main

import (
	"context"
	"image"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
	"wardmap/gis/gistest"
	"wardmap/gis/render"
	"wardmap/gis/tile"
)

// pondXML is a pond in Kiến An as a multipolygon relation: an outer square
// of 0.003° made of two open ways and an island of 0.001° in its middle,
// plus a relation whose member is outside the extract.
func pondXML() string {
	var b strings.Builder
	b.WriteString("<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6'>\n")
	for y := range 4 {
		for x := range 4 {
			b.WriteString("<node id='" + strconv.Itoa(1+x+4*y) + "' lat='" + strconv.FormatFloat(20.8+0.001*float64(y), 'f', 7, 64) +
				"' lon='" + strconv.FormatFloat(106.6+0.001*float64(x), 'f', 7, 64) + "'/>\n")
		}
	}
	way := func(id string, refs ...int) {
		b.WriteString("<way id='" + id + "'>")
		for _, r := range refs {
			b.WriteString("<nd ref='" + strconv.Itoa(r) + "'/>")
		}
		b.WriteString("</way>\n")
	}
	way("100", 1, 2, 3, 4, 8, 12, 16)
	way("101", 1, 5, 9, 13, 14, 15, 16)
	way("102", 6, 7, 11, 10, 6)
	b.WriteString(`<relation id='7'><member type='way' ref='100' role='outer'/><member type='way' ref='101' role='outer'/>` +
		`<member type='way' ref='102' role='inner'/><tag k='type' v='multipolygon'/><tag k='natural' v='water'/></relation>` + "\n")
	b.WriteString(`<relation id='8'><member type='way' ref='100' role='outer'/><member type='way' ref='555' role='outer'/>` +
		`<tag k='type' v='multipolygon'/><tag k='landuse' v='grass'/></relation>` + "\n")
	b.WriteString("</osm>\n")
	return b.String()
}

// A water multipolygon with an island lands in the basemap as one polygon
// with a hole (osm_id = -relation id), the broken relation is counted in
// the summary, and the map draws water around the island, not on it.
func TestImportOSMMultipolygonHole(t *testing.T) {
	src := filepath.Join(t.TempDir(), "pond.osm")
	if err := os.WriteFile(src, []byte(pondXML()), 0o644); err != nil {
		t.Fatal(err)
	}
	db := newDB(t)
	out, errOut, code := wardmap(t, "import", "osm", src, "--db", db)
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	for _, want := range []string{
		`multipolygon relations built\): 1\n`,
		`broken multipolygon relations, skipped\): 1 — 1 thiếu`,
		`basemap polygons\): 1\n`,
	} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	ctx := context.Background()
	s, err := gpkg.Open(ctx, db, gpkg.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fs, err := s.Features(ctx, gis.Basemap, orb.Bound{Min: orb.Point{106, 20}, Max: orb.Point{107, 21}})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || attrInt(fs[0], "osm_id") != -7 || fs[0].Attrs["kind"] != "water" {
		t.Fatalf("basemap %d rows: %+v", len(fs), fs)
	}
	if p, ok := fs[0].Geom.(orb.Polygon); !ok || len(p) != 2 {
		t.Fatalf("geometry %#v, want a polygon with one hole", fs[0].Geom)
	}

	r := render.New(render.NewSliceSource(nil))
	r.Basemap = s
	v := tile.View{Center: orb.Point{106.6015, 20.8015}, Zoom: 17, Width: 300, Height: 300}
	img := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
	if _, err := r.Render(ctx, img, v, nil); err != nil {
		t.Fatal(err)
	}
	at := func(p orb.Point) [4]uint8 {
		x, y := v.ToPixel(p)
		c := img.RGBAAt(int(x), int(y))
		return [4]uint8{c.R, c.G, c.B, c.A}
	}
	bg := render.Light.Background
	ground := [4]uint8{bg.R, bg.G, bg.B, bg.A}
	if got := at(orb.Point{106.6015, 20.8015}); got != ground {
		t.Errorf("the island's middle is %v, want the background %v", got, ground)
	}
	if got := at(orb.Point{106.6005, 20.8005}); got == ground {
		t.Errorf("the water between shore and island is the background %v", got)
	}
}

// Every multipolygon relation built from the sample files is stored (none
// fails the store's geometry check) under its negated id, with the kind
// GDAL's multipolygons layer gives it (the ids and kinds themselves are
// compared with GDAL in gis/osmimport).
func TestImportOSMMultipolygonsStored(t *testing.T) {
	total := 0
	for _, file := range osmFiles {
		t.Run(file, func(t *testing.T) {
			db := newDB(t)
			out, errOut, code := wardmap(t, "import", "osm", gistest.SharedData(t, "osm", file), "--db", db)
			if code != 0 {
				t.Fatalf("exit %d: %s%s", code, out, errOut)
			}
			m := regexp.MustCompile(`multipolygon relations built\): (\d+)`).FindStringSubmatch(out)
			sk := regexp.MustCompile(`(\d+) không hợp lệ`).FindStringSubmatch(out)
			if m == nil || sk == nil {
				t.Fatalf("summary:\n%s", out)
			}
			built, _ := strconv.Atoi(m[1])
			if sk[1] != "0" {
				t.Errorf("%s records skipped as invalid:\n%s", sk[1], errOut)
			}
			s, err := gpkg.Open(context.Background(), db, gpkg.Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			var n int
			if err := s.QueryRow(context.Background(), `SELECT count(DISTINCT osm_id) FROM basemap WHERE osm_id < 0 AND deleted = 0`, &n); err != nil {
				t.Fatal(err)
			}
			if n != built {
				t.Errorf("%d relations stored, %d built", n, built)
			}
			total += n
		})
	}
	if total < 40 {
		t.Errorf("only %d relations in the sample files", total)
	}
}
