package printout_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/data/formats/printout"
	"wardmap/gis/gistest"
)

// Paging at its edges: the first page holds printout.SheetRowsFirst stops under the
// map, every other page printout.SheetRowsNext; pdfinfo counts what was printed and
// pdftotext finds the last stop on the last page.
func TestRouteSheetPaging(t *testing.T) {
	referee(t, "pdfinfo")
	referee(t, "pdftotext")
	referee(t, "pdftoppm")
	for _, n := range []int{0, 1, printout.SheetRowsFirst, printout.SheetRowsFirst + 1, printout.SheetRowsFirst + printout.SheetRowsNext, printout.SheetRowsFirst + printout.SheetRowsNext + 1, 120} {
		s := &printout.RouteSheet{Ward: "Phường Thử", Date: "07/12/2026", Inspector: "Cán bộ 3", Start: orb.Point{106.62, 20.80},
			Path: orb.LineString{{106.62, 20.80}, {106.63, 20.80}, {106.63, 20.81}}, LengthM: 2300, TimeS: 3900}
		for i := 0; i < n; i++ {
			s.Stops = append(s.Stops, printout.SheetStop{Kind: "Cây xanh", Code: fmt.Sprintf("CX-%03d", i+1), Title: "Số 12 Trần Nhân Tông",
				Where: "quá hạn 3 ngày", Point: orb.Point{106.62 + float64(i)*1e-4, 20.80}, Arrive: "08:15"})
		}
		var buf bytes.Buffer
		if err := printout.WriteRouteSheet(&buf, s); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "s.pdf")
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		info, err := exec.Command("pdfinfo", path).Output()
		if err != nil {
			t.Fatal(err)
		}
		want := printout.SheetPages(n)
		if !regexp.MustCompile(fmt.Sprintf(`(?m)^Pages:\s+%d$`, want)).Match(info) {
			t.Errorf("%d stops: want %d pages:\n%s", n, want, info)
		}
		last, err := exec.Command("pdftotext", "-f", fmt.Sprint(want), "-l", fmt.Sprint(want), path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		if n > 0 && !strings.Contains(string(last), fmt.Sprintf("CX-%03d", n)) {
			t.Errorf("%d stops: the last is not on page %d:\n%s", n, want, last)
		}
		// A three-digit stop number stays on its row (it wrapped as "10" over "0").
		if n >= 100 {
			laid, err := exec.Command("pdftotext", "-layout", "-f", fmt.Sprint(want), "-l", fmt.Sprint(want), path, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			if !regexp.MustCompile(fmt.Sprintf(`(?m)^\s*%d\s+08:15`, n)).Match(laid) {
				t.Errorf("%d stops: no row numbered %d:\n%s", n, n, laid)
			}
		}
		if !strings.Contains(string(last), "Cán bộ 3 – 07/12/2026") || (want == 1 && !strings.Contains(string(last), fmt.Sprintf("%d điểm", n))) {
			t.Errorf("%d stops: header or footer missing:\n%s", n, last)
		}
		if n == printout.SheetRowsFirst+printout.SheetRowsNext+1 {
			// Kept for a person: point records, a sheet of three pages.
			png := filepath.Join(gistest.OutDir(t, "routesheet"), "points")
			if out, err := exec.Command("pdftoppm", "-png", "-r", "60", path, png).CombinedOutput(); err != nil {
				t.Fatalf("pdftoppm: %v\n%s", err, out)
			}
		}
		if strings.Contains(string(last), "DEMO DATA") {
			t.Errorf("a real ward's sheet says DEMO DATA")
		}
	}
	// No route at all: one page, a map around the start, no error.
	var buf bytes.Buffer
	if err := printout.WriteRouteSheet(&buf, &printout.RouteSheet{Inspector: "Cán bộ 1", Start: orb.Point{106.62, 20.80}}); err != nil || buf.Len() == 0 {
		t.Errorf("empty sheet: %v", err)
	}
	if printout.SheetPages(printout.SheetRowsFirst) != 1 || printout.SheetPages(printout.SheetRowsFirst+1) != 2 || printout.SheetPages(printout.SheetRowsFirst+printout.SheetRowsNext+1) != 3 {
		t.Error("SheetPages edges")
	}
}

// BenchmarkRouteSheet writes a 60-stop sheet; compare with BenchmarkPDF
// (the indicator report) run alongside, not with a fixed time.
func BenchmarkRouteSheet(b *testing.B) {
	s := &printout.RouteSheet{Ward: "Phường Thử", Date: "07/12/2026", Inspector: "Cán bộ 1", Start: orb.Point{106.62, 20.80}}
	for i := 0; i < 60; i++ {
		p := orb.Point{106.62 + float64(i%10)*1e-3, 20.80 + float64(i/10)*1e-3}
		s.Path = append(s.Path, p)
		s.Stops = append(s.Stops, printout.SheetStop{Kind: "Cây xanh", Code: fmt.Sprintf("CX-%03d", i), Title: "Số 12 Trần Nhân Tông",
			Where: "quá hạn 3 ngày", Point: p, Arrive: "08:15"})
	}
	for b.Loop() {
		var buf bytes.Buffer
		if err := printout.WriteRouteSheet(&buf, s); err != nil {
			b.Fatal(err)
		}
	}
}
