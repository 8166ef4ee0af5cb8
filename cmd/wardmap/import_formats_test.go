package main

import (
	"context"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/data/gpkg"
	"wardmap/gis"
)

// TestExportImportRoundTrip: what `wardmap export` writes as GeoPackage
// and KML, `wardmap import features` reads back with every attribute and
// every coordinate as it was (points, lines and polygons).
func TestExportImportRoundTrip(t *testing.T) {
	src := demoDB(t)
	dir := t.TempDir()
	for _, kind := range []gis.Kind{gis.Tree, gis.Street, gis.TDP} {
		want := demoRecords(t, kind)
		if len(want) == 0 {
			t.Fatalf("no demo %s", kind)
		}
		for _, ext := range []string{"gpkg", "kml"} {
			t.Run(string(kind)+"-"+ext, func(t *testing.T) {
				out := filepath.Join(dir, string(kind)+"."+ext)
				if _, errOut, code := wardmap(t, "export", out, "--db", src, "--kind", string(kind)); code != 0 {
					t.Fatalf("export: %s", errOut)
				}
				db := filepath.Join(t.TempDir(), "ward.gpkg")
				if _, errOut, code := wardmap(t, "init", "--db", db); code != 0 {
					t.Fatal(errOut)
				}
				_, errOut, code := wardmap(t, "import", "features", out, "--db", db, "--kind", string(kind), "--strict")
				if code != 0 {
					t.Fatalf("import: %s", errOut)
				}
				got := records(t, db, kind)
				if len(got) != len(want) {
					t.Fatalf("%d records back, want %d\n%s", len(got), len(want), errOut)
				}
				byKey := func(fs []*gis.Feature) map[string]*gis.Feature {
					m := map[string]*gis.Feature{}
					for _, f := range fs {
						m[geomKey(f.Geom)+"|"+f.Title("vi")] = f
					}
					return m
				}
				t.Logf("%d %s back from %s; first: %v %v", len(got), kind, ext, want[0].Geom.GeoJSONType(), want[0].Attrs)
				gm := byKey(got)
				for _, w := range want {
					g, ok := gm[geomKey(w.Geom)+"|"+w.Title("vi")]
					if !ok {
						t.Errorf("%s %s (%v) not found back", kind, w.ID, w.Geom)
						continue
					}
					if !reflect.DeepEqual(g.Attrs, w.Attrs) {
						t.Errorf("%s %s attributes:\n got %v\nwant %v", kind, w.ID, g.Attrs, w.Attrs)
					}
					if !orb.Equal(g.Geom, w.Geom) {
						t.Errorf("%s %s geometry:\n got %v\nwant %v", kind, w.ID, g.Geom, w.Geom)
					}
				}
			})
		}
	}
}

func records(t *testing.T, db string, kind gis.Kind) []*gis.Feature {
	t.Helper()
	s, err := gpkg.Open(context.Background(), db, gpkg.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	res, err := s.Find(context.Background(), gpkg.Query{Kind: kind})
	if err != nil {
		t.Fatal(err)
	}
	fs := make([]*gis.Feature, len(res))
	for i, r := range res {
		fs[i] = r.Feature
	}
	sort.Slice(fs, func(i, j int) bool { return geomKey(fs[i].Geom) < geomKey(fs[j].Geom) })
	return fs
}

func geomKey(g orb.Geometry) string {
	b := g.Bound()
	return fmtPoint(b.Min) + fmtPoint(b.Max)
}

func fmtPoint(p orb.Point) string {
	return strconv.FormatFloat(p[0], 'g', -1, 64) + "," + strconv.FormatFloat(p[1], 'g', -1, 64) + ";"
}
