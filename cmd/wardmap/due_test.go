package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"wardmap/app"
	"wardmap/cmd/internal/desktop"
	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
	"wardmap/gis/gistest"
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
	Start string `json:"first_cycle_start"`
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
// every open report, with streets inspected in the weekly rounds due one
// cycle after their last inspection and the rest in their first cycle,
// begun on demo.Today (init --demo sets it): hundreds, not the thousands
// of a registry without history; the list is most overdue first.
func TestDueOnDemo(t *testing.T) {
	db := demoDB(t)
	d := dueList(t, db, "--date", "2026-12-01")
	if d.Total < 100 || d.Total > 1500 || len(d.Items) != d.Total {
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
	if code != 0 || !strings.Contains(out, "5 việc quá hạn nhất") || !strings.Contains(out, ", từ ") {
		t.Errorf("text output:\n%s", out)
	}
	rows := 0
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "  ") && !strings.Contains(l, "QUÁ HẠN") {
			rows++
		}
	}
	if rows < 1 || rows > 5 {
		t.Errorf("%d section rows for 5 items:\n%s", rows, out)
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
	// (December: the demo's first cycle began in November, and a season
	// does not pile up the month a first cycle begins)
	wardmap(t, "cycles", "set", "lamp", "3650", "--season", "12", "--db", db)
	d := dueList(t, db, "--date", "2026-12-03")
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
		if c.Kind == "lamp" && c.Days == 3650 && len(c.Season) == 1 && c.Season[0] == 12 {
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

type dueGroupsJSON struct {
	Start  string `json:"first_cycle_start"`
	Total  int
	Items  []struct{ ID string }
	Groups []struct {
		Kind     string
		Count    int
		Sections []struct {
			SectionID string `json:"section_id"`
			Label     string
			TDP       string
			OfficeM   float64 `json:"office_m"`
			Edges     []string
			Items     []struct {
				Kind      string
				ID        string
				DueOn     string `json:"due_on"`
				Never     bool   `json:"never_inspected"`
				CycleDays int    `json:"cycle_days"`
			}
		}
	}
}

func dueGroupsOf(t *testing.T, db string, args ...string) dueGroupsJSON {
	t.Helper()
	out, errOut, code := wardmap(t, append([]string{"due", "--db", db, "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("due: %d %s", code, errOut)
	}
	var d dueGroupsJSON
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return d
}

// The demo ward starting its rounds on 2026-12-07 (`cycles start`): the
// never inspected records due that day are at most one cycle's share per
// kind and class, not thousands; the list comes by kind and street
// section, each section keeping its edge ids (the street items among
// them) and saying where it is; the text names sections, not edges.
func TestDueSectionsFirstCycle(t *testing.T) {
	db := copyDemo(t)
	if _, errOut, code := wardmap(t, "cycles", "start", "2026-12-07", "--db", db); code != 0 {
		t.Fatal(errOut)
	}
	// Every never inspected record is due once its first cycle is over:
	// a year on, the counts per kind and cycle give each day's share.
	n := map[string]int{}
	days := map[string]int{}
	for _, g := range dueGroupsOf(t, db, "--date", "2027-12-31").Groups {
		for _, s := range g.Sections {
			for _, it := range s.Items {
				if it.Never && it.CycleDays > 0 {
					k := it.Kind + "/" + strconv.Itoa(it.CycleDays)
					n[k]++
					days[k] = it.CycleDays
				}
			}
		}
	}
	share := map[string]int{}
	for k, c := range n {
		share[strings.Split(k, "/")[0]] += (c + days[k] - 1) / days[k]
	}
	d := dueGroupsOf(t, db, "--date", "2026-12-07")
	if d.Start != "2026-12-07" {
		t.Errorf("start %q", d.Start)
	}
	never := map[string]int{}
	grouped := 0
	for _, g := range d.Groups {
		labels := map[string]bool{}
		for _, s := range g.Sections {
			if labels[s.TDP+s.Label] {
				t.Errorf("%s: two sections read %q in %q", g.Kind, s.Label, s.TDP)
			}
			labels[s.TDP+s.Label] = true
			if s.OfficeM <= 0 {
				t.Errorf("%q: no distance from the office", s.Label)
			}
			for _, it := range s.Items {
				grouped++
				if it.Never {
					never[it.Kind]++
				}
				if it.Kind == "street" && (s.SectionID == "" || !slices.Contains(s.Edges, it.ID)) {
					t.Errorf("street %s not among the edges of %q", it.ID, s.Label)
				}
			}
		}
	}
	if grouped != d.Total || len(d.Items) != d.Total {
		t.Errorf("%d grouped, %d items, total %d", grouped, len(d.Items), d.Total)
	}
	for k, c := range never {
		if c > share[k] || share[k] == 0 {
			t.Errorf("%s: %d never inspected due on the first day, one cycle's share is %d", k, c, share[k])
		}
	}
	if never["street"] == 0 || never["lamp"] == 0 || d.Total > 600 {
		t.Errorf("first day: %d due, never inspected %v", d.Total, never)
	}
	out, _, _ := wardmap(t, "due", "--db", db, "--date", "2026-12-07")
	if !strings.Contains(out, "Chu kỳ đầu tính từ 2026-12-07") || !strings.Contains(out, ", từ ") || strings.Contains(out, d.Items[0].ID) {
		t.Errorf("text output:\n%.2000s", out)
	}
	// --start previews another day; "none" clears the stored one.
	if p := dueGroupsOf(t, db, "--date", "2026-12-07", "--start", "2026-12-01"); p.Total <= d.Total {
		t.Errorf("a start 6 days earlier: %d due, not more than %d", p.Total, d.Total)
	}
	if _, errOut, code := wardmap(t, "cycles", "start", "07/12/2026", "--db", db); code == 0 || !strings.Contains(errOut, "YYYY-MM-DD") {
		t.Errorf("bad start: %d %s", code, errOut)
	}
	if _, errOut, code := wardmap(t, "cycles", "start", "none", "--db", db); code != 0 {
		t.Fatal(errOut)
	}
	if all := dueGroupsOf(t, db, "--date", "2026-12-07"); all.Total < 5000 || all.Start != "" {
		t.Errorf("without a start: %d due, start %q", all.Total, all.Start)
	}
}

// Real streets (Monaco from OSM, no TDPs, no office): with every street
// due, each segment is in exactly one section, no two sections read
// alike, and streets OSM leaves unnamed ("(không tên)") do not cut named
// ones: a named section spans several segments somewhere.
func TestDueSectionsOnOSM(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.gpkg")
	if _, errOut, code := wardmap(t, "init", "--db", db); code != 0 {
		t.Fatal(errOut)
	}
	if _, errOut, code := wardmap(t, "import", "osm", gistest.SharedData(t, "osm", "monaco.osm.gz"), "--db", db, "--quiet"); code != 0 {
		t.Fatal(errOut)
	}
	d := dueGroupsOf(t, db, "--date", "2030-01-01")
	if len(d.Groups) != 1 || d.Groups[0].Kind != "street" {
		t.Fatalf("groups %+v", d.Groups)
	}
	edges := map[string]bool{}
	labels := map[string]bool{}
	long := 0
	for _, s := range d.Groups[0].Sections {
		if labels[s.Label] {
			t.Errorf("two sections read %q", s.Label)
		}
		labels[s.Label] = true
		for _, e := range s.Edges {
			if edges[e] {
				t.Errorf("edge %s in two sections", e)
			}
			edges[e] = true
		}
		if len(s.Edges) > 3 && !strings.HasPrefix(s.Label, "Đường không tên") {
			long++
		}
	}
	if len(edges) != d.Total || long == 0 {
		t.Errorf("%d edges in %d sections for %d street items; %d named sections of 4+ segments", len(edges), len(labels), d.Total, long)
	}
	t.Logf("%d segments in %d sections", len(edges), len(labels))
}

// The window's way to the grouped list gives what the command prints.
func TestDueSectionsForTheWindow(t *testing.T) {
	db := demoDB(t)
	s := openTestStore(t, db)
	defer s.Close()
	groups, err := desktop.Wire(s, app.Deps{}).Plans.DueSections(t.Context(), gis.Date{Year: 2026, Month: 12, Day: 1})
	if err != nil {
		t.Fatal(err)
	}
	d := dueGroupsOf(t, db, "--date", "2026-12-01")
	if len(groups) != len(d.Groups) {
		t.Fatalf("%d groups, the command %d", len(groups), len(d.Groups))
	}
	for i, g := range groups {
		c := d.Groups[i]
		if string(g.Kind) != c.Kind || g.Count != c.Count || len(g.Sections) != len(c.Sections) ||
			g.Sections[0].Label != c.Sections[0].Label || len(g.Sections[0].Edges) != len(c.Sections[0].Edges) {
			t.Errorf("%s: %d items in %d sections, the command %s: %d in %d", g.Kind, g.Count, len(g.Sections), c.Kind, c.Count, len(c.Sections))
		}
	}
}

// `init --demo` makes a ward whose history ends on the day it is made
// (--today, else the clock) and whose rounds start that day: its due list
// then is a few hundred items, tens of each kind, whatever the day; its
// reported figures are there for the months before, and nothing waits to
// be sent.
func TestInitDemoStartsFirstCycle(t *testing.T) {
	for _, day := range []string{"2026-11-25", "2027-03-10"} {
		db := filepath.Join(t.TempDir(), "demo.gpkg")
		if out, errOut, code := wardmap(t, "init", "--demo", "--db", db, "--today", day); code != 0 {
			t.Fatalf("init: %d %s %s", code, out, errOut)
		}
		d := dueList(t, db, "--date", day)
		kinds := map[string]int{}
		for _, it := range d.Items {
			kinds[it.Kind]++
		}
		if d.Start != day || d.Total < 50 || d.Total > 500 {
			t.Errorf("%s: first cycle from %q, %d due (%v), want from %s and hundreds at most", day, d.Start, d.Total, kinds, day)
		}
		for k, n := range kinds {
			if n > 200 {
				t.Errorf("%s: %d %s due, want tens", day, n, k)
			}
		}
		s, err := gpkg.Open(context.Background(), db, gpkg.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		var figures, latest int
		var lastFound string
		if err := s.QueryRow(context.Background(), "SELECT count(*) FROM wm_reported", &figures); err != nil {
			t.Fatal(err)
		}
		if err := s.QueryRow(context.Background(), "SELECT count(*) FROM wm_outbox", &latest); err != nil {
			t.Fatal(err)
		}
		if err := s.QueryRow(context.Background(), "SELECT max(found_on) FROM violation", &lastFound); err != nil {
			t.Fatal(err)
		}
		s.Close()
		if figures < 100 || latest != 0 || lastFound != day {
			t.Errorf("%s: %d reported figures, %d changes pending, last violation found %s; want 100+, none, that day", day, figures, latest, lastFound)
		}
	}
}
