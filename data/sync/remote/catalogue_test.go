package remote_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/server"
	"wardmap/data/sync/remote"
	"wardmap/gis"
	"wardmap/gis/indicator"
	"wardmap/gis/inspect"
)

// The catalogue travels through the real HTTP server: a planner's target,
// parameter, cycle and assignment made on laptop A reach laptop B; a TDP
// head's figure and its correction made on B reach A; an inspector's
// target change is refused (403) with nothing written on the server and
// nothing lost on the laptop.
func TestCatalogueSync(t *testing.T) {
	for _, kind := range stores {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			s := newStack(t, kind)
			a, b, c := laptop(t), laptop(t), laptop(t)
			plan := s.client(t, "plan", server.Planner)
			insp := s.client(t, "insp", server.Inspector)

			// The TDP, drawn by the planner on A, heads are users of the server.
			tdp := gis.NewFeature(gis.TDP, orb.Polygon{{{106.62, 20.80}, {106.63, 20.80}, {106.63, 20.81}, {106.62, 20.80}}})
			tdp.Attrs["name"], tdp.Attrs["code"], tdp.Attrs["head"], tdp.Attrs["households"] = "Tổ dân phố Đồng Hòa 3", "DH3", "hoa", int64(250)
			if err := a.Insert(ctx, "plan", tdp); err != nil {
				t.Fatal(err)
			}
			if _, err := s.svc.AddUser(ctx, ward, "hoa", server.TDPHead, tdp.ID, "mật-khẩu-hoa"); err != nil {
				t.Fatal(err)
			}
			head := s.client(t, "hoa", server.TDPHead)

			from := gis.Date{Year: 2026, Month: 1, Day: 1}
			cat, err := a.Targets(ctx, from)
			if err != nil {
				t.Fatal(err)
			}
			mt05, err := cat.Lookup("MT-05")
			if err != nil {
				t.Fatal(err)
			}
			v := *mt05
			v.Value = 1200 // the seeded version itself
			if err := a.SetTarget(ctx, "plan", v); err != nil {
				t.Fatal(err)
			}
			v.ValidFrom, v.Value = gis.Date{Year: 2027, Month: 1, Day: 1}, 1500 // and a new version
			if err := a.SetTarget(ctx, "plan", v); err != nil {
				t.Fatal(err)
			}
			if err := a.SetParam(ctx, "plan", "lamp_spacing_m", 35, from, "đường mới"); err != nil {
				t.Fatal(err)
			}
			if err := a.SetCycle(ctx, "plan", inspect.Cycle{Kind: gis.Lamp, Days: 14, Note: "hai tuần"}); err != nil {
				t.Fatal(err)
			}
			job := &gpkg.Assignment{Assignee: "insp", Day: gis.Date{Year: 2026, Month: 12, Day: 1}, Targets: []string{tdp.ID}, Note: "kiểm tra tổ DH3"}
			if err := a.SetAssignment(ctx, "plan", job); err != nil {
				t.Fatal(err)
			}
			if sum := syncOnce(t, a, plan); sum.Applied != 6 || sum.Rejected+sum.Conflicts != 0 {
				t.Fatalf("A's push: %+v", sum)
			}
			syncOnce(t, b, head)
			cat, _ = b.Targets(ctx, from)
			if got, _ := cat.Lookup("MT-05"); got.Value != 1200 {
				t.Fatalf("B's MT-05 in 2026: %v", got.Value)
			}
			cat, _ = b.Targets(ctx, gis.Date{Year: 2027, Month: 6, Day: 1})
			if got, _ := cat.Lookup("MT-05"); got.Value != 1500 {
				t.Fatalf("B's MT-05 in 2027: %v", got.Value)
			}
			if ps, _ := b.TargetParams(ctx, from); ps["lamp_spacing_m"] != 35 {
				t.Fatalf("B's lamp spacing: %v", ps["lamp_spacing_m"])
			}
			cs, _ := b.Cycles(ctx)
			if i := indexCycle(cs, gis.Lamp); i < 0 || cs[i].Days != 14 || cs[i].Note != "hai tuần" {
				t.Fatalf("B's lamp cycle: %+v", cs)
			}
			jobs, _ := b.Assignments(ctx)
			if len(jobs) != 1 || jobs[0].ID != job.ID || jobs[0].Assignee != "insp" || jobs[0].Targets[0] != tdp.ID || jobs[0].Day != job.Day {
				t.Fatalf("B's assignments: %+v", jobs)
			}
			if n, _ := b.Pending(ctx); n != 0 {
				t.Fatalf("pulling queued %d operations", n)
			}

			// B's TDP head reports for its TDP, then corrects it.
			report := func(v float64) {
				t.Helper()
				if err := b.AddEntry(ctx, &indicator.Entry{Code: "MT-02", Scope: indicator.TDP, ScopeID: "DH3", Period: "2026-10", Value: v, By: "hoa"}); err != nil {
					t.Fatal(err)
				}
			}
			report(0)
			time.Sleep(2 * time.Millisecond)
			report(1)
			if sum := syncOnce(t, b, head); sum.Applied != 2 {
				t.Fatalf("B's push: %+v", sum)
			}
			syncOnce(t, a, plan)
			es, err := a.Entries(ctx)
			if err != nil || len(es) != 2 || es[0].Value != 0 || es[1].Value != 1 || es[1].ScopeID != tdp.ID || es[1].By != "hoa" {
				t.Fatalf("A's reported figures: %+v %v", es, err)
			}
			// The planner's assignment is done: the change reaches B.
			job.Status = "done"
			if err := a.SetAssignment(ctx, "plan", job); err != nil {
				t.Fatal(err)
			}
			syncOnce(t, a, plan)
			syncOnce(t, b, head)
			if jobs, _ := b.Assignments(ctx); len(jobs) != 1 || jobs[0].Status != "done" {
				t.Fatalf("B's assignment after the change: %+v", jobs)
			}

			// An inspector's laptop: the server refuses, writes nothing, and
			// the change stays in the outbox.
			syncOnce(t, c, insp)
			headRev, _ := s.st.Head(ctx, ward)
			cat, _ = c.Targets(ctx, from)
			mt05, _ = cat.Lookup("MT-05")
			v = *mt05
			v.Value = 1
			if err := c.SetTarget(ctx, "insp", v); err != nil {
				t.Fatal(err)
			}
			_, err = remote.Sync(ctx, c, insp, remote.Options{})
			var se *remote.StatusError
			if !errors.As(err, &se) || se.Status != 403 {
				t.Fatalf("inspector's target change: %v", err)
			}
			if h, _ := s.st.Head(ctx, ward); h != headRev {
				t.Fatalf("the refused push wrote: head %d → %d", headRev, h)
			}
			if n, _ := c.Pending(ctx); n != 1 {
				t.Fatalf("inspector's change lost from the outbox: %d pending", n)
			}
			syncOnce(t, a, plan)
			cat, _ = a.Targets(ctx, from)
			if got, _ := cat.Lookup("MT-05"); got.Value != 1200 {
				t.Fatalf("A's MT-05 after the refused change: %v", got.Value)
			}
		})
	}
}

func indexCycle(cs inspect.Cycles, k gis.Kind) int {
	for i, c := range cs {
		if c.Kind == k && c.Class == "" {
			return i
		}
	}
	return -1
}
