package inspect_test

import (
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/inspect"
)

func day(s string) gis.Date {
	d, err := gis.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func at(s string) time.Time { return day(s).Time().Add(3 * time.Hour) } // 10:00 ICT

func feat(id string, k gis.Kind, attrs map[string]any) *gis.Feature {
	var g orb.Geometry = orb.Point{106.63, 20.81}
	if k == gis.Street {
		g = orb.LineString{{106.63, 20.81}, {106.631, 20.81}}
	}
	f := &gis.Feature{ID: id, Kind: k, Geom: g, Attrs: attrs}
	f.CreatedAt = at("2026-01-05")
	return f
}

func TestDueKnownAnswers(t *testing.T) {
	fs := []*gis.Feature{
		feat("lamp-month", gis.Lamp, map[string]any{"status": "working"}),
		feat("drain-season", gis.Drain, map[string]any{"status": "clear"}),
		feat("tree-season", gis.Tree, map[string]any{}),
		feat("tree-fresh", gis.Tree, map[string]any{}),
		feat("viol-open", gis.Violation, map[string]any{"status": "recorded", "deadline": day("2026-11-20")}),
		feat("viol-checked", gis.Violation, map[string]any{"status": "recorded", "deadline": day("2026-11-20")}),
		feat("viol-resolved", gis.Violation, map[string]any{"status": "resolved", "deadline": day("2026-11-20")}),
		feat("report-open", gis.Report, map[string]any{"status": "in_progress", "received_at": at("2026-11-24")}),
		feat("report-closed", gis.Report, map[string]any{"status": "closed", "received_at": at("2026-11-24")}),
		feat("key", gis.Street, map[string]any{"class": "main", "key_route": true, "last_inspected": day("2026-11-30"), "cycle_days": int64(7)}),
		feat("secondary-own", gis.Street, map[string]any{"class": "secondary", "cycle_days": int64(14), "last_inspected": day("2026-11-01")}),
		feat("alley-never", gis.Street, map[string]any{"class": "alley"}),
		feat("plate-year", gis.Plate, map[string]any{}),
	}
	last := map[string]time.Time{
		"lamp-month":   at("2026-11-01"),
		"drain-season": at("2026-03-20"),
		"tree-season":  at("2026-05-10"),
		"tree-fresh":   at("2026-06-02"),
		"viol-checked": at("2026-11-21"),
		"plate-year":   at("2026-02-01"),
	}
	cases := []struct {
		date string
		want map[string]int // id -> overdue days
	}{
		{"2026-11-30", map[string]int{"viol-open": 10, "viol-checked": -1, "report-open": 6, "key": -1, "secondary-own": 15, "alley-never": 329, "lamp-month": -1}},
		{"2026-12-01", map[string]int{"lamp-month": 0, "key": 0, "secondary-own": 16, "alley-never": 330, "viol-open": 11, "plate-year": -1}},
		{"2026-04-05", map[string]int{"drain-season": 4}},
		{"2026-03-31", map[string]int{"drain-season": -1}},
		{"2026-06-15", map[string]int{"tree-season": 14, "tree-fresh": -1}},
		{"2027-02-01", map[string]int{"plate-year": 0}},
	}
	for _, c := range cases {
		items := inspect.Due(inspect.Input{Date: day(c.date), Cycles: inspect.Defaults(), Features: fs, Last: last})
		got := map[string]inspect.Item{}
		for i, it := range items {
			got[it.ID] = it
			if i > 0 && items[i-1].Overdue < it.Overdue {
				t.Errorf("%s: not most-overdue first at %d", c.date, i)
			}
		}
		for id, want := range c.want {
			it, ok := got[id]
			switch {
			case want < 0 && ok:
				t.Errorf("%s: %s is listed (overdue %d, %s), want not due", c.date, id, it.Overdue, it.Reason)
			case want >= 0 && !ok:
				t.Errorf("%s: %s not listed, want overdue %d", c.date, id, want)
			case want >= 0 && it.Overdue != want:
				t.Errorf("%s: %s overdue %d (%s), want %d", c.date, id, it.Overdue, it.Reason, want)
			}
		}
		for _, never := range []string{"viol-resolved", "report-closed"} {
			if _, ok := got[never]; ok {
				t.Errorf("%s: %s is closed but listed", c.date, never)
			}
		}
	}
	items := inspect.Due(inspect.Input{Date: day("2026-04-05"), Cycles: inspect.Defaults(), Features: fs, Last: last})
	for _, it := range items {
		if it.ID == "drain-season" && it.Reason != "trước mùa mưa" {
			t.Errorf("drain reason %q", it.Reason)
		}
		if it.ID == "key" && it.Class != "key" {
			t.Errorf("key route class %q", it.Class)
		}
	}
}

// A street's cycle is its class's, or its own cycle_days when stricter; a
// cycle edited in the table changes what is due.
func TestDueFollowsEditedCycles(t *testing.T) {
	fs := []*gis.Feature{feat("main", gis.Street, map[string]any{"class": "main", "last_inspected": day("2026-11-20")})}
	cs := inspect.Defaults()
	in := inspect.Input{Date: day("2026-11-25"), Cycles: cs, Features: fs}
	if n := len(inspect.Due(in)); n != 0 {
		t.Fatalf("weekly main street due after 5 days")
	}
	for i := range cs {
		if cs[i].Key() == "street/main" {
			cs[i].Days = 3
		}
	}
	items := inspect.Due(in)
	if len(items) != 1 || items[0].Overdue != 2 {
		t.Fatalf("3-day cycle: %+v", items)
	}
}

func TestCycleValidate(t *testing.T) {
	for _, c := range []inspect.Cycle{
		{Kind: gis.Violation, Days: 3},
		{Kind: gis.Lamp, Class: "main", Days: 3},
		{Kind: gis.Street, Class: "boulevard", Days: 3},
		{Kind: gis.Street, Class: "main", Days: -1},
		{Kind: gis.Street, Class: "main", Days: 4000},
		{Kind: gis.Tree, Days: 0},
	} {
		if err := c.Validate(); err == nil || gis.ErrorCode(err) != gis.EINVALID {
			t.Errorf("%+v: %v", c, err)
		}
	}
	if _, err := inspect.ParseSeason("4,13"); err == nil {
		t.Error("month 13 accepted")
	}
	if m, err := inspect.ParseSeason(" 6, 4,6"); err != nil || len(m) != 2 || m[0] != 4 {
		t.Errorf("%v %v", m, err)
	}
}
