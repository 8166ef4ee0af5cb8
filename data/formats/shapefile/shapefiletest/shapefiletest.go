// Package shapefiletest makes Shapefiles for tests the way an office's
// files are made: the geometry (.shp, .shx, .prj) written by GDAL's
// ogr2ogr, the real writer, and the .dbf and .cpg set beside it by the
// test, since GDAL cannot write the legacy Vietnamese encodings (TCVN3,
// VNI) a ward's registers are kept in. The reader's tests and the
// inventory import's tests both build their files with it.
//
// It does not import the shapefile package, so that package's own
// (internal) tests can use it: callers encode the .dbf themselves with
// shapefile.WriteDBF.
package shapefiletest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// NeedOGR skips the test where ogr2ogr (Debian's gdal-bin) is missing.
func NeedOGR(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("ogr2ogr"); err != nil {
		t.Skip("ogr2ogr (gdal-bin) is not installed")
	}
}

// FromGeoJSON writes geoms (GeoJSON geometry objects), one feature each
// with the attribute n set to its index, as dir/name.shp with ogr2ogr;
// extra are more ogr2ogr options (such as "-t_srs", "EPSG:9210" or
// "-dim", "XYZ"). It returns the .shp path.
func FromGeoJSON(t testing.TB, dir, name string, geoms []string, extra ...string) string {
	t.Helper()
	var fc strings.Builder
	fc.WriteString(`{"type":"FeatureCollection","features":[`)
	for i, g := range geoms {
		if i > 0 {
			fc.WriteString(",")
		}
		fc.WriteString(`{"type":"Feature","properties":{"n":` + strconv.Itoa(i) + `},"geometry":` + g + `}`)
	}
	fc.WriteString("]}")
	src := filepath.Join(dir, name+".geojson")
	if err := os.WriteFile(src, []byte(fc.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	shp := filepath.Join(dir, name+".shp")
	args := append([]string{"-f", "ESRI Shapefile", shp, src}, extra...)
	if out, err := exec.Command("ogr2ogr", args...).CombinedOutput(); err != nil {
		t.Fatalf("ogr2ogr %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return shp
}

// SetDBF replaces the .dbf beside shp with dbf and its .cpg with cpg; an
// empty cpg leaves the file with no .cpg (no encoding declared).
func SetDBF(t testing.TB, shp string, dbf []byte, cpg string) {
	t.Helper()
	stem := strings.TrimSuffix(shp, ".shp")
	if err := os.WriteFile(stem+".dbf", dbf, 0o644); err != nil {
		t.Fatal(err)
	}
	os.Remove(stem + ".cpg")
	if cpg != "" {
		if err := os.WriteFile(stem+".cpg", []byte(cpg), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
