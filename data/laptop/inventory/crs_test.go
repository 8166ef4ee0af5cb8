package inventory_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/inventory"
	"wardmap/gis"
	"wardmap/gis/crs"
	"wardmap/gis/gistest"
)

// TestGeoJSONNamedCRS imports Downey's street trees by their own geometry,
// in California State Plane zone 5 (EPSG:2229, US survey feet), which the
// file names in its legacy "crs" member; the mapping names no CRS. Each
// record also carries the city's own lon/lat, which agree with cs2cs to
// 1e-10°: every stored tree must sit on them.
func TestGeoJSONNamedCRS(t *testing.T) {
	path := gistest.SharedData(t, "assets", "la-street-trees", "downey.geojson")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			Properties struct{ Lon, Lat float64 }
		}
	}
	if err := json.Unmarshal(raw, &fc); err != nil {
		t.Fatal(err)
	}
	// Source positions keyed by their rounding to 1e-5° (about 1 m).
	want := map[[2]int64][]orb.Point{}
	key := func(p orb.Point) [2]int64 {
		return [2]int64{int64(math.Round(p[0] * 1e5)), int64(math.Round(p[1] * 1e5))}
	}
	for _, f := range fc.Features {
		p := orb.Point{f.Properties.Lon, f.Properties.Lat}
		want[key(p)] = append(want[key(p)], p)
	}
	mapping := writeFile(t, "downey.json", []byte(`{"fields": {"species_sci": "SPP"}}`))
	st := openDB(t)
	res := mustImport(t, st, path, mapping, gis.Tree, nil)
	if res.CRS != "EPSG:2229" {
		t.Errorf("CRS %q, want EPSG:2229 from the file's crs member", res.CRS)
	}
	if res.Imported < len(fc.Features)*9/10 {
		t.Fatalf("imported %d of %d: %v", res.Imported, len(fc.Features), res.ByReason())
	}
	got, err := st.Find(context.Background(), gpkg.Query{Kind: gis.Tree})
	if err != nil {
		t.Fatal(err)
	}
	worst := 0.0
	for _, f := range got {
		p := f.Geom.(orb.Point)
		best := math.Inf(1)
		for dx := int64(-1); dx <= 1; dx++ {
			for dy := int64(-1); dy <= 1; dy++ {
				k := key(p)
				for _, q := range want[[2]int64{k[0] + dx, k[1] + dy}] {
					best = min(best, math.Hypot(p[0]-q[0], p[1]-q[1]))
				}
			}
		}
		worst = max(worst, best)
	}
	if worst > 1e-8 { // 1 mm
		t.Errorf("a tree lies %.3g° from its own lon/lat", worst)
	}
}

// TestCRSAsWKT: --crs takes a .prj's text (ESRI WKT, as ArcGIS writes
// California zone 5), as the Shapefile reader passes it.
func TestCRSAsWKT(t *testing.T) {
	if _, err := exec.LookPath("projinfo"); err != nil {
		t.Skip("projinfo (proj-bin) not installed")
	}
	out, err := exec.Command("projinfo", "EPSG:2229", "-o", "WKT1_ESRI", "--single-line", "-q").Output()
	if err != nil {
		t.Fatal(err)
	}
	prj := strings.TrimSpace(string(out))
	wgs, _ := crs.ByCode(4326)
	ca, _ := crs.ByCode(2229)
	tr, _ := crs.NewTransform(wgs, ca)
	want := orb.Point{-118.1575484581, 33.9224547906}
	e, n, err := tr.Forward(want[0], want[1])
	if err != nil {
		t.Fatal(err)
	}
	src := writeFile(t, "drains.csv", []byte(fmt.Sprintf("E,N,status\n%.4f,%.4f,clear\n", e, n)))
	st := openDB(t)
	res := mustImport(t, st, src, "", gis.Drain, func(o *inventory.Options) { o.CRS = prj })
	if res.Imported != 1 || !strings.Contains(res.CRS, "StatePlane_California_V") {
		t.Fatalf("%+v", res)
	}
	got, err := st.Find(context.Background(), gpkg.Query{Kind: gis.Drain})
	if err != nil || len(got) != 1 {
		t.Fatal(err, len(got))
	}
	p := got[0].Geom.(orb.Point)
	if math.Abs(p[0]-want[0]) > 1e-8 || math.Abs(p[1]-want[1]) > 1e-8 {
		t.Errorf("%v,%v ft became %v, want %v", e, n, p, want)
	}
}
