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
	mp := filepath.Join(gistest.RepoRoot(t), "data", "inventory", "testdata", "la", "agoura-hills.json")
	count := func() string {
		out, errOut, code := wardmap(t, "stats", "--db", db)
		if code != 0 {
			t.Fatal(errOut)
		}
		return out
	}
	before := count()

	_, errOut, code := wardmap(t, "import", "features", src, "--db", db, "--kind", "tree", "--map", mp, "--dry-run")
	if code != 0 || !strings.Contains(errOut, "dry run, would import) 4261 tree") {
		t.Fatalf("dry run: %d\n%s", code, errOut)
	}
	if count() != before {
		t.Error("the dry run wrote")
	}

	report := filepath.Join(dir, "rejected.csv")
	_, errOut, code = wardmap(t, "import", "features", src, "--db", db, "--kind", "tree", "--map", mp, "--report", report)
	if code != 0 || !strings.Contains(errOut, "(imported) 4261 tree") || !strings.Contains(errOut, "loại (rejected) 857") {
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
	if err != nil || len(rows) != 858 || strings.Join(rows[0], ",") != "record,line,reason,message" {
		t.Fatalf("report: %v, %d rows, header %v", err, len(rows), rows[0])
	}
	after := count()
	if after == before || !strings.Contains(after, "4261") {
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
