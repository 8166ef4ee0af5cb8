package demo_test

import (
	"testing"
	"time"

	"wardmap/gis"
	"wardmap/gis/demo"
	"wardmap/gis/indicator"
	"wardmap/gis/inspect"
)

// lastInspections is each record's latest inspection, as the store gives
// it to inspect.Due.
func lastInspections(fs []*gis.Feature) map[string]time.Time {
	last := map[string]time.Time{}
	for _, f := range fs {
		if f.Kind != gis.Inspection {
			continue
		}
		at, _ := f.Time("inspected_at")
		for _, id := range []string{f.Text("target_id"), f.Text("violation_id")} {
			if id != "" && at.After(last[id]) {
				last[id] = at
			}
		}
	}
	return last
}

// The demo has a year of history: inspections of every kind the due list
// knows, from a year before Today up to it, and the main streets swept in
// the last week for most of them (the cleaning indicator's cycle).
func TestHistoryCoversTheYear(t *testing.T) {
	w := demo.Generate()
	kinds := map[gis.Kind]int{}
	first, last := demo.Today, gis.Date{}
	cleaned := map[string]bool{}
	weekAgo := demo.Today.AddDays(-7)
	for _, f := range w.ByKind(gis.Inspection) {
		at, _ := f.Time("inspected_at")
		d := gis.LocalDate(at)
		if d.Before(first) {
			first = d
		}
		if last.Before(d) {
			last = d
		}
		kinds[gis.Kind(f.Text("target_kind"))]++
		if f.Text("activity") == "cleaning" && weekAgo.Before(d) {
			cleaned[f.Text("target_id")] = true
		}
	}
	for _, k := range inspect.DueKinds {
		if kinds[k] == 0 {
			t.Errorf("no inspection of a %s in the demo's history", k)
		}
	}
	if days := int(last.Time().Sub(first.Time()).Hours() / 24); days < 330 || demo.Today.Before(last) {
		t.Errorf("inspections from %s to %s, want about a year up to %s", first, last, demo.Today)
	}
	mains := 0
	for _, s := range w.ByKind(gis.Street) {
		if s.Text("class") == "main" {
			mains++
		}
	}
	if share := float64(len(cleaned)) / float64(mains); share < 0.7 || share > 0.98 {
		t.Errorf("%.0f%% of main segments swept in the last week, want most but not all", 100*share)
	}
}

// On Today, with the rounds starting on FirstCycleStart, the due list is
// what a ward can act on: tens of records of each kind, some of them
// overdue (main streets missed last week, violations past their deadline,
// assets checked months ago) — not the thousands a registry without
// history gives.
func TestFirstDayDueListIsTens(t *testing.T) {
	w := demo.Generate()
	items := inspect.Due(inspect.Input{Date: demo.Today, Cycles: inspect.Defaults(), Features: w.Features,
		Last: lastInspections(w.Features), Start: demo.FirstCycleStart})
	byKind := map[gis.Kind]int{}
	overdue := map[gis.Kind]int{}
	for _, it := range items {
		byKind[it.Kind]++
		if it.Overdue > 0 {
			overdue[it.Kind]++
		}
	}
	t.Logf("%d due: %v; overdue: %v", len(items), byKind, overdue)
	for k, n := range byKind {
		if n > 200 {
			t.Errorf("%d %s due on the first day, want tens", n, k)
		}
	}
	for _, k := range []gis.Kind{gis.Street, gis.Violation, gis.Lamp, gis.Drain} {
		if overdue[k] == 0 {
			t.Errorf("no %s overdue: the history should leave some behind", k)
		}
	}
	if len(items) > 500 {
		t.Errorf("%d items due on the first day, want a few hundred at most", len(items))
	}
}

// Shifted to a later day, the history ends there and nothing else
// changes.
func TestShiftMovesEveryDate(t *testing.T) {
	later := demo.Today.AddDays(200)
	days := demo.ShiftDays(later)
	if days != 200 {
		t.Fatalf("ShiftDays %d for 200 days later", days)
	}
	if demo.ShiftDays(demo.Today.AddDays(-30)) != 0 {
		t.Error("shifting to an earlier day")
	}
	a, b := demo.Generate(), demo.Generate()
	demo.Shift(b.Features, days)
	for i, f := range a.Features {
		g := b.Features[i]
		if !g.CreatedAt.Equal(f.CreatedAt.AddDate(0, 0, days)) {
			t.Fatalf("%s created %v, was %v", f.Kind, g.CreatedAt, f.CreatedAt)
		}
		for k, v := range f.Attrs {
			switch v := v.(type) {
			case gis.Date:
				if g.Attrs[k] != v.AddDays(days) {
					t.Fatalf("%s %s: %v, was %v", f.Kind, k, g.Attrs[k], v)
				}
			case time.Time:
				if wd := g.Attrs[k].(time.Time); !wd.Equal(v.AddDate(0, 0, days)) {
					t.Fatalf("%s %s: %v, was %v", f.Kind, k, wd, v)
				}
			}
		}
	}
}

// Every reported figure passes the rules a person's would (the TDP's head
// enters its figures), on the same day the same figures, and each
// reported target of the catalogue has some.
func TestEntriesPassTheRules(t *testing.T) {
	w := demo.Generate()
	cat := indicator.Catalogue(indicator.Defaults())
	heads := map[string]*gis.Feature{}
	for _, f := range w.ByKind(gis.TDP) {
		heads[f.ID] = f
	}
	es := w.Entries(demo.Today)
	codes := map[string]int{}
	for _, e := range es {
		tg, err := cat.Lookup(e.Code)
		if err != nil {
			t.Fatal(err)
		}
		var info *indicator.TDPInfo
		user := ""
		if f := heads[e.ScopeID]; f != nil {
			hh, _ := f.Float("households")
			info = &indicator.TDPInfo{ID: f.ID, Name: f.Text("name"), Head: f.Text("head"), Households: int64(hh)}
			user = f.ID
		}
		if err := indicator.Check(tg, &e, user, info); err != nil {
			t.Errorf("%s %s %s: %v", e.Code, e.ScopeID, e.Period, err)
		}
		if demo.Today.Before(gis.LocalDate(e.At)) {
			t.Errorf("%s entered %v, after today", e.Code, e.At)
		}
		codes[e.Code]++
	}
	for _, tg := range cat {
		if tg.Kind == indicator.Reported && codes[tg.Code] == 0 {
			t.Errorf("no figure for %s", tg.Code)
		}
	}
	if again := w.Entries(demo.Today); len(again) != len(es) || again[len(es)-1] != es[len(es)-1] {
		t.Error("the same day gave other figures")
	}
}
