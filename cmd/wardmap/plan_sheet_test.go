package main

import (
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"wardmap/data/formats/printout"
	"wardmap/gis/gistest"
)

// The demo ward planned for two inspectors: each gets a route sheet beside
// its GPX, with as many pages as its stops need, its name, its stop count
// and the demo label in the text, streets as sections ("X, từ Y đến Z"),
// and a map with the route drawn. The
// first page is kept as PNG in testout/routesheet for a person to look at.
func TestRoutePlanSheets(t *testing.T) {
	for _, tool := range []string{"pdfinfo", "pdftotext", "pdftoppm"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("WARDMAP_REFEREES_OPTIONAL") != "" {
				t.Skipf("%s not installed", tool)
			}
			t.Fatalf("%s is required (apt-get install poppler-utils)", tool)
		}
	}
	s, dir := runPlan(t, "--db", demoDB(t), "--date", "2026-12-07", "--inspectors", "2", "--time-limit", "300ms")
	if len(s.Routes) != 2 {
		t.Fatalf("%d routes", len(s.Routes))
	}
	keep := gistest.OutDir(t, "routesheet")
	for _, r := range s.Routes {
		pdf := filepath.Join(dir, strings.TrimSuffix(r.File, ".gpx")+".pdf")
		info, err := exec.Command("pdfinfo", pdf).CombinedOutput()
		if err != nil {
			t.Fatalf("pdfinfo %s: %v\n%s", pdf, err, info)
		}
		m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(info)
		pages, _ := strconv.Atoi(string(m[1]))
		if want := printout.SheetPages(r.Targets); pages != want || r.Targets == 0 {
			t.Errorf("%s: %d stops on %d pages, want %d", pdf, r.Targets, pages, want)
		}
		if !regexp.MustCompile(`(?m)^Page size:\s+595\.\d* x 841\.\d*`).Match(info) {
			t.Errorf("%s is not A4 portrait:\n%s", pdf, info)
		}
		txt, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := string(txt)
		for _, want := range []string{fmt.Sprintf("CÁN BỘ %d", r.Inspector), fmt.Sprintf("Cán bộ %d – 07/12/2026", r.Inspector),
			fmt.Sprintf("%d điểm (stops)", r.Targets), "DEMO DATA", ", từ ", r.Visits[0].Code, r.Visits[len(r.Visits)-1].Code} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: no %q in the text", pdf, want)
			}
		}
		// Every stop's number is in the table: the last one too.
		if !regexp.MustCompile(fmt.Sprintf(`(?m)^\s*%d\s+\d\d:\d\d`, r.Targets)).MatchString(text) {
			t.Errorf("%s: no row numbered %d", pdf, r.Targets)
		}
		prefix := filepath.Join(keep, fmt.Sprintf("inspector-%d", r.Inspector))
		if out, err := exec.Command("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf, prefix).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v\n%s", err, out)
		}
		checkRouteDrawn(t, prefix+".png")
	}
}

// checkRouteDrawn asserts the map shows the route: enough pixels of the
// route's blue in the map's part of the page.
func checkRouteDrawn(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	blue := 0
	for y := b.Min.Y; y < b.Min.Y+b.Dy()/2; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if bl>>8 > 150 && r>>8 < 120 && g>>8 < 150 {
				blue++
			}
		}
	}
	if blue < 100 {
		t.Errorf("%s: %d pixels of the route's blue on the map", path, blue)
	}
}
