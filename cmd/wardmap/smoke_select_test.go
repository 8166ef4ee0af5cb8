package main

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
	"wardmap/gis/gistest"
	"wardmap/gis/render"
	"wardmap/gis/tile"
)

// TestSelectLampUnderXvfb starts the real binary on the demo ward with the
// view centred on a known lamp (--view), finds the map in a screenshot,
// clicks its middle with xdotool and checks that the lamp's form opened:
// the window title names the lamp, the selection ring is drawn around the
// click and the form's Save button appears in the right-hand panel.
// Screenshots stay in testout/smoke.
func TestSelectLampUnderXvfb(t *testing.T) {
	needX(t)
	db := demoDB(t)
	ctx := context.Background()
	lamp := firstLamp(t, ctx, db)
	at := lamp.Geom.(orb.Point)
	const zoom = 19.0
	bg := dominantColours(t, ctx, db, tile.View{Center: at, Zoom: zoom, Width: 500, Height: 500})

	d := newXDesktop(t)
	d.Start(t, "--db", db, "--view", fmt.Sprintf("%.7f,%.7f,%g", at[0], at[1], zoom))
	display := d.Display
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf(format+"\nlog:\n%s", append(args, d.Log())...)
	}

	win := waitForWindow(t, display, "wardmap")
	out := gistest.OutDir(t, "smoke")
	before := filepath.Join(out, "lamp-before.png")
	var mapRect image.Rectangle
	for i := 0; i < 30; i++ {
		time.Sleep(500 * time.Millisecond)
		img := screenshot(t, display, win, before)
		mapRect = colourBox(img, bg)
		if mapRect.Dx() > 300 && mapRect.Dy() > 300 {
			break
		}
	}
	if mapRect.Dx() <= 300 || mapRect.Dy() <= 300 {
		fail("the map did not draw: its colours cover %v; screenshot %s", mapRect, before)
	}
	cx, cy := (mapRect.Min.X+mapRect.Max.X)/2, (mapRect.Min.Y+mapRect.Max.Y)/2
	xdo(t, display, "mousemove", "--window", win, fmt.Sprint(cx), fmt.Sprint(cy))
	xdo(t, display, "click", "--window", win, "1")

	after := filepath.Join(out, "lamp-selected.png")
	code := lamp.Text("pole_code")
	var title string
	for i := 0; i < 20; i++ {
		time.Sleep(300 * time.Millisecond)
		title = strings.TrimSpace(xdo(t, display, "getwindowname", win))
		if strings.Contains(title, code) {
			break
		}
	}
	if !strings.Contains(title, code) {
		fail("after clicking the lamp at %d,%d the window title is %q, want it to name %s; screenshots %s, %s", cx, cy, title, code, before, after)
	}
	// The title changes first; the map's next frame (the selection ring
	// (0,170,255) around the lamp, in the middle of the map, which may have
	// narrowed for the form) and the form follow when the machine gets to
	// them: look again until both show, for up to 20 s on a loaded machine.
	dark := color.RGBA{30, 30, 30, 255}
	var ring, textBefore, textAfter int
	var mx, my int
	for i := 0; i < 40; i++ {
		img := screenshot(t, display, win, after)
		mapAfter := colourBox(img, bg)
		mx, my = (mapAfter.Min.X+mapAfter.Max.X)/2, (mapAfter.Min.Y+mapAfter.Max.Y)/2
		ring = countColour(img, image.Rect(mx-20, my-20, mx+20, my+20), color.RGBA{0, 170, 255, 255}, 40)
		// the form: the right-hand panel filled with field labels and values
		right := image.Rect(mapAfter.Max.X+10, mapAfter.Min.Y, img.Bounds().Max.X, mapAfter.Max.Y)
		textBefore = countColour(readPNG(t, before), right, dark, 60)
		textAfter = countColour(img, right, dark, 60)
		if ring >= 20 && textAfter >= 3*textBefore && textAfter >= 1000 {
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	if ring < 20 {
		fail("no selection ring around the lamp (%d pixels near %d,%d); screenshot %s", ring, mx, my, after)
	}
	if textAfter < 3*textBefore || textAfter < 1000 {
		fail("no form in the right panel (%d text pixels, %d before); screenshot %s", textAfter, textBefore, after)
	}
	t.Logf("clicked %s at %d,%d; title %q; screenshots %s, %s", code, cx, cy, title, before, after)
}

func firstLamp(t *testing.T, ctx context.Context, db string) *gis.Feature {
	t.Helper()
	s, err := gpkg.Open(ctx, db, gpkg.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rs, err := s.Find(ctx, gpkg.Query{Kind: gis.Lamp, Search: "KA-L-0001", Limit: 1})
	if err != nil || len(rs) != 1 {
		t.Fatalf("demo lamp KA-L-0001: %v %v", rs, err)
	}
	return rs[0].Feature
}

// dominantColours renders v in-process and returns its two commonest
// colours: the ground and the residential group's tint, which only the map
// shows.
func dominantColours(t *testing.T, ctx context.Context, db string, v tile.View) []color.RGBA {
	t.Helper()
	s, err := gpkg.Open(ctx, db, gpkg.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	img := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
	if _, err := render.New(s).Render(ctx, img, v, render.DefaultLayers()); err != nil {
		t.Fatal(err)
	}
	n := map[color.RGBA]int{}
	for y := 0; y < v.Height; y++ {
		for x := 0; x < v.Width; x++ {
			n[img.RGBAAt(x, y)]++
		}
	}
	cs := make([]color.RGBA, 0, len(n))
	for c := range n {
		cs = append(cs, c)
	}
	sort.Slice(cs, func(i, j int) bool { return n[cs[i]] > n[cs[j]] })
	if len(cs) > 2 {
		cs = cs[:2]
	}
	return cs
}

// colourBox is the bounding box of the pixels within 3 levels of one of cs.
func colourBox(img image.Image, cs []color.RGBA) image.Rectangle {
	var r image.Rectangle
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			for _, c := range cs {
				if near(img.At(x, y), c, 3) {
					r = r.Union(image.Rect(x, y, x+1, y+1))
					break
				}
			}
		}
	}
	return r
}

func countColour(img image.Image, r image.Rectangle, c color.RGBA, tol int) int {
	n := 0
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if near(img.At(x, y), c, tol) {
				n++
			}
		}
	}
	return n
}

func near(a color.Color, c color.RGBA, tol int) bool {
	r, g, b, _ := a.RGBA()
	d := func(x uint32, y uint8) bool { return abs(int(x>>8)-int(y)) <= tol }
	return d(r, c.R) && d(g, c.G) && d(b, c.B)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func screenshot(t *testing.T, display, win, path string) image.Image {
	t.Helper()
	cmd := exec.Command("import", "-window", win, path)
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("import: %v %s", err, b)
	}
	return readPNG(t, path)
}

func xdo(t *testing.T, display string, args ...string) string {
	t.Helper()
	cmd := exec.Command("xdotool", args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("xdotool %v: %v %s", args, err, b)
	}
	return string(b)
}
