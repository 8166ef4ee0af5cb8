package main

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"text/tabwriter"

	"github.com/paulmach/orb/geojson"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/ward"
	"wardmap/gis"
	"wardmap/gis/casework"
	"wardmap/gis/indicator"
)

func init() {
	register(command{"violations", "vi phạm: danh sách, tái diễn, --hotspots, --routes; record|reinspect ID (violations as cases)", runViolations})
}

func runViolations(ctx context.Context, e *env, args []string) error {
	fl := flag.NewFlagSet("violations", flag.ContinueOnError)
	db := fl.String("db", "", "ward database")
	kind := fl.String("kind", "", "only this kind of violation")
	hot := fl.Bool("hotspots", false, "list hotspots instead")
	radius := fl.Float64("radius", casework.HotspotRadius, "same place within this many metres")
	threshold := fl.Int("threshold", casework.HotspotThreshold, "this many violations at one place make a hotspot")
	asJSON := fl.Bool("json", false, "print JSON")
	geoJSON := fl.Bool("geojson", false, "with --hotspots: print a GeoJSON FeatureCollection (to draw them in any GIS)")
	routes := fl.Bool("routes", false, "encroachment per key route: --period against --baseline")
	period := fl.String("period", "", "with --routes: the period (2026-Q4, 2026-11, 2026 …)")
	baseline := fl.String("baseline", "", "with --routes: the baseline period")
	no := fl.String("no", "", "record: the record (biên bản) number")
	date := fl.String("date", "", "record, reinspect: the day (default today)")
	days := fl.Int("days", 0, "record: days to correct (default per kind)")
	violator := fl.String("violator", "", "record: the violator (private)")
	outcome := fl.String("outcome", "", "reinspect: fixed, not_fixed, came_back or handed_over")
	note := fl.String("note", "", "reinspect: findings")
	user := fl.String("user", "", "who makes the change")
	pos, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return violationAction(ctx, e, *db, pos, *no, *date, *days, *violator, *outcome, *note, *user)
	}
	if *kind != "" && !slices.ContainsFunc(gis.ViolationKinds, func(o gis.Option) bool { return o.Value == *kind }) {
		var names []string
		for _, o := range gis.ViolationKinds {
			names = append(names, o.Value)
		}
		return usagef("--kind không rõ %q; dùng (use): %v", *kind, names)
	}
	if *radius <= 0 || *threshold < 2 {
		return usagef("--radius > 0 và --threshold ≥ 2 (radius must be positive, threshold at least 2)")
	}
	s, err := openStore(ctx, *db, gpkg.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer s.Close()
	vs, err := ward.ViolationsOf(ctx, s, *kind)
	if err != nil {
		return err
	}
	if *routes {
		return violationRoutes(ctx, e, s, vs, *kind, *period, *baseline, *asJSON)
	}
	if *hot {
		hs := casework.Hotspots(vs, *radius, *threshold)
		if hs == nil {
			hs = []casework.Hotspot{}
		}
		if *geoJSON {
			fc := geojson.NewFeatureCollection()
			for _, h := range hs {
				gf := geojson.NewFeature(h.Center)
				gf.Properties = geojson.Properties{"kind": h.Kind, "count": h.Count, "open": h.Open, "address": h.Address, "ids": h.IDs}
				fc.Append(gf)
			}
			return printJSON(e.stdout, fc)
		}
		if *asJSON {
			return printJSON(e.stdout, struct {
				Radius    float64            `json:"radius_m"`
				Threshold int                `json:"threshold"`
				Hotspots  []casework.Hotspot `json:"hotspots"`
			}{*radius, *threshold, hs})
		}
		fmt.Fprintf(e.stdout, "%d điểm nóng (hotspots): ≥ %d vi phạm cùng loại trong %.0f m\n", len(hs), *threshold, *radius)
		tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "SỐ LẦN (COUNT)\tCHƯA XONG (OPEN)\tLOẠI (KIND)\tĐỊA ĐIỂM (ADDRESS)\tLON,LAT")
		for _, h := range hs {
			fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%.6f,%.6f\n", h.Count, h.Open, h.Kind, h.Address, h.Center[0], h.Center[1])
		}
		return tw.Flush()
	}
	list := ward.ListViolations(vs, *radius)
	if *asJSON {
		return printJSON(e.stdout, list)
	}
	fmt.Fprintf(e.stdout, "%d vi phạm (violations); quảng cáo trái phép đã xử lý (illegal ads resolved) %s\n", list.Total, list.AdsResolved)
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PHÁT HIỆN (FOUND)\tLOẠI (KIND)\tTRẠNG THÁI (STATUS)\tBIÊN BẢN (RECORD)\tHẠN (DEADLINE)\tTÁI DIỄN (RECURRENCE)\tĐỊA ĐIỂM (ADDRESS)\tID")
	for _, r := range list.Violations {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", r.FoundOn, r.Kind, r.Status, r.RecordNo, r.Deadline, r.Recurrence, r.Address, r.ID)
	}
	return tw.Flush()
}

// violationRoutes counts encroachment (or --kind) per key route in a
// period against a baseline period.
func violationRoutes(ctx context.Context, e *env, s *gpkg.Store, vs []*gis.Feature, kind, period, baseline string, asJSON bool) error {
	if period == "" || baseline == "" {
		return usagef("--routes cần --period và --baseline, ví dụ --period 2026-Q4 --baseline 2026-Q1 (needs --period and --baseline)")
	}
	cur, err := indicator.ParsePeriod(period)
	if err != nil {
		return usagef("--period: %v", err)
	}
	base, err := indicator.ParsePeriod(baseline)
	if err != nil {
		return usagef("--baseline: %v", err)
	}
	kinds, rc, err := ward.RouteViolations(ctx, s, vs, kind, cur, base)
	if err != nil {
		return err
	}
	if asJSON {
		return printJSON(e.stdout, struct {
			Kinds    []string              `json:"kinds"`
			Period   string                `json:"period"`
			Baseline string                `json:"baseline"`
			Routes   []casework.RouteCount `json:"routes"`
		}{kinds, cur.Name, base.Name, rc})
	}
	fmt.Fprintf(e.stdout, "Vi phạm %v trên tuyến trọng điểm: kỳ %s so với kỳ gốc %s (key routes, period vs baseline)\n", kinds, cur.Name, base.Name)
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TUYẾN (ROUTE)\tKỲ NÀY (PERIOD)\tKỲ GỐC (BASELINE)\tGIẢM (REDUCTION)")
	for _, r := range rc {
		name := r.Route
		if name == "" {
			name = "TOÀN PHƯỜNG (WARD)"
		}
		red := "—"
		if r.Reduction != nil {
			red = fmt.Sprintf("%.0f%%", *r.Reduction*100)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\n", name, r.Current, r.Baseline, red)
	}
	return tw.Flush()
}

var outcomes = map[string]casework.Outcome{
	"fixed": casework.Fixed, "not_fixed": casework.NotFixed, "came_back": casework.CameBack, "handed_over": casework.HandedOver,
}

// violationAction makes a violation's record or applies a re-inspection
// (ward.RecordViolation, ward.ReinspectViolation).
func violationAction(ctx context.Context, e *env, db string, pos []string, no, date string, days int, violator, outcome, note, user string) error {
	if pos[0] != "record" && pos[0] != "reinspect" {
		return usagef("violations: lệnh con không rõ %q; dùng (use): record, reinspect", pos[0])
	}
	if len(pos) != 2 || !gis.ValidID(pos[1]) {
		return usagef("violations %s cần đúng một ID (needs one violation ID)", pos[0])
	}
	day, err := parseDateFlag(date)
	if err != nil {
		return err
	}
	out, ok := outcomes[outcome]
	if pos[0] == "reinspect" && !ok {
		return usagef("--outcome cần fixed, not_fixed, came_back hoặc handed_over (needs an outcome)")
	}
	s, err := openStore(ctx, db, gpkg.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	var v *gis.Feature
	if pos[0] == "record" {
		v, err = ward.RecordViolation(ctx, s, user, pos[1], no, day, days, violator)
	} else {
		v, err = ward.ReinspectViolation(ctx, s, user, pos[1], day, out, note)
	}
	if err != nil {
		return err
	}
	dl, _ := v.Date("deadline")
	fmt.Fprintf(e.stdout, "%s: %s, hạn khắc phục (deadline) %s\n", v.ID, v.Text("status"), dl)
	return nil
}
