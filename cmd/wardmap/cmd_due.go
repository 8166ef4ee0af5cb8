package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"wardmap/data/gpkg"
	"wardmap/gis"
	"wardmap/gis/inspect"
)

func init() {
	register(command{"due", "việc kiểm tra đến hạn, quá hạn (what is due for inspection)", runDue})
	register(command{"cycles", "chu kỳ kiểm tra: xem, set KIND[/CLASS] DAYS (inspection cycles)", runCycles})
}

// parseDateFlag reads --date (default: today in Việt Nam).
func parseDateFlag(s string) (gis.Date, error) {
	if s == "" {
		return inspect.LocalDate(time.Now()), nil
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
	asJSON := fl.Bool("json", false, "print JSON")
	limit := fl.Int("limit", 0, "show at most N (0: all)")
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
	items, err := s.Due(ctx, day)
	if err != nil {
		return err
	}
	total := len(items)
	if *limit > 0 && len(items) > *limit {
		items = items[:*limit]
	}
	if *asJSON {
		out := struct {
			Date  string         `json:"date"`
			Total int            `json:"total"`
			Items []inspect.Item `json:"items"`
		}{Date: day.String(), Total: total, Items: items}
		if out.Items == nil {
			out.Items = []inspect.Item{}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	fmt.Fprintf(e.stdout, "Ngày %s: %d việc đến hạn hoặc quá hạn (due or overdue)\n", day, total)
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "QUÁ HẠN (DAYS)\tLOẠI (KIND)\tĐỐI TƯỢNG (TARGET)\tLẦN CUỐI (LAST)\tLÝ DO (REASON)\tID")
	for _, it := range items {
		last := "—"
		if it.Last != nil {
			last = it.Last.String()
		}
		kind := string(it.Kind)
		if it.Class != "" {
			kind += "/" + it.Class
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", strconv.Itoa(it.Overdue), kind, it.Title, last, it.Reason, it.ID)
	}
	return tw.Flush()
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
	if len(pos) > 0 && pos[0] != "set" {
		return usagef("cycles: lệnh con không rõ %q; dùng: wardmap cycles --db DB [set KIND[/CLASS] DAYS] (unknown subcommand)", pos[0])
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
		kind, class, err := inspect.ParseKey(pos[1])
		if err != nil {
			return err
		}
		days, err := strconv.Atoi(pos[2])
		if err != nil {
			return usagef("cycles set: số ngày %q không hợp lệ (days must be a whole number)", pos[2])
		}
		c := inspect.Cycle{Kind: kind, Class: class, Days: days, Note: *note}
		cs, err := s.Cycles(ctx)
		if err != nil {
			return err
		}
		for _, old := range cs {
			if old.Kind == kind && old.Class == class {
				c.Season = old.Season
			}
		}
		if *season != "-" {
			if c.Season, err = inspect.ParseSeason(*season); err != nil {
				return err
			}
		}
		if err := s.SetCycle(ctx, *user, c); err != nil {
			return err
		}
	}
	cs, err := s.Cycles(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(cs)
	}
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "LOẠI/CẤP (KIND/CLASS)\tNGÀY (DAYS)\tTHÁNG THEO MÙA (SEASON)\tGHI CHÚ (NOTE)")
	for _, c := range cs {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", c.Key(), c.Days, c.SeasonString(), c.Note)
	}
	return tw.Flush()
}
