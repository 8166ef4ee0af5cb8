package main

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"wardmap/app"
	"wardmap/gis/gistest"
	"wardmap/gis/indicator"
)

// TestDashboardUnderXvfb starts the real binary on the demo ward with the
// indicators tab remembered from a previous session (as a ward leader's
// preferences keep it), checks in a screenshot that the rows drew with
// their status colours, clicks the first missed indicator's row and checks
// that the map changed (its TDPs coloured by that indicator). The
// screenshots stay in testout/smoke for a person to look at.
func TestDashboardUnderXvfb(t *testing.T) {
	needX(t)
	d := newXDesktop(t)
	d.Preferences(t, fmt.Sprintf(`{"side.tab": %d}`, app.TabIndicators))
	d.Start(t, "--db", copyDemo(t)) // its own copy: the window writes (its caches, an edit), and other tests share demoDB
	display := d.Display
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf(format+"\nlog:\n%s", append(args, d.Log())...)
	}
	rgba := func(c color.NRGBA) color.RGBA { return color.RGBA{c.R, c.G, c.B, 255} }
	win := waitForWindow(t, display, "wardmap")
	out := gistest.OutDir(t, "smoke")
	first := filepath.Join(out, "dashboard.png")
	var img image.Image
	var left image.Rectangle
	counts := map[indicator.Status]int{}
	statuses := 0
	for i := 0; i < 40 && (statuses < 2 || mapPixels(img) < 0.008); i++ {
		time.Sleep(500 * time.Millisecond)
		img = shot(t, display, win, first)
		b := img.Bounds()
		left = image.Rect(b.Min.X, b.Min.Y, b.Min.X+b.Dx()*2/5, b.Max.Y)
		statuses = 0
		for _, s := range []indicator.Status{indicator.OnTrack, indicator.AtRisk, indicator.Missed, indicator.NoData} {
			counts[s] = countColour(img, left, rgba(app.StatusColour(s)), 4)
			if counts[s] >= 150 {
				statuses++
			}
		}
	}
	if statuses < 2 {
		fail("the dashboard's rows did not draw: status swatch pixels %v; screenshot %s", counts, first)
	}
	// the map's first frames may still be coming: the baseline is a
	// frame that no longer changes
	for i := 0; i < 20; i++ {
		time.Sleep(500 * time.Millisecond)
		next := shot(t, display, win, first)
		b := next.Bounds()
		if differ(img, next, image.Rect(b.Min.X+b.Dx()*2/5, b.Min.Y, b.Max.X, b.Max.Y)) < 0.002 {
			break
		}
		img = next
	}
	// Click the first row with a missed (else at-risk, else on-track)
	// swatch: its TDPs colour the map.
	var sw image.Rectangle
	for _, s := range []indicator.Status{indicator.Missed, indicator.AtRisk, indicator.OnTrack} {
		if counts[s] >= 150 {
			// the swatches: the left edge of the panel (the sparklines
			// further right share the colours)
			sw = firstBlob(img, image.Rect(left.Min.X, left.Min.Y, left.Min.X+30, left.Max.Y), rgba(app.StatusColour(s)))
			break
		}
	}
	x, y := sw.Max.X+80, (sw.Min.Y+sw.Max.Y)/2
	after := filepath.Join(out, "dashboard-selected.png")
	b := img.Bounds()
	mapArea := image.Rect(b.Min.X+b.Dx()*2/5, b.Min.Y+b.Dy()/8, b.Min.X+b.Dx()*7/10, b.Max.Y-b.Dy()/8)
	changed := 0.0
	for try := 0; try < 3 && changed < 0.05; try++ {
		xdo(t, display, "mousemove", "--window", win, fmt.Sprint(x), fmt.Sprint(y))
		xdo(t, display, "click", "--window", win, "1")
		for i := 0; i < 20 && changed < 0.05; i++ {
			time.Sleep(500 * time.Millisecond)
			changed = differ(img, shot(t, display, win, after), mapArea)
		}
	}
	if changed < 0.05 {
		fail("clicking the row at %d,%d left the map as it was (%.1f%% of it changed); screenshots %s, %s", x, y, changed*100, first, after)
	}
	t.Logf("status swatches %v; clicked %d,%d; %.0f%% of the map changed; screenshots %s, %s", counts, x, y, changed*100, first, after)
}

// shot takes a screenshot as screenshot does, again when the file read
// back is not a whole PNG (the window redrawing while import reads it).
func shot(t *testing.T, display, win, path string) image.Image {
	t.Helper()
	var err error
	for i := 0; i < 5; i++ {
		cmd := exec.Command("import", "-window", win, path)
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("import: %v %s", err, b)
		}
		var f *os.File
		if f, err = os.Open(path); err != nil {
			t.Fatal(err)
		}
		var img image.Image
		img, err = png.Decode(f)
		f.Close()
		if err == nil {
			return img
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("screenshot %s: %v", path, err)
	return nil
}

// firstBlob is the bounding box of the topmost run of pixels of colour c
// in r (a status swatch).
func firstBlob(img image.Image, r image.Rectangle, c color.RGBA) image.Rectangle {
	var box image.Rectangle
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := false
		for x := r.Min.X; x < r.Max.X; x++ {
			if near(img.At(x, y), c, 4) {
				box = box.Union(image.Rect(x, y, x+1, y+1))
				row = true
			}
		}
		if !row && !box.Empty() {
			return box
		}
	}
	return box
}

// differ is the share of sampled pixels of r that differ between a and b.
func differ(a, b image.Image, r image.Rectangle) float64 {
	n, d := 0, 0
	for y := r.Min.Y; y < r.Max.Y; y += 3 {
		for x := r.Min.X; x < r.Max.X; x += 3 {
			n++
			ar, ag, ab, _ := a.At(x, y).RGBA()
			br, bg, bb, _ := b.At(x, y).RGBA()
			if abs(int(ar>>8)-int(br>>8))+abs(int(ag>>8)-int(bg>>8))+abs(int(ab>>8)-int(bb>>8)) > 30 {
				d++
			}
		}
	}
	if n == 0 {
		return 0
	}
	return float64(d) / float64(n)
}
