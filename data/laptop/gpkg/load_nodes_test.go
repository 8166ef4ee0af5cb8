package gpkg

import (
	"cmp"
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"wardmap/gis"
)

// nodeBoxes reads from the node blobs exactly the boxes SQLite's virtual
// table returns (same fids, same float32 values), from a tree grown by
// SQLite's own inserts (splits, reinserts) and rebuilt by a load in
// between; a count that does not match makes it decline, not guess.
func TestNodeBoxesMatchVirtualTable(t *testing.T) {
	ctx := context.Background()
	s := openInternal(t)
	rng := rand.New(rand.NewPCG(7, 8))
	fs := make([]*gis.Feature, 4000)
	for i := range fs {
		fs[i] = batchStreet(rng, i)
	}
	if err := s.Insert(ctx, "t", fs[:1500]...); err != nil { // through the trigger
		t.Fatal(err)
	}
	if err := s.Load(ctx, fs[1500:2000], LoadOptions{User: "t"}); err != nil { // rebuilt: 1500 ≤ 8 × 500
		t.Fatal(err)
	}
	if err := s.Insert(ctx, "t", fs[2000:]...); err != nil {
		t.Fatal(err)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	const name = "rtree_street_geom"
	var want []box
	rows, err := tx.Query("SELECT id, minx, maxx, miny, maxy FROM " + name)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var b box
		if err := rows.Scan(&b.fid, &b.b[0], &b.b[1], &b.b[2], &b.b[3]); err != nil {
			t.Fatal(err)
		}
		want = append(want, b)
	}
	rows.Close()
	if len(want) != len(fs) {
		t.Fatalf("the tree holds %d boxes, want %d", len(want), len(fs))
	}
	got, ok, err := nodeBoxes(ctx, tx, name, len(want), nil)
	if err != nil || !ok {
		t.Fatalf("nodeBoxes: ok %v, %v", ok, err)
	}
	byFID := func(a, b box) int { return cmp.Compare(a.fid, b.fid) }
	slices.SortFunc(got, byFID)
	slices.SortFunc(want, byFID)
	if !slices.Equal(got, want) {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Fatalf("box %d: nodes %v, virtual table %v", i, got[i], want[i])
			}
		}
		t.Fatalf("%d boxes from the nodes, %d from the virtual table", len(got), len(want))
	}
	if _, ok, err := nodeBoxes(ctx, tx, name, len(want)+1, nil); ok || err != nil {
		t.Fatalf("a wrong count: ok %v, %v", ok, err)
	}
	all, err := treeBoxes(ctx, tx, name, len(want)+1, nil) // falls back to the virtual table
	if err != nil || len(all) != len(want) {
		t.Fatalf("treeBoxes with a wrong count: %d boxes, %v", len(all), err)
	}
}
