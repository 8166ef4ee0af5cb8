package main

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"wardmap/cmd/internal/cli"
	"wardmap/data/formats/geojson"
	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/ward"
	"wardmap/gis"
	"wardmap/gis/casework"
	"wardmap/gis/indicator"
)

func init() {
	register(command{"violations", runViolations})
}

func runViolations(ctx context.Context, e *env, args []string) error {
	fl := cli.NewFlags("violations")
	db := dbFlag(fl)
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
	pos, err := cli.ParseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return violationAction(ctx, e, *db, pos, *no, *date, *days, *violator, *outcome, *note, *user)
	}
	var kinds []string
	for _, o := range gis.ViolationKinds {
		kinds = append(kinds, o.Value)
	}
	if *kind != "" && !slices.Contains(kinds, *kind) {
		return cli.Usagef("--kind không rõ %q; dùng (use): %v", *kind, kinds)
	}
	if *radius <= 0 || *threshold < 2 {
		return cli.Usagef("--radius > 0 và --threshold ≥ 2 (radius must be positive, threshold at least 2)")
	}
	return withStore(ctx, *db, false, func(s *gpkg.Store) error {
		vs, err := ward.ViolationsOf(ctx, s, *kind)
		switch {
		case err != nil:
			return err
		case *routes:
			return violationRoutes(ctx, e, s, vs, *kind, *period, *baseline, *asJSON)
		case *hot:
			return printHotspots(e, ward.Hotspots(vs, *radius, *threshold), *asJSON, *geoJSON)
		}
		list := ward.ListViolations(vs, *radius)
		if *asJSON {
			return cli.PrintJSON(e.stdout, list)
		}
		fmt.Fprintf(e.stdout, "%d vi phạm (violations); quảng cáo trái phép đã xử lý (illegal ads resolved) %s\n", list.Total, list.AdsResolved)
		t := cli.NewTable(e.stdout, "PHÁT HIỆN (FOUND)", "LOẠI (KIND)", "TRẠNG THÁI (STATUS)", "BIÊN BẢN (RECORD)", "HẠN (DEADLINE)", "TÁI DIỄN (RECURRENCE)", "ĐỊA ĐIỂM (ADDRESS)", "ID")
		for _, r := range list.Violations {
			t.Row(r.FoundOn, r.Kind, r.Status, r.RecordNo, r.Deadline, r.Recurrence, r.Address, r.ID)
		}
		return t.Flush()
	})
}

// printHotspots prints the hotspots as a table, JSON or a GeoJSON layer.
func printHotspots(e *env, hl *ward.HotspotList, asJSON, asGeoJSON bool) error {
	switch {
	case asGeoJSON:
		return cli.PrintJSON(e.stdout, geojson.Hotspots(hl.Hotspots))
	case asJSON:
		return cli.PrintJSON(e.stdout, hl)
	}
	fmt.Fprintf(e.stdout, "%d điểm nóng (hotspots): ≥ %d vi phạm cùng loại trong %.0f m\n", len(hl.Hotspots), hl.Threshold, hl.Radius)
	t := cli.NewTable(e.stdout, "SỐ LẦN (COUNT)", "CHƯA XONG (OPEN)", "LOẠI (KIND)", "ĐỊA ĐIỂM (ADDRESS)", "LON,LAT")
	for _, h := range hl.Hotspots {
		t.Row(h.Count, h.Open, h.Kind, h.Address, fmt.Sprintf("%.6f,%.6f", h.Center[0], h.Center[1]))
	}
	return t.Flush()
}

// violationRoutes counts encroachment (or --kind) per key route in a
// period against a baseline period.
func violationRoutes(ctx context.Context, e *env, s *gpkg.Store, vs []*gis.Feature, kind, period, baseline string, asJSON bool) error {
	if period == "" || baseline == "" {
		return cli.Usagef("--routes cần --period và --baseline, ví dụ --period 2026-Q4 --baseline 2026-Q1 (needs --period and --baseline)")
	}
	cur, err := indicator.ParsePeriod(period)
	if err != nil {
		return cli.Usagef("--period: %v", err)
	}
	base, err := indicator.ParsePeriod(baseline)
	if err != nil {
		return cli.Usagef("--baseline: %v", err)
	}
	rl, err := ward.RouteViolations(ctx, s, vs, kind, cur, base)
	if err != nil {
		return err
	}
	if asJSON {
		return cli.PrintJSON(e.stdout, rl)
	}
	fmt.Fprintf(e.stdout, "Vi phạm %v trên tuyến trọng điểm: kỳ %s so với kỳ gốc %s (key routes, period vs baseline)\n", rl.Kinds, rl.Period, rl.Baseline)
	t := cli.NewTable(e.stdout, "TUYẾN (ROUTE)", "KỲ NÀY (PERIOD)", "KỲ GỐC (BASELINE)", "GIẢM (REDUCTION)")
	for _, r := range rl.Routes {
		red := "—"
		if r.Reduction != nil {
			red = fmt.Sprintf("%.0f%%", *r.Reduction*100)
		}
		t.Row(cmp.Or(r.Route, "TOÀN PHƯỜNG (WARD)"), r.Current, r.Baseline, red)
	}
	return t.Flush()
}

// violationAction makes a violation's record or applies a re-inspection
// (ward.RecordViolation, ward.ReinspectViolation).
func violationAction(ctx context.Context, e *env, db string, pos []string, no, date string, days int, violator, outcome, note, user string) error {
	if pos[0] != "record" && pos[0] != "reinspect" {
		return cli.Usagef("violations: lệnh con không rõ %q; dùng (use): record, reinspect", pos[0])
	}
	if len(pos) != 2 || !gis.ValidID(pos[1]) {
		return cli.Usagef("violations %s cần đúng một ID (needs one violation ID)", pos[0])
	}
	day, err := cli.DateOrToday(date)
	if err != nil {
		return err
	}
	out, ok := casework.ParseOutcome(outcome)
	if pos[0] == "reinspect" && !ok {
		return cli.Usagef("--outcome cần fixed, not_fixed, came_back hoặc handed_over (needs an outcome)")
	}
	return withStore(ctx, db, true, func(s *gpkg.Store) error {
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
	})
}
