package inventory_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wardmap/data/laptop/inventory"
	"wardmap/gis"
	"wardmap/gis/gistest"
)

// writeCSV writes a tree CSV of the rows under a lon,lat,code header.
func writeCSV(t *testing.T, rows ...string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "trees.csv")
	if err := os.WriteFile(p, []byte("lon,lat,code\n"+strings.Join(rows, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// The summary lists five rows of each reason, names each by record, line
// and the file's own id, counts the rest per reason, and in a dry run
// shows the first records as they would be stored.
func TestWriteSummary(t *testing.T) {
	rows := []string{"106.70001,10.78001,T-1\n"}
	for i := 2; i <= 8; i++ {
		rows = append(rows, fmt.Sprintf("0,0,T-%d\n", i))
	}
	src := writeCSV(t, rows...)
	res, err := inventory.Import(t.Context(), nil, src, inventory.Options{Kind: gis.Tree, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	res.WriteSummary(&b)
	out := b.String()
	for _, want := range []string{
		"the first records as they would be stored):\n  1. code=T-1 (106.7000100, 10.7800100)\n",
		src + ": bản ghi (record) 2, dòng (line) 3, id T-2: [zero] ",
		src + ": bản ghi (record) 6, dòng (line) 7, id T-6: [zero] ",
		"Chạy thử, sẽ nhập (dry run, would import) 1 tree từ (from) " + src + " (csv, EPSG:4326); đọc (read) 8, loại (rejected) 7: zero 7, 2 không liệt kê ở trên (not listed above)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "id T-7:") {
		t.Errorf("more than %d rows of a reason listed:\n%s", inventory.ShownPerReason, out)
	}
}

// An import that leaves none of the file's records in the database is an
// error: every row rejected, or no row at all. A dry run, an import of
// something, and a re-import whose rows are all stored already are not.
func TestNothingImported(t *testing.T) {
	st := openDB(t)
	imp := func(src string, dry bool) *inventory.Result {
		t.Helper()
		res, err := inventory.Import(t.Context(), st, src, inventory.Options{Kind: gis.Tree, DryRun: dry})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	allZero := writeCSV(t, "0,0,A\n", "0,0,B\n", ",,C\n")
	err := imp(allZero, false).NothingImported("")
	if err == nil || gis.ErrorCode(err) != gis.EINVALID || !strings.Contains(err.Error(), "nothing was imported: all 3 records read were rejected): zero 2, no_position 1; ") ||
		!strings.Contains(err.Error(), "--rejects FILE.csv") {
		t.Errorf("every row rejected: %v", err)
	}
	if err := imp(allZero, false).NothingImported("out/rejects.csv"); err == nil || !strings.Contains(err.Error(), "(every rejected row is in) out/rejects.csv") {
		t.Errorf("with --rejects: %v", err)
	}
	if err := imp(allZero, true).NothingImported(""); err != nil {
		t.Errorf("a dry run is not an import: %v", err)
	}
	good := writeCSV(t, "106.7,10.78,A\n", "0,0,B\n")
	if err := imp(good, false).NothingImported(""); err != nil {
		t.Errorf("one of two imported: %v", err)
	}
	if res := imp(good, false); res.Imported != 0 {
		t.Fatalf("re-import added %d", res.Imported)
	} else if err := res.NothingImported(""); err != nil {
		t.Errorf("a re-import of stored records: %v", err)
	}
	for _, dry := range []bool{false, true} {
		if err := imp(writeCSV(t), dry).NothingImported(""); err == nil || !strings.Contains(err.Error(), "the file holds no records") {
			t.Errorf("a header without rows (dry run %v): %v", dry, err)
		}
	}
	// Glendora's file read by its own geometry: every tree on one
	// placeholder point, the stumps skipped.
	src := gistest.SharedData(t, "assets", "la-street-trees", "glendora.geojson")
	res := mustImport(t, st, src, filepath.Join("testdata", "la", "glendora.json"), gis.Tree, nil)
	if err := res.NothingImported(""); err == nil || !strings.Contains(err.Error(), "all 12656 records read were rejected): stacked 12610, skipped 46;") {
		t.Errorf("Glendora: %v", err)
	}
}
