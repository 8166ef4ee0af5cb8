package geojson_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/data/formats/geojson"
	"wardmap/gis"
	"wardmap/gis/gistest"
)

// A ward's boundary file reads as its area; a missing file and one
// without an area are errors naming the file, with the codes a caller
// maps (not found, invalid).
func TestReadBoundaryFile(t *testing.T) {
	g, err := geojson.ReadBoundaryFile(gistest.SharedData(t, "boundaries", "KienAn.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	// Kiến An (Hải Phòng) lies around 106.6 E, 20.8 N.
	if c := g.Bound().Center(); !g.Bound().Contains(c) || c[0] < 106.5 || c[0] > 106.7 || c[1] < 20.7 || c[1] > 20.9 {
		t.Errorf("Kiến An's boundary centred at %v", c)
	}
	if _, ok := g.(orb.Polygon); !ok {
		if _, ok := g.(orb.MultiPolygon); !ok {
			t.Errorf("boundary is a %T", g)
		}
	}
	missing := filepath.Join(t.TempDir(), "none.geojson")
	if _, err := geojson.ReadBoundaryFile(missing); gis.ErrorCode(err) != gis.ENOTFOUND || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing file: %v", err)
	}
	point := filepath.Join(t.TempDir(), "point.geojson")
	if err := os.WriteFile(point, []byte(`{"type":"Point","coordinates":[1,2]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := geojson.ReadBoundaryFile(point); gis.ErrorCode(err) != gis.EINVALID || !strings.Contains(err.Error(), "ranh giới "+point+": ") {
		t.Errorf("a point: %v", err)
	}
}
