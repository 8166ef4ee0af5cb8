package main

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/gis/gistest"
	"wardmap/gis/tile"
)

// TestEditPanelUnderXvfb runs the real binary at 1024x700 and 1600x1000:
// a click on a lamp opens its form with the action bar (Save's blue)
// inside the window; a change typed in the form and a click elsewhere on
// the map bring up the unsaved-changes guard, and the selection stays.
// Screenshots of both stay in testout/form for a person to look at.
func TestEditPanelUnderXvfb(t *testing.T) {
	needX(t)
	db := copyDemo(t)
	ctx := context.Background()
	lamp := firstLamp(t, ctx, db)
	at := lamp.Geom.(orb.Point)
	const zoom = 19.0
	bg := dominantColours(t, ctx, db, tile.View{Center: at, Zoom: zoom, Width: 500, Height: 500})
	out := gistest.OutDir(t, "form")
	for _, size := range []image.Point{{1024, 700}, {1600, 1000}} {
		t.Run(fmt.Sprintf("%dx%d", size.X, size.Y), func(t *testing.T) {
			d := &xDesktop{Display: startXvfbScreen(t, fmt.Sprintf("%dx%dx24", size.X+200, size.Y+200)), Home: t.TempDir()}
			d.Preferences(t, fmt.Sprintf(`{"window.width": %d, "window.height": %d, "user": "Nguyễn Văn An"}`, size.X, size.Y))
			d.Start(t, "--db", db, "--view", fmt.Sprintf("%.7f,%.7f,%g", at[0], at[1], zoom))
			fail := func(format string, args ...any) {
				t.Helper()
				t.Fatalf(format+"\nlog:\n%s", append(args, d.Log())...)
			}
			win := waitForWindow(t, d.Display, "wardmap")
			name := func(s string) string { return filepath.Join(out, fmt.Sprintf("%s-%dx%d.png", s, size.X, size.Y)) }
			var mapRect image.Rectangle
			for i := 0; i < 40; i++ {
				time.Sleep(500 * time.Millisecond)
				mapRect = colourBox(screenshot(t, d.Display, win, name("start")), bg)
				if mapRect.Dx() > 200 && mapRect.Dy() > 200 {
					break
				}
			}
			if mapRect.Dx() <= 200 || mapRect.Dy() <= 200 {
				fail("the map did not draw (%v); %s", mapRect, name("start"))
			}
			cx, cy := (mapRect.Min.X+mapRect.Max.X)/2, (mapRect.Min.Y+mapRect.Max.Y)/2
			xdo(t, d.Display, "mousemove", "--window", win, fmt.Sprint(cx), fmt.Sprint(cy))
			xdo(t, d.Display, "click", "--window", win, "1")
			code := lamp.Text("pole_code")
			title := waitTitle(t, d.Display, win, code)
			if !strings.Contains(title, code) {
				fail("clicking the lamp: title %q", title)
			}
			// the form with its action bar: Save's blue near the bottom of the
			// right-hand panel, inside the window
			form := name("form")
			var img image.Image
			var bar image.Rectangle
			for i := 0; i < 30; i++ {
				time.Sleep(400 * time.Millisecond)
				img = screenshot(t, d.Display, win, form)
				mapRect = colourBox(img, bg) // the map narrows for the form
				panel := image.Rect(mapRect.Max.X, mapRect.Min.Y, img.Bounds().Max.X, img.Bounds().Max.Y)
				bar = colourBoxIn(img, panel, saveBlue, 6)
				if bar.Dx() > 20 {
					break
				}
			}
			b := img.Bounds()
			if bar.Dx() <= 20 || bar.Max.Y > b.Max.Y-20 || bar.Min.Y < b.Max.Y/2 {
				fail("no Save button in the right-hand panel's bottom half (its blue at %v in %v); %s", bar, b, form)
			}
			// type into the form's first field (the pole code, under the
			// title and the field's name), then click elsewhere on the map
			fx, fy := bar.Min.X+40, mapRect.Min.Y+96
			xdo(t, d.Display, "mousemove", "--window", win, fmt.Sprint(fx), fmt.Sprint(fy))
			xdo(t, d.Display, "click", "--window", win, "1")
			time.Sleep(300 * time.Millisecond)
			xdo(t, d.Display, "type", "X9")
			time.Sleep(300 * time.Millisecond)
			xdo(t, d.Display, "mousemove", "--window", win, fmt.Sprint(mapRect.Min.X+40), fmt.Sprint(mapRect.Min.Y+60))
			xdo(t, d.Display, "click", "--window", win, "1")
			guard := name("guard")
			time.Sleep(1500 * time.Millisecond)
			screenshot(t, d.Display, win, guard)
			if title := strings.TrimSpace(xdo(t, d.Display, "getwindowname", win)); !strings.Contains(title, code) {
				fail("with a change typed, clicking elsewhere left the lamp: title %q; %s", title, guard)
			}
			t.Logf("screenshots %s, %s", form, guard)
		})
	}
}

// saveBlue is the high-importance button's colour of Fyne's light theme.
var saveBlue = color.RGBA{41, 111, 246, 255}

// waitTitle waits for the window title to contain want.
func waitTitle(t *testing.T, display, win, want string) string {
	var title string
	for i := 0; i < 30; i++ {
		time.Sleep(300 * time.Millisecond)
		title = strings.TrimSpace(xdo(t, display, "getwindowname", win))
		if strings.Contains(title, want) {
			break
		}
	}
	return title
}

// colourBoxIn is the bounding box of the pixels of r within tol of c.
func colourBoxIn(img image.Image, r image.Rectangle, c color.RGBA, tol int) image.Rectangle {
	var box image.Rectangle
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if near(img.At(x, y), c, tol) {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return box
}
