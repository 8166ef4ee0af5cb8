package main

import (
	"context"
	"fmt"
	"strings"

	"wardmap/cmd/internal/cli"
	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/ward"
	"wardmap/gis"
)

func init() {
	register(command{"assignments", runAssignments})
}

// runAssignments lists the assignments (of one person with --to, of one day
// with --day), or changes them: add --to USER --day D [--targets ID,…]
// [--note N], done ID, cancel ID. Changes sync to every laptop of the ward.
func runAssignments(ctx context.Context, e *env, args []string) error {
	fl := cli.NewFlags("assignments")
	db := dbFlag(fl)
	to := fl.String("to", "", "the person assigned (their user name)")
	day := cli.DateFlag(fl, "day", gis.Date{}, "the day (YYYY-MM-DD)")
	targets := fl.String("targets", "", "record IDs to inspect, comma-separated")
	note := fl.String("note", "", "note")
	user := fl.String("user", "", "who makes the change")
	pos, err := cli.ParseFlags(fl, args)
	if err != nil {
		return err
	}
	usage := "assignments --db DB [--to USER] [--day D] | add --to USER --day D [--targets ID,…] [--note N] --user U | done|cancel ID --user U"
	return withStore(ctx, *db, len(pos) > 0, func(s *gpkg.Store) error {
		if len(pos) == 0 {
			as, err := ward.AssignmentsOf(ctx, s, *to, *day)
			if err != nil {
				return err
			}
			t := cli.Headless(e.stdout)
			for _, a := range as {
				t.Row(a.ID, a.Day, a.Assignee, a.Status, fmt.Sprintf("%d mục (records)", len(a.Targets)), a.Note)
			}
			t.Flush()
			if len(as) == 0 {
				fmt.Fprintln(e.stdout, "không có phân công (no assignments)")
			}
			return nil
		}
		if *user == "" {
			return cli.Usagef("cần --user (needs --user): %s", usage)
		}
		switch {
		case pos[0] == "add" && len(pos) == 1:
			if *to == "" || day.IsZero() {
				return cli.Usagef("assignments add cần --to và --day (needs --to and --day)")
			}
			a := &gpkg.Assignment{Assignee: *to, Day: *day, Note: *note}
			for _, t := range strings.Split(*targets, ",") {
				if t = strings.TrimSpace(t); t != "" {
					a.Targets = append(a.Targets, t)
				}
			}
			if err := s.SetAssignment(ctx, *user, a); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "đã giao (assigned) %s: %s ngày (on) %s\n", a.ID, a.Assignee, a.Day)
			return nil
		case (pos[0] == "done" || pos[0] == "cancel") && len(pos) == 2:
			a, err := ward.SetAssignmentStatus(ctx, s, *user, pos[1], map[string]string{"done": "done", "cancel": "cancelled"}[pos[0]])
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "%s: %s\n", a.ID, a.Status)
			return nil
		}
		return cli.Usagef("cần (needs): %s", usage)
	})
}
