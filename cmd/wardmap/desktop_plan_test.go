package main

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"wardmap/app"
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
