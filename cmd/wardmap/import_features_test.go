package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wardmap/gis/gistest"
)

// TestImportFeaturesCLI runs `wardmap import features` as a script would:
// a dry run that writes nothing, the import with a report of every rejected
// row, a re-run that adds nothing, and the command-line mistakes.
func TestImportFeaturesCLI(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ward.gpkg")
	if _, errOut, code := wardmap(t, "init", "--db", db); code != 0 {
		t.Fatal(errOut)
	}
	src := gistest.SharedData(t, "assets", "la-street-trees", "agoura-hills.geojson")
	mp := filepath.Join(gistest.RepoRoot(t), "data", "laptop", "inventory", "testdata", "la", "agoura-hills.json")
	count := func() string {
		out, errOut, code := wardmap(t, "stats", "--db", db)
		if code != 0 {
			t.Fatal(errOut)
		}
		return out
	}
	before := count()

	_, errOut, code := wardmap(t, "import", "features", src, "--db", db, "--kind", "tree", "--map", mp, "--dry-run")
	if code != 0 || !strings.Contains(errOut, "dry run, would import) 4279 tree") ||
		!strings.Contains(errOut, "the first records as they would be stored):\n  1. code=5782173 species_vi=COAST LIVE OAK species_sci=Quercus agrifolia height_m=2.44 trunk_diameter_cm=7.62 address=27400 AGOURA RD (-118.7247592, 34.1362239)") {
		t.Fatalf("dry run: %d\n%s", code, errOut)
	}
	if count() != before {
		t.Error("the dry run wrote")
	}

	report := filepath.Join(dir, "rejected.csv")
	_, errOut, code = wardmap(t, "import", "features", src, "--db", db, "--kind", "tree", "--map", mp, "--rejects", report)
	if code != 0 || !strings.Contains(errOut, "(imported) 4279 tree") || !strings.Contains(errOut, "loại (rejected) 839") {
		t.Fatalf("import: %d\n%s", code, errOut)
	}
	if !strings.Contains(errOut, "[zero] tọa độ (0, 0)") || !strings.Contains(errOut, "zero 27, 22 không liệt kê ở trên (not listed above)") {
		t.Errorf("stderr does not list the rejected rows:\n%s", errOut)
	}
	f, err := os.Open(report)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) != 840 || strings.Join(rows[0], ",") != "record,line,source_id,x,y,reason,message" {
		t.Fatalf("report: %v, %d rows, header %v", err, len(rows), rows[0])
	}
	// A row at (0, 0) is found in the file by its own id and coordinates.
	for _, r := range rows[1:] {
		if r[5] == "zero" {
			if r[2] == "" || r[3] != "0" || r[4] != "0" || !strings.Contains(errOut, "bản ghi (record) "+r[0]+", id "+r[2]+": [zero]") {
				t.Errorf("report row %q; stderr:\n%s", r, errOut)
			}
			break
		}
	}
	after := count()
	if after == before || !strings.Contains(after, "4279") {
		t.Errorf("stats after the import:\n%s", after)
	}

	_, errOut, code = wardmap(t, "import", "features", src, "--db", db, "--kind", "tree", "--map", mp)
	if code != 0 || !strings.Contains(errOut, "(imported) 0 tree") || !strings.Contains(errOut, "duplicate 4279") {
		t.Errorf("re-run: %d\n%s", code, errOut)
	}
	if count() != after {
		t.Error("the re-run changed the database")
	}

	for _, c := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no file", []string{"--db", db, "--kind", "tree"}, 2, "exactly one source file"},
		{"no kind", []string{src, "--db", db}, 2, "--kind"},
		{"missing file", []string{"/nonexistent.geojson", "--db", db, "--kind", "tree"}, 1, "cannot open the source file"},
		{"missing mapping", []string{src, "--db", db, "--kind", "tree", "--map", "/nonexistent.json"}, 1, "cannot open the mapping"},
		{"mapping for lamps", []string{src, "--db", db, "--kind", "lamp", "--map", mp}, 1, `mapping is for kind "tree", importing "lamp"`},
		{"bad extent", []string{src, "--db", db, "--kind", "tree", "--extent", "1,2,3"}, 2, "4 comma-separated numbers"},
		{"extent reversed", []string{src, "--db", db, "--kind", "tree", "--extent", "106.7,20.9,106.6,20.8"}, 2, "--extent cần minlon,minlat,maxlon,maxlat (min before max)"},
		{"unknown crs", []string{src, "--db", db, "--kind", "tree", "--map", mp, "--crs", "EPSG:3031"}, 1, "unsupported CRS"},
		{"strict", []string{src, "--db", db, "--kind", "tree", "--map", mp, "--strict"}, 1, "nothing imported"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, errOut, code := wardmap(t, append([]string{"import", "features"}, c.args...)...)
			if code != c.code || !strings.Contains(errOut, c.want) {
				t.Errorf("exit %d, want %d; stderr:\n%s\nwant %q", code, c.code, errOut, c.want)
			}
		})
	}
	if count() != after {
		t.Error("a failed command changed the database")
	}
}

// TestImportFeaturesAutoMapping: without --map the command prints the
// mapping it used, refuses to guess a unit (naming the field), and
// --save-map writes a file that, edited, imports with --map.
func TestImportFeaturesAutoMapping(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ward.gpkg")
	if _, errOut, code := wardmap(t, "init", "--db", db); code != 0 {
		t.Fatal(errOut)
	}
	src := filepath.Join(dir, "trees.csv")
	if err := os.WriteFile(src, []byte("lon,lat,species_vi,height\n106.7,10.78,Sao,15-30\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	saved := filepath.Join(dir, "auto.json")
	_, errOut, code := wardmap(t, "import", "features", src, "--db", db, "--kind", "tree", "--save-map", saved)
	if code != 1 || !strings.Contains(errOut, `height_m ← "height" (m)`) || !strings.Contains(errOut, "automatic mapping written to) "+saved) {
		t.Fatalf("exit %d:\n%s", code, errOut)
	}
	b, err := os.ReadFile(saved)
	if err != nil || !strings.Contains(string(b), `"height_m": "height"`) {
		t.Fatalf("%v %s", err, b)
	}
	edited := strings.Replace(string(b), `"height_m": "height"`, `"height_m": {"from": "height", "unit": "ft"}`, 1)
	if err := os.WriteFile(saved, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, code = wardmap(t, "import", "features", src, "--db", db, "--kind", "tree", "--map", saved, "--dry-run")
	if code != 0 || !strings.Contains(errOut, "1. species_vi=Sao height_m=6.86 (106.7000000, 10.7800000)") {
		t.Errorf("exit %d:\n%s", code, errOut)
	}
	// Without --save-map the mapping is printed.
	_, errOut, _ = wardmap(t, "import", "features", src, "--db", db, "--kind", "tree")
	if !strings.Contains(errOut, "automatic mapping; save it") || !strings.Contains(errOut, `"x": "lon"`) {
		t.Errorf("mapping not printed:\n%s", errOut)
	}
}

// TestImportFeaturesNothingImported: an import that reads rows and keeps
// none fails (exit 1) after its summary and --rejects say why, so that a
// script does not carry on as if the trees were in; so does a file
// without rows. Glendora's file read by its own geometry puts every tree
// on one placeholder point.
func TestImportFeaturesNothingImported(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ward.gpkg")
	if _, errOut, code := wardmap(t, "init", "--db", db); code != 0 {
		t.Fatal(errOut)
	}
	stats := func() string {
		out, errOut, code := wardmap(t, "stats", "--db", db)
		if code != 0 {
			t.Fatal(errOut)
		}
		return out
	}
	before := stats()
	src := gistest.SharedData(t, "assets", "la-street-trees", "glendora.geojson")
	maps := filepath.Join(gistest.RepoRoot(t), "data", "laptop", "inventory", "testdata", "la")
	rejects := filepath.Join(dir, "rejected.csv")
	_, errOut, code := wardmap(t, "import", "features", src, "--db", db, "--kind", "tree", "--map", filepath.Join(maps, "glendora.json"), "--rejects", rejects)
	if code != 1 || !strings.Contains(errOut, "loại (rejected) 12656: skipped 46, 41 không liệt kê ở trên (not listed above); stacked 12610, 12605 không liệt kê ở trên (not listed above)\n") ||
		!strings.Contains(errOut, "wardmap: không nhập được bản ghi nào: cả 12656 bản ghi đọc được đều bị loại (nothing was imported: all 12656 records read were rejected): stacked 12610, skipped 46; mọi dòng bị loại ở (every rejected row is in) "+rejects+"\n") {
		t.Fatalf("exit %d:\n%s", code, errOut)
	}
	b, err := os.ReadFile(rejects)
	if err != nil || strings.Count(string(b), "\n") != 12657 {
		t.Fatalf("--rejects: %v, %d lines", err, strings.Count(string(b), "\n"))
	}
	// Without --rejects the message says how to get them.
	if _, errOut, code = wardmap(t, "import", "features", src, "--db", db, "--kind", "tree", "--map", filepath.Join(maps, "glendora.json")); code != 1 || !strings.Contains(errOut, "(write every rejected row with --rejects FILE.csv)") {
		t.Errorf("exit %d:\n%s", code, errOut)
	}
	// A dry run reports; it is not an import that failed.
	if _, errOut, code = wardmap(t, "import", "features", src, "--db", db, "--kind", "tree", "--map", filepath.Join(maps, "glendora.json"), "--dry-run"); code != 0 || !strings.Contains(errOut, "would import) 0 tree") {
		t.Errorf("dry run: exit %d:\n%s", code, errOut)
	}
	if stats() != before {
		t.Error("a failed import changed the database")
	}
	// The fallback mapping places them by their lon/lat columns.
	if _, errOut, code = wardmap(t, "import", "features", src, "--db", db, "--kind", "tree", "--map", filepath.Join(maps, "glendora-fallback.json")); code != 0 || !strings.Contains(errOut, "(imported) 12") {
		t.Errorf("fallback: exit %d:\n%s", code, errOut)
	}
	empty := filepath.Join(dir, "empty.geojson")
	if err := os.WriteFile(empty, []byte(`{"type": "FeatureCollection", "features": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code = wardmap(t, "import", "features", empty, "--db", db, "--kind", "tree"); code != 1 || !strings.Contains(errOut, "wardmap: "+empty+": tệp không có bản ghi nào, không nhập gì (the file holds no records; nothing was imported)") {
		t.Errorf("empty file: exit %d:\n%s", code, errOut)
	}
}
