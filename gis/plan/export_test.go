package plan_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"wardmap/gis"
	"wardmap/gis/gpx"
	"wardmap/gis/graph"
	"wardmap/gis/plan"
)

// The day's GPX files: one per inspector, named as both the CLI and the
// Plan tab write them, each waypoint timed from 07:30 Việt Nam time plus
// its arrival, readable back; a legacy Garmin gets names of at most 14
// characters.
func TestGPXFiles(t *testing.T) {
	g, _ := graph.Build(grid(6, 3, false), graph.Walk)
	ts := lamps(pt(1, 0), pt(4, 2), pt(2, 1), pt(5, 0))
	for i := range ts {
		ts[i].Code = "DEN-0000" + string(rune('1'+i))
		ts[i].Title = "Đèn chiếu sáng số rất dài " + ts[i].Code
	}
	p, err := plan.Make(context.Background(), g, ts, opts(2, 4*time.Hour, pt(0, 0)))
	if err != nil {
		t.Fatal(err)
	}
	d := &plan.Day{Plan: p, Date: gis.Date{Year: 2026, Month: 12, Day: 6}, Targets: ts}
	if got, want := d.StartTime(), time.Date(2026, 12, 6, 0, 30, 0, 0, time.UTC); !got.Equal(want) {
		t.Fatalf("start %v, want %v (07:30 in Việt Nam)", got, want)
	}
	files, err := d.GPXFiles(gpx.ProfileGeneric)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(p.Routes) || len(files) == 0 {
		t.Fatalf("%d files for %d routes", len(files), len(p.Routes))
	}
	for i, f := range files {
		r := p.Routes[i]
		if f.Name != "inspector-"+string(rune('0'+r.Inspector))+".gpx" || f.Inspector != r.Inspector {
			t.Errorf("file %q for inspector %d", f.Name, r.Inspector)
		}
		back, err := gpx.Read(bytes.NewReader(f.Data), gpx.ReadOptions{})
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if len(back.Waypoints) != len(r.Visits) {
			t.Fatalf("%s: %d waypoints for %d stops", f.Name, len(back.Waypoints), len(r.Visits))
		}
		for k, w := range back.Waypoints {
			if want := d.At(r.Visits[k].Arrive).Truncate(time.Second); !w.Time.Truncate(time.Second).Equal(want.UTC()) {
				t.Errorf("%s stop %d at %v, want %v", f.Name, k+1, w.Time, want)
			}
		}
	}
	old, err := d.GPXFiles(gpx.ProfileGarminLegacy)
	if err != nil {
		t.Fatal(err)
	}
	back, err := gpx.Read(bytes.NewReader(old[0].Data), gpx.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range back.Waypoints {
		if len(w.Name) > 14 || strings.ContainsAny(w.Name, "Đđèá") {
			t.Errorf("legacy Garmin waypoint name %q", w.Name)
		}
	}
}

func TestHoursMinutes(t *testing.T) {
	for s, want := range map[float64]string{0: "0h00", 29: "0h00", 30: "0h01", 4 * 3600: "4h00", 4*3600 + 5*60 + 40: "4h06", 25 * 3600: "25h00"} {
		if got := plan.HoursMinutes(s); got != want {
			t.Errorf("HoursMinutes(%v) = %q, want %q", s, got, want)
		}
	}
}
