package printout_test

import (
	"bytes"
	"context"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"wardmap/data/formats/printout"
	"wardmap/gis"
	"wardmap/gis/demo"
	"wardmap/gis/gistest"
	"wardmap/gis/indicator"
	"wardmap/gis/inspect"
	"wardmap/gis/render"
	"wardmap/gis/tile"
)

// demoReport is the demo ward's report for 2026-Q4 as of 25 Nov 2026.
func demoReport(tb testing.TB, withMap bool) *printout.Bulletin {
	tb.Helper()
	w := demo.Generate()
	cat := indicator.Catalogue(indicator.Defaults())
	today := gis.Date{Year: 2026, Month: 11, Day: 25}
	in := &indicator.Input{Today: today, Features: w.Features, Cycles: inspect.Defaults(), Params: indicator.DefaultParams()}
	p := indicator.MustPeriod("2026-Q4")
	r := &printout.Bulletin{Ward: w.Name, Period: p, Catalogue: cat, Created: time.Date(2026, 11, 25, 9, 0, 0, 0, gis.VietnamTime),
		Board: indicator.Compute(cat, in, p, indicator.Options{PerTDP: true})}
	r.Trend = indicator.Trend(cat, in, indicator.Quarters(p, today), indicator.Options{})
	if withMap {
		var fs []*gis.Feature
		for _, f := range w.Features {
			if f.Kind == gis.TDP || f.Kind == gis.Street {
				fs = append(fs, f)
			}
			if d, ok := f.Date("found_on"); ok && p.Contains(d) && !today.Before(d) {
				fs = append(fs, f)
				r.ViolationKinds = append(r.ViolationKinds, f.Text("kind"))
			}
		}
		img := image.NewRGBA(image.Rect(0, 0, 900, 750))
		rd := render.New(render.NewSliceSource(fs))
		rd.ClusterBelow = 1
		if _, err := rd.Render(context.Background(), img, tile.FitBound(w.Bounds, 900, 750), render.DefaultLayers()); err != nil {
			tb.Fatal(err)
		}
		r.Map = img
	}
	return r
}

func referee(t *testing.T, name string) bool {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("WARDMAP_REFEREES_OPTIONAL") != "" {
			t.Skipf("%s missing (WARDMAP_REFEREES_OPTIONAL set)", name)
		}
		t.Fatalf("%s is required (poppler-utils): run `make test`, which installs it", name)
	}
	return true
}

// The workbook read back cell by cell by excelize: headings in Vietnamese,
// every indicator on the summary with its value as a number, each group's
// sheet with the features behind its numbers.
func TestXLSX(t *testing.T) {
	r := demoReport(t, false)
	var buf bytes.Buffer
	if err := printout.WriteXLSX(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(gistest.OutDir(t, "report"), "report-2026-Q4.xlsx")
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{printout.SummarySheet}
	for _, g := range indicator.Groups {
		want = append(want, printout.GroupSheet(g))
	}
	want = append(want, printout.TDPSheet)
	if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	get := func(sheet string, col, row int, raw bool) string {
		name, _ := excelize.CoordinatesToCellName(col, row)
		v, err := f.GetCellValue(sheet, name, excelize.Options{RawCellValue: raw})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for i, h := range printout.Header {
		if got := get(printout.SummarySheet, i+1, printout.HeaderRow, false); got != h {
			t.Errorf("header %d = %q, want %q", i+1, got, h)
		}
	}
	if got := get(printout.SummarySheet, 3, printout.HeaderRow, false); got != "Chỉ tiêu" {
		t.Errorf("Vietnamese header %q", got)
	}
	for i, res := range r.Board.Ward {
		row := printout.HeaderRow + 1 + i
		if got := get(printout.SummarySheet, 1, row, false); got != res.Code {
			t.Fatalf("row %d code %q, want %s", row, got, res.Code)
		}
		if got := get(printout.SummarySheet, 3, row, false); got != res.Name.VI {
			t.Errorf("row %d name %q", row, got)
		}
		raw := get(printout.SummarySheet, 6, row, true)
		if res.Value == nil {
			if raw != "" {
				t.Errorf("%s: no value but cell %q", res.Code, raw)
			}
			continue
		}
		name, _ := excelize.CoordinatesToCellName(6, row)
		if typ, _ := f.GetCellType(printout.SummarySheet, name); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
			t.Errorf("%s: value stored as text", res.Code)
		}
		x, err := strconv.ParseFloat(raw, 64)
		if err != nil || !gistest.Near(x, *res.Value, 1e-9) {
			t.Errorf("%s: cell %q, want %v", res.Code, raw, *res.Value)
		}
		if got := get(printout.SummarySheet, 10, row, false); got != res.Status.Label().VI {
			t.Errorf("%s: status %q", res.Code, got)
		}
	}
	// The urban-order sheet lists every unlit main segment under TT-04.
	sheet := printout.GroupSheet(indicator.UrbanOrder)
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var lit indicator.Result
	for _, res := range r.Board.Ward {
		if res.Code == indicator.OrdLit {
			lit = res
		}
	}
	n := 0
	for _, row := range rows {
		if len(row) > 3 && row[0] == indicator.OrdLit && row[1] == "street" {
			n++
		}
	}
	if n != len(lit.Items) || n == 0 {
		t.Fatalf("%d TT-04 detail rows, want %d", n, len(lit.Items))
	}
	// A second reader, when installed: LibreOffice converts the summary.
	if _, err := exec.LookPath("soffice"); err == nil {
		dir := t.TempDir()
		cmd := exec.Command("soffice", "--headless", "--convert-to", "csv", "--outdir", dir, out)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice: %v %s", err, b)
		}
		csv, err := os.ReadFile(filepath.Join(dir, "report-2026-Q4.csv"))
		if err != nil || !strings.Contains(string(csv), "Tỷ lệ tuyến phố chính được kiểm tra định kỳ") {
			t.Fatalf("LibreOffice's CSV lacks the indicator: %v", err)
		}
	}
}

// The PDF rendered by poppler: pages kept in testout/report for a person to
// look at, and the Vietnamese text extracted as written.
func TestPDF(t *testing.T) {
	referee(t, "pdftoppm")
	referee(t, "pdftotext")
	referee(t, "pdffonts")
	r := demoReport(t, true)
	var buf bytes.Buffer
	if err := printout.WritePDF(&buf, r); err != nil {
		t.Fatal(err)
	}
	dir := gistest.OutDir(t, "report")
	pdf := filepath.Join(dir, "report-2026-Q4.pdf")
	if err := os.WriteFile(pdf, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	old, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
	for _, f := range old {
		os.Remove(f)
	}
	if b, err := exec.Command("pdftoppm", "-r", "80", "-png", pdf, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, b)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
	// Cover, charts, map, and a page per group at least.
	if len(pages) < 3+len(indicator.Groups) {
		t.Fatalf("%d pages rendered, want at least %d", len(pages), 3+len(indicator.Groups))
	}
	txt, err := exec.Command("pdftotext", "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(txt)
	for _, s := range []string{
		"UBND PHƯỜNG KIẾN AN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập – Tự do – Hạnh phúc",
		"Kính gửi: Phòng Kinh tế, Hạ tầng và Đô thị", "Quý IV năm 2026",
		"Tỷ lệ tuyến phố chính được kiểm tra định kỳ", "Số cây xanh trồng mới", "Tỷ lệ hộ gia đình đạt",
		"Bản đồ vi phạm trong kỳ", "Diễn biến theo quý", "Nhóm chỉ tiêu: Chuyển đổi số",
		"Có nguy cơ chậm", "Trang 1/",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("pdftotext lacks %q", s)
		}
	}
	if strings.Contains(text, "{nb}") {
		t.Error("page count alias left unreplaced")
	}
	fonts, err := exec.Command("pdffonts", pdf).Output()
	if err != nil {
		t.Fatal(err)
	}
	// Every font is embedded (pdffonts' emb column), and it is DejaVu.
	lines := strings.Split(strings.TrimSpace(string(fonts)), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no font:\n%s", fonts)
	}
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		if len(f) < 6 || !strings.Contains(strings.ToLower(f[0]), "dejavu") || f[len(f)-5] != "yes" {
			t.Errorf("font not embedded DejaVu: %q", l)
		}
	}
	t.Logf("PDF %d bytes, %d pages in %s", buf.Len(), len(pages), dir)
}

// BenchmarkPDF: the demo ward's PDF report (map rendering excluded),
// with its size.
func BenchmarkPDF(b *testing.B) {
	r := demoReport(b, true)
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := printout.WritePDF(&buf, r); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size), "bytes")
}

// BenchmarkXLSX: the demo ward's workbook.
func BenchmarkXLSX(b *testing.B) {
	r := demoReport(b, false)
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := printout.WriteXLSX(&buf, r); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size), "bytes")
}
