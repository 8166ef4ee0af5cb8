package gpkg_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// A first pull in pages fills the tree layer without its R-tree trigger
// and builds the tree at the end; a pull cut between pages (the store
// closed) is finished when the store opens again. The result is what the triggers would
// have made: SQLite's rtreecheck accepts it, every row with a geometry
// has its box (a moved tree at its new place, a deleted one still boxed
// as the triggers keep tombstones), and the trigger works again.
func TestFirstPullBuildsRTreeInBulk(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "laptop.gpkg")
	open := func() *gpkg.Store {
		s, err := gpkg.Open(ctx, path, gpkg.Options{Create: true})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	rev := int64(0)
	rec := func(id string, lon float64, deleted bool) wire.Record {
		rev++
		now := time.Now().UTC()
		return wire.Record{Kind: "tree", ID: id, Rev: rev, Deleted: deleted, CreatedAt: now, UpdatedAt: now, Fields: map[string]any{
			"geom": map[string]any{"type": "Point", "coordinates": []any{lon, 20.8}}, "species_vi": "Bàng", "condition": "good"}}
	}
	var ids []string
	page := func(n int) []wire.Record {
		var out []wire.Record
		for i := 0; i < n; i++ {
			id := gis.NewID()
			ids = append(ids, id)
			out = append(out, rec(id, 106.6+float64(len(ids))*1e-4, false))
		}
		return out
	}
	state := func(s *gpkg.Store) (trigger, flag int) {
		t.Helper()
		if err := s.QueryRow(ctx, `SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'rtree_tree_geom_insert'),
			(SELECT count(*) FROM wm_sync_state WHERE key = 'rtree_deferred:tree')`, &trigger, &flag); err != nil {
			t.Fatal(err)
		}
		return
	}
	s := open()
	if _, err := s.ApplyRemote(ctx, page(300), rev); err != nil {
		t.Fatal(err)
	}
	if tr, fl := state(s); tr != 0 || fl != 1 {
		t.Fatalf("after a bulk page: trigger %d, pending %d", tr, fl)
	}
	p2 := page(300)
	moved := rec(ids[0], 107.5, false) // updated through the update triggers meanwhile
	gone := rec(ids[1], 106.6, true)
	p2 = append(p2, moved, gone)
	if _, err := s.ApplyRemote(ctx, p2, rev); err != nil {
		t.Fatal(err)
	}
	s.Close() // the pull is cut here
	s = open()
	defer s.Close()
	// Opening finishes the index, so the file is whole before any sync.
	if tr, fl := state(s); tr != 1 || fl != 0 {
		t.Fatalf("after reopening a cut pull: trigger %d, pending %d", tr, fl)
	}
	var reopened string
	if err := s.QueryRow(ctx, "SELECT rtreecheck('rtree_tree_geom')", &reopened); err != nil || reopened != "ok" {
		t.Fatalf("rtreecheck after reopening: %q %v", reopened, err)
	}
	if _, err := s.ApplyRemote(ctx, page(10), rev); err != nil {
		t.Fatal(err)
	}
	if err := s.FinishPull(ctx); err != nil {
		t.Fatal(err)
	}
	if tr, fl := state(s); tr != 1 || fl != 0 {
		t.Fatalf("after FinishPull: trigger %d, pending %d", tr, fl)
	}
	var check string
	var rows, boxes int
	if err := s.QueryRow(ctx, "SELECT rtreecheck('rtree_tree_geom'), (SELECT count(*) FROM tree), (SELECT count(*) FROM rtree_tree_geom)", &check, &rows, &boxes); err != nil {
		t.Fatal(err)
	}
	if check != "ok" || rows != 610 || boxes != 610 {
		t.Fatalf("rtreecheck %q, %d rows, %d boxes", check, rows, boxes)
	}
	var minx float64
	if err := s.QueryRow(ctx, fmt.Sprintf("SELECT r.minx FROM rtree_tree_geom r JOIN tree t ON t.fid = r.id WHERE t.id = '%s'", ids[0]), &minx); err != nil || minx < 107.49 {
		t.Fatalf("moved tree boxed at %v: %v", minx, err)
	}
	// The trigger is back: a local insert gets its box.
	f := gis.NewFeature(gis.Tree, orb.Point{106.7, 20.9})
	f.Attrs["species_vi"], f.Attrs["condition"] = "Sấu", "good"
	if err := s.Insert(ctx, "an", f); err != nil {
		t.Fatal(err)
	}
	got, err := s.Features(ctx, gis.Tree, orb.Bound{Min: orb.Point{106.69, 20.89}, Max: orb.Point{106.71, 20.91}})
	if err != nil || len(got) != 1 || got[0].ID != f.ID {
		t.Fatalf("a local insert after the pull is not indexed: %v %v", got, err)
	}
	// A small pull leaves the trigger alone.
	if _, err := s.ApplyRemote(ctx, page(5), rev); err != nil {
		t.Fatal(err)
	}
	if tr, fl := state(s); tr != 1 || fl != 0 {
		t.Fatalf("a small pull suspended the trigger: %d %d", tr, fl)
	}
}
