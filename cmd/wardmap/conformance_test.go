package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"wardmap/gis/gistest"
)

// validateGPKG runs GDAL's GeoPackage conformance checker (python3-gdal)
// on path, treating warnings as errors, with its extra checks.
func validateGPKG(t *testing.T, path string) {
	t.Helper()
	var script string
	for _, p := range []string{
		"/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py",
		"/usr/share/doc/python3-gdal/examples/validate_gpkg.py",
	} {
		if _, err := os.Stat(p); err == nil {
			script = p
			break
		}
	}
	if script == "" {
		t.Fatal("validate_gpkg.py not found: install python3-gdal (make test does)")
	}
	out, err := exec.Command("python3", script, "-k", "--extra", "--warning-as-error", path).CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Errorf("validate_gpkg.py %s: %v\n%s", filepath.Base(path), err, out)
	}
}

// TestGeoPackageConformance holds every GeoPackage wardmap writes to GDAL's
// conformance checker: a new database, the demo ward, a database after an
// OSM import, an inventory import, a day's plan walked and imported back
// as a track, and the exports.
func TestGeoPackageConformance(t *testing.T) {
	dir := t.TempDir()
	run := func(args ...string) {
		t.Helper()
		if _, errOut, code := wardmap(t, args...); code != 0 {
			t.Fatalf("wardmap %v: %s", args, errOut)
		}
	}
	empty := filepath.Join(dir, "empty.gpkg")
	run("init", "--db", empty)
	validateGPKG(t, empty)

	demo := filepath.Join(dir, "demo.gpkg")
	run("init", "--db", demo, "--demo")
	validateGPKG(t, demo)

	osm := filepath.Join(dir, "osm.gpkg")
	run("init", "--db", osm)
	run("import", "osm", gistest.SharedData(t, "osm", "monaco.osm.gz"), "--db", osm, "--quiet")
	validateGPKG(t, osm)

	trees := filepath.Join(dir, "trees.gpkg")
	run("init", "--db", trees)
	run("import", "features", gistest.SharedData(t, "assets", "la-street-trees", "agoura-hills.geojson"), "--db", trees, "--kind", "tree",
		"--map", filepath.Join(gistest.RepoRoot(t), "data", "laptop", "inventory", "testdata", "la", "agoura-hills.json"))
	validateGPKG(t, trees)

	// A day's plan, its first GPX walked back as a track log.
	routes := filepath.Join(dir, "routes")
	run("route", "plan", "--db", demo, "--date", "2026-12-07", "--inspectors", "1", "--out", routes)
	gpx, _ := filepath.Glob(filepath.Join(routes, "*.gpx"))
	if len(gpx) == 0 {
		t.Fatal("route plan wrote no GPX")
	}
	run("track", "import", gpx[0], "--db", demo, "--inspector", "An")
	validateGPKG(t, demo)

	for _, c := range []struct{ kind, crs string }{{"tree", ""}, {"street", ""}, {"tdp", "EPSG:9210"}, {"violation", ""}, {"plot", "EPSG:9210"}} {
		out := filepath.Join(dir, "export-"+c.kind+".gpkg")
		args := []string{"export", out, "--db", demo, "--kind", c.kind}
		if c.crs != "" {
			args = append(args, "--crs", c.crs)
		}
		run(args...)
		validateGPKG(t, out)
	}
}
