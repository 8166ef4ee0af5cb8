package inventory

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

// FuzzReadXLSX feeds the sheet reader damaged workbooks: it must return
// a table or an error, never panic, and every record must have the
// header's width.
func FuzzReadXLSX(f *testing.F) {
	x := excelize.NewFile()
	x.SetSheetRow("Sheet1", "A1", &[]any{"lon", "lat", "code", "planted_on", "ok"})
	x.SetSheetRow("Sheet1", "A2", &[]any{106.68, 20.86, "T-1", 44259, true})
	st, _ := x.NewStyle(&excelize.Style{NumFmt: 14})
	x.SetCellStyle("Sheet1", "D2", "D2", st)
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(dir, "f.xlsx")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		tb, err := readXLSX(path, SourceOptions{})
		if err != nil {
			return
		}
		for _, r := range tb.recs {
			if r.bad == "" && len(r.vals) != len(tb.cols) {
				t.Fatalf("record %d has %d values for %d columns", r.n, len(r.vals), len(tb.cols))
			}
		}
	})
}

func TestXLSXCellTypes(t *testing.T) {
	x := excelize.NewFile()
	x.SetSheetRow("Sheet1", "A1", &[]any{"n", "d", "dt", "b", "s", "shown"})
	x.SetSheetRow("Sheet1", "A2", &[]any{12.345678901234, 44259, 44259.5, true, "007", 12.5})
	d, _ := x.NewStyle(&excelize.Style{NumFmt: 14})
	custom := "yyyy\\-mm\\-dd hh:mm"
	dt, _ := x.NewStyle(&excelize.Style{CustomNumFmt: &custom})
	round, _ := x.NewStyle(&excelize.Style{NumFmt: 1}) // "0": shows 13
	x.SetCellStyle("Sheet1", "B2", "B2", d)
	x.SetCellStyle("Sheet1", "C2", "C2", dt)
	x.SetCellStyle("Sheet1", "F2", "F2", round)
	path := filepath.Join(t.TempDir(), "t.xlsx")
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	tb, err := readXLSX(path, SourceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"12.345678901234", "2021-03-04", "2021-03-04T12:00:00", "true", "007", "12.5"}
	for i, w := range want {
		if got := tb.recs[0].vals[i]; got != w {
			t.Errorf("%s: %q, want %q", tb.cols[i], got, w)
		}
	}
}
