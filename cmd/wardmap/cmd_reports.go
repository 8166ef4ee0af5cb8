package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"wardmap/cmd/internal/cli"
	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/ward"
	"wardmap/gis"
	"wardmap/gis/casework"
)

func init() {
	register(command{"reports", runReports})
}

func runReports(ctx context.Context, e *env, args []string) error {
	fl := cli.NewFlags("reports")
	db := dbFlag(fl)
	status := fl.String("status", "", "only this status ("+strings.Join(casework.ReportStatuses, ", ")+", or open)")
	overdue := fl.Bool("overdue", false, "only overdue reports")
	date := fl.String("date", "", "day overdue is judged on (YYYY-MM-DD, default today)")
	asJSON := fl.Bool("json", false, "print JSON")
	unit := fl.String("unit", "", "assign: the unit (default: the category's)")
	deadline := fl.String("deadline", "", "assign: the deadline (default: the category's service level)")
	text := fl.String("text", "", "answer: the public answer")
	reason := fl.String("reason", "", "duplicate, reject: why")
	of := fl.String("of", "", "duplicate: the original report's id")
	note := fl.String("note", "", "a private note")
	user := fl.String("user", "", "who makes the change")
	pos, err := cli.ParseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return reportAction(ctx, e, *db, pos, casework.Step{Unit: *unit, Answer: *text, Reason: *reason, DuplicateOf: *of, Note: *note}, *deadline, *user)
	}
	if *status != "" && *status != "open" && !slices.Contains(casework.ReportStatuses, *status) {
		return cli.Usagef("--status không rõ %q; dùng (use): %s, open", *status, strings.Join(casework.ReportStatuses, ", "))
	}
	day, err := cli.DateOrToday(*date)
	if err != nil {
		return err
	}
	return withStore(ctx, *db, false, func(s *gpkg.Store) error {
		list, err := ward.Reports(ctx, s, day, ward.ReportFilter{Status: *status, Overdue: *overdue})
		if err != nil {
			return err
		}
		if *asJSON {
			return cli.PrintJSON(e.stdout, list)
		}
		fmt.Fprintf(e.stdout, "Ngày %s: %d phản ánh (reports); xử lý đúng hạn (processed on time) %s\n", day, list.Total, list.OnTime)
		t := cli.NewTable(e.stdout, "TRẠNG THÁI (STATUS)", "LĨNH VỰC (CATEGORY)", "TIẾP NHẬN (RECEIVED)", "HẠN (DEADLINE)", "QUÁ HẠN (OVERDUE)", "ĐỊA ĐIỂM (ADDRESS)", "ID")
		for _, r := range list.Reports {
			od := ""
			if r.OverdueDays > 0 {
				od = fmt.Sprintf("%d ngày", r.OverdueDays)
				if r.OverdueDays >= casework.EscalateAfter {
					od += " ⚠ lãnh đạo"
				}
			}
			if len(r.Suggestions) > 0 {
				od += fmt.Sprintf(" (có thể trùng %s)", r.Suggestions[0].ID)
			}
			t.Row(r.Status, r.Category, r.ReceivedAt.In(gis.VietnamTime).Format("2006-01-02 15:04"), r.Deadline, od, r.Address, r.ID)
		}
		return t.Flush()
	})
}

var reportVerbs = map[string]string{
	"assign": casework.Assigned, "progress": casework.InProgress, "answer": casework.Answered,
	"close": casework.Closed, "duplicate": casework.Duplicate, "reject": casework.NotCompetent,
}

// reportAction moves one report by one step (ward.MoveReport).
func reportAction(ctx context.Context, e *env, db string, pos []string, step casework.Step, deadline, user string) error {
	to, ok := reportVerbs[pos[0]]
	if !ok {
		return cli.Usagef("reports: lệnh con không rõ %q; dùng (use): assign, progress, answer, close, duplicate, reject", pos[0])
	}
	if len(pos) != 2 {
		return cli.Usagef("reports %s cần đúng một ID (needs one report ID)", pos[0])
	}
	id := pos[1]
	if !gis.ValidID(id) {
		return cli.Usagef("ID %q không phải UUID (not a UUID)", id)
	}
	if deadline != "" {
		d, err := gis.ParseDate(deadline)
		if err != nil {
			return cli.Usagef("--deadline cần dạng YYYY-MM-DD (needs YYYY-MM-DD): %q", deadline)
		}
		step.Deadline = d
	}
	step.To, step.At = to, time.Now().UTC()
	if to == casework.Duplicate && step.DuplicateOf == "" {
		return cli.Usagef("reports duplicate cần --of ID của phản ánh gốc (needs --of ORIGINAL_ID)")
	}
	return withStore(ctx, db, true, func(s *gpkg.Store) error {
		done, followers, err := ward.MoveReport(ctx, s, user, id, step)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s: %s", id, done.Text("status"))
		if u := done.Text("unit"); u != "" && to == casework.Assigned {
			dl, _ := done.Date("deadline")
			fmt.Fprintf(e.stdout, " → %s, hạn (deadline) %s", u, dl)
		}
		if len(followers) > 0 {
			fmt.Fprintf(e.stdout, "; trả lời cũng gửi tới %d phản ánh trùng (answer passed to %d duplicates)", len(followers), len(followers))
		}
		fmt.Fprintln(e.stdout)
		return nil
	})
}
