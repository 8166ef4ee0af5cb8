package ward

import (
	"bytes"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/data/formats/geojson"
	"wardmap/gis"
	"wardmap/gis/crs"
)

// Every format holds every live lamp; GeoJSON in WGS 84 reads back to the
// records, in EPSG:9210 to gis/crs's projection of them; GDAL reads the
// projected GeoPackage with its CRS; a failed export leaves no file.
func TestExportKind(t *testing.T) {
	ctx := t.Context()
	s := open(t, copyDemo(t))
	lamps, err := Features(ctx, s, gis.Lamp)
	if err != nil || len(lamps) == 0 {
		t.Fatalf("%d lamps, %v", len(lamps), err)
	}
	byID := map[string]*gis.Feature{}
	for _, f := range lamps {
		byID[f.ID] = f
	}
	vn, _ := crs.ByCode(9210)
	wgs, _ := crs.ByCode(4326)
	tr, err := crs.NewTransform(wgs, vn)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, c := range []struct {
		file string
		crs  *crs.CRS
	}{{"a.geojson", nil}, {"a.csv", nil}, {"a.kml", nil}, {"a.gpkg", nil}, {"p.geojson", vn}, {"p.csv", vn}, {"p.gpkg", vn}} {
		path := filepath.Join(dir, c.file)
		n, err := ExportKind(ctx, s, Export{Kind: gis.Lamp, Path: path, CRS: c.crs, Public: true})
		if err != nil || n != len(lamps) {
			t.Fatalf("%s: %d of %d, %v", c.file, n, len(lamps), err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		switch filepath.Ext(c.file) {
		case ".geojson":
			fs, err := geojson.Read(bytes.NewReader(b), gis.Lamp)
			if err != nil || len(fs) != n {
				t.Fatalf("%s reads back %d, %v", c.file, len(fs), err)
			}
			for _, f := range fs {
				want := byID[f.ID].Geom.(orb.Point)
				if c.crs != nil {
					want[0], want[1], _ = tr.Forward(want[0], want[1])
				}
				if got := f.Geom.(orb.Point); got != want {
					t.Fatalf("%s %s at %v, want %v", c.file, f.ID, got, want)
				}
			}
		case ".csv":
			rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
			if err != nil || len(rows) != n+1 {
				t.Errorf("%s: %d rows, %v", c.file, len(rows), err)
			}
		case ".kml":
			if !bytes.Contains(b, []byte("<kml")) || bytes.Count(b, []byte("<Placemark")) != n {
				t.Errorf("%s: %d placemarks", c.file, bytes.Count(b, []byte("<Placemark")))
			}
		case ".gpkg":
			if _, err := exec.LookPath("ogrinfo"); err != nil {
				continue
			}
			out, err := exec.Command("ogrinfo", "-ro", "-so", path, "lamp").CombinedOutput()
			if err != nil || !strings.Contains(string(out), "Feature Count: ") {
				t.Fatalf("ogrinfo %s: %v\n%s", c.file, err, out)
			}
			if c.crs != nil && !strings.Contains(string(out), "9210") {
				t.Errorf("ogrinfo %s does not see EPSG:9210:\n%s", c.file, out)
			}
		}
	}
	missing := filepath.Join(dir, "no", "such", "folder", "a.geojson")
	if _, err := ExportKind(ctx, s, Export{Kind: gis.Lamp, Path: missing}); err == nil {
		t.Error("an export into a missing folder succeeded")
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
