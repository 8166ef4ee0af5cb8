package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"wardmap/cmd/internal/cli"
	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/ward"
	"wardmap/gis"
	"wardmap/gis/inspect"
	"wardmap/gis/section"
)

func init() {
	register(command{"due", runDue})
	register(command{"cycles", runCycles})
}

func runDue(ctx context.Context, e *env, args []string) error {
	fl := cli.NewFlags("due")
	db := dbFlag(fl)
	day := cli.DateFlag(fl, "date", gis.LocalDate(time.Now()), "day (YYYY-MM-DD, default today)")
	start := fl.String("start", "", "first-cycle start for this list only (YYYY-MM-DD; default: the stored one)")
	asJSON := fl.Bool("json", false, "print JSON")
	limit := fl.Int("limit", 0, "show at most N items, most overdue first (0: all)")
	if err := cli.ParseNoArgs(fl, args); err != nil {
		return err
	}
	return withStore(ctx, *db, false, func(s *gpkg.Store) error {
		opt := ward.DueOptions{Limit: *limit}
		if *start != "" {
			d, err := inspect.ParseStart(*start)
			if err != nil {
				return err
			}
			opt.Start = &d
		}
		opt.Office, _ = ward.Office(ctx, s) // no office: sections without distances
		due, err := ward.Due(ctx, s, *day, opt)
		if err != nil {
			return err
		}
		if *asJSON {
			return cli.PrintJSON(e.stdout, due)
		}
		return printDue(e, due)
	})
}

// printDue prints one table per kind, one row per street section: what a
// planner reads to hand out the day's work.
func printDue(e *env, due *ward.DueList) error {
	day, start, total := due.Input.Date, due.Input.Start, due.Total
	places, shown := 0, 0
	for _, g := range due.Groups {
		places += len(g.Sections)
		shown += g.Count
	}
	fmt.Fprintf(e.stdout, "Ngày %s: %d việc đến hạn hoặc quá hạn (%d due or overdue)", day, total, total)
	if shown < total {
		fmt.Fprintf(e.stdout, "; %d việc quá hạn nhất ở %d nơi (the %d most overdue in %d places)\n", shown, places, shown, places)
	} else {
		fmt.Fprintf(e.stdout, " ở %d đoạn phố và nơi khác (in %d places)\n", places, places)
	}
	if !start.IsZero() {
		fmt.Fprintf(e.stdout, "Chu kỳ đầu tính từ %s (first cycle counted from)\n", start)
	}
	for _, g := range due.Groups {
		fmt.Fprintf(e.stdout, "\n%s (%s): %d việc ở %d nơi\n", strings.ToUpper(g.Label), g.Kind, g.Count, len(g.Sections))
		t := cli.NewTable(e.stdout, "  QUÁ HẠN (DAYS)", "ĐOẠN PHỐ (SECTION)", "TỔ DÂN PHỐ (TDP)", "CÁCH UBND (FROM OFFICE)", "VIỆC (ITEMS)")
		for _, ds := range g.Sections {
			t.Row("  "+strconv.Itoa(ds.Overdue), ds.Label, cli.OrDash(ds.TDP), gis.Distance(ds.OfficeM).VI, dueItemsText(g.Kind, ds))
		}
		if err := t.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// dueItemsText says what is due in a section: how many of its segments,
// or the codes of the lamps, trees … (the first three).
func dueItemsText(k gis.Kind, ds section.DueSection) string {
	if k == gis.Street && len(ds.Edges) > 0 {
		return fmt.Sprintf("%d/%d đoạn nhỏ (segments)", len(ds.Items), len(ds.Edges))
	}
	var codes []string
	for i, it := range ds.Items {
		if i == 3 {
			codes = append(codes, "…")
			break
		}
		codes = append(codes, it.Code)
	}
	return strconv.Itoa(len(ds.Items)) + ": " + strings.Join(codes, ", ")
}

func runCycles(ctx context.Context, e *env, args []string) error {
	fl := cli.NewFlags("cycles")
	db := dbFlag(fl)
	season := fl.String("season", "-", "months (1-12, comma-separated) when every record is due once more; empty string clears")
	note := fl.String("note", "", "note")
	user := fl.String("user", "", "who makes the change")
	asJSON := fl.Bool("json", false, "print JSON")
	pos, err := cli.ParseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 && pos[0] == "start" {
		return runCyclesStart(ctx, e, *db, pos[1:])
	}
	if len(pos) > 0 && pos[0] != "set" {
		return cli.Usagef("cycles: lệnh con không rõ %q; dùng: wardmap cycles --db DB [set KIND[/CLASS] DAYS | start YYYY-MM-DD|none] (unknown subcommand)", pos[0])
	}
	if len(pos) > 0 && len(pos) != 3 {
		return cli.Usagef("cycles set cần KIND[/CLASS] DAYS, ví dụ: wardmap cycles set street/main 7 (needs KIND[/CLASS] DAYS)")
	}
	return withStore(ctx, *db, len(pos) > 0, func(s *gpkg.Store) error {
		if len(pos) == 3 {
			days, err := strconv.Atoi(pos[2])
			if err != nil {
				return cli.Usagef("cycles set: số ngày %q không hợp lệ (days must be a whole number)", pos[2])
			}
			var seasonSet *string
			if *season != "-" {
				seasonSet = season
			}
			if err := ward.SetCycle(ctx, s, *user, pos[1], days, seasonSet, *note); err != nil {
				return err
			}
		}
		cs, err := s.Cycles(ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			return cli.PrintJSON(e.stdout, cs)
		}
		t := cli.NewTable(e.stdout, "LOẠI/CẤP (KIND/CLASS)", "NGÀY (DAYS)", "THÁNG THEO MÙA (SEASON)", "GHI CHÚ (NOTE)")
		for _, c := range cs {
			t.Row(c.Key(), c.Days, c.SeasonString(), c.Note)
		}
		return t.Flush()
	})
}

// runCyclesStart sets (or, with "none", clears) the day the ward began its
// inspection rounds: a record never inspected is in its first cycle from
// then (or from the day it entered the registry, if later), so the due
// list starts at one cycle's share a day instead of everything overdue.
func runCyclesStart(ctx context.Context, e *env, db string, pos []string) error {
	if len(pos) != 1 {
		return cli.Usagef("cycles start cần YYYY-MM-DD hoặc none, ví dụ: wardmap cycles start 2026-12-07 (needs a date or none)")
	}
	v := pos[0]
	if v == "none" {
		v = ""
	}
	d, err := inspect.ParseStart(v)
	if err != nil {
		return err
	}
	if err := withStore(ctx, db, true, func(s *gpkg.Store) error { return s.SetSetting(ctx, inspect.StartSetting, v) }); err != nil {
		return err
	}
	if d.IsZero() {
		fmt.Fprintln(e.stdout, "Chu kỳ đầu tính từ ngày mỗi đối tượng vào sổ (first cycle counted from when each record entered the registry)")
		return nil
	}
	fmt.Fprintf(e.stdout, "Chu kỳ đầu tính từ %s (first cycle counted from %s)\n", d, d)
	return nil
}
