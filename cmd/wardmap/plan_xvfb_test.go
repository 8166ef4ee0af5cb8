package main

import (
	"fmt"
	"image"
	"image/color"
	"path/filepath"
	"testing"
	"time"

	"wardmap/app"
	"wardmap/data/laptop/ward/wardtest"
	"wardmap/gis"
	"wardmap/gis/gistest"
)

// TestPlanTabUnderXvfb walks a planner's morning in the real window at
// 1024×700 and 1600×1000, on the demo ward: the Plan tab (remembered from
// the last session) with Lập lộ trình in view; the day typed as
// dd/mm/yyyy; two inspectors; Cán bộ 2's start put on the map (its
// numbered square appears); the plan (both routes drawn, no third);
// Cán bộ 2 alone from the legend (Cán bộ 1's route gone); the export's
// folder dialog. The screenshots stay in testout/plan for a person to look
// at. (What the export writes is checked with Fyne's test driver, in
// TestDesktopPlannerDemo and TestDesktopPlanOwnStarts.)
func TestPlanTabUnderXvfb(t *testing.T) {
	needX(t)
	db := copyDemo(t)
	out := gistest.OutDir(t, "plan")
	for _, size := range []image.Point{{1024, 700}, {1600, 1000}} {
		t.Run(fmt.Sprintf("%dx%d", size.X, size.Y), func(t *testing.T) {
			d := &xDesktop{Display: startXvfbScreen(t, fmt.Sprintf("%dx%dx24", size.X+200, size.Y+200)), Home: t.TempDir()}
			d.Preferences(t, fmt.Sprintf(`{"window.width": %d, "window.height": %d, "side.tab": %d, "user": "Nguyễn Văn An"}`, size.X, size.Y, app.TabPlanner))
			d.Start(t, "--db", db)
			x := &xPlan{t: t, d: d, win: waitForWindow(t, d.Display, "wardmap"), name: func(s string) string {
				return filepath.Join(out, fmt.Sprintf("%s-%dx%d.png", s, size.X, size.Y))
			}}
			x.walk()
		})
	}
}

// xPlan drives the Plan tab of a running window.
type xPlan struct {
	t       *testing.T
	d       *xDesktop
	win     string
	name    func(string) string
	img     image.Image
	plan    image.Rectangle // the Lập lộ trình button
	mapArea image.Rectangle
}

func (x *xPlan) fail(format string, args ...any) {
	x.t.Helper()
	x.t.Fatalf(format+"\nlog:\n%s", append(args, x.d.Log())...)
}

func (x *xPlan) shot(name string) image.Image {
	x.img = shot(x.t, x.d.Display, x.win, x.name(name))
	return x.img
}

func (x *xPlan) click(px, py int) {
	xdo(x.t, x.d.Display, "mousemove", "--window", x.win, fmt.Sprint(px), fmt.Sprint(py))
	xdo(x.t, x.d.Display, "click", "--window", x.win, "1")
}

func (x *xPlan) keys(keys ...string) {
	xdo(x.t, x.d.Display, append([]string{"key", "--window", x.win}, keys...)...)
}

// wheel scrolls the side panel's lower part down (n > 0) or up.
func (x *xPlan) wheel(n int) {
	button := "5"
	if n < 0 {
		button, n = "4", -n
	}
	xdo(x.t, x.d.Display, "mousemove", "--window", x.win, fmt.Sprint((x.plan.Min.X+x.plan.Max.X)/2), fmt.Sprint(x.plan.Min.Y-40))
	for i := 0; i < n; i++ {
		xdo(x.t, x.d.Display, "click", "--window", x.win, button)
	}
	time.Sleep(400 * time.Millisecond)
}

// until shoots every half second until ok holds, for at most two minutes:
// planning the demo day takes seconds on a quiet machine but more than 20 s
// on a loaded CI runner, and a wait is not what this test measures.
func (x *xPlan) until(name string, ok func(image.Image) bool) bool {
	for i := 0; i < 240; i++ {
		time.Sleep(500 * time.Millisecond)
		if ok(x.shot(name)) {
			return true
		}
	}
	return false
}

func (x *xPlan) routePixels(i int) int {
	return countColour(x.img, x.mapArea, rgbaOf(app.RouteColour(i)), 3)
}

// swatches are the inspectors' colour squares at the panel's left edge,
// above the Lập lộ trình button.
func (x *xPlan) swatches() []image.Rectangle {
	band := image.Rect(x.plan.Min.X-4, x.img.Bounds().Min.Y+100, x.plan.Min.X+30, x.plan.Min.Y)
	var out []image.Rectangle
	for i := 0; i < 4; i++ {
		if r := colourBoxIn(x.img, band, rgbaOf(app.RouteColour(i)), 2); r.Dx() >= 8 && r.Dy() >= 8 {
			out = append(out, r)
		}
	}
	return out
}

func (x *xPlan) walk() {
	// The day typed: tomorrow in Việt Nam, never the day the entry starts
	// at (a fixed date was today once, and typing it then changed nothing).
	day := gis.LocalDate(time.Now()).AddDays(1)
	// The Plan tab with its button in view, without scrolling.
	if !x.until("plan-start", func(img image.Image) bool {
		b := img.Bounds()
		x.plan = widestRun(img, image.Rect(b.Min.X, b.Min.Y+b.Dy()/2, b.Min.X+b.Dx()/2, b.Max.Y), saveBlue, 120)
		return x.plan.Dx() >= 120
	}) {
		x.fail("no Lập lộ trình button in view; %s", x.name("plan-start"))
	}
	b := x.img.Bounds()
	x.mapArea = image.Rect(x.plan.Max.X+20, b.Min.Y+90, b.Max.X-b.Dx()/5, b.Max.Y-60)
	// The day: the entry under the tab's blue underline; Enter lists it.
	tab := widestRun(x.img, image.Rect(b.Min.X, b.Min.Y+60, x.plan.Max.X, b.Min.Y+b.Dy()/3), saveBlue, 40)
	if tab.Empty() {
		x.fail("no selected tab underline; %s", x.name("plan-start"))
	}
	before := x.img
	x.click((x.plan.Min.X+x.plan.Max.X)/2, tab.Max.Y+30)
	x.keys("ctrl+a")
	xdo(x.t, x.d.Display, "type", "--window", x.win, day.VN())
	x.keys("Return")
	// the line under the entry, "Ngày DD/MM/YYYY: N việc đến hạn…"
	info := image.Rect(x.plan.Min.X, tab.Max.Y+48, x.plan.Max.X, tab.Max.Y+110)
	if !x.until("plan-day", func(img image.Image) bool { return differ(before, img, info) > 0.003 }) {
		x.fail("typing the day changed nothing in the due list; %s", x.name("plan-day"))
	}
	// Two inspectors: Tab from the day to the first entry that takes "2"
	// (the count of start rows says which did).
	x.wheel(30)
	x.shot("plan-inspectors")
	if n := len(x.swatches()); n != 3 {
		x.fail("%d start rows for the default 3 inspectors; %s", n, x.name("plan-inspectors"))
	}
	two := false
	for tabs := 1; tabs <= 6 && !two; tabs++ {
		x.wheel(-30)
		x.click((x.plan.Min.X+x.plan.Max.X)/2, tab.Max.Y+30)
		for i := 0; i < tabs; i++ {
			x.keys("Tab")
		}
		x.keys("ctrl+a")
		xdo(x.t, x.d.Display, "type", "--window", x.win, "2")
		x.wheel(30)
		x.shot("plan-inspectors")
		two = len(x.swatches()) == 2
	}
	if !two {
		x.fail("no way found to type 2 inspectors; %s", x.name("plan-inspectors"))
	}
	// Cán bộ 2's start on the map: Chọn on their row, then a click at the
	// map's middle puts a numbered square of their colour there.
	rows := x.swatches()
	noStart := x.routePixels(1)
	x.click(x.plan.Max.X-60, (rows[1].Min.Y+rows[1].Max.Y)/2)
	time.Sleep(500 * time.Millisecond)
	x.click((x.mapArea.Min.X+x.mapArea.Max.X)/2, (x.mapArea.Min.Y+x.mapArea.Max.Y)/2)
	if !x.until("plan-own-start", func(image.Image) bool { return x.routePixels(1) >= noStart+100 }) {
		x.fail("no start square of Cán bộ 2's colour on the map (%d pixels, %d before); %s", x.routePixels(1), noStart, x.name("plan-own-start"))
	}
	// Plan: both routes drawn, not a third.
	x.click((x.plan.Min.X+x.plan.Max.X)/2, (x.plan.Min.Y+x.plan.Max.Y)/2)
	if !x.until("plan-two-routes", func(image.Image) bool { return x.routePixels(0) > 300 && x.routePixels(1) > 300 }) {
		x.fail("the two routes are not drawn (%d, %d pixels); %s", x.routePixels(0), x.routePixels(1), x.name("plan-two-routes"))
	}
	time.Sleep(time.Second)
	x.shot("plan-two-routes")
	if n := x.routePixels(2); n > 30 {
		x.fail("a third route drawn (%d pixels) for two inspectors; %s", n, x.name("plan-two-routes"))
	}
	// Cán bộ 2 alone: the legend's second row, at the top of the scrolled
	// part.
	x.wheel(-30)
	x.shot("plan-legend")
	legend := x.swatches()
	if len(legend) < 2 {
		x.fail("no legend rows; %s", x.name("plan-legend"))
	}
	x.click(legend[1].Max.X+80, (legend[1].Min.Y+legend[1].Max.Y)/2)
	if !x.until("plan-route-2", func(image.Image) bool { return x.routePixels(0) < 20 && x.routePixels(1) > 100 }) {
		x.fail("Cán bộ 2 not shown alone (%d, %d pixels); %s", x.routePixels(0), x.routePixels(1), x.name("plan-route-2"))
	}
	// Export: its button right under Lập lộ trình opens the folder dialog
	// (in the home folder); Mở writes each inspector's GPX and route sheet
	// there.
	before = x.img
	x.click((x.plan.Min.X+x.plan.Max.X)/2, x.plan.Max.Y+4+x.plan.Dy()/2)
	whole := x.img.Bounds()
	var open image.Rectangle
	if !x.until("plan-export", func(img image.Image) bool {
		// the dialog's Mở: the one bright blue left while the window
		// behind is dimmed
		open = colourBoxIn(img, image.Rect(x.plan.Max.X, whole.Min.Y+100, whole.Max.X, whole.Max.Y), saveBlue, 6)
		return differ(before, img, whole) > 0.2 && open.Dx() > 20
	}) {
		x.fail("Xuất did not open the folder dialog; %s", x.name("plan-export"))
	}
	x.click((open.Min.X+open.Max.X)/2, (open.Min.Y+open.Max.Y)/2)
	var files []string
	for i := 0; i < 40 && len(files) < 4; i++ {
		time.Sleep(500 * time.Millisecond)
		files, _ = filepath.Glob(filepath.Join(x.d.Home, day.String()+"-inspector-*"))
	}
	// and says so: a dialog (the map dimmed behind it) once the writing
	// is over
	time.Sleep(1500 * time.Millisecond)
	if !x.until("plan-exported", func(img image.Image) bool { return differ(before, img, x.mapArea) > 0.2 }) {
		x.fail("no word that the files were written; %s", x.name("plan-exported"))
	}
	if len(files) != 4 {
		x.fail("the export wrote %v into the home folder, want two GPX and two PDF; %s", files, x.name("plan-exported"))
	}
	for _, f := range files {
		if filepath.Ext(f) == ".gpx" {
			wardtest.CheckGPX(x.t, f)
		}
	}
}

func rgbaOf(c color.NRGBA) color.RGBA { return color.RGBA{c.R, c.G, c.B, 255} }

// widestRun is the box of the rows of r holding a run of at least min
// pixels of colour c (a wide button, not the map's small blue marks).
func widestRun(img image.Image, r image.Rectangle, c color.RGBA, min int) image.Rectangle {
	var box image.Rectangle
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		start, best, bestAt := -1, 0, 0
		for xx := r.Min.X; xx <= r.Max.X; xx++ {
			in := xx < r.Max.X && near(img.At(xx, y), c, 6)
			switch {
			case in && start < 0:
				start = xx
			case !in && start >= 0:
				if xx-start > best {
					best, bestAt = xx-start, start
				}
				start = -1
			}
		}
		if best >= min {
			box = box.Union(image.Rect(bestAt, y, bestAt+best, y+1))
		}
	}
	return box
}
