package inspect_test

import (
	"strconv"
	"testing"
	"time"

	"wardmap/gis"
	"wardmap/gis/demo"
	"wardmap/gis/inspect"
)

// neverInspected is the demo ward as a ward that has just begun: no
// inspection records and no street's last_inspected date.
func neverInspected(t *testing.T) []*gis.Feature {
	t.Helper()
	var fs []*gis.Feature
	for _, f := range demo.Generate().Features {
		if f.Kind == gis.Inspection {
			continue
		}
		delete(f.Attrs, "last_inspected")
		fs = append(fs, f)
	}
	return fs
}

// share is what one day of the first cycle may hold for each kind: for
// every kind/class cohort, ⌈n/days⌉ records.
func share(t *testing.T, fs []*gis.Feature, cs inspect.Cycles) map[gis.Kind]int {
	t.Helper()
	type key struct {
		k    gis.Kind
		days int
	}
	n := map[key]int{}
	// Every record is due on its first cycle's last day at the latest, so
	// counting the due list one cycle after the start gives n per cohort.
	for _, it := range inspect.Due(inspect.Input{Date: day("2027-12-31"), Cycles: cs, Features: fs, Start: day("2026-12-07")}) {
		if it.Never && it.CycleDays > 0 {
			n[key{it.Kind, it.CycleDays}]++
		}
	}
	out := map[gis.Kind]int{}
	for k, c := range n {
		out[k.k] += (c + k.days - 1) / k.days
	}
	return out
}

// A ward with no inspection history, starting its rounds on a day, sees
// one cycle's share of each kind on that day and each day after, not
// every record overdue at once; every record falls due within its first
// cycle, and the same input gives the same days.
func TestDueFirstCycleIsSpread(t *testing.T) {
	fs := neverInspected(t)
	cs := inspect.Defaults()
	start := day("2026-12-07")
	limit := share(t, fs, cs)
	if len(limit) < 5 {
		t.Fatalf("only %d kinds have cycles: %v", len(limit), limit)
	}
	seen := map[string]gis.Date{}
	// Every day of the shortest cycles, then a day a week up to a year.
	for d := 0; d < 400; d = next(d) {
		today := start.AddDays(d)
		items := inspect.Due(inspect.Input{Date: today, Cycles: cs, Features: fs, Start: start})
		perKind := map[gis.Kind]int{}
		for _, it := range items {
			if !it.Never {
				continue
			}
			if d >= it.CycleDays {
				// The first cycle is over: overdue since it began.
				if it.DueOn != start {
					t.Fatalf("%s: %s due on %s after its first cycle, want %s", today, it.ID, it.DueOn, start)
				}
				continue
			}
			if prev, ok := seen[it.ID]; ok && prev != it.DueOn {
				t.Fatalf("%s due on %s, then %s", it.ID, prev, it.DueOn)
			}
			seen[it.ID] = it.DueOn
			if it.DueOn.Before(start) || !it.DueOn.Before(start.AddDays(it.CycleDays)) {
				t.Fatalf("%s %s due on %s, outside its first cycle of %d days from %s", it.Kind, it.ID, it.DueOn, it.CycleDays, start)
			}
			if it.DueOn == today {
				perKind[it.Kind]++
			}
		}
		for k, n := range perKind {
			if n > limit[k] {
				t.Errorf("%s: %d %s due, more than one cycle's share (%d)", today, n, k, limit[k])
			}
		}
		if d == 0 {
			total := 0
			for _, it := range items {
				if it.Never {
					total++
				}
			}
			// The demo has thousands of records; the first day sees tens.
			if total == 0 || total > 300 {
				t.Errorf("first day: %d never inspected records due", total)
			}
			t.Logf("first day %s: %d due, per kind %v (limits %v)", today, total, perKind, limit)
		}
	}
	// Without a start the first cycle counts from the day a record entered
	// the registry (the demo's, 2026-01-05): long past, so all are due.
	items := inspect.Due(inspect.Input{Date: start, Cycles: cs, Features: fs})
	if len(items) < len(seen)*9/10 {
		t.Errorf("without a start: %d due, want nearly all %d", len(items), len(seen))
	}
}

func next(d int) int {
	if d < 35 {
		return d + 1
	}
	return d + 7
}

// A ward that begins in the drains' season month spreads them over their
// first cycle like any month; one that began before the season sees every
// drain not yet inspected due on the season's first day.
func TestDueFirstCycleAndSeason(t *testing.T) {
	var fs []*gis.Feature
	for i := range 60 {
		f := feat("drain-"+strconv.Itoa(i), gis.Drain, map[string]any{})
		f.CreatedAt = time.Time{}
		fs = append(fs, f)
	}
	count := func(date, start string) int {
		return len(inspect.Due(inspect.Input{Date: day(date), Start: day(start), Cycles: inspect.Defaults(), Features: fs}))
	}
	// Drains: monthly (30 days) and April: 60 drains, 2 a day.
	if n := count("2026-04-10", "2026-04-10"); n != 2 {
		t.Errorf("first day in the season month: %d drains due, want 2", n)
	}
	if n := count("2026-04-01", "2026-03-25"); n != 60 {
		t.Errorf("season after a start in March: %d drains due, want 60", n)
	}
	if n := count("2026-03-31", "2026-03-25"); n != 14 {
		t.Errorf("7th day of the first cycle: %d drains due, want 14", n)
	}
}
