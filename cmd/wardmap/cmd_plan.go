package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"wardmap/cmd/internal/cli"
	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/ward"
	"wardmap/gis"
	"wardmap/gis/gpx"
	"wardmap/gis/graph"
	"wardmap/gis/plan"
)

func init() { routeSubcommands["plan"] = runRoutePlan }

func runRoutePlan(ctx context.Context, e *env, args []string) error {
	fl := cli.NewFlags("route plan")
	db := dbFlag(fl)
	day := cli.DateFlag(fl, "date", gis.LocalDate(time.Now()), "day (YYYY-MM-DD, default today)")
	n := fl.Int("inspectors", 1, "number of inspectors")
	shift := fl.Duration("shift", 4*time.Hour, "shift length")
	profile := fl.String("profile", "walk", "walk or motorbike")
	startFlag := fl.String("start", "", "lon,lat (default: the ward office)")
	startsFlag := fl.String("starts", "", "each inspector's start, \"lon,lat;lon,lat;…\" in order (an empty entry: --start)")
	device := fl.String("device", "generic", "generic or garmin-legacy")
	out := fl.String("out", "", "output folder")
	limit := fl.Duration("time-limit", 1200*time.Millisecond, "optimisation time")
	seed := fl.Uint64("seed", 1, "random seed")
	if err := cli.ParseNoArgs(fl, args); err != nil {
		return err
	}
	if *out == "" {
		return cli.Usagef("route plan cần --out DIR (--out DIR is required)")
	}
	if *n < 1 || *n > 100 {
		return cli.Usagef("--inspectors phải từ 1 đến 100 (must be 1–100): %d", *n)
	}
	if *shift < 10*time.Minute || *shift > 24*time.Hour {
		return cli.Usagef("--shift phải từ 10m đến 24h (must be 10m–24h): %v", *shift)
	}
	if *limit <= 0 {
		return cli.Usagef("--time-limit phải dương (must be positive)")
	}
	prof, err := graph.ProfileByName(*profile)
	if err != nil {
		return cli.Usagef("--profile: walk hoặc motorbike (walk or motorbike): %q", *profile)
	}
	dev, err := gpx.ParseProfile(*device)
	if err != nil {
		return cli.Usagef("--device: generic hoặc garmin-legacy: %q", *device)
	}
	var pd *ward.PlannedDay
	err = withStore(ctx, *db, false, func(s *gpkg.Store) error {
		start, err := planStart(ctx, s, *startFlag)
		if err != nil {
			return err
		}
		starts, err := parseStarts(*startsFlag, *n)
		if err != nil {
			return err
		}
		pd, err = ward.PlanRoutes(ctx, s, ward.RoutePlan{Day: *day, Profile: prof, Device: dev,
			Inspectors: *n, Shift: *shift, Start: start, Starts: starts, TimeLimit: *limit, Seed: *seed})
		return err
	})
	if err != nil {
		return err
	}
	if err := ward.WriteFiles(*out, pd.Files); err != nil {
		return err
	}
	sum := pd.Summary
	fmt.Fprintf(e.stdout, "Ngày %s: %d việc đến hạn, lập lộ trình cho %d (due %d, planned %d), còn lại %d (left over)\n",
		sum.Date, sum.Due, sum.Planned, sum.Due, sum.Planned, len(sum.LeftOver))
	for _, r := range sum.Routes {
		fmt.Fprintf(e.stdout, "  cán bộ %d: %d điểm, %.2f km, %s → %s (+ .pdf)\n", r.Inspector, r.Targets, r.LengthM/1000, plan.HoursMinutes(r.TimeS), filepath.Join(*out, r.File))
	}
	if pd.Day.LowerBound == 0 { // inspectors from several starts: no bound computed
		fmt.Fprintf(e.stdout, "Tổng (total) %.2f km; chưa có cận dưới hữu ích khi xuất phát từ nhiều nơi (no useful lower bound known with several starts); %d ms\n", sum.LengthM/1000, sum.PlanningMS)
		return nil
	}
	// The spanning-tree bound is valid but about half the plan: no use as a
	// measure of quality, which is measured on CVRPLIB instead (gis/vrp).
	fmt.Fprintf(e.stdout, "Tổng (total) %.2f km; chưa có cận dưới hữu ích (no useful lower bound known), cận dưới cây khung chỉ %.2f km (spanning-tree bound only); %d ms\n",
		sum.LengthM/1000, sum.LowerBoundM/1000, sum.PlanningMS)
	return nil
}

// planStart is --start, else the ward's office (ward.Office).
func planStart(ctx context.Context, s *gpkg.Store, flagValue string) (orb.Point, error) {
	if flagValue != "" {
		p, err := cli.ParsePoint("start", flagValue)
		if err != nil {
			return orb.Point{}, err
		}
		return *p, nil
	}
	p, err := ward.Office(ctx, s)
	if errors.Is(err, ward.ErrNoOffice) {
		return p, cli.Usagef("cần --start lon,lat: %v", err)
	}
	return p, err
}

// parseStarts reads --starts: one "lon,lat" per inspector, separated by
// ";", an empty entry for one who leaves from --start (the office).
func parseStarts(v string, n int) ([]orb.Point, error) {
	if v == "" {
		return nil, nil
	}
	parts := strings.Split(v, ";")
	if len(parts) > n {
		return nil, cli.Usagef("--starts có %d điểm cho %d cán bộ (%d starts for %d inspectors)", len(parts), n, len(parts), n)
	}
	out := make([]orb.Point, len(parts))
	for i, p := range parts {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		pt, err := cli.ParsePoint("starts", p)
		if err != nil {
			return nil, err
		}
		out[i] = *pt
	}
	return out, nil
}
