package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/ward"
	"wardmap/gis"
	"wardmap/gis/casework"
)

func init() {
	register(command{"reports", "phản ánh hiện trường: xem, lọc, quá hạn; assign|progress|answer|close|duplicate|reject ID (field reports)", runReports})
}

// reportRow is one report as `wardmap reports` prints it: no private field
// except the unit and the note's presence.
type reportRow struct {
	ID          string                `json:"id"`
	Status      string                `json:"status"`
	Category    string                `json:"category"`
	Channel     string                `json:"channel"`
	Address     string                `json:"address,omitempty"`
	Text        string                `json:"text"`
	ReceivedAt  time.Time             `json:"received_at"`
	Deadline    string                `json:"deadline,omitempty"`
	Unit        string                `json:"unit,omitempty"`
	OverdueDays int                   `json:"overdue_days,omitempty"`
	Escalation  string                `json:"escalation,omitempty"`
	Answer      string                `json:"public_answer,omitempty"`
	Reason      string                `json:"reason,omitempty"`
	DuplicateOf string                `json:"duplicate_of,omitempty"`
	Suggestions []casework.Suggestion `json:"duplicate_suggestions,omitempty"`
}

func loadKind(ctx context.Context, s *gpkg.Store, k gis.Kind) ([]*gis.Feature, error) {
	rs, err := s.Find(ctx, gpkg.Query{Kind: k})
	if err != nil {
		return nil, err
	}
	fs := make([]*gis.Feature, len(rs))
	for i, r := range rs {
		fs[i] = r.Feature
	}
	return fs, nil
}

func runReports(ctx context.Context, e *env, args []string) error {
	fl := flag.NewFlagSet("reports", flag.ContinueOnError)
	db := fl.String("db", "", "ward database")
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
	pos, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return reportAction(ctx, e, *db, pos, casework.Step{Unit: *unit, Answer: *text, Reason: *reason, DuplicateOf: *of, Note: *note}, *deadline, *user)
	}
	if *status != "" && *status != "open" && !slices.Contains(casework.ReportStatuses, *status) {
		return usagef("--status không rõ %q; dùng (use): %s, open", *status, strings.Join(casework.ReportStatuses, ", "))
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
	all, err := loadKind(ctx, s, gis.Report)
	if err != nil {
		return err
	}
	rows := []reportRow{}
	for _, f := range all {
		st := f.Text("status")
		if *status == "open" && !casework.ReportOpen(st) || *status != "" && *status != "open" && st != *status {
			continue
		}
		days, level := casework.Overdue(f, day)
		if *overdue && level == casework.NotOverdue {
			continue
		}
		rt, _ := f.Time("received_at")
		r := reportRow{ID: f.ID, Status: st, Category: f.Text("category"), Channel: f.Text("channel"), Address: f.Text("address"),
			Text: f.Text("text"), ReceivedAt: rt, Unit: f.Text("unit"), OverdueDays: days, Answer: f.Text("public_answer"),
			Reason: f.Text("reason"), DuplicateOf: f.Text("duplicate_of")}
		if dl, ok := casework.EffectiveDeadline(f); ok {
			r.Deadline = dl.String()
		}
		if level != casework.NotOverdue {
			r.Escalation = casework.LevelLabel(level).VI
		}
		if st == casework.Received {
			r.Suggestions = casework.SuggestDuplicates(f, all)
		}
		rows = append(rows, r)
	}
	// Most overdue first, then the newest.
	slices.SortStableFunc(rows, func(a, b reportRow) int {
		if a.OverdueDays != b.OverdueDays {
			return b.OverdueDays - a.OverdueDays
		}
		return b.ReceivedAt.Compare(a.ReceivedAt)
	})
	onTime := casework.ReportsOnTime(all, casework.Period{From: gis.Date{Year: 1, Month: 1, Day: 1}, To: day}, day)
	if *asJSON {
		out := struct {
			Date    string         `json:"date"`
			Total   int            `json:"total"`
			OnTime  casework.Ratio `json:"on_time"`
			Reports []reportRow    `json:"reports"`
		}{day.String(), len(rows), onTime, rows}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	fmt.Fprintf(e.stdout, "Ngày %s: %d phản ánh (reports); xử lý đúng hạn (processed on time) %s\n", day, len(rows), onTime)
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TRẠNG THÁI (STATUS)\tLĨNH VỰC (CATEGORY)\tTIẾP NHẬN (RECEIVED)\tHẠN (DEADLINE)\tQUÁ HẠN (OVERDUE)\tĐỊA ĐIỂM (ADDRESS)\tID")
	for _, r := range rows {
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
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Status, r.Category, r.ReceivedAt.In(gis.VietnamTime).Format("2006-01-02 15:04"), r.Deadline, od, r.Address, r.ID)
	}
	return tw.Flush()
}

var reportVerbs = map[string]string{
	"assign": casework.Assigned, "progress": casework.InProgress, "answer": casework.Answered,
	"close": casework.Closed, "duplicate": casework.Duplicate, "reject": casework.NotCompetent,
}

// reportAction moves one report by one step (ward.MoveReport).
func reportAction(ctx context.Context, e *env, db string, pos []string, step casework.Step, deadline, user string) error {
	to, ok := reportVerbs[pos[0]]
	if !ok {
		return usagef("reports: lệnh con không rõ %q; dùng (use): assign, progress, answer, close, duplicate, reject", pos[0])
	}
	if len(pos) != 2 {
		return usagef("reports %s cần đúng một ID (needs one report ID)", pos[0])
	}
	id := pos[1]
	if !gis.ValidID(id) {
		return usagef("ID %q không phải UUID (not a UUID)", id)
	}
	if deadline != "" {
		d, err := gis.ParseDate(deadline)
		if err != nil {
			return usagef("--deadline cần dạng YYYY-MM-DD (needs YYYY-MM-DD): %q", deadline)
		}
		step.Deadline = d
	}
	step.To, step.At = to, time.Now().UTC()
	if to == casework.Duplicate && step.DuplicateOf == "" {
		return usagef("reports duplicate cần --of ID của phản ánh gốc (needs --of ORIGINAL_ID)")
	}
	s, err := openStore(ctx, db, gpkg.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
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
}
