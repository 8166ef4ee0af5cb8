package remote_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/server"
	"wardmap/data/sync/remote"
	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// A bulk load queues its inserts lazily (the record's row, read at push
// time). Nothing of it may fail to reach the server: an edit before the
// push (folded into the insert), a delete before the push (nothing sent), a
// delete undone (the insert queued again), an edit and a delete after the
// inserts were handed to a push that never finished (their own
// operations), beside entries queued one by one as an older wardmap's
// outbox holds them: after one sync the server holds exactly the laptop's live
// records, field by field, and the laptop's tombstones that it had seen.
func TestLoadedRecordsReachServer(t *testing.T) {
	for _, kind := range stores {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			s := newStack(t, kind)
			c := s.client(t, "an", server.Inspector)
			l := laptop(t)
			// Entries queued one by one, as an older wardmap's outbox holds
			// them (the whole record's fields), before and beside the load's.
			eager := []*gis.Feature{newTree(5), newLamp()}
			if err := l.Insert(ctx, "an", eager...); err != nil {
				t.Fatal(err)
			}
			fs := loadedRecords()
			if err := l.Load(ctx, fs, gpkg.LoadOptions{User: "an", Outbox: true}); err != nil {
				t.Fatal(err)
			}
			edit := func(id string, k gis.Kind, change func(*gis.Feature)) {
				t.Helper()
				f, err := l.Get(ctx, k, id)
				if err != nil {
					t.Fatal(err)
				}
				change(f)
				if err := l.Save(ctx, "an", f); err != nil {
					t.Fatal(err)
				}
			}
			del := func(id string, k gis.Kind) {
				t.Helper()
				if err := l.Delete(ctx, "an", k, id); err != nil {
					t.Fatal(err)
				}
			}
			// Before any push.
			edit(fs[3].ID, gis.Tree, func(f *gis.Feature) {
				f.Attrs["species_vi"], f.Attrs["height_m"] = "Sấu", 12.5
				delete(f.Attrs, "code")
				f.Geom = orb.Point{106.6401, 20.8102}
			})
			edit(eager[0].ID, gis.Tree, func(f *gis.Feature) { f.Attrs["height_m"] = 6.5 })
			edit(fs[310].ID, gis.Lamp, func(f *gis.Feature) { f.Attrs["status"] = "broken" })
			del(fs[5].ID, gis.Tree)
			del(fs[7].ID, gis.Tree)
			if err := l.Update(ctx, "an", func(tx *gpkg.Tx) error { return tx.Restore(ctx, gis.Tree, fs[7].ID) }); err != nil {
				t.Fatal(err)
			}
			// The first 100 entries go out in a push whose answer is lost.
			if ops, err := l.Outbox(ctx, 100); err != nil || len(ops) != 100 {
				t.Fatalf("outbox: %d ops, %v", len(ops), err)
			} else if ops[5].ID != fs[3].ID || ops[5].Fields["species_vi"] != "Sấu" || ops[5].Fields["code"] != nil {
				t.Fatalf("the edited record's insert is %+v", ops[5])
			}
			edit(fs[10].ID, gis.Tree, func(f *gis.Feature) { f.Attrs["condition"] = "dead" })
			del(fs[11].ID, gis.Tree)
			edit(fs[350].ID, gis.Street, func(f *gis.Feature) { f.Attrs["name"] = "Phố Mới" })

			sum, err := remote.Sync(ctx, l, c, remote.Options{PushBatch: 64})
			if err != nil {
				t.Fatalf("sync: %v", err)
			}
			if sum.Rejected != 0 || sum.Conflicts != 0 {
				t.Fatalf("sync: %+v", sum)
			}
			if n, err := l.Pending(ctx); err != nil || n != 0 {
				t.Fatalf("%d operations still pending (%v)", n, err)
			}
			onServer := serverRecords(t, s)
			live := 0
			all := append(append([]*gis.Feature{}, fs...), eager...)
			for _, f0 := range all {
				f, err := l.Get(ctx, f0.Kind, f0.ID)
				if err != nil {
					t.Fatal(err)
				}
				r, ok := onServer[f.ID]
				switch {
				case f.ID == fs[5].ID:
					if ok {
						t.Fatalf("%s, deleted before any push, is on the server", f.ID)
					}
					continue
				case !ok:
					t.Fatalf("%s %s is not on the server", f.Kind, f.ID)
				case r.Deleted != f.Deleted:
					t.Fatalf("%s: deleted %v here, %v on the server", f.ID, f.Deleted, r.Deleted)
				}
				if !f.Deleted {
					live++
				}
				local := wire.Fields(f)
				if len(local) != len(r.Fields) {
					t.Fatalf("%s: fields %v here, %v on the server", f.ID, local, r.Fields)
				}
				for k, v := range local {
					if !wire.Same(v, r.Fields[k]) {
						t.Fatalf("%s.%s = %v here, %v on the server", f.ID, k, v, r.Fields[k])
					}
				}
			}
			if live != len(all)-2 || len(onServer) != len(all)-1 {
				t.Fatalf("%d live records here, %d records on the server, want %d and %d", live, len(onServer), len(all)-2, len(all)-1)
			}
			if onServer[fs[3].ID].Fields["species_vi"] != "Sấu" || !onServer[fs[11].ID].Deleted || onServer[fs[10].ID].Fields["condition"] != "dead" ||
				!wire.Same(onServer[eager[0].ID].Fields["height_m"], 6.5) {
				t.Fatal("an edit or delete did not reach the server")
			}
			// And the pull that follows leaves the laptop as the server.
			if n := sameAsServer(t, s, l, kind); n != len(all)-1 {
				t.Fatalf("server holds %d records", n)
			}
		})
	}
}

// loadedRecords are trees with every kind of value, lamps and streets.
func loadedRecords() []*gis.Feature {
	var fs []*gis.Feature
	for i := range 300 {
		f := gis.NewFeature(gis.Tree, orb.Point{106.63 + float64(i)*1e-5, 20.81 + float64(i%17)*1e-5})
		f.Attrs["code"] = fmt.Sprintf("KA-%04d", i)
		f.Attrs["species_vi"], f.Attrs["species_sci"] = "Bàng <đỏ> & \"lá\"", "Terminalia catappa"
		f.Attrs["height_m"], f.Attrs["trunk_diameter_cm"] = float64(i%40)+0.25, float64(i%90)+1
		f.Attrs["condition"] = []string{"good", "fair", "poor"}[i%3]
		f.Attrs["position_approximate"] = i%4 == 0
		f.Attrs["planted_on"], _ = gis.ParseDate("2019-03-14")
		if i%2 == 0 {
			f.Attrs["address"] = fmt.Sprintf("%d Lạch Tray", i)
		}
		fs = append(fs, f)
	}
	for i := range 50 {
		f := gis.NewFeature(gis.Lamp, orb.Point{106.64 + float64(i)*1e-5, 20.82})
		f.Attrs["pole_code"], f.Attrs["status"] = fmt.Sprintf("KA-L%03d", i), "working"
		fs = append(fs, f)
	}
	for i := range 20 {
		x := 106.65 + float64(i)*1e-4
		f := gis.NewFeature(gis.Street, orb.LineString{{x, 20.83}, {x + 5e-5, 20.8301}, {x + 1e-4, 20.8305}})
		f.Attrs["name"], f.Attrs["class"] = fmt.Sprintf("Ngõ %d", i), "alley"
		fs = append(fs, f)
	}
	return fs
}

// serverRecords pulls every record of the ward from the server, by ID.
func serverRecords(t *testing.T, s *stack) map[string]wire.Record {
	t.Helper()
	ctx := context.Background()
	u, _ := s.svc.Store.UserByName(ctx, "probe")
	if u == nil {
		var err error
		if u, err = s.svc.AddUser(ctx, ward, "probe", server.Viewer, "", "probe-password"); err != nil {
			t.Fatal(err)
		}
	}
	out := map[string]wire.Record{}
	for after := int64(0); ; {
		p, err := s.svc.Pull(ctx, u, server.ChangesQuery{After: after, Limit: server.MaxPage})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Records {
			out[r.ID] = r
		}
		after = p.Next
		if !p.More {
			break
		}
	}
	return out
}
