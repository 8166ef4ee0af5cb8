package gpkg_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
	"wardmap/gis/demo"
	"wardmap/gis/indicator"
)

// freshBoard computes from a fresh read of the store through the general
// query path (Find), not the model's lean loader.
func freshBoard(t *testing.T, s *gpkg.Store, p indicator.Period, today gis.Date, opt indicator.Options) *indicator.Board {
	t.Helper()
	ctx := context.Background()
	cat, in, err := s.IndicatorInput(ctx, p, today)
	if err != nil {
		t.Fatal(err)
	}
	in.Features = nil
	for _, k := range indicator.Kinds {
		res, err := s.Find(ctx, gpkg.Query{Kind: k})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			in.Features = append(in.Features, r.Feature)
		}
	}
	return indicator.Compute(cat, in, p, opt)
}

// sameBoard fails with the first difference between two boards.
func sameBoard(t *testing.T, step string, got, want *indicator.Board) {
	t.Helper()
	if reflect.DeepEqual(got, want) {
		return
	}
	if len(got.Ward) != len(want.Ward) || len(got.TDPs) != len(want.TDPs) || len(got.Streets) != len(want.Streets) {
		t.Fatalf("%s: %d/%d/%d results, want %d/%d/%d", step, len(got.Ward), len(got.TDPs), len(got.Streets), len(want.Ward), len(want.TDPs), len(want.Streets))
	}
	for i := range want.Ward {
		if !reflect.DeepEqual(got.Ward[i], want.Ward[i]) {
			t.Fatalf("%s: ward %s\n got %+v\nwant %+v", step, want.Ward[i].Code, got.Ward[i], want.Ward[i])
		}
	}
	for i := range want.TDPs {
		if !reflect.DeepEqual(got.TDPs[i], want.TDPs[i]) {
			t.Fatalf("%s: TDP %s differs\n got %+v\nwant %+v", step, want.TDPs[i].TDP.Name, got.TDPs[i], want.TDPs[i])
		}
	}
	for i := range want.Streets {
		if !reflect.DeepEqual(got.Streets[i], want.Streets[i]) {
			t.Fatalf("%s: street %s differs\n got %+v\nwant %+v", step, want.Streets[i].Street.Name, got.Streets[i], want.Streets[i])
		}
	}
	t.Fatalf("%s: boards differ", step)
}

// TestModelFollowsEdits: a model loaded once and following a random
// sequence of inserts, saves, deletes and restores of the demo ward (made
// through the store, as the app makes them) gives exactly the board that a
// fresh read of the store gives, ward, TDP and street scopes, for the
// quarter, the year and the plan. Half the changes are handed over as the
// app holds them after the write, half as IndicatorChange reads them back.
func TestModelFollowsEdits(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	w := demo.Generate()
	if err := s.Load(ctx, w.Features, gpkg.LoadOptions{User: "test"}); err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC) }
	// Some trees without a planting date: the model keeps them as inert
	// slots until an edit dates them, and must put them back in place.
	undated := undateTrees(t, s, w.ByKind(gis.Tree))
	m, err := s.IndicatorModel(ctx)
	if err != nil {
		t.Fatal(err)
	}
	today := date("2026-11-25")
	opt := indicator.Options{PerTDP: true, PerStreet: true}
	periods := []indicator.Period{indicator.MustPeriod("2026-Q4"), indicator.MustPeriod("2026"), indicator.MustPeriod("2026-2030")}
	same := func(step string) {
		t.Helper()
		for _, p := range periods {
			_, got := m.Compute(p, today, opt)
			sameBoard(t, step+" "+p.Name, got, freshBoard(t, s, p, today, opt))
		}
	}
	same("load")

	e := &editor{t: t, s: s, rng: rand.New(rand.NewPCG(8, 2026)), live: map[gis.Kind][]string{}}
	for _, f := range w.Features {
		e.live[f.Kind] = append(e.live[f.Kind], f.ID)
	}
	kinds := []gis.Kind{gis.Street, gis.Lamp, gis.Tree, gis.Violation, gis.Report, gis.Inspection, gis.Plate, gis.TDP}
	done := map[string]int{}
	for step := 0; step < 120; step++ {
		k := kinds[e.rng.IntN(len(kinds))]
		ch, what, ok := e.edit(step, k)
		if !ok {
			continue
		}
		if step%2 == 1 {
			if ch, err = s.IndicatorChange(ctx, ch.Kind, ch.ID); err != nil {
				t.Fatal(err)
			}
		}
		if !m.Apply(ch) {
			t.Fatalf("step %d: %s of %s not taken", step, what, ch.Kind)
		}
		done[what]++
		if step%20 == 19 {
			same(fmt.Sprintf("step %d (%s %s)", step, what, ch.Kind))
		}
	}
	for _, what := range []string{"insert", "save", "delete", "restore"} {
		if done[what] < 5 {
			t.Errorf("only %d of %s in the sequence: %v", done[what], what, done)
		}
	}
	if len(undated) < 20 {
		t.Fatalf("only %d undated trees", len(undated))
	}
	// Dated again as dead plantings of the quarter, the trees loaded inert
	// are listed among the items in the store's order.
	for _, id := range undated {
		f, err := s.Get(ctx, gis.Tree, id)
		if err != nil {
			t.Fatal(err)
		}
		if f.Deleted {
			continue
		}
		f.Attrs["planted_on"], f.Attrs["condition"] = date("2026-10-05"), "dead"
		if err := s.Save(ctx, "test", f); err != nil {
			t.Fatal(err)
		}
		m.Apply(indicator.Upserted(f))
	}
	same("undated trees dated")
	// A kind the formulas do not read changes nothing.
	if m.Apply(indicator.Upserted(&gis.Feature{Kind: gis.Drain, ID: gis.NewID()})) {
		t.Error("a drain change was taken as an indicator change")
	}
}

// undateTrees removes the planting date of every 40th tree and returns
// their IDs.
func undateTrees(t *testing.T, s *gpkg.Store, trees []*gis.Feature) []string {
	t.Helper()
	var undated []string
	for i, f := range trees {
		if i%40 != 0 {
			continue
		}
		g, err := s.Get(t.Context(), gis.Tree, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		delete(g.Attrs, "planted_on")
		if err := s.Save(t.Context(), "test", g); err != nil {
			t.Fatal(err)
		}
		undated = append(undated, g.ID)
	}
	return undated
}

// editor makes TestModelFollowsEdits' random edits through the store, as
// the app makes them, and keeps the records each kind has (live) and the
// deletions it can restore, last first.
type editor struct {
	t       *testing.T
	s       *gpkg.Store
	rng     *rand.Rand
	live    map[gis.Kind][]string
	deleted []*gis.Feature
}

// pick reads a random live record of kind k and its index in live.
func (e *editor) pick(k gis.Kind) (*gis.Feature, int) {
	ids := e.live[k]
	i := e.rng.IntN(len(ids))
	f, err := e.s.Get(e.t.Context(), k, ids[i])
	if err != nil {
		e.t.Fatal(err)
	}
	return f, i
}

// edit makes one random edit of kind k (an insert, a save, a delete or a
// restore) and returns the change as the app holds it after the write;
// false when the step wrote nothing.
func (e *editor) edit(step int, k gis.Kind) (indicator.Change, string, bool) {
	ctx, t := e.t.Context(), e.t
	switch op := e.rng.IntN(10); {
	case op < 4 && k != gis.TDP: // insert a copy moved a few metres, with fresh dates
		f, _ := e.pick(k)
		g := e.movedCopy(f, step)
		if err := e.s.Insert(ctx, "test", g); err != nil {
			t.Fatalf("step %d: insert %s: %v", step, k, err)
		}
		e.live[k] = append(e.live[k], g.ID)
		return indicator.Upserted(g), "insert", true
	case op < 7: // save with a changed attribute
		f, _ := e.pick(k)
		e.change(f)
		if err := e.s.Save(ctx, "test", f); err != nil {
			if gis.ErrorCode(err) == gis.EINVALID {
				return indicator.Change{}, "", false // a value the schema refuses: nothing written
			}
			t.Fatalf("step %d: save %s: %v", step, k, err)
		}
		return indicator.Upserted(f), "save", true
	case op < 9 && k != gis.TDP: // delete
		f, i := e.pick(k)
		if err := e.s.Delete(ctx, "test", k, f.ID); err != nil {
			t.Fatal(err)
		}
		e.live[k] = append(e.live[k][:i], e.live[k][i+1:]...)
		e.deleted = append(e.deleted, f)
		return indicator.Deleted(k, f.ID), "delete", true
	default: // restore the last deletion
		if len(e.deleted) == 0 {
			return indicator.Change{}, "", false
		}
		f := e.deleted[len(e.deleted)-1]
		e.deleted = e.deleted[:len(e.deleted)-1]
		if err := e.s.Update(ctx, "test", func(tx *gpkg.Tx) error { return tx.Restore(ctx, f.Kind, f.ID) }); err != nil {
			t.Fatal(err)
		}
		e.live[f.Kind] = append(e.live[f.Kind], f.ID)
		ch, err := e.s.IndicatorChange(ctx, f.Kind, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		return ch, "restore", true
	}
}

// movedCopy is a new record like f, moved a few metres, with dates in the
// quarter and codes made unique by step.
func (e *editor) movedCopy(f *gis.Feature, step int) *gis.Feature {
	g := *f
	g.ID, g.Rev, g.CreatedAt, g.UpdatedAt = gis.NewID(), 0, time.Time{}, time.Time{}
	g.Attrs = map[string]any{}
	for a, v := range f.Attrs {
		g.Attrs[a] = v
	}
	if pt, ok := f.Geom.(orb.Point); ok {
		g.Geom = orb.Point{pt[0] + (e.rng.Float64()-0.5)*4e-4, pt[1] + (e.rng.Float64()-0.5)*4e-4}
	}
	day := date("2026-10-01").AddDays(e.rng.IntN(70))
	for _, a := range []string{"planted_on", "found_on", "installed_on"} {
		if _, ok := g.Attrs[a]; ok {
			g.Attrs[a] = day
		}
	}
	for _, a := range []string{"received_at", "inspected_at"} {
		if _, ok := g.Attrs[a]; ok {
			g.Attrs[a] = day.Time().Add(9 * time.Hour)
		}
	}
	for _, a := range []string{"pole_code", "code", "number"} {
		if v, ok := g.Attrs[a].(string); ok {
			g.Attrs[a] = fmt.Sprintf("%s-%d", v, step)
		}
	}
	return &g
}

// change sets an attribute of f that an indicator reads to a random value.
func (e *editor) change(f *gis.Feature) {
	rng := e.rng
	switch f.Kind {
	case gis.Street:
		if f.Text("class") == "main" {
			f.Attrs["class"] = "secondary"
		} else {
			f.Attrs["class"] = "main"
		}
		f.Attrs["key_route"] = rng.IntN(2) == 0
		f.Attrs["last_inspected"] = date("2026-09-01").AddDays(rng.IntN(80))
	case gis.Lamp:
		f.Attrs["status"] = []string{"working", "broken", "off"}[rng.IntN(3)]
	case gis.Tree:
		f.Attrs["condition"] = []string{"good", "dead", "weak"}[rng.IntN(3)]
		f.Attrs["planted_on"] = date("2026-09-15").AddDays(rng.IntN(60))
		if rng.IntN(4) == 0 {
			delete(f.Attrs, "planted_on")
		}
	case gis.Violation:
		f.Attrs["status"] = []string{"open", "resolved"}[rng.IntN(2)]
		f.Attrs["found_on"] = date("2026-09-15").AddDays(rng.IntN(60))
	case gis.Report:
		f.Attrs["deadline"] = date("2026-10-01").AddDays(rng.IntN(60))
	case gis.Inspection:
		f.Attrs["activity"] = []string{"cleaning", "patrol"}[rng.IntN(2)]
	case gis.Plate:
		f.Attrs["status"] = []string{"installed", "missing"}[rng.IntN(2)]
	case gis.TDP:
		f.Attrs["households"] = int64(100 + rng.IntN(400))
	}
}

// TestModelEntriesAndVersions: figures, target and parameter versions
// handed to the model give what the store gives after the same writes.
func TestModelEntriesAndVersions(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	w := demo.Generate()
	if err := s.Load(ctx, w.Features, gpkg.LoadOptions{User: "test"}); err != nil {
		t.Fatal(err)
	}
	m, err := s.IndicatorModel(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pv, tv := setPlanVersions(t, s)
	m.SetParam(pv)
	m.SetTarget(tv)
	var head string
	var tdp *gis.Feature
	for _, f := range w.ByKind(gis.TDP) {
		if h := f.Text("head"); h != "" {
			head, tdp = h, f
			break
		}
	}
	e := indicator.Entry{Code: indicator.CulFamilies, Scope: indicator.TDP, ScopeID: tdp.ID, Period: "2026", Value: 91, By: head}
	if err := s.AddEntry(ctx, &e); err != nil {
		t.Fatal(err)
	}
	m.AddEntry(e)
	today := date("2026-11-25")
	opt := indicator.Options{PerTDP: true, PerStreet: true}
	for _, p := range []string{"2026-Q3", "2026-Q4", "2026"} {
		_, got := m.Compute(indicator.MustPeriod(p), today, opt)
		sameBoard(t, p, got, freshBoard(t, s, indicator.MustPeriod(p), today, opt))
	}
	_, b := m.Compute(indicator.MustPeriod("2026"), today, opt)
	if r := b.ByTDP(indicator.CulFamilies)[tdp.ID]; r.Value == nil || *r.Value != 91 {
		t.Fatalf("the entered figure is not counted: %+v", r)
	}
}

func ptr(x float64) *float64 { return &x }

// setPlanVersions writes, as a planner, a new version of the lamp spacing
// parameter (25 m from 15 October 2026) and of the encroachment target
// (baseline 40 from 1 October 2026), and returns them as the model is
// handed them.
func setPlanVersions(t *testing.T, s *gpkg.Store) (indicator.ParamVersion, indicator.Target) {
	t.Helper()
	ctx := t.Context()
	pv := indicator.ParamVersion{Name: indicator.LampSpacing, Value: 25, ValidFrom: date("2026-10-15")}
	if err := s.SetParam(ctx, "planner", pv.Name, pv.Value, pv.ValidFrom, ""); err != nil {
		t.Fatal(err)
	}
	cat, err := s.Targets(ctx, date("2026-12-31"))
	if err != nil {
		t.Fatal(err)
	}
	v, _ := cat.Get(indicator.OrdEncroach)
	tv := *v
	tv.Baseline, tv.ValidFrom = ptr(40), date("2026-10-01")
	if err := s.SetTarget(ctx, "planner", tv); err != nil {
		t.Fatal(err)
	}
	return pv, tv
}
