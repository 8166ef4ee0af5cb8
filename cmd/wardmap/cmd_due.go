package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

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

// parseDateFlag reads --date (default: today in Việt Nam).
func parseDateFlag(s string) (gis.Date, error) {
	if s == "" {
		return gis.LocalDate(time.Now()), nil
	}
	d, err := gis.ParseDate(s)
	if err != nil {
		return gis.Date{}, usagef("--date cần dạng YYYY-MM-DD (needs YYYY-MM-DD): %q", s)
	}
	return d, nil
}

func runDue(ctx context.Context, e *env, args []string) error {
	fl := flag.NewFlagSet("due", flag.ContinueOnError)
	db := fl.String("db", "", "ward database")
	date := fl.String("date", "", "day (YYYY-MM-DD, default today)")
	start := fl.String("start", "", "first-cycle start for this list only (YYYY-MM-DD; default: the stored one)")
	asJSON := fl.Bool("json", false, "print JSON")
	limit := fl.Int("limit", 0, "show at most N items, most overdue first (0: all)")
	if err := parseNoArgs(fl, args); err != nil {
		return err
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
	opt := ward.DueOptions{Limit: *limit}
	if *start != "" {
		d, err := inspect.ParseStart(*start)
		if err != nil {
			return err
		}
		opt.Start = &d
	}
	opt.Office, _ = ward.Office(ctx, s) // no office: sections without distances
	due, err := ward.Due(ctx, s, day, opt)
	if err != nil {
		return err
	}
	in, total, items, groups := due.Input, due.Total, due.Items, due.Groups
	if *asJSON {
		return printDueJSON(e, day, in.Start, total, items, groups)
	}
	return printDue(e, day, in.Start, total, groups)
}

func printDueJSON(e *env, day, start gis.Date, total int, items []inspect.Item, groups []section.DueGroup) error {
	out := struct {
		Date   string             `json:"date"`
		Start  string             `json:"first_cycle_start,omitempty"`
		Total  int                `json:"total"`
		Items  []inspect.Item     `json:"items"`
		Groups []section.DueGroup `json:"groups"`
	}{Date: day.String(), Total: total, Items: items, Groups: groups}
	if !start.IsZero() {
		out.Start = start.String()
	}
	if out.Items == nil {
		out.Items = []inspect.Item{}
	}
	if out.Groups == nil {
		out.Groups = []section.DueGroup{}
	}
	return printJSON(e.stdout, out)
}

// printDue prints one table per kind, one row per street section: what a
// planner reads to hand out the day's work.
func printDue(e *env, day, start gis.Date, total int, groups []section.DueGroup) error {
	places := 0
	for _, g := range groups {
		places += len(g.Sections)
	}
	shown := 0
	for _, g := range groups {
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
	for _, g := range groups {
		fmt.Fprintf(e.stdout, "\n%s (%s): %d việc ở %d nơi\n", strings.ToUpper(g.Label), g.Kind, g.Count, len(g.Sections))
		tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  QUÁ HẠN (DAYS)\tĐOẠN PHỐ (SECTION)\tTỔ DÂN PHỐ (TDP)\tCÁCH UBND (FROM OFFICE)\tVIỆC (ITEMS)")
		for _, ds := range g.Sections {
			tdp := ds.TDP
			if tdp == "" {
				tdp = "—"
			}
			fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\n", ds.Overdue, ds.Label, tdp, distanceText(ds.OfficeM), dueItemsText(g.Kind, ds))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// distanceText is "850 m" or "1,2 km" (Vietnamese decimal comma), "—"
// when the office is unknown.
func distanceText(m float64) string {
	switch {
	case m <= 0:
		return "—"
	case m < 1000:
		return strconv.Itoa(int(m/10+0.5)*10) + " m"
	}
	return strings.Replace(strconv.FormatFloat(m/1000, 'f', 1, 64), ".", ",", 1) + " km"
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
	fl := flag.NewFlagSet("cycles", flag.ContinueOnError)
	db := fl.String("db", "", "ward database")
	season := fl.String("season", "-", "months (1-12, comma-separated) when every record is due once more; empty string clears")
	note := fl.String("note", "", "note")
	user := fl.String("user", "", "who makes the change")
	asJSON := fl.Bool("json", false, "print JSON")
	pos, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 && pos[0] == "start" {
		return runCyclesStart(ctx, e, *db, pos[1:])
	}
	if len(pos) > 0 && pos[0] != "set" {
		return usagef("cycles: lệnh con không rõ %q; dùng: wardmap cycles --db DB [set KIND[/CLASS] DAYS | start YYYY-MM-DD|none] (unknown subcommand)", pos[0])
	}
	if len(pos) > 0 && len(pos) != 3 {
		return usagef("cycles set cần KIND[/CLASS] DAYS, ví dụ: wardmap cycles set street/main 7 (needs KIND[/CLASS] DAYS)")
	}
	s, err := openStore(ctx, *db, gpkg.Options{ReadOnly: len(pos) == 0})
	if err != nil {
		return err
	}
	defer s.Close()
	if len(pos) == 3 {
		days, err := strconv.Atoi(pos[2])
		if err != nil {
			return usagef("cycles set: số ngày %q không hợp lệ (days must be a whole number)", pos[2])
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
		return printJSON(e.stdout, cs)
	}
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "LOẠI/CẤP (KIND/CLASS)\tNGÀY (DAYS)\tTHÁNG THEO MÙA (SEASON)\tGHI CHÚ (NOTE)")
	for _, c := range cs {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", c.Key(), c.Days, c.SeasonString(), c.Note)
	}
	return tw.Flush()
}

// runCyclesStart sets (or, with "none", clears) the day the ward began its
// inspection rounds: a record never inspected is in its first cycle from
// then (or from the day it entered the registry, if later), so the due
// list starts at one cycle's share a day instead of everything overdue.
func runCyclesStart(ctx context.Context, e *env, db string, pos []string) error {
	if len(pos) != 1 {
		return usagef("cycles start cần YYYY-MM-DD hoặc none, ví dụ: wardmap cycles start 2026-12-07 (needs a date or none)")
	}
	v := pos[0]
	if v == "none" {
		v = ""
	}
	d, err := inspect.ParseStart(v)
	if err != nil {
		return err
	}
	s, err := openStore(ctx, db, gpkg.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.SetSetting(ctx, inspect.StartSetting, v); err != nil {
		return err
	}
	if d.IsZero() {
		fmt.Fprintln(e.stdout, "Chu kỳ đầu tính từ ngày mỗi đối tượng vào sổ (first cycle counted from when each record entered the registry)")
		return nil
	}
	fmt.Fprintf(e.stdout, "Chu kỳ đầu tính từ %s (first cycle counted from %s)\n", d, d)
	return nil
}
