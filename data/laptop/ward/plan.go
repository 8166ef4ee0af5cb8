package ward

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/google/renameio/v2"
	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
	"wardmap/gis/gpx"
	"wardmap/gis/graph"
	"wardmap/gis/plan"
)

// DemoOffice is the demo ward's office (trụ sở UBND phường), where rounds
// start on a demo database; a real ward stores its own in the "office"
// setting as "lon,lat".
var DemoOffice = orb.Point{106.6256, 20.8082}

// ErrNoOffice is Office's answer on a database that has no office setting
// and is not the demo.
var ErrNoOffice = errors.New("cơ sở dữ liệu chưa có vị trí trụ sở (the database has no office setting)")

// Office is where inspection rounds start: the "office" setting, else the
// demo office on a demo database, else ErrNoOffice.
func Office(ctx context.Context, s *gpkg.Store) (orb.Point, error) {
	if v, err := s.Setting(ctx, "office"); err == nil && v != "" {
		p, err := parseLonLat(v)
		if err != nil {
			return orb.Point{}, gis.Errorf(gis.EINVALID, "cài đặt office không hợp lệ (invalid office setting) %q: %v", v, err)
		}
		return p, nil
	}
	if v, _ := s.Setting(ctx, "demo"); v == "true" {
		return DemoOffice, nil
	}
	return orb.Point{}, ErrNoOffice
}

// parseLonLat reads "lon,lat".
func parseLonLat(s string) (orb.Point, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 2 {
		return orb.Point{}, errors.New("cần lon,lat (needs lon,lat)")
	}
	var p orb.Point
	for i, part := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(part), 64)
		if err != nil {
			return orb.Point{}, fmt.Errorf("%q không phải số (not a number)", part)
		}
		p[i] = x
	}
	return p, gis.CheckGeometry(p)
}

// RoutePlan is what a day's rounds are planned for.
type RoutePlan struct {
	Day        gis.Date
	Profile    graph.Profile
	Device     gpx.Profile
	Inspectors int
	Shift      time.Duration
	Start      orb.Point   // the office
	Starts     []orb.Point // each inspector's own start (zero: Start)
	TimeLimit  time.Duration
	Seed       uint64
}

// PlannedDay is a day's plan and every file of it, in memory: one GPX and
// one printable route sheet (PDF) per inspector, and summary.json.
type PlannedDay struct {
	Day     *plan.Day
	Files   map[string][]byte
	Summary *PlanSummary
}

// PlanRoutes plans the day's rounds over what is due (plan.PlanDay) and
// makes their files: what `wardmap route plan` writes.
func PlanRoutes(ctx context.Context, s *gpkg.Store, o RoutePlan) (*PlannedDay, error) {
	t0 := time.Now()
	in, err := s.DueInput(ctx, o.Day)
	if err != nil {
		return nil, err
	}
	d, err := plan.PlanDay(ctx, in, plan.DayOptions{Profile: o.Profile, Options: plan.Options{
		Inspectors: o.Inspectors, Shift: o.Shift, Start: o.Start, Starts: o.Starts, TimeLimit: o.TimeLimit, Seed: o.Seed}})
	if errors.Is(err, plan.ErrStart) {
		return nil, gis.Errorf(gis.EINVALID, "điểm xuất phát không gần đường phố nào (a start is not near any street): %v", err)
	}
	if err != nil {
		return nil, err
	}
	elapsed := time.Since(t0)
	files, sum, err := renderPlan(d, o)
	if err != nil {
		return nil, err
	}
	sum.PlanningMS = elapsed.Milliseconds()
	sheets, err := routeSheets(ctx, s, d, in.Features)
	if err != nil {
		return nil, err
	}
	for name, b := range sheets {
		files[name] = b
	}
	js, err := json.MarshalIndent(sum, "", "  ")
	if err != nil {
		return nil, err
	}
	files["summary.json"] = append(js, '\n')
	return &PlannedDay{Day: d, Files: files, Summary: sum}, nil
}

// WriteFiles writes each file into dir (made if missing), each replaced
// atomically.
func WriteFiles(dir string, files map[string][]byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("không tạo được thư mục %s (cannot create folder): %w", dir, err)
	}
	for name, b := range files {
		if err := renameio.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// PlanSummary is summary.json: the plan in numbers, route by route.
type PlanSummary struct {
	Date        string         `json:"date"`
	Profile     string         `json:"profile"`
	Device      string         `json:"device"`
	Inspectors  int            `json:"inspectors"`
	ShiftS      float64        `json:"shift_s"`
	Start       []float64      `json:"start"`
	Due         int            `json:"targets_due"`
	Planned     int            `json:"targets_planned"`
	LengthM     float64        `json:"length_m"`
	TimeS       float64        `json:"time_s"`
	RequiredM   float64        `json:"required_length_m"`
	LowerBoundM float64        `json:"lower_bound_m"`
	BoundNote   string         `json:"lower_bound_method"`
	Gap         float64        `json:"gap_to_bound"`
	Routes      []RouteSummary `json:"routes"`
	LeftOver    []LeftSummary  `json:"left_over"`
	PlanningMS  int64          `json:"planning_ms"`
}

// RouteSummary is one inspector's route in summary.json.
type RouteSummary struct {
	Inspector int            `json:"inspector"`
	File      string         `json:"file"`
	Start     []float64      `json:"start"` // on the street nearest the inspector's start
	Targets   int            `json:"targets"`
	LengthM   float64        `json:"length_m"`
	TimeS     float64        `json:"time_s"`
	TravelS   float64        `json:"travel_s"`
	ServiceS  float64        `json:"service_s"`
	Visits    []VisitSummary `json:"visits"`
	// NotOnDevice lists what the device profile could not hold.
	NotOnDevice []string `json:"not_on_device,omitempty"`
}

// VisitSummary is one stop of a route in summary.json.
type VisitSummary struct {
	Order   int     `json:"order"`
	Kind    string  `json:"kind"`
	ID      string  `json:"id"`
	Code    string  `json:"code"`
	Title   string  `json:"title"`
	ArriveS float64 `json:"arrive_s"`
	Overdue int     `json:"overdue_days"`
}

// LeftSummary is a due target no route could take, and why.
type LeftSummary struct {
	Kind    string `json:"kind"`
	ID      string `json:"id"`
	Title   string `json:"title"`
	Overdue int    `json:"overdue_days"`
	Reason  string `json:"reason"`
}

// renderPlan makes the GPX files of a plan (one per inspector) and its
// summary.
func renderPlan(d *plan.Day, o RoutePlan) (map[string][]byte, *PlanSummary, error) {
	sum := &PlanSummary{Date: d.Date.String(), Profile: d.Profile.Name, Device: o.Device.String(), Inspectors: 0,
		ShiftS: o.Shift.Seconds(), Start: []float64{o.Start[0], o.Start[1]}, Due: len(d.Due),
		LengthM: round1(d.Length), TimeS: round1(d.Time), RequiredM: round1(d.Required), LowerBoundM: round1(d.LowerBound),
		BoundNote: "required street length + minimum spanning tree (shortest street distances) over the required-street components, point targets and the start; valid but weak, no measure of quality (the routing engine is measured against CVRPLIB best-known solutions, gis/vrp)",
		Routes:    []RouteSummary{}, LeftOver: []LeftSummary{}}
	if d.LowerBound > 0 {
		sum.Gap = round4(d.Length/d.LowerBound - 1)
	}
	files := map[string][]byte{}
	gpxs, err := d.GPXFiles(o.Device)
	if err != nil {
		return nil, nil, err
	}
	for i, r := range d.Routes {
		name := gpxs[i].Name
		files[name] = gpxs[i].Data
		rs := RouteSummary{Inspector: r.Inspector, File: name, Targets: len(r.Visits), LengthM: round1(r.Length),
			Start: []float64{r.Start[0], r.Start[1]}, TimeS: round1(r.Time), TravelS: round1(r.Travel), ServiceS: round1(r.Service), Visits: []VisitSummary{}}
		rs.NotOnDevice = gpxs[i].NotOnDevice
		for k, v := range r.Visits {
			t := d.Targets[v.Target]
			rs.Visits = append(rs.Visits, VisitSummary{Order: k + 1, Kind: t.Kind, ID: t.ID, Code: t.Code, Title: t.Title, ArriveS: round1(v.Arrive), Overdue: t.Overdue})
		}
		sum.Planned += len(r.Visits)
		sum.Routes = append(sum.Routes, rs)
	}
	sum.Inspectors = len(d.Routes)
	for _, l := range d.Left {
		t := d.Targets[l.Target]
		sum.LeftOver = append(sum.LeftOver, LeftSummary{Kind: t.Kind, ID: t.ID, Title: t.Title, Overdue: t.Overdue, Reason: l.Reason})
	}
	return files, sum, nil
}

func round1(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 1, 64), 64)
	return r
}

func round4(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 4, 64), 64)
	return r
}
