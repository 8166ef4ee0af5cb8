package inventory

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"reflect"
	"testing"

	"wardmap/gis/gistest"
)

// sameTable fails unless the splitter's table is readGeoJSON's.
func sameTable(t *testing.T, fast, slow *table) {
	t.Helper()
	if !reflect.DeepEqual(fast.cols, slow.cols) || fast.crs != slow.crs || !reflect.DeepEqual(fast.warnings, slow.warnings) || len(fast.recs) != len(slow.recs) {
		t.Fatalf("splitter: %d columns %q, crs %q, %d records, warnings %q; readGeoJSON: %d columns %q, crs %q, %d records, warnings %q",
			len(fast.cols), fast.cols, fast.crs, len(fast.recs), fast.warnings, len(slow.cols), slow.cols, slow.crs, len(slow.recs), slow.warnings)
	}
	for i := range fast.recs {
		a, b := fast.recs[i], slow.recs[i]
		// Values past the last one set are "" either way (record.val).
		if a.n != b.n || a.bad != b.bad || a.badGeom != b.badGeom || !reflect.DeepEqual(a.geom, b.geom) || !sameVals(a.vals, b.vals) {
			t.Fatalf("record %d: splitter %+v, readGeoJSON %+v", i+1, a, b)
		}
	}
}

func sameVals(a, b []string) bool {
	for i := range max(len(a), len(b)) {
		var x, y string
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			return false
		}
	}
	return true
}

// FuzzSplitFeatures: on any bytes the splitter gives up, or gives the
// table (or the error) readGeoJSON gives.
func FuzzSplitFeatures(f *testing.F) {
	f.Add([]byte(`{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4269"}}, "features": [{"type": "Feature", "properties": {"a": 1, "b": " x\"}", "geom": null}, "geometry": {"type": "Point", "coordinates": [-118.3, 33.8]}}]}`))
	f.Add([]byte(`{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": [], "geometry": {"type": "Polygon", "coordinates": [[[1, 2], [3]]]}}, {"type": "Feature", "geometry": {"type": "MultiPoint", "coordinates": [[1, 2]]}}]}`))
	f.Add([]byte(`{"type": "FeatureCollection", "features": []}` + "\n"))
	f.Add([]byte(`{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"a\\u0041": "\\"]}"}, "geometry": null}, 3]}`))
	f.Add([]byte(`{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"a": 1, "a": null}, "geometry": null} ] , "name": "x"}`))
	f.Add([]byte(`{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"a": 1}, "geometry": null}]}x`))
	f.Add([]byte("\ufeff{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Fea"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fast, ferr := readGeoJSONFast(bufio.NewReader(bytes.NewReader(data)))
		if errors.Is(ferr, errIrregular) {
			return
		}
		slow, serr := readGeoJSON(bytes.NewReader(data))
		if ferr != nil || serr != nil {
			if ferr == nil || serr == nil || ferr.Error() != serr.Error() {
				t.Fatalf("splitter: %v; readGeoJSON: %v", ferr, serr)
			}
			return
		}
		sameTable(t, fast, slow)
	})
}

// TestSplitFeaturesLA: the eight LA inventories, as GDAL wrote them, are
// read by the splitter (none is irregular) into the tables readGeoJSON
// makes.
func TestSplitFeaturesLA(t *testing.T) {
	for _, c := range []string{"agoura-hills", "artesia", "downey", "duarte", "el-segundo", "glendora", "lomita", "malibu"} {
		t.Run(c, func(t *testing.T) {
			path := gistest.SharedData(t, "assets", "la-street-trees", c+".geojson")
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			fast, err := readGeoJSONFast(bufio.NewReader(f))
			if err != nil {
				t.Fatalf("splitter: %v", err)
			}
			g, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer g.Close()
			slow, err := readGeoJSON(bufio.NewReader(g))
			if err != nil {
				t.Fatal(err)
			}
			if len(slow.recs) < 1000 {
				t.Fatalf("%d records", len(slow.recs))
			}
			sameTable(t, fast, slow)
		})
	}
}
