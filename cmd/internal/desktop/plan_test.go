package desktop

import (
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"wardmap/app"
	"wardmap/data/laptop/ward"
	"wardmap/data/laptop/ward/wardtest"
	"wardmap/gis"
	"wardmap/gis/gistest"
	"wardmap/gis/inspect"
	"wardmap/gis/tile"
)

// A plan that no longer matches its inputs is not left on screen: after
// each change of the day, the number of inspectors, the shift or the
// profile, the routes, the summary and the legend are gone and "Xuất GPX"
// is disabled. Changing the device keeps the plan (it only changes how the
// same plan is written).
func TestDesktopPlanClearedWhenInputsChange(t *testing.T) {
	db := copyDemo(t)
	w, s := openWindow(t, db, time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC))
	p := w.Planner
	st, _ := s.Stats(t.Context())
	w.Map.SetView(tile.FitBound(*st.Bounds, 800, 600))
	replan := func(what string) {
		t.Helper()
		test.Tap(p.PlanBtn)
		w.Wait()
		if p.Day() == nil || p.ExportBtn.Disabled() || p.Summary.Text == "" || layerPixels(w, app.RouteColour(0)) == 0 {
			t.Fatalf("%s: no plan drawn: %s", what, w.LastError)
		}
	}
	changes := []struct {
		what   string
		change func()
	}{
		{"day", func() { retype(p.Date, "2026-11-20") }},
		{"inspectors", func() { retype(p.Inspectors, "2") }},
		{"shift", func() { p.Shift.SetSelected("3h") }},
		{"profile", func() { p.Profile.SetSelectedIndex(1) }},
	}
	for _, c := range changes {
		replan(c.what)
		p.Device.SetSelectedIndex(1 - p.Device.SelectedIndex())
		if p.Day() == nil || p.ExportBtn.Disabled() {
			t.Fatalf("changing the device dropped the plan")
		}
		c.change()
		if p.Day() != nil || !p.ExportBtn.Disabled() || p.Summary.Text != "" || len(p.Legend.Objects) != 0 {
			t.Errorf("after changing the %s: plan %v, export disabled %v, summary %q, %d legend rows",
				c.what, p.Day() != nil, p.ExportBtn.Disabled(), p.Summary.Text, len(p.Legend.Objects))
		}
		if n := layerPixels(w, app.RouteColour(0)); n != 0 {
			t.Errorf("after changing the %s: %d route pixels still drawn", c.what, n)
		}
		if _, err := p.Export(t.TempDir()); err == nil {
			t.Errorf("after changing the %s: the old plan was exported", c.what)
		}
	}
}

// checkDueSections: the Plan tab lists the due items by kind and street
// section, fewer rows than items, each section row saying where it is;
// a click on a one-item section opens the record, on a larger one shows
// all its items on the map.
func checkDueSections(t *testing.T, w *app.Window, want []inspect.Item) {
	t.Helper()
	p := w.Planner
	ids := map[string]bool{}
	for _, it := range p.Due() {
		ids[string(it.Kind)+"/"+it.ID] = true
	}
	for _, it := range want {
		if !ids[string(it.Kind)+"/"+it.ID] {
			t.Fatalf("%s %s is due but not listed", it.Kind, it.ID)
		}
	}
	n := p.DueList.Length()
	if n == 0 || n >= len(want) {
		t.Fatalf("%d rows for %d items: not grouped", n, len(want))
	}
	if text, sec := p.DueRow(0); sec != nil || !strings.Contains(text, "việc") {
		t.Fatalf("row 0 is %q, want a kind's header", text)
	}
	for i := 0; i < min(n, 6); i++ {
		text, _ := p.DueRow(i)
		t.Logf("row %d: %s", i, text)
	}
	var one, many int = -1, -1
	items, tdps := 0, 0
	for i := 0; i < n; i++ {
		text, sec := p.DueRow(i)
		if sec == nil {
			continue
		}
		items += len(sec.Items)
		if !strings.Contains(text, sec.Label) || !strings.Contains(text, "cách trụ sở") {
			t.Errorf("row %d %q does not say where %q is", i, text, sec.Label)
		}
		if sec.TDP != "" && strings.Contains(text, sec.TDP) {
			tdps++
		}
		if sec.ID != "" && sec.From != "" && !strings.Contains(text, sec.From) {
			t.Errorf("row %d %q lacks its cross street %q", i, text, sec.From)
		}
		if len(sec.Items) == 1 && one < 0 {
			one = i
		}
		if len(sec.Items) > 1 && many < 0 && sec.ID != "" {
			many = i
		}
	}
	if items != len(want) || tdps == 0 || one < 0 || many < 0 {
		t.Fatalf("%d items in sections for %d due; %d rows name a TDP; one-item row %d, many-item row %d", items, len(want), tdps, one, many)
	}
	p.DueList.Select(0) // a header: nothing happens
	if w.Inspector.Selected != nil {
		t.Errorf("a header row selected %v", w.Inspector.Selected.ID)
	}
	_, sec := p.DueRow(one)
	p.DueList.Select(one)
	if sel := w.Inspector.Selected; sel == nil || sel.ID != sec.Items[0].ID {
		t.Fatalf("selected %v, want %s", sel, sec.Items[0].ID)
	}
	_, sec = p.DueRow(many)
	p.DueList.Select(many)
	v := w.Map.View()
	b := v.Bound()
	for _, it := range sec.Items {
		if !b.Contains(it.Location) {
			t.Errorf("section %q: %s at %v is off the map %v", sec.Label, it.ID, it.Location, b)
		}
	}
}

// Routes an inspector can follow: a tap on "Cán bộ 2" in the legend shows
// only that route, zoomed to it, with its stops numbered in order and the
// time each is reached; the map marks the start and the numbered stops.
// A second tap shows all routes again.
func TestDesktopPlanFocusRoute(t *testing.T) {
	db := copyDemo(t)
	w, s := openWindow(t, db, time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC))
	p := w.Planner
	retype(p.Inspectors, "2")
	test.Tap(p.PlanBtn)
	w.Wait()
	d := p.Day()
	if d == nil || len(d.Routes) != 2 || len(p.Legend.Objects) != 2 {
		t.Fatalf("no plan for two: %s", w.LastError)
	}
	st, _ := s.Stats(t.Context())
	w.Map.SetView(tile.FitBound(*st.Bounds, 800, 600))
	if layerPixels(w, app.RouteColour(0)) == 0 || layerPixels(w, app.RouteColour(1)) == 0 {
		t.Fatal("both routes are not drawn")
	}
	keepCapture(t, w, "plan-two-routes.png")
	// The start: the dark square at the office, drawn once for all routes.
	if n := layerPixels(w, color.NRGBA{20, 20, 20, 255}); n < 100 {
		t.Errorf("start marker: %d pixels", n)
	}
	var tap *widget.Button
	for _, o := range p.Legend.Objects[1].(*fyne.Container).Objects {
		if b, ok := o.(*widget.Button); ok {
			tap = b
		}
	}
	if tap == nil || !strings.Contains(tap.Text, "Cán bộ 2") {
		t.Fatalf("legend row 2 is not a button for Cán bộ 2: %v", tap)
	}
	test.Tap(tap)
	if p.FocusedRoute() != 1 {
		t.Fatalf("focused route %d", p.FocusedRoute())
	}
	w.Map.SetView(tile.FitBound(*st.Bounds, 800, 600))
	if n := layerPixels(w, app.RouteColour(0)); n != 0 {
		t.Errorf("route 1 still drawn (%d pixels) while Cán bộ 2 is chosen", n)
	}
	if layerPixels(w, app.RouteColour(1)) == 0 {
		t.Error("Cán bộ 2's route is not drawn")
	}
	r := d.Routes[1]
	lines := strings.Split(p.Stops.Text, "\n")
	if len(lines) != len(r.Visits)+2 || !strings.Contains(lines[0], "07:30") {
		t.Fatalf("%d stop lines for %d visits: %q", len(lines), len(r.Visits), p.Stops.Text)
	}
	prev := ""
	for k, v := range r.Visits {
		l := lines[k+1]
		if !strings.HasPrefix(l, strconv.Itoa(k+1)+". ") || !strings.Contains(l, d.Due[v.Target].Title) {
			t.Errorf("stop line %d %q", k+1, l)
		}
		hm := strings.Fields(l)[1]
		if hm < prev || hm < "07:30" {
			t.Errorf("stop %d at %s after %s", k+1, hm, prev)
		}
		prev = hm
	}
	// Off and on again, since the test moved the view: choosing the route
	// zooms to all of it.
	test.Tap(tap)
	test.Tap(tap)
	if p.FocusedRoute() != 1 {
		t.Fatal("second and third taps did not come back to Cán bộ 2")
	}
	b := w.Map.View().Bound()
	for _, pt := range r.Path {
		if !b.Contains(pt) {
			t.Fatalf("route point %v outside the view %v after choosing it", pt, b)
		}
	}
	keepCapture(t, w, "plan-route-2.png")
	test.Tap(tap)
	if p.FocusedRoute() != -1 || p.Stops.Text != "" {
		t.Errorf("a second tap left route %d and stops %q", p.FocusedRoute(), p.Stops.Text)
	}
}

// keepCapture keeps the planner's map layer (routes, start, numbered
// stops, arrows; not the map under it) at 1000×800 in the map's view, in
// testout/plan/ for a person to look at.
func keepCapture(t *testing.T, w *app.Window, name string) {
	t.Helper()
	f, err := os.Create(filepath.Join(gistest.OutDir(t, "plan"), name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img := image.NewNRGBA(image.Rect(0, 0, 1000, 800))
	draw.Draw(img, img.Rect, image.White, image.Point{}, draw.Src)
	draw.Draw(img, img.Rect, w.Planner.Layer().(*canvas.Raster).Generator(1000, 800), image.Point{}, draw.Over)
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// A plan still being computed when an input changes is not shown when it
// finishes: no routes, no summary, "Xuất GPX" disabled, and no error for
// the plan cancelled on the planner's behalf.
func TestDesktopPlanDroppedWhenInputChangesWhilePlanning(t *testing.T) {
	db := copyDemo(t)
	w, s := openWindow(t, db, time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC))
	p := w.Planner
	st, _ := s.Stats(t.Context())
	w.Map.SetView(tile.FitBound(*st.Bounds, 800, 600))
	for _, c := range []struct {
		what   string
		change func()
	}{
		{"inspectors", func() { retype(p.Inspectors, "2") }},
		{"day", func() { retype(p.Date, "02/12/2026") }},
		{"start", func() { p.SetStart(0, orb.Point{106.6290, 20.8110}) }},
	} {
		w.LastError = ""
		test.Tap(p.PlanBtn) // planning takes over a second: the change comes first
		c.change()
		w.Wait()
		if p.Day() != nil || !p.ExportBtn.Disabled() || p.Summary.Text != "" || len(p.Legend.Objects) != 0 {
			t.Errorf("%s changed while planning: plan %v, export disabled %v, summary %q", c.what, p.Day() != nil, p.ExportBtn.Disabled(), p.Summary.Text)
		}
		if n := layerPixels(w, app.RouteColour(1)); n != 0 {
			t.Errorf("%s changed while planning: %d route pixels drawn", c.what, n)
		}
		if w.LastError != "" {
			t.Errorf("%s changed while planning: error shown %q", c.what, w.LastError)
		}
	}
	// and a plan asked for after the change is shown
	test.Tap(p.PlanBtn)
	w.Wait()
	if p.Day() == nil || p.ExportBtn.Disabled() {
		t.Fatalf("the plan after the change is not shown: %s", w.LastError)
	}
}

// Each inspector may start from a place chosen on the map: "Chọn trên bản
// đồ" then a click puts Cán bộ 2's start there (a numbered square in the
// route's colour, before any plan); the plan, the stop list, the GPX and
// the route sheet all start there, Cán bộ 1 still at the office; the house
// button puts Cán bộ 2 back at the office and drops the plan.
func TestDesktopPlanOwnStarts(t *testing.T) {
	db := copyDemo(t)
	w, s := openWindow(t, db, time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC))
	p := w.Planner
	retype(p.Inspectors, "2")
	if len(p.StartRows.Objects) != 2 {
		t.Fatalf("%d start rows for 2 inspectors", len(p.StartRows.Objects))
	}
	place, home, label := startRow(p, 1)
	if place == nil || home == nil || label == nil || !strings.Contains(label.Text, "trụ sở") || !home.Disabled() {
		t.Fatalf("row 2: place %v, home %v, label %v", place, home, label)
	}
	test.Tap(place)
	if !p.Placing.Visible() || !strings.Contains(p.Placing.Text, "cán bộ 2") {
		t.Fatalf("placing hint %q shown %v", p.Placing.Text, p.Placing.Visible())
	}
	own := orb.Point{106.6290, 20.8110}
	st, _ := s.Stats(t.Context())
	w.Map.SetView(tile.FitBound(*st.Bounds, 800, 600))
	x, y := w.Map.View().Projector().ToPixel(own)
	w.Map.OnTapped(x, y, own)
	if got := p.Starts(); len(got) != 2 || got[1] != own || got[0] != (orb.Point{}) || p.Placing.Visible() {
		t.Fatalf("starts %v after the click, hint shown %v", got, p.Placing.Visible())
	}
	if w.Inspector.Selected != nil {
		t.Errorf("the click placing a start also selected %s", w.Inspector.Selected.ID)
	}
	if n := layerPixels(w, app.RouteColour(1)); n < 50 {
		t.Errorf("Cán bộ 2's start marker: %d pixels of its colour", n)
	}
	test.Tap(p.PlanBtn)
	w.Wait()
	d := p.Day()
	if d == nil || len(d.Routes) != 2 {
		t.Fatalf("no plan for two: %s", w.LastError)
	}
	for _, r := range d.Routes {
		want := ward.DemoOffice
		if r.Inspector == 2 {
			want = own
		}
		if dist := gis.GeodesicDistance(r.Start, want); dist > 80 {
			t.Errorf("Cán bộ %d starts %.0f m from %v", r.Inspector, dist, want)
		}
	}
	keepCapture(t, w, "plan-own-start.png")
	p.FocusRoute(1)
	if !strings.Contains(p.Stops.Text, "điểm đã chọn") {
		t.Errorf("stop list of Cán bộ 2: %q", strings.SplitN(p.Stops.Text, "\n", 2)[0])
	}
	files, err := p.Export(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "inspector-2.gpx") {
			g := wardtest.CheckGPX(t, f)
			pt := g.Tracks[0].Segments[0].Points[0]
			if dist := gis.GeodesicDistance(orb.Point{pt.Lon, pt.Lat}, own); dist > 80 {
				t.Errorf("Cán bộ 2's GPX track starts %.0f m from the chosen start", dist)
			}
		}
	}
	_, home, label = startRow(p, 1)
	if home == nil || home.Disabled() || !strings.Contains(label.Text, "điểm riêng") {
		t.Fatalf("row 2 after placing: %v, %v", home, label)
	}
	test.Tap(home)
	if p.Starts()[1] != (orb.Point{}) || p.Day() != nil {
		t.Errorf("after the house button: starts %v, plan kept %v", p.Starts(), p.Day() != nil)
	}
}

// startRow finds the buttons and the label of inspector i's start row.
func startRow(p *app.Planner, i int) (place, home *widget.Button, label *widget.Label) {
	for _, o := range p.StartRows.Objects[i].(*fyne.Container).Objects {
		switch x := o.(type) {
		case *widget.Label:
			label = x
		case *fyne.Container:
			for _, b := range x.Objects {
				if bt, ok := b.(*widget.Button); ok && bt.Text != "" {
					place = bt
				} else if ok {
					home = bt
				}
			}
		}
	}
	return place, home, label
}
