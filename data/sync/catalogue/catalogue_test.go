package catalogue

import (
	"testing"

	"wardmap/gis"
)

func TestCheck(t *testing.T) {
	cycle := func(days any) map[string]any {
		return map[string]any{"kind": "tree", "class": "", "days": days}
	}
	id := ID(KindCycle, cycle(int64(90)))
	cases := []struct {
		name   string
		kind   string
		id     string
		fields map[string]any
		ok     bool
	}{
		{"a cycle keyed by kind and class", KindCycle, id, cycle(int64(90)), true},
		{"days as a JSON number", KindCycle, id, cycle(90.0), true},
		{"days out of range", KindCycle, id, cycle(int64(4000)), false},
		{"days not whole", KindCycle, id, cycle(1.5), false},
		{"an ID not made from the key", KindCycle, gis.NewID(), cycle(int64(90)), false},
		{"a field the kind has not", KindCycle, id, map[string]any{"kind": "tree", "class": "", "days": int64(9), "colour": "red"}, false},
		{"a required field missing", KindCycle, id, map[string]any{"kind": "tree", "class": ""}, false},
		{"an unknown kind", "budget", id, cycle(int64(90)), false},
		{"an assignment", KindAssignment, gis.NewID(), map[string]any{"assignee": "lan", "day": "2026-12-07", "status": "open"}, true},
		{"an assignment on no day", KindAssignment, gis.NewID(), map[string]any{"assignee": "lan", "day": "7/12/2026", "status": "open"}, false},
		{"an assignment of a status not listed", KindAssignment, gis.NewID(), map[string]any{"assignee": "lan", "day": "2026-12-07", "status": "late"}, false},
		{"an assignment of something not a UUID", KindAssignment, gis.NewID(), map[string]any{"assignee": "lan", "day": "2026-12-07", "status": "open", "targets": "x"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := Check(tc.kind, tc.id, tc.fields)
			if (err == nil) != tc.ok {
				t.Fatalf("Check = %v, want ok %v", err, tc.ok)
			}
			if err != nil && gis.ErrorCode(err) != gis.EINVALID {
				t.Errorf("code %q", gis.ErrorCode(err))
			}
		})
	}
}

// A figure keeps the ID its laptop made after the server put its account
// in entered_by (the name moves to entered_as).
func TestIDOfAReportedFigure(t *testing.T) {
	laptop := map[string]any{"code": "ENV-01", "scope": "ward", "scope_id": "", "period": "2026-05", "entered_by": "Hòa", "entered_at": "2026-06-01T08:00:00.000Z"}
	server := map[string]any{"code": "ENV-01", "scope": "ward", "scope_id": "", "period": "2026-05", "entered_by": "hoa@ward", "entered_as": "Hòa", "entered_at": "2026-06-01T08:00:00.000Z"}
	if a, b := ID(KindFigure, laptop), ID(KindFigure, server); a != b || a == "" {
		t.Errorf("IDs %q and %q", a, b)
	}
	if ID(KindAssignment, laptop) != "" || Key(KindAssignment) != nil || !InsertOnly(KindFigure) || InsertOnly(KindTarget) {
		t.Error("assignments have their own IDs; only figures are insert-only")
	}
	if !IsKind(KindParam) || IsKind("tree") {
		t.Error("IsKind")
	}
}

// Every seeded record passes Check, and every seeded target reads as one.
func TestSeed(t *testing.T) {
	seed, err := Seed()
	if err != nil {
		t.Fatal(err)
	}
	targets := 0
	for id, r := range seed {
		if err := Check(r.Kind, id, r.Fields); err != nil {
			t.Errorf("seed %s %s: %v", r.Kind, id, err)
		}
		if r.Kind != KindTarget {
			continue
		}
		targets++
		tg, err := Target(r.Fields)
		if err != nil || tg.Code == "" || tg.ValidFrom.IsZero() || len(tg.Scopes) == 0 {
			t.Errorf("target %v: %+v %v", r.Fields["code"], tg, err)
		}
	}
	if targets == 0 {
		t.Error("no targets seeded")
	}
}
