package main

import (
	"fmt"
	"image"
	"image/color"
	"path/filepath"
	"testing"
	"time"

	"wardmap/app"
	"wardmap/gis/gistest"
	"wardmap/gis/indicator"
)

// demoHotspot is the demo ward's one hotspot (three wrong-parking cases at
// Số 1146 Lê Quốc Uy: `wardmap violations --hotspots`).
const demoHotspot = "106.642253,20.811941"

// TestInboxAndDashboardUnderXvfb runs the real binary at the two window
// sizes people use (1024×700, 1600×1000): the inbox with its hotspots on
// (as a previous session left them) and the map at the demo's hotspot,
// then the indicators tab with a missed indicator's groups coloured. The
// screenshots stay in testout/inbox for a person to look at; the test
// checks what a person would look for first: the hotspot's solid red dot
// on the map, and the map changing when an indicator is chosen.
func TestInboxAndDashboardUnderXvfb(t *testing.T) {
	needX(t)
	for _, sz := range [][2]int{{1024, 700}, {1600, 1000}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			d := &xDesktop{Display: startXvfbScreen(t, "1920x1200x24"), Home: t.TempDir()}
			d.Preferences(t, fmt.Sprintf(`{"window.width": %d, "window.height": %d, "lang": "vi", "side.tab": %d, "inbox.hotspots": true}`,
				sz[0], sz[1], app.TabInbox))
			d.Start(t, "--db", copyDemo(t), "--view", demoHotspot+",18")
			win := waitForWindow(t, d.Display, "wardmap")
			out := gistest.OutDir(t, "inbox")
			name := func(s string) string { return filepath.Join(out, fmt.Sprintf("%dx%d-%s.png", sz[0], sz[1], s)) }
			dot := color.RGBA{220, 20, 60, 255}
			var img image.Image
			for i := 0; i < 40 && (img == nil || countColour(img, img.Bounds(), dot, 6) < 20); i++ {
				time.Sleep(500 * time.Millisecond)
				img = shot(t, d.Display, win, name("inbox-hotspot"))
			}
			if n := countColour(img, img.Bounds(), dot, 6); n < 20 {
				t.Fatalf("no hotspot drawn at the demo's hotspot (%d red pixels); screenshot %s; log:\n%s", n, name("inbox-hotspot"), d.Log())
			}
			time.Sleep(time.Second) // the list and the map settle
			shot(t, d.Display, win, name("inbox-hotspot"))

			// The indicators (Ctrl+4): the ward's view, then a missed row.
			xdo(t, d.Display, "mousemove", "--window", win, fmt.Sprint(sz[0]/2), fmt.Sprint(sz[1]/2))
			xdo(t, d.Display, "click", "--window", win, "1") // focus
			xdo(t, d.Display, "key", "--window", win, "ctrl+4")
			xdo(t, d.Display, "key", "--window", win, "ctrl+h") // the whole ward
			missed := color.RGBA{app.StatusColour(indicator.Missed).R, app.StatusColour(indicator.Missed).G, app.StatusColour(indicator.Missed).B, 255}
			var left image.Rectangle
			for i := 0; i < 40; i++ {
				time.Sleep(500 * time.Millisecond)
				img = shot(t, d.Display, win, name("dashboard"))
				b := img.Bounds()
				left = image.Rect(b.Min.X, b.Min.Y, b.Min.X+30, b.Max.Y)
				if countColour(img, left, missed, 4) >= 100 {
					break
				}
			}
			sw := firstBlob(img, left, missed)
			if sw.Empty() {
				t.Fatalf("no missed row in the dashboard; screenshot %s; log:\n%s", name("dashboard"), d.Log())
			}
			time.Sleep(time.Second)
			img = shot(t, d.Display, win, name("dashboard"))
			b := img.Bounds()
			mapArea := image.Rect(b.Min.X+b.Dx()*2/5, b.Min.Y+b.Dy()/8, b.Min.X+b.Dx()*7/10, b.Max.Y-b.Dy()/8)
			changed := 0.0
			for try := 0; try < 3 && changed < 0.05; try++ {
				xdo(t, d.Display, "mousemove", "--window", win, fmt.Sprint(sw.Max.X+80), fmt.Sprint((sw.Min.Y+sw.Max.Y)/2))
				xdo(t, d.Display, "click", "--window", win, "1")
				for i := 0; i < 20 && changed < 0.05; i++ {
					time.Sleep(500 * time.Millisecond)
					changed = differ(img, shot(t, d.Display, win, name("dashboard-choropleth")), mapArea)
				}
			}
			if changed < 0.05 {
				t.Fatalf("choosing a missed indicator left the map as it was (%.1f%% changed); screenshots in %s", changed*100, out)
			}
			time.Sleep(time.Second)
			shot(t, d.Display, win, name("dashboard-choropleth"))
			t.Logf("screenshots in %s", out)
		})
	}
}
