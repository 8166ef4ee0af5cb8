package ward

import (
	"encoding/json"
	"strings"
	"testing"

	"wardmap/gis"
	"wardmap/gis/casework"
	"wardmap/gis/indicator"
)

// The reports list of the demo ward: every report once, the filters keep
// what they say, most overdue first, and a received report next to a
// near copy is offered as its duplicate.
func TestReports(t *testing.T) {
	ctx := t.Context()
	s := open(t, copyDemo(t))
	day := gis.Date{Year: 2026, Month: 12, Day: 1}
	all, err := Reports(ctx, s, day, ReportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	live, _ := Features(ctx, s, gis.Report)
	if all.Total != len(live) || len(all.Reports) != all.Total || all.Date != "2026-12-01" || all.OnTime.Den == 0 {
		t.Fatalf("%d of %d reports, %+v", all.Total, len(live), all.OnTime)
	}
	for i := 1; i < len(all.Reports); i++ {
		if a, b := all.Reports[i-1], all.Reports[i]; a.OverdueDays < b.OverdueDays ||
			a.OverdueDays == b.OverdueDays && a.ReceivedAt.Before(b.ReceivedAt) {
			t.Fatalf("row %d (%d days, %v) before row %d (%d days, %v)", i-1, a.OverdueDays, a.ReceivedAt, i, b.OverdueDays, b.ReceivedAt)
		}
	}
	open, _ := Reports(ctx, s, day, ReportFilter{Status: "open"})
	overdue, _ := Reports(ctx, s, day, ReportFilter{Overdue: true})
	if open.Total == 0 || open.Total >= all.Total || overdue.Total == 0 {
		t.Fatalf("open %d, overdue %d of %d", open.Total, overdue.Total, all.Total)
	}
	for _, r := range open.Reports {
		if !casework.ReportOpen(r.Status) {
			t.Errorf("open list holds %s %s", r.ID, r.Status)
		}
	}
	for _, r := range overdue.Reports {
		if r.Escalation == "" {
			t.Errorf("overdue list holds %s, not overdue", r.ID)
		}
	}
	received, _ := Reports(ctx, s, day, ReportFilter{Status: casework.Received})
	for _, r := range received.Reports {
		if r.Status != casework.Received {
			t.Errorf("received list holds %s %s", r.ID, r.Status)
		}
	}
}

// Violations: by kind, newest first, the key routes counted against a
// baseline, the encroachment kinds unless one is asked for.
func TestViolations(t *testing.T) {
	ctx := t.Context()
	s := open(t, copyDemo(t))
	all, err := ViolationsOf(ctx, s, "")
	if err != nil || len(all) == 0 {
		t.Fatalf("%d violations, %v", len(all), err)
	}
	kind := all[0].Text("kind")
	some, _ := ViolationsOf(ctx, s, kind)
	if len(some) == 0 || len(some) >= len(all) {
		t.Fatalf("%d of %d are %s", len(some), len(all), kind)
	}
	for _, v := range some {
		if v.Text("kind") != kind {
			t.Errorf("%s is %s", v.ID, v.Text("kind"))
		}
	}
	list := ListViolations(all, casework.HotspotRadius)
	if list.Total != len(all) || len(list.Violations) != len(all) || list.AdsResolved.Den == 0 {
		t.Fatalf("%d listed of %d, ads %+v", list.Total, len(all), list.AdsResolved)
	}
	recurring := 0
	for i, r := range list.Violations {
		if i > 0 && list.Violations[i-1].FoundOn < r.FoundOn {
			t.Fatalf("%s before %s", list.Violations[i-1].FoundOn, r.FoundOn)
		}
		if r.Recurrence > 1 {
			recurring++
		}
	}
	if recurring == 0 {
		t.Error("no violation recurs in the demo ward")
	}
	rl, err := RouteViolations(ctx, s, all, "", indicator.MustPeriod("2026-Q4"), indicator.MustPeriod("2026-Q1"))
	if err != nil || len(rl.Kinds) != len(casework.EncroachKinds) || len(rl.Routes) < 2 || rl.Routes[len(rl.Routes)-1].Route != "" ||
		rl.Period != "2026-Q4" || rl.Baseline != "2026-Q1" {
		t.Fatalf("routes %+v %v", rl, err)
	}
	if rl, _ := RouteViolations(ctx, s, all, kind, indicator.MustPeriod("2026"), indicator.MustPeriod("2025")); len(rl.Kinds) != 1 || rl.Kinds[0] != kind {
		t.Errorf("one kind: %v", rl.Kinds)
	}
	// Hotspots: every member a violation of the hotspot's kind; none
	// above a threshold no place reaches is [] in JSON, not null.
	hl := Hotspots(all, casework.HotspotRadius, 2)
	if len(hl.Hotspots) == 0 || hl.Radius != casework.HotspotRadius || hl.Threshold != 2 {
		t.Fatalf("hotspots %+v", hl)
	}
	byID := map[string]string{}
	for _, v := range all {
		byID[v.ID] = v.Text("kind")
	}
	for _, h := range hl.Hotspots {
		for _, id := range h.IDs {
			if byID[id] != h.Kind {
				t.Errorf("hotspot of %s holds %s (%s)", h.Kind, id, byID[id])
			}
		}
	}
	if b, _ := json.Marshal(Hotspots(all, 1, len(all)+1)); !strings.Contains(string(b), `"hotspots":[]`) {
		t.Errorf("no hotspot: %s", b)
	}
}
