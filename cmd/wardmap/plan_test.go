package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/ward"
	"wardmap/data/laptop/ward/wardtest"
	"wardmap/gis"
)

type planJSON struct {
	Date        string
	Due         int     `json:"targets_due"`
	Planned     int     `json:"targets_planned"`
	LengthM     float64 `json:"length_m"`
	TimeS       float64 `json:"time_s"`
	LowerBoundM float64 `json:"lower_bound_m"`
	Routes      []struct {
		Inspector   int
		File        string
		Targets     int
		TimeS       float64  `json:"time_s"`
		NotOnDevice []string `json:"not_on_device"`
		Start       []float64
		Visits      []struct {
			Code string
			Kind string
		}
	}
	LeftOver []struct {
		ID     string
		Reason string
	} `json:"left_over"`
}

func runPlan(t *testing.T, args ...string) (planJSON, string) {
	t.Helper()
	out := t.TempDir()
	stdout, errOut, code := wardmap(t, append([]string{"route", "plan", "--out", out}, args...)...)
	if code != 0 {
		t.Fatalf("route plan: %d %s", code, errOut)
	}
	if !strings.Contains(stdout, "no useful lower bound known") {
		t.Errorf("stdout: %s", stdout)
	}
	b, err := os.ReadFile(filepath.Join(out, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s planJSON
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return s, out
}

// A day for three inspectors on the demo ward: three GPX files valid for
// the schema and gpsbabel, each target a waypoint named with its code, a
// route and a track; the summary adds up.
func TestRoutePlanDemo(t *testing.T) {
	db := demoDB(t)
	s, out := runPlan(t, "--db", db, "--date", "2026-12-01", "--inspectors", "3", "--shift", "4h")
	if len(s.Routes) != 3 || s.Planned < 100 || s.Due != s.Planned+len(s.LeftOver) {
		t.Fatalf("routes %d planned %d due %d left %d", len(s.Routes), s.Planned, s.Due, len(s.LeftOver))
	}
	if s.LowerBoundM <= 0 || s.LengthM < s.LowerBoundM {
		t.Errorf("length %v bound %v", s.LengthM, s.LowerBoundM)
	}
	for _, r := range s.Routes {
		if r.TimeS > 4*3600 {
			t.Errorf("route %d: %v s", r.Inspector, r.TimeS)
		}
		g := wardtest.CheckGPX(t, filepath.Join(out, r.File))
		if len(g.Waypoints) != r.Targets || len(g.Routes) != 1 || len(g.Tracks) != 1 {
			t.Fatalf("%s: %d wpt %d rte %d trk, want %d targets", r.File, len(g.Waypoints), len(g.Routes), len(g.Tracks), r.Targets)
		}
		for i, w := range g.Waypoints {
			if !strings.Contains(w.Name, r.Visits[i].Code) || w.Desc == "" {
				t.Errorf("waypoint %q lacks code %q or details", w.Name, r.Visits[i].Code)
			}
		}
		if !regexp.MustCompile(`[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽềếểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]`).MatchString(g.Waypoints[0].Desc) {
			t.Errorf("description not Vietnamese: %q", g.Waypoints[0].Desc)
		}
		if len(g.Tracks[0].Segments[0].Points) < len(g.Routes[0].Points) {
			t.Error("track shorter than the route")
		}
	}
}

// The garmin-legacy profile holds on a plan of over 1,000 points: routes
// of at most 250 points, at most 50 routes and 500 waypoints, names of at
// most 14 ASCII characters, unique; what does not fit is reported.
func TestRoutePlanGarminLegacy(t *testing.T) {
	db := demoDB(t)
	s, out := runPlan(t, "--db", db, "--date", "2026-12-01", "--inspectors", "1", "--shift", "24h", "--profile", "motorbike", "--device", "garmin-legacy")
	if len(s.Routes) != 1 {
		t.Fatalf("%d routes", len(s.Routes))
	}
	g := wardtest.CheckGPX(t, filepath.Join(out, s.Routes[0].File))
	points := len(g.Waypoints)
	for _, r := range g.Routes {
		points += len(r.Points)
		if len(r.Points) > 250 {
			t.Errorf("route %q has %d points", r.Name, len(r.Points))
		}
	}
	if points <= 1000 {
		t.Fatalf("only %d points: the test needs a plan of over 1,000", points)
	}
	if len(g.Routes) < 2 || len(g.Routes) > 50 || len(g.Waypoints) > 500 {
		t.Errorf("%d routes, %d waypoints", len(g.Routes), len(g.Waypoints))
	}
	names := map[string]bool{}
	ok := regexp.MustCompile(`^[A-Z0-9 ./-]{1,14}$`)
	for _, w := range g.Waypoints {
		if !ok.MatchString(w.Name) || names[w.Name] {
			t.Errorf("waypoint name %q (not legacy or repeated)", w.Name)
		}
		names[w.Name] = true
	}
	for _, r := range g.Routes {
		if !ok.MatchString(r.Name) {
			t.Errorf("route name %q", r.Name)
		}
	}
	if s.Routes[0].Targets > 500 && len(s.Routes[0].NotOnDevice) != s.Routes[0].Targets-500 {
		t.Errorf("%d targets, %d reported as not on the device", s.Routes[0].Targets, len(s.Routes[0].NotOnDevice))
	}
	t.Logf("%d targets, %d points, %d routes, %d waypoints", s.Routes[0].Targets, points, len(g.Routes), len(g.Waypoints))
}

func TestRoutePlanMotorbikeAndErrors(t *testing.T) {
	db := demoDB(t)
	s, _ := runPlan(t, "--db", db, "--date", "2026-12-01", "--inspectors", "2", "--profile", "motorbike", "--start", "106.6256,20.8082")
	if len(s.Routes) != 2 || s.Planned == 0 {
		t.Errorf("motorbike: %d routes %d planned", len(s.Routes), s.Planned)
	}
	// each inspector from their own start: the office for the first, a
	// point 400 m north-east for the second
	own := orb.Point{106.6290, 20.8110}
	s, _ = runPlan(t, "--db", db, "--date", "2026-12-01", "--inspectors", "2", "--starts", ";106.6290,20.8110")
	if len(s.Routes) != 2 {
		t.Fatalf("own starts: %d routes", len(s.Routes))
	}
	for i, want := range []orb.Point{ward.DemoOffice, own} {
		got := orb.Point{s.Routes[i].Start[0], s.Routes[i].Start[1]}
		if d := gis.GeodesicDistance(got, want); d > 80 {
			t.Errorf("inspector %d starts at %v, %.0f m from %v", i+1, got, d, want)
		}
	}
	out := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--inspectors", "0"}, "1–100"},
		{[]string{"--shift", "1m"}, "10m"},
		{[]string{"--profile", "bike"}, "motorbike"},
		{[]string{"--device", "tomtom"}, "garmin-legacy"},
		{[]string{"--start", "107.5,21.5"}, "not near any street"},
		{[]string{"--start", "200,1"}, "start"},
		{[]string{"--starts", "106.62,20.80;106.63,20.81"}, "2 starts for 1 inspectors"},
		{[]string{"--starts", "106.62"}, "starts"},
		{[]string{"--inspectors", "2", "--starts", ";107.5,21.5"}, "not near any street"},
		{[]string{"--date", "2026-02-30"}, "YYYY-MM-DD"},
	} {
		_, errOut, code := wardmap(t, append([]string{"route", "plan", "--db", db, "--out", out}, c.args...)...)
		if code == 0 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d %q", c.args, code, errOut)
		}
	}
	if ents, _ := os.ReadDir(out); len(ents) != 0 {
		t.Errorf("failed plans wrote %d files", len(ents))
	}
}
