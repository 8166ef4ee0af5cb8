package inventory_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wardmap/data/laptop/inventory"
	"wardmap/gis"
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
