package remote_test

import (
	"context"
	"errors"
	"testing"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/server"
	"wardmap/data/sync/remote"
	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// failingPages is a laptop whose disk fails on the second page of a pull.
type failingPages struct {
	*gpkg.Store
	pages int
}

var errDisk = errors.New("disk full")

func (f *failingPages) ApplyRemoteAt(ctx context.Context, key string, recs []wire.Record, cursor int64) (int, error) {
	if f.pages++; f.pages == 2 {
		return 0, errDisk
	}
	return f.Store.ApplyRemoteAt(ctx, key, recs, cursor)
}

// A first pull that stops after a bulk page (its R-tree trigger suspended)
// still leaves the laptop's spatial index whole: the window that stays
// open finds every pulled tree in a box query, and the next sync resumes
// and ends with all of them.
func TestCutPullLeavesIndexWhole(t *testing.T) {
	ctx := context.Background()
	s := newStack(t, "sqlite")
	a := laptop(t)
	var fs []*gis.Feature
	for i := 0; i < 600; i++ {
		fs = append(fs, newTree(float64(i%20)+1))
	}
	if err := a.Insert(ctx, "an", fs...); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, a, s.client(t, "an", server.Inspector))

	b := laptop(t)
	cb := s.client(t, "binh", server.Inspector)
	_, err := remote.Sync(ctx, &failingPages{Store: b}, cb, remote.Options{PageSize: 300})
	if !errors.Is(err, errDisk) {
		t.Fatalf("sync: %v, want the disk error", err)
	}
	var trigger, pending, rows, boxes int
	var check string
	if err := b.QueryRow(ctx, `SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'rtree_tree_geom_insert'),
		(SELECT count(*) FROM wm_sync_state WHERE key LIKE 'rtree_deferred:%'),
		(SELECT count(*) FROM tree), (SELECT count(*) FROM rtree_tree_geom), rtreecheck('rtree_tree_geom')`,
		&trigger, &pending, &rows, &boxes, &check); err != nil {
		t.Fatal(err)
	}
	if trigger != 1 || pending != 0 || rows != 300 || boxes != 300 || check != "ok" {
		t.Fatalf("after the cut pull: trigger %d, pending %d, %d rows, %d boxes, rtreecheck %q", trigger, pending, rows, boxes, check)
	}
	if _, err := remote.Sync(ctx, b, cb, remote.Options{PageSize: 300}); err != nil {
		t.Fatal(err)
	}
	if n := sameAsServer(t, s, b, "b"); n != 600 {
		t.Fatalf("after the resumed sync the laptop has %d of 600", n)
	}
	if err := b.QueryRow(ctx, "SELECT (SELECT count(*) FROM rtree_tree_geom), rtreecheck('rtree_tree_geom')", &boxes, &check); err != nil || boxes != 600 || check != "ok" {
		t.Fatalf("after the resumed sync: %d boxes, rtreecheck %q, %v", boxes, check, err)
	}
}
