package main

import (
	"context"
	"fmt"
	"image"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wardmap/data/laptop/ward"
	"wardmap/gis"
	"wardmap/gis/gistest"
)

// TestWindowKeepsItsSizeUnderXvfb runs the real binary at 1024×700 and
// 1600×1000 on the demo ward, in Vietnamese: the window must keep its
// size after Ctrl+1…Ctrl+4 open every side tab and after a search (it
// grew 700→746 px on the indicators tab and 800→843 px after a search).
// Screenshots of the first view (with its legend), of each tab and of the
// search results stay in testout/window for a person to look at.
func TestWindowKeepsItsSizeUnderXvfb(t *testing.T) {
	needX(t)
	for _, sz := range [][2]int{{1024, 700}, {1600, 1000}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			d := &xDesktop{Display: startXvfbScreen(t, "1920x1200x24"), Home: t.TempDir()}
			d.Preferences(t, fmt.Sprintf(`{"window.width": %d, "window.height": %d, "lang": "vi"}`, sz[0], sz[1]))
			d.Start(t, "--db", demoToday(t))
			win := waitForWindow(t, d.Display, "wardmap")
			out := gistest.OutDir(t, "window")
			name := func(s string) string { return filepath.Join(out, fmt.Sprintf("%dx%d-%s.png", sz[0], sz[1], s)) }
			// the first view: wait for the map to draw and settle
			var img image.Image
			for i := 0; i < 40; i++ {
				time.Sleep(500 * time.Millisecond)
				img = shot(t, d.Display, win, name("first-view"))
				if mapPixels(img) > 0.008 {
					break
				}
			}
			if mapPixels(img) < 0.008 {
				t.Fatalf("the map did not draw; screenshot %s; log:\n%s", name("first-view"), d.Log())
			}
			time.Sleep(time.Second)
			img = shot(t, d.Display, win, name("first-view"))
			want := geometry(t, d.Display, win)
			// focus the window with a click on the status bar's empty right
			// end: a click on the map would select what lies there and
			// open its form over the legend's screenshot
			xdo(t, d.Display, "mousemove", "--window", win, fmt.Sprint(sz[0]-12), fmt.Sprint(sz[1]-10))
			xdo(t, d.Display, "click", "--window", win, "1")
			xdo(t, d.Display, "key", "--window", win, "ctrl+l")
			time.Sleep(time.Second)
			shot(t, d.Display, win, name("legend"))
			xdo(t, d.Display, "key", "--window", win, "ctrl+l")
			if b := img.Bounds(); b.Dx() != sz[0] || b.Dy() != sz[1] || want != [2]int{sz[0], sz[1]} {
				t.Errorf("the window opened at %v (screenshot %dx%d), want %dx%d", want, b.Dx(), b.Dy(), sz[0], sz[1])
			}
			// each tab's blue underline, in the side panel's tab bar: at
			// 1024 px the 4th tab hid behind a "…" menu
			underline := map[string]image.Rectangle{}
			for _, k := range []string{"4", "2", "3", "1"} {
				xdo(t, d.Display, "key", "--window", win, "ctrl+"+k)
				time.Sleep(1500 * time.Millisecond)
				img := shot(t, d.Display, win, name("tab"+k))
				if got := geometry(t, d.Display, win); got != want {
					t.Errorf("after Ctrl+%s the window is %v, was %v; screenshot %s", k, got, want, name("tab"+k))
				}
				underline[k] = widestRun(img, image.Rect(0, 105, sz[0]/3, 165), saveBlue, 30)
			}
			for i, k := range []string{"1", "2", "3", "4"} {
				u := underline[k]
				if u.Empty() || i > 0 && u.Min.X <= underline[fmt.Sprint(i)].Min.X {
					t.Errorf("tab %s is not in the bar after tab %d (underlines %v); screenshots in %s", k, i, underline, out)
				}
			}
			// the tip that names the tab right of the 3rd (the 4th, an
			// icon alone at 1024 px)
			xdo(t, d.Display, "key", "--window", win, "ctrl+3")
			time.Sleep(500 * time.Millisecond)
			u := underline["3"]
			// from the map: one jump of the pointer from the status bar
			// where it clicked brought no hover to Fyne
			xdo(t, d.Display, "mousemove", "--window", win, fmt.Sprint(sz[0]/2), fmt.Sprint(sz[1]/2))
			time.Sleep(300 * time.Millisecond)
			before := shot(t, d.Display, win, name("tab-tip"))
			xdo(t, d.Display, "mousemove", "--window", win, fmt.Sprint(u.Max.X+18), fmt.Sprint(u.Min.Y-18))
			time.Sleep(800 * time.Millisecond)
			under := image.Rect(0, u.Max.Y+2, sz[0]/3, u.Max.Y+40)
			if got := differ(before, shot(t, d.Display, win, name("tab-tip")), under); got < 0.02 {
				t.Errorf("no tip under the 4th tab (%.1f%% of the band changed); screenshot %s", got*100, name("tab-tip"))
			}
			xdo(t, d.Display, "key", "--window", win, "ctrl+f")
			time.Sleep(300 * time.Millisecond)
			xdo(t, d.Display, "type", "--window", win, "--delay", "40", "tran thanh ngo")
			time.Sleep(2500 * time.Millisecond)
			shot(t, d.Display, win, name("search"))
			if got := geometry(t, d.Display, win); got != want {
				t.Errorf("after a search the window is %v, was %v; screenshot %s", got, want, name("search"))
			}
			t.Logf("window %v kept; screenshots in %s", want, out)
		})
	}
}

// demoToday makes the demo ward as `wardmap init --demo` does on the day
// the test runs: the window reads the clock, so its plan, inbox and
// indicator tabs show what a person making the demo today would see.
func demoToday(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "demo.gpkg")
	if _, err := ward.CreateDemo(context.Background(), db, ward.Demo{Today: gis.LocalDate(time.Now())}); err != nil {
		t.Fatal(err)
	}
	return db
}

// geometry is the window's size as X reports it.
func geometry(t *testing.T, display, win string) [2]int {
	t.Helper()
	var w, h int
	for _, l := range strings.Split(xdo(t, display, "getwindowgeometry", win), "\n") {
		if l = strings.TrimSpace(l); strings.HasPrefix(l, "Geometry:") {
			fmt.Sscanf(strings.TrimPrefix(l, "Geometry:"), "%dx%d", &w, &h)
		}
	}
	return [2]int{w, h}
}

// TestWindowFitsTheScreenUnderXvfb opens the window on a screen with no
// window manager to fit it. On 1024×700, with no remembered size (the
// first size was 1200×680, its right edge off-screen) and with a size
// remembered from a 1600×1000 monitor, it must open within the screen.
// On 1600×1000 the first start takes most of the screen, not a 1200×680
// island, while a remembered size is kept as it was.
func TestWindowFitsTheScreenUnderXvfb(t *testing.T) {
	needX(t)
	for i, c := range []struct {
		screen, prefs string
		min, max      [2]int
	}{
		{"1024x700x24", `{"lang": "vi"}`, [2]int{1000, 600}, [2]int{1024, 700}},
		{"1024x700x24", `{"window.width": 1600, "window.height": 1000, "lang": "vi"}`, [2]int{1000, 600}, [2]int{1024, 700}},
		{"1600x1000x24", `{"lang": "vi"}`, [2]int{1400, 820}, [2]int{1600, 1000}},
		{"1600x1000x24", `{"window.width": 1100, "window.height": 650, "lang": "vi"}`, [2]int{1100, 650}, [2]int{1100, 650}},
	} {
		d := &xDesktop{Display: startXvfbScreen(t, c.screen), Home: t.TempDir()}
		d.Preferences(t, c.prefs)
		d.Start(t, "--db", copyDemo(t))
		win := waitForWindow(t, d.Display, "wardmap")
		time.Sleep(2 * time.Second)
		out := gistest.OutDir(t, "window")
		shot(t, d.Display, win, filepath.Join(out, fmt.Sprintf("fit-%d.png", i)))
		if got := geometry(t, d.Display, win); got[0] < c.min[0] || got[1] < c.min[1] || got[0] > c.max[0] || got[1] > c.max[1] {
			t.Errorf("screen %s, prefs %s: the window is %v, want between %v and %v; screenshot fit-%d.png in %s",
				c.screen, c.prefs, got, c.min, c.max, i, out)
		}
	}
}
