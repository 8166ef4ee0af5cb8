package ward

import (
	"testing"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
	"wardmap/gis/indicator"
)

// The board per scope, and a target's new version in force from its day
// only, made of the version it replaces.
func TestScoreboardAndTargets(t *testing.T) {
	ctx := t.Context()
	s := open(t, copyDemo(t))
	today := gis.Date{Year: 2026, Month: 12, Day: 1}
	p := indicator.MustPeriod("2026-Q4")
	cat, ward, err := Scoreboard(ctx, s, p, today, indicator.Ward)
	if err != nil || len(ward.Ward) != len(cat) || len(ward.TDPs) != 0 {
		t.Fatalf("ward: %d results of %d targets, %d TDPs, %v", len(ward.Ward), len(cat), len(ward.TDPs), err)
	}
	if _, tdp, _ := Scoreboard(ctx, s, p, today, indicator.TDP); len(tdp.TDPs) == 0 {
		t.Error("no TDP boards")
	}
	if !IsParam("lamp_working_min") || !IsParam("some_new_param") || IsParam(cat[0].Code) {
		t.Error("IsParam")
	}
	code := cat[0].Code
	from := gis.Date{Year: 2027, Month: 1, Day: 1}
	base, value := 12.5, 99.0
	if _, err := SetTarget(ctx, s, "lan", code, from, TargetChange{Baseline: &base, Value: &value}); err != nil {
		t.Fatal(err)
	}
	before, _ := s.Targets(ctx, from.AddDays(-1))
	after, _ := s.Targets(ctx, from)
	old, _ := before.Lookup(code)
	now, _ := after.Lookup(code)
	if now.Value != 99 || now.Baseline == nil || *now.Baseline != 12.5 || now.Name != old.Name || old.Value == 99 {
		t.Errorf("before %+v after %+v", old, now)
	}
	in, err := TargetsOn(ctx, s, from)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := in.Targets.Lookup(code); in.Date != "2027-01-01" || got.Value != 99 || len(in.Targets) != len(after) || in.Params[indicator.LampSpacing] == 0 {
		t.Errorf("in force on %s: %s %+v, params %v", from, in.Date, got, in.Params)
	}
	if _, err := SetTarget(ctx, s, "lan", "XX-99", from, TargetChange{Value: &value}); err == nil {
		t.Error("an unknown code was set")
	}
	if _, err := SetTarget(ctx, s, "lan", code, from, TargetChange{BaselinePeriod: "soon"}); gis.ErrorCode(err) != gis.EINVALID {
		t.Errorf("bad baseline period: %v", err)
	}
}

// A cycle's season is kept when only its days change, replaced or cleared
// when given.
func TestSetCycle(t *testing.T) {
	ctx := t.Context()
	s := open(t, copyDemo(t))
	season := func() string {
		cs, _ := s.Cycles(ctx)
		for _, c := range cs {
			if c.Key() == "drain" {
				return c.SeasonString()
			}
		}
		return "none"
	}
	six, empty := "5,6", ""
	if err := SetCycle(ctx, s, "lan", "drain", 30, &six, ""); err != nil {
		t.Fatal(err)
	}
	if err := SetCycle(ctx, s, "lan", "drain", 20, nil, "every 20 days"); err != nil || season() == "" || season() == "none" {
		t.Errorf("season after a change of days: %q, %v", season(), err)
	}
	if err := SetCycle(ctx, s, "lan", "drain", 20, &empty, ""); err != nil || season() != "" {
		t.Errorf("season cleared: %q, %v", season(), err)
	}
	if err := SetCycle(ctx, s, "lan", "no-such-kind", 20, nil, ""); err == nil {
		t.Error("a cycle for no kind was set")
	}
}

// Assignments filtered by person and day; done and cancelled by id.
func TestAssignments(t *testing.T) {
	ctx := t.Context()
	s := open(t, copyDemo(t))
	d1, d2 := gis.Date{Year: 2026, Month: 12, Day: 7}, gis.Date{Year: 2026, Month: 12, Day: 8}
	for _, a := range []*gpkg.Assignment{{Assignee: "an", Day: d1}, {Assignee: "an", Day: d2}, {Assignee: "binh", Day: d1}} {
		if err := s.SetAssignment(ctx, "lan", a); err != nil {
			t.Fatal(err)
		}
	}
	count := func(to string, day gis.Date) int {
		as, err := AssignmentsOf(ctx, s, to, day)
		if err != nil {
			t.Fatal(err)
		}
		return len(as)
	}
	all := count("", gis.Date{})
	if count("an", gis.Date{}) != 2 || count("", d1) != 2 || count("binh", d2) != 0 || all < 3 {
		t.Errorf("an %d, on %s %d, all %d", count("an", gis.Date{}), d1, count("", d1), all)
	}
	as, _ := AssignmentsOf(ctx, s, "binh", d1)
	a, err := SetAssignmentStatus(ctx, s, "lan", as[0].ID, "done")
	if err != nil || a.Status != "done" {
		t.Fatalf("%+v %v", a, err)
	}
	if as, _ := AssignmentsOf(ctx, s, "binh", d1); as[0].Status != "done" {
		t.Errorf("stored %q", as[0].Status)
	}
	if _, err := SetAssignmentStatus(ctx, s, "lan", gis.NewID(), "done"); gis.ErrorCode(err) != gis.ENOTFOUND {
		t.Errorf("unknown id: %v", err)
	}
}
