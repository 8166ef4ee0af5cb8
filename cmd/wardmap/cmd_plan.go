package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
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

func init() { routeSubcommands["plan"] = runRoutePlan }

// demoOffice is the demo ward's office (trụ sở UBND phường), the default
// start on a demo database; a real ward stores its own in the "office"
// setting as "lon,lat".
var demoOffice = orb.Point{106.6256, 20.8082}

type planSummary struct {
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
	Routes      []routeSummary `json:"routes"`
	LeftOver    []leftSummary  `json:"left_over"`
	PlanningMS  int64          `json:"planning_ms"`
}

type routeSummary struct {
	Inspector int            `json:"inspector"`
	File      string         `json:"file"`
	Start     []float64      `json:"start"` // on the street nearest the inspector's start
	Targets   int            `json:"targets"`
	LengthM   float64        `json:"length_m"`
	TimeS     float64        `json:"time_s"`
	TravelS   float64        `json:"travel_s"`
	ServiceS  float64        `json:"service_s"`
	Visits    []visitSummary `json:"visits"`
	// NotOnDevice lists what the device profile could not hold.
	NotOnDevice []string `json:"not_on_device,omitempty"`
}

type visitSummary struct {
	Order   int     `json:"order"`
	Kind    string  `json:"kind"`
	ID      string  `json:"id"`
	Code    string  `json:"code"`
	Title   string  `json:"title"`
	ArriveS float64 `json:"arrive_s"`
	Overdue int     `json:"overdue_days"`
}

type leftSummary struct {
	Kind    string `json:"kind"`
	ID      string `json:"id"`
	Title   string `json:"title"`
	Overdue int    `json:"overdue_days"`
	Reason  string `json:"reason"`
}

func runRoutePlan(ctx context.Context, e *env, args []string) error {
	fl := flag.NewFlagSet("route plan", flag.ContinueOnError)
	db := fl.String("db", "", "ward database")
	date := fl.String("date", "", "day (YYYY-MM-DD, default today)")
	n := fl.Int("inspectors", 1, "number of inspectors")
	shift := fl.Duration("shift", 4*time.Hour, "shift length")
	profile := fl.String("profile", "walk", "walk or motorbike")
	startFlag := fl.String("start", "", "lon,lat (default: the ward office)")
	startsFlag := fl.String("starts", "", "each inspector's start, \"lon,lat;lon,lat;…\" in order (an empty entry: --start)")
	device := fl.String("device", "generic", "generic or garmin-legacy")
	out := fl.String("out", "", "output folder")
	limit := fl.Duration("time-limit", 1200*time.Millisecond, "optimisation time")
	seed := fl.Uint64("seed", 1, "random seed")
	if err := parseNoArgs(fl, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("route plan cần --out DIR (--out DIR is required)")
	}
	if *n < 1 || *n > 100 {
		return usagef("--inspectors phải từ 1 đến 100 (must be 1–100): %d", *n)
	}
	if *shift < 10*time.Minute || *shift > 24*time.Hour {
		return usagef("--shift phải từ 10m đến 24h (must be 10m–24h): %v", *shift)
	}
	if *limit <= 0 {
		return usagef("--time-limit phải dương (must be positive)")
	}
	prof, err := graph.ProfileByName(*profile)
	if err != nil {
		return usagef("--profile: walk hoặc motorbike (walk or motorbike): %q", *profile)
	}
	var dev gpx.Profile
	switch *device {
	case "generic":
		dev = gpx.ProfileGeneric
	case "garmin-legacy":
		dev = gpx.ProfileGarminLegacy
	default:
		return usagef("--device: generic hoặc garmin-legacy: %q", *device)
	}
	day, err := parseDateFlag(*date)
	if err != nil {
		return err
	}
	s, err := openStore(ctx, *db, gpkg.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer s.Close()
	start, err := planStart(ctx, s, *startFlag)
	if err != nil {
		return err
	}
	starts, err := parseStarts(*startsFlag, *n)
	if err != nil {
		return err
	}
	t0 := time.Now()
	in, err := s.DueInput(ctx, day)
	if err != nil {
		return err
	}
	d, err := plan.PlanDay(ctx, in, plan.DayOptions{Profile: prof, Options: plan.Options{
		Inspectors: *n, Shift: *shift, Start: start, Starts: starts, TimeLimit: *limit, Seed: *seed}})
	if errors.Is(err, plan.ErrStart) {
		return gis.Errorf(gis.EINVALID, "điểm xuất phát không gần đường phố nào (a start is not near any street): %v", err)
	}
	if err != nil {
		return err
	}
	elapsed := time.Since(t0)
	files, sum, err := renderPlan(d, dev, *device, start, *shift)
	if err != nil {
		return err
	}
	sum.PlanningMS = elapsed.Milliseconds()
	ward, _ := s.Setting(ctx, "ward_name")
	demo, _ := s.Setting(ctx, "demo")
	secs, streets, err := sheetSections(ctx, s, in.Features)
	if err != nil {
		return err
	}
	sheets, err := planSheets(d, secs, streets, ward, demo == "true", time.Time{})
	if err != nil {
		return err
	}
	for name, b := range sheets {
		files[name] = b
	}
	js, err := json.MarshalIndent(sum, "", "  ")
	if err != nil {
		return err
	}
	files["summary.json"] = append(js, '\n')
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fmt.Errorf("không tạo được thư mục %s (cannot create folder): %w", *out, err)
	}
	for name, b := range files {
		if err := renameio.WriteFile(filepath.Join(*out, name), b, 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stdout, "Ngày %s: %d việc đến hạn, lập lộ trình cho %d (due %d, planned %d), còn lại %d (left over)\n",
		sum.Date, sum.Due, sum.Planned, sum.Due, sum.Planned, len(sum.LeftOver))
	for _, r := range sum.Routes {
		fmt.Fprintf(e.stdout, "  cán bộ %d: %d điểm, %.2f km, %s → %s (+ .pdf)\n", r.Inspector, r.Targets, r.LengthM/1000, fmtHM(r.TimeS), filepath.Join(*out, r.File))
	}
	if d.LowerBound == 0 { // inspectors from several starts: no bound computed
		fmt.Fprintf(e.stdout, "Tổng (total) %.2f km; chưa có cận dưới hữu ích khi xuất phát từ nhiều nơi (no useful lower bound known with several starts); %d ms\n", sum.LengthM/1000, sum.PlanningMS)
		return nil
	}
	// The spanning-tree bound is valid but about half the plan: no use as a
	// measure of quality, which is measured on CVRPLIB instead (gis/vrp).
	fmt.Fprintf(e.stdout, "Tổng (total) %.2f km; chưa có cận dưới hữu ích (no useful lower bound known), cận dưới cây khung chỉ %.2f km (spanning-tree bound only); %d ms\n",
		sum.LengthM/1000, sum.LowerBoundM/1000, sum.PlanningMS)
	return nil
}

func fmtHM(s float64) string {
	m := int(s/60 + 0.5)
	return fmt.Sprintf("%dh%02d", m/60, m%60)
}

// planStart is --start, else the "office" setting, else the demo office on
// a demo database.
func planStart(ctx context.Context, s *gpkg.Store, flagValue string) (orb.Point, error) {
	if flagValue != "" {
		p, err := parsePoint("start", flagValue)
		if err != nil {
			return orb.Point{}, err
		}
		return *p, nil
	}
	if v, err := s.Setting(ctx, "office"); err == nil && v != "" {
		p, err := parsePoint("start", v)
		if err != nil {
			return orb.Point{}, fmt.Errorf("cài đặt office không hợp lệ (invalid office setting): %w", err)
		}
		return *p, nil
	}
	if v, _ := s.Setting(ctx, "demo"); v == "true" {
		return demoOffice, nil
	}
	return orb.Point{}, usagef("cần --start lon,lat: cơ sở dữ liệu chưa có vị trí trụ sở (the database has no office setting)")
}

// parseStarts reads --starts: one "lon,lat" per inspector, separated by
// ";", an empty entry for one who leaves from --start (the office).
func parseStarts(v string, n int) ([]orb.Point, error) {
	if v == "" {
		return nil, nil
	}
	parts := strings.Split(v, ";")
	if len(parts) > n {
		return nil, usagef("--starts có %d điểm cho %d cán bộ (%d starts for %d inspectors)", len(parts), n, len(parts), n)
	}
	out := make([]orb.Point, len(parts))
	for i, p := range parts {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		pt, err := parsePoint("starts", p)
		if err != nil {
			return nil, err
		}
		out[i] = *pt
	}
	return out, nil
}

// renderPlan makes every file of a plan in memory: one GPX per inspector
// and the summary.
func renderPlan(d *plan.Day, dev gpx.Profile, devName string, start orb.Point, shift time.Duration) (map[string][]byte, *planSummary, error) {
	sum := &planSummary{Date: d.Date.String(), Profile: d.Profile.Name, Device: devName, Inspectors: 0,
		ShiftS: shift.Seconds(), Start: []float64{start[0], start[1]}, Due: len(d.Due),
		LengthM: round1(d.Length), TimeS: round1(d.Time), RequiredM: round1(d.Required), LowerBoundM: round1(d.LowerBound),
		BoundNote: "required street length + minimum spanning tree (shortest street distances) over the required-street components, point targets and the start; valid but weak, no measure of quality (the routing engine is measured against CVRPLIB best-known solutions, gis/vrp)",
		Routes:    []routeSummary{}, LeftOver: []leftSummary{}}
	if d.LowerBound > 0 {
		sum.Gap = round4(d.Length/d.LowerBound - 1)
	}
	files := map[string][]byte{}
	gpxs, err := d.GPXFiles(dev)
	if err != nil {
		return nil, nil, err
	}
	for i, r := range d.Routes {
		name := gpxs[i].Name
		files[name] = gpxs[i].Data
		rs := routeSummary{Inspector: r.Inspector, File: name, Targets: len(r.Visits), LengthM: round1(r.Length),
			Start: []float64{r.Start[0], r.Start[1]}, TimeS: round1(r.Time), TravelS: round1(r.Travel), ServiceS: round1(r.Service), Visits: []visitSummary{}}
		rs.NotOnDevice = gpxs[i].NotOnDevice
		for k, v := range r.Visits {
			t := d.Targets[v.Target]
			rs.Visits = append(rs.Visits, visitSummary{Order: k + 1, Kind: t.Kind, ID: t.ID, Code: t.Code, Title: t.Title, ArriveS: round1(v.Arrive), Overdue: t.Overdue})
		}
		sum.Planned += len(r.Visits)
		sum.Routes = append(sum.Routes, rs)
	}
	sum.Inspectors = len(d.Routes)
	for _, l := range d.Left {
		t := d.Targets[l.Target]
		sum.LeftOver = append(sum.LeftOver, leftSummary{Kind: t.Kind, ID: t.ID, Title: t.Title, Overdue: t.Overdue, Reason: l.Reason})
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
