package main

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wardmap/data/gpkg"
)

// copyDemo gives a test its own writable copy of the demo database.
func copyDemo(t *testing.T) string {
	t.Helper()
	src := demoDB(t)
	dst := filepath.Join(t.TempDir(), "ward.gpkg")
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return dst
}

type dueJSON struct {
	Date  string
	Total int
	Items []struct {
		Kind           string
		ID             string
		Class          string
		DueOn          string `json:"due_on"`
		Overdue        int    `json:"overdue_days"`
		LastInspected  string `json:"last_inspected"`
		NeverInspected bool   `json:"never_inspected"`
		CycleDays      int    `json:"cycle_days"`
		Location       []float64
	}
}

func dueList(t *testing.T, db string, args ...string) dueJSON {
	t.Helper()
	out, errOut, code := wardmap(t, append([]string{"due", "--db", db, "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("due: %d %s", code, errOut)
	}
	var d dueJSON
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return d
}

// On the demo ward, `due` lists every open violation past its deadline and
// every open report, with streets inspected in the autumn round due one
// cycle after their last inspection; the list is most overdue first.
func TestDueOnDemo(t *testing.T) {
	db := demoDB(t)
	d := dueList(t, db, "--date", "2026-12-01")
	if d.Total < 1000 || len(d.Items) != d.Total {
		t.Fatalf("total %d, items %d", d.Total, len(d.Items))
	}
	kinds := map[string]int{}
	for i, it := range d.Items {
		kinds[it.Kind]++
		if i > 0 && d.Items[i-1].Overdue < it.Overdue {
			t.Fatalf("not sorted at %d", i)
		}
		if len(it.Location) != 2 || it.Location[0] < 106.6 || it.Location[1] < 20.7 {
			t.Fatalf("location %v", it.Location)
		}
		if it.Kind == "street" && !it.NeverInspected && it.CycleDays > 0 {
			if it.LastInspected == "" || it.LastInspected > "2026-12-01" {
				t.Errorf("street %s due but last %q", it.ID, it.LastInspected)
			}
		}
	}
	for _, k := range []string{"street", "lamp", "drain", "tree", "plate", "violation", "report"} {
		if kinds[k] == 0 {
			t.Errorf("no %s due on the demo ward: %v", k, kinds)
		}
	}
	// The reports in need of a visit are those still open, counted by SQL.
	var want int
	s := openTestStore(t, db)
	if err := s.QueryRow(t.Context(), `SELECT count(*) FROM report WHERE deleted = 0 AND geom IS NOT NULL
		AND status IN ('received','assigned','in_progress') AND date(received_at, '+7 hours') <= '2026-12-01'
		AND id NOT IN (SELECT target_id FROM inspection WHERE deleted = 0 AND datetime(inspected_at) >= datetime(report.received_at))`, &want); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if kinds["report"] != want {
		t.Errorf("reports due %d, SQL says %d", kinds["report"], want)
	}
	// Limit and text output.
	out, _, code := wardmap(t, "due", "--db", db, "--date", "2026-12-01", "--limit", "5")
	if code != 0 || strings.Count(out, "\n") != 7 || !strings.Contains(out, "quá hạn") {
		t.Errorf("text output:\n%s", out)
	}
}

func TestCyclesEdit(t *testing.T) {
	db := copyDemo(t)
	before := dueList(t, db, "--date", "2026-11-28")
	count := func(d dueJSON, kind, class string) int {
		n := 0
		for _, it := range d.Items {
			if it.Kind == kind && (class == "" || it.Class == class) {
				n++
			}
		}
		return n
	}
	out, errOut, code := wardmap(t, "cycles", "set", "street/main", "365", "--db", db, "--user", "planner")
	if code != 0 || !strings.Contains(out, "street/main") || !strings.Contains(out, "365") {
		t.Fatalf("set: %d %s %s", code, out, errOut)
	}
	after := dueList(t, db, "--date", "2026-11-28")
	// Main streets with their own weekly cycle_days stay due (the stricter
	// cycle counts); none due by the class's cycle alone remains.
	if count(after, "street", "main") > count(before, "street", "main") {
		t.Errorf("main streets due went up")
	}
	// A season for lamps makes every lamp not inspected this month due.
	wardmap(t, "cycles", "set", "lamp", "3650", "--season", "11", "--db", db)
	d := dueList(t, db, "--date", "2026-11-28")
	if n := count(d, "lamp", ""); n < 800 {
		t.Errorf("lamps due in their season month: %d", n)
	}
	out, _, _ = wardmap(t, "cycles", "--db", db, "--json")
	var cs []struct {
		Kind   string
		Class  string
		Days   int
		Season []int
	}
	if err := json.Unmarshal([]byte(out), &cs); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range cs {
		if c.Kind == "lamp" && c.Days == 3650 && len(c.Season) == 1 && c.Season[0] == 11 {
			found = true
		}
	}
	if !found {
		t.Errorf("lamp cycle not stored: %s", out)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"cycles", "set", "lamp/main", "5"}, "class"},
		{[]string{"cycles", "set", "violation", "5"}, "cycle"},
		{[]string{"cycles", "set", "street/main", "4000"}, "range"},
		{[]string{"cycles", "set", "street/main", "x"}, "whole number"},
		{[]string{"cycles", "set", "tree", "30", "--season", "13"}, "month"},
		{[]string{"cycles", "frob"}, "unknown subcommand"},
		{[]string{"due", "--date", "2026-13-01"}, "YYYY-MM-DD"},
	} {
		_, errOut, code := wardmap(t, append(c.args, "--db", db)...)
		if code == 0 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, %q", c.args, code, errOut)
		}
	}
}

func openTestStore(t *testing.T, db string) *gpkg.Store {
	t.Helper()
	s, err := gpkg.Open(t.Context(), db, gpkg.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
