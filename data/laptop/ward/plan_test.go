package ward

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/gpx"
	"wardmap/gis/graph"
)

// The office: the stored setting wins, the demo falls back to its own,
// a bad setting is refused, and a real ward without one says so.
func TestOffice(t *testing.T) {
	ctx := t.Context()
	s := open(t, copyDemo(t))
	if p, err := Office(ctx, s); err != nil || p != DemoOffice {
		t.Errorf("demo: %v %v", p, err)
	}
	if err := s.SetSetting(ctx, "office", "106.63, 20.81"); err != nil {
		t.Fatal(err)
	}
	if p, err := Office(ctx, s); err != nil || p != (orb.Point{106.63, 20.81}) {
		t.Errorf("setting: %v %v", p, err)
	}
	for _, bad := range []string{"106.63", "x,20.81", "206.63,20.81"} {
		s.SetSetting(ctx, "office", bad)
		if _, err := Office(ctx, s); gis.ErrorCode(err) != gis.EINVALID {
			t.Errorf("office %q: %v", bad, err)
		}
	}
	empty := filepath.Join(t.TempDir(), "empty.gpkg")
	if _, err := Create(ctx, empty, false); err != nil {
		t.Fatal(err)
	}
	if _, err := Office(ctx, open(t, empty)); !errors.Is(err, ErrNoOffice) {
		t.Errorf("empty ward: %v", err)
	}
}

// A day for two inspectors on the demo ward: a GPX and a PDF route sheet
// each, and a summary whose numbers add up to the plan's; the files are
// written as they were made.
func TestPlanRoutes(t *testing.T) {
	ctx := t.Context()
	s := open(t, copyDemo(t))
	pd, err := PlanRoutes(ctx, s, RoutePlan{Day: gis.Date{Year: 2026, Month: 12, Day: 7}, Profile: graph.Walk,
		Device: gpx.ProfileGeneric, Inspectors: 2, Shift: 4 * time.Hour, Start: DemoOffice,
		TimeLimit: 300 * time.Millisecond, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	sum := pd.Summary
	if len(sum.Routes) != 2 || sum.Inspectors != 2 || sum.Due == 0 {
		t.Fatalf("summary: %d routes, %d inspectors, %d due", len(sum.Routes), sum.Inspectors, sum.Due)
	}
	planned := 0
	for i, r := range sum.Routes {
		planned += len(r.Visits)
		if r.Targets != len(pd.Day.Routes[i].Visits) || r.File != "inspector-"+string(rune('1'+i))+".gpx" {
			t.Errorf("route %d: %d targets, file %s", i+1, r.Targets, r.File)
		}
		if !bytes.Contains(pd.Files[r.File], []byte("<gpx")) {
			t.Errorf("%s is not GPX", r.File)
		}
		pdf := pd.Files["inspector-"+string(rune('1'+i))+".pdf"]
		if !bytes.HasPrefix(pdf, []byte("%PDF")) {
			t.Errorf("route %d: no PDF route sheet", i+1)
		}
	}
	if planned != sum.Planned || planned+len(sum.LeftOver) != sum.Due {
		t.Errorf("planned %d (summary %d) + left %d != due %d", planned, sum.Planned, len(sum.LeftOver), sum.Due)
	}
	var back PlanSummary
	if err := json.Unmarshal(pd.Files["summary.json"], &back); err != nil || back.Planned != sum.Planned {
		t.Errorf("summary.json: %v %+v", err, back.Planned)
	}
	dir := filepath.Join(t.TempDir(), "out")
	if err := WriteFiles(dir, pd.Files); err != nil {
		t.Fatal(err)
	}
	for name, b := range pd.Files {
		if got, err := os.ReadFile(filepath.Join(dir, name)); err != nil || !bytes.Equal(got, b) {
			t.Errorf("%s written wrong: %v", name, err)
		}
	}
	// The Plan tab's sheets are the same pages for the same plan.
	sheets, err := RouteSheets(ctx, s, pd.Day)
	if err != nil || len(sheets) != 2 {
		t.Fatalf("RouteSheets: %d, %v", len(sheets), err)
	}
	// A start nowhere near a street is a plain error.
	if _, err := PlanRoutes(ctx, s, RoutePlan{Day: gis.Date{Year: 2026, Month: 12, Day: 7}, Profile: graph.Walk,
		Device: gpx.ProfileGeneric, Inspectors: 1, Shift: time.Hour, Start: orb.Point{105.8, 21.0},
		TimeLimit: 100 * time.Millisecond}); gis.ErrorCode(err) != gis.EINVALID {
		t.Errorf("start in Hà Nội: %v", err)
	}
}
