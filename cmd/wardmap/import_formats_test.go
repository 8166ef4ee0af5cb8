package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/data/formats/shapefile"
	"wardmap/data/formats/vnenc"
	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
)

// TestExportImportRoundTrip: what `wardmap export` writes as GeoPackage
// and KML, `wardmap import features` reads back with every attribute and
// every coordinate as it was (points, lines and polygons).
func TestExportImportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	trees := treesWithSurvey(t, dir)
	for _, kind := range []gis.Kind{gis.Tree, gis.Street, gis.TDP} {
		src, want := demoDB(t), demoRecords(t, kind)
		if kind == gis.Tree {
			src, want = trees, records(t, trees, gis.Tree)
		}
		if len(want) == 0 {
			t.Fatalf("no demo %s", kind)
		}
		for _, ext := range []string{"gpkg", "kml", "shp"} {
			t.Run(string(kind)+"-"+ext, func(t *testing.T) {
				out := filepath.Join(dir, string(kind)+"."+ext)
				var extra []string
				if ext == "shp" {
					// The GeoPackage export made a Shapefile by ogr2ogr, as
					// a technician would: names cut to 10 characters, so
					// a mapping names them.
					if _, err := exec.LookPath("ogr2ogr"); err != nil {
						t.Skip("ogr2ogr (gdal-bin) is not installed")
					}
					gp := filepath.Join(t.TempDir(), string(kind)+".gpkg")
					if _, errOut, code := wardmap(t, "export", gp, "--db", src, "--kind", string(kind)); code != 0 {
						t.Fatalf("export: %s", errOut)
					}
					extra = []string{"--map", shapefileMapping(t, kind)}
					// ogr2ogr's default .dbf encoding is ISO-8859-1 (LDID
					// 87, no .cpg): Vietnamese letters it lacks become "?",
					// the rest read as garbled Windows-1258. Refused, not
					// stored.
					lossy := filepath.Join(t.TempDir(), string(kind)+".shp")
					if b, err := exec.Command("ogr2ogr", "-f", "ESRI Shapefile", lossy, gp).CombinedOutput(); err != nil {
						t.Fatalf("ogr2ogr: %v\n%s", err, b)
					}
					db := filepath.Join(t.TempDir(), "ward.gpkg")
					if _, errOut, code := wardmap(t, "init", "--db", db); code != 0 {
						t.Fatal(errOut)
					}
					_, errOut, code := wardmap(t, append([]string{"import", "features", lossy, "--db", db, "--kind", string(kind)}, extra...)...)
					if code == 0 || !strings.Contains(errOut, "as LDID 0x57 says") || len(records(t, db, kind)) != 0 {
						t.Errorf("ogr2ogr's ISO-8859-1 .dbf: exit %d, %d stored\n%s", code, len(records(t, db, kind)), errOut)
					}
					// Written as QGIS does, in UTF-8 with a .cpg: lossless.
					if b, err := exec.Command("ogr2ogr", "-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", out, gp).CombinedOutput(); err != nil {
						t.Fatalf("ogr2ogr: %v\n%s", err, b)
					}
				} else if _, errOut, code := wardmap(t, "export", out, "--db", src, "--kind", string(kind)); code != 0 {
					t.Fatalf("export: %s", errOut)
				}
				db := filepath.Join(t.TempDir(), "ward.gpkg")
				if _, errOut, code := wardmap(t, "init", "--db", db); code != 0 {
					t.Fatal(errOut)
				}
				_, errOut, code := wardmap(t, append([]string{"import", "features", out, "--db", db, "--kind", string(kind), "--strict"}, extra...)...)
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
				surveyed := 0
				for _, g := range got {
					if g.Attrs["street_side"] != nil && g.Attrs["tree_number"] != nil && g.Attrs["surveyed_on"] != nil {
						surveyed++
					}
				}
				if kind == gis.Tree && surveyed < len(want)/2 {
					t.Errorf("%d trees back with survey date, side and number", surveyed)
				}
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

// records reads the live records of a kind from the database at db,
// ordered by geometry (imports of one file in two formats compare).
func records(t *testing.T, db string, kind gis.Kind) []*gis.Feature {
	t.Helper()
	fs := liveRecords(t, db, kind)
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

// TestImportShapefileEncodingCLI: a TCVN3 Shapefile whose .cpg wrongly
// says Windows-1258 is refused by the command, naming the field, the
// record and the --encoding that reads it; with that flag it imports.
func TestImportShapefileEncodingCLI(t *testing.T) {
	if _, err := exec.LookPath("ogr2ogr"); err != nil {
		t.Skip("ogr2ogr (gdal-bin) is not installed")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "p.geojson")
	os.WriteFile(src, []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"n":1},"geometry":{"type":"Point","coordinates":[106.68,20.86]}}]}`), 0o644)
	shp := filepath.Join(dir, "cay.shp")
	if out, err := exec.Command("ogr2ogr", "-f", "ESRI Shapefile", shp, src).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var buf bytes.Buffer
	if err := shapefile.WriteDBF(&buf, []shapefile.Field{{Name: "LOAI", Type: 'C', Length: 30}}, [][]string{{"Bằng lăng nước"}}, vnenc.TCVN3, 0); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "cay.dbf"), buf.Bytes(), 0o644)
	os.WriteFile(filepath.Join(dir, "cay.cpg"), []byte("1258"), 0o644)
	mp := filepath.Join(dir, "map.json")
	os.WriteFile(mp, []byte(`{"kind": "tree", "fields": {"species_vi": "LOAI"}}`), 0o644)
	db := filepath.Join(dir, "ward.gpkg")
	if _, errOut, code := wardmap(t, "init", "--db", db); code != 0 {
		t.Fatal(errOut)
	}
	_, errOut, code := wardmap(t, "import", "features", shp, "--db", db, "--kind", "tree", "--map", mp)
	if code == 0 || !strings.Contains(errOut, "field LOAI, record 1") || !strings.Contains(errOut, "--encoding tcvn3") {
		t.Fatalf("wrong .cpg: exit %d\n%s", code, errOut)
	}
	if got := records(t, db, gis.Tree); len(got) != 0 {
		t.Fatalf("%d trees stored from garbled text", len(got))
	}
	_, errOut, code = wardmap(t, "import", "features", shp, "--db", db, "--kind", "tree", "--map", mp, "--encoding", "tcvn3")
	if code != 0 {
		t.Fatalf("--encoding tcvn3: %s", errOut)
	}
	if got := records(t, db, gis.Tree); len(got) != 1 || got[0].Attrs["species_vi"] != "Bằng lăng nước" {
		t.Fatalf("%v", got)
	}
}

// treesWithSurvey is a ward of demo trees that also have the fields the
// schema gained for imports (survey date, side of street, tree number),
// so that the round trip carries them too.
func treesWithSurvey(t *testing.T, dir string) string {
	t.Helper()
	fs := demoRecords(t, gis.Tree)
	sc := gis.MustLookup(gis.Tree)
	sides := []string{"front", "side", "median", "left", "right"}
	for i, f := range fs {
		f.ID = ""
		if i%3 == 0 {
			continue // some trees without them
		}
		fd, _ := sc.Field("surveyed_on")
		d, err := fd.Parse(fmt.Sprintf("2024-%02d-%02d", i%12+1, i%28+1))
		if err != nil {
			t.Fatal(err)
		}
		f.Attrs["surveyed_on"] = d
		f.Attrs["street_side"] = sides[i%len(sides)]
		f.Attrs["tree_number"] = int64(i%4 + 1)
	}
	db := filepath.Join(dir, "trees.gpkg")
	if _, errOut, code := wardmap(t, "init", "--db", db); code != 0 {
		t.Fatal(errOut)
	}
	s, err := gpkg.Open(context.Background(), db, gpkg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Load(context.Background(), fs, gpkg.LoadOptions{User: "test"}); err != nil {
		t.Fatal(err)
	}
	return db
}

// shapefileMapping maps each field of kind from its name cut to the 10
// characters a .dbf field name holds (what ogr2ogr writes).
func shapefileMapping(t *testing.T, kind gis.Kind) string {
	t.Helper()
	fields := map[string]string{}
	for _, fd := range gis.MustLookup(kind).Fields {
		if fd.Computed {
			continue
		}
		n := fd.Name
		if len(n) > 10 {
			n = n[:10]
		}
		fields[fd.Name] = n
	}
	b, _ := json.Marshal(map[string]any{"kind": kind, "fields": fields})
	p := filepath.Join(t.TempDir(), "map.json")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
