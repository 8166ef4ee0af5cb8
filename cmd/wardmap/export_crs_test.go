package main

import (
	"encoding/json"
	"math"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/gis"
)

// TestExportUTM: a GeoPackage exported in WGS 84 / UTM zone 48N carries
// the definition gis/crs writes; GDAL (ogr2ogr, with PROJ) reads it and
// brings every lamp back to its WGS 84 position within 1e-8° (1 mm).
func TestExportUTM(t *testing.T) {
	if _, err := exec.LookPath("ogr2ogr"); err != nil {
		t.Skip("ogr2ogr (gdal-bin) not installed")
	}
	db := demoDB(t)
	out := filepath.Join(t.TempDir(), "lamps.gpkg")
	if _, errOut, code := wardmap(t, "export", out, "--db", db, "--kind", "lamp", "--crs", "EPSG:32648"); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	raw, err := exec.Command("ogr2ogr", "-f", "GeoJSON", "/vsistdout/", out, "-t_srs", "EPSG:4326",
		"-lco", "COORDINATE_PRECISION=10").Output()
	if err != nil {
		t.Fatalf("ogr2ogr: %v", err)
	}
	var fc struct {
		Features []struct {
			Geometry struct{ Coordinates [2]float64 }
		}
	}
	if err := json.Unmarshal(raw, &fc); err != nil {
		t.Fatal(err)
	}
	var got, want []orb.Point
	for _, f := range fc.Features {
		got = append(got, orb.Point(f.Geometry.Coordinates))
	}
	for _, f := range demoRecords(t, gis.Lamp) {
		want = append(want, f.Geom.(orb.Point))
	}
	less := func(ps []orb.Point) func(i, j int) bool {
		return func(i, j int) bool { return ps[i][0] < ps[j][0] || ps[i][0] == ps[j][0] && ps[i][1] < ps[j][1] }
	}
	sort.Slice(got, less(got))
	sort.Slice(want, less(want))
	if len(got) != len(want) || len(got) == 0 {
		t.Fatalf("%d lamps back, want %d", len(got), len(want))
	}
	for i := range got {
		if d := max(math.Abs(got[i][0]-want[i][0]), math.Abs(got[i][1]-want[i][1])); d > 1e-8 {
			t.Fatalf("lamp at %v came back at %v", want[i], got[i])
		}
	}
}
