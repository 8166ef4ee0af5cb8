package ward

import (
	"encoding/json"
	"testing"

	"wardmap/data/laptop/ward/wardtest"
	"wardmap/gis"
	"wardmap/gis/indicator"
)

// The model follows the writes it is told of and gives what a fresh read
// gives; a write it was not told of (another connection: a sync, a
// command) makes it load afresh.
func TestIndicatorsFollowWrites(t *testing.T) {
	db := copyDemo(t)
	ctx := t.Context()
	s := open(t, db)
	x := NewIndicators(s)
	p, today := indicator.MustPeriod("2026-Q2"), gis.Date{Year: 2026, Month: 8, Day: 15}
	plates := func() (indicator.Result, *indicator.Model) {
		t.Helper()
		d, err := x.Dashboard(ctx, p, today)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := json.Marshal(d.Board)
		want, _ := json.Marshal(wardtest.FreshBoard(t, s, p, today))
		if string(got) != string(want) {
			t.Fatal("the kept model's board differs from a fresh read's")
		}
		if len(d.Trend) == 0 {
			t.Error("no trend")
		}
		r, _ := d.Board.Result(indicator.OrdPlates)
		return r, x.model
	}
	r0, m0 := plates()
	if len(r0.Items) < 4 {
		t.Fatalf("the demo ward has %d plates not installed", len(r0.Items))
	}
	// a write it is told of: followed, not reloaded
	before := x.Stamp()
	f := wardtest.InstallPlate(t, s, r0.Items[0])
	if err := s.Save(ctx, "tester", f); err != nil {
		t.Fatal(err)
	}
	x.Follow(ctx, before, []Ref{{f.Kind, f.ID}})
	if r1, m1 := plates(); m1 != m0 || r1.Num != r0.Num+1 {
		t.Errorf("after a followed write: model reloaded %v, installed %v → %v", m1 != m0, r0.Num, r1.Num)
	}
	// a reported figure: followed
	if err := x.AddEntry(ctx, &indicator.Entry{Code: indicator.EnvWaste, Scope: indicator.Ward, Period: "2026-05", Value: 97, By: "tester"}); err != nil {
		t.Fatal(err)
	}
	if _, m := plates(); m != m0 {
		t.Error("an entry reloaded the model")
	}
	// another connection writes: loaded afresh
	wardtest.InstallElsewhere(t, db, r0.Items[1])
	if r2, m2 := plates(); m2 == m0 || r2.Num != r0.Num+2 {
		t.Errorf("after another connection's write: model reloaded %v, installed %v → %v", m2 != m0, r0.Num, r2.Num)
	}
	// told of its own write after one it was not told of: dropped, and
	// the next read has both
	_, m3 := plates()
	wardtest.InstallElsewhere(t, db, r0.Items[2])
	before = x.Stamp()
	f = wardtest.InstallPlate(t, s, r0.Items[3])
	if err := s.Save(ctx, "tester", f); err != nil {
		t.Fatal(err)
	}
	x.Follow(ctx, before, []Ref{{f.Kind, f.ID}})
	if r4, m4 := plates(); m4 == m3 || r4.Num != r0.Num+4 {
		t.Errorf("a follow after an unseen write: model kept %v, installed %v → %v", m4 == m3, r0.Num, r4.Num)
	}
}
