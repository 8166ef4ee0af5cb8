package remote_test

import (
	"context"
	"testing"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/server"
	"wardmap/data/sync/remote"
	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// Two laptops edit the same ward offline: different fields of one tree,
// the same field of one lamp, and one deletes a tree the other edits. In
// both orders both laptops end identical to the server, the same-field
// edit is a conflict on the laptop that synced second (its value kept in
// the server's history), and nothing else is lost.
func TestTwoLaptopsOffline(t *testing.T) {
	for _, kind := range stores {
		for _, order := range []string{"AB", "BA"} {
			t.Run(kind+"/"+order, func(t *testing.T) {
				ctx := context.Background()
				s := newStack(t, kind)
				ca, cb := s.client(t, "an", server.Inspector), s.client(t, "binh", server.Inspector)
				a, b := laptop(t), laptop(t)
				tree, lamp, doomed := newTree(5), newLamp(), newTree(3)
				if err := a.Insert(ctx, "an", tree, lamp, doomed); err != nil {
					t.Fatal(err)
				}
				syncOnce(t, a, ca)
				if sum := syncOnce(t, b, cb); sum.Pulled != 3 {
					t.Fatalf("b pulled %d", sum.Pulled)
				}
				edit := func(l *gpkg.Store, user string, id string, k gis.Kind, field string, v any) {
					f, err := l.Get(ctx, k, id)
					if err != nil {
						t.Fatal(err)
					}
					f.Attrs[field] = v
					if err := l.Save(ctx, user, f); err != nil {
						t.Fatal(err)
					}
				}
				edit(a, "an", tree.ID, gis.Tree, "height_m", 6.5)
				edit(b, "binh", tree.ID, gis.Tree, "species_vi", "Sấu")
				edit(a, "an", lamp.ID, gis.Lamp, "status", "broken")
				edit(b, "binh", lamp.ID, gis.Lamp, "status", "missing")
				edit(a, "an", doomed.ID, gis.Tree, "height_m", 4.0)
				if err := b.Delete(ctx, "binh", gis.Tree, doomed.ID); err != nil {
					t.Fatal(err)
				}
				first, second := a, b
				c1, c2 := ca, cb
				if order == "BA" {
					first, second, c1, c2 = b, a, cb, ca
				}
				if sum := syncOnce(t, first, c1); sum.Conflicts != 0 {
					t.Fatalf("first sync: %+v", sum)
				}
				if sum := syncOnce(t, second, c2); sum.Conflicts != 2 {
					t.Fatalf("second sync: %+v", sum)
				}
				syncOnce(t, first, c1)
				n1 := sameAsServer(t, s, first, "first")
				n2 := sameAsServer(t, s, second, "second")
				if n1 != 3 || n2 != 3 {
					t.Fatal(n1, n2)
				}
				got, _ := first.Get(ctx, gis.Tree, tree.ID)
				if got.Attrs["height_m"] != 6.5 || got.Attrs["species_vi"] != "Sấu" {
					t.Fatalf("tree edits not merged: %v", got.Attrs)
				}
				cs, err := second.Conflicts(ctx)
				if err != nil || len(cs) != 2 {
					t.Fatalf("conflicts on the second laptop: %+v %v", cs, err)
				}
				if c, _ := first.Conflicts(ctx); len(c) != 0 {
					t.Fatalf("conflicts on the first laptop: %+v", c)
				}
				var lampC, delC gpkg.Conflict
				for _, c := range cs {
					switch c.RecordID {
					case lamp.ID:
						lampC = c
					case doomed.ID:
						delC = c
					}
				}
				mineLamp, theirsLamp := "missing", "broken"
				if order == "BA" {
					mineLamp, theirsLamp = theirsLamp, mineLamp
				}
				if lampC.Field != "status" || lampC.Mine != mineLamp || lampC.Theirs != theirsLamp {
					t.Fatalf("lamp conflict %+v", lampC)
				}
				if delC.Field != wire.FieldDeleted {
					t.Fatalf("delete/edit conflict %+v", delC)
				}
				hist, err := s.svc.History(ctx, &server.User{Ward: ward}, lamp.ID)
				if err != nil {
					t.Fatal(err)
				}
				kept := false
				for _, h := range hist {
					kept = kept || h.Action == "conflict" && h.New["status"] == mineLamp
				}
				if !kept {
					t.Fatalf("the losing value is not in the server's history: %+v", hist)
				}
				// The person on the second laptop keeps their lamp status:
				// after a sync both laptops and the server agree on it.
				if err := second.ResolveConflict(ctx, "x", lampC.ID, gpkg.Mine, nil); err != nil {
					t.Fatal(err)
				}
				if err := second.ResolveConflict(ctx, "x", delC.ID, gpkg.Theirs, nil); err != nil {
					t.Fatal(err)
				}
				syncOnce(t, second, c2)
				syncOnce(t, first, c1)
				sameAsServer(t, s, first, "first")
				sameAsServer(t, s, second, "second")
				l, _ := first.Get(ctx, gis.Lamp, lamp.ID)
				if l.Attrs["status"] != mineLamp {
					t.Fatalf("resolved value did not travel: %v", l.Attrs["status"])
				}
				if n, _ := second.Pending(ctx); n != 0 {
					t.Fatalf("%d pending", n)
				}
			})
		}
	}
}

// Pulling only an area or some kinds brings only those; the laptop's own
// edits waiting in the outbox survive a pull of the same record.
func TestPullFiltersAndPending(t *testing.T) {
	ctx := context.Background()
	s := newStack(t, "sqlite")
	ca, cb := s.client(t, "an", server.Planner), s.client(t, "binh", server.Planner)
	a, b := laptop(t), laptop(t)
	tree, lamp := newTree(5), newLamp()
	a.Insert(ctx, "an", tree, lamp)
	syncOnce(t, a, ca)
	sum, err := remote.Sync(ctx, b, cb, remote.Options{Pull: remote.PullQuery{Kinds: []string{"lamp"}}})
	if err != nil || sum.Pulled != 1 {
		t.Fatal(sum, err)
	}
	if _, err := b.Get(ctx, gis.Tree, tree.ID); gis.ErrorCode(err) != gis.ENOTFOUND {
		t.Fatalf("tree pulled despite --kinds lamp: %v", err)
	}
	// A full pull afterwards still brings what the filtered one left out.
	if sum := syncOnce(t, b, cb); sum.Pulled != 2 {
		t.Fatalf("full pull after a filtered one: %+v", sum)
	}
	// b edits the lamp, a edits another field; b's pull before its push
	// must not overwrite b's pending value.
	f, _ := b.Get(ctx, gis.Lamp, lamp.ID)
	f.Attrs["power_w"] = 60.0
	b.Save(ctx, "binh", f)
	g, _ := a.Get(ctx, gis.Lamp, lamp.ID)
	g.Attrs["cabinet"] = "TĐ-3"
	a.Save(ctx, "an", g)
	syncOnce(t, a, ca)
	p, _ := cb.Changes(ctx, 0, remote.PullQuery{Limit: 100})
	if _, err := b.ApplyRemote(ctx, p.Records, p.Next); err != nil {
		t.Fatal(err)
	}
	got, _ := b.Get(ctx, gis.Lamp, lamp.ID)
	if got.Attrs["power_w"] != 60.0 || got.Attrs["cabinet"] != "TĐ-3" {
		t.Fatalf("pending edit lost or remote edit missing: %v", got.Attrs)
	}
	syncOnce(t, b, cb)
	syncOnce(t, a, ca)
	sameAsServer(t, s, a, "a")
}
