package gpkg_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
)

// A load into an R-tree that holds few boxes compared with the load
// rebuilds the tree whole (packed, with the old boxes), and a tree that
// holds many takes the load row by row; either way SQLite's checkers, brute
// force and later edits through the triggers agree.
func TestLoadRebuildsRTree(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		before, load int
		packed       bool
	}{{500, 100, true}, {1000, 99, false}, {3000, 2000, true}} {
		t.Run(fmt.Sprint(tc.before, "+", tc.load), func(t *testing.T) {
			s := mustOpen(t)
			c := rtreeCapacity(t, s)
			fs := randomStreets(tc.before, uint64(tc.before))
			if err := s.Insert(ctx, "an", fs[:3]...); err != nil { // through the triggers
				t.Fatal(err)
			}
			if err := s.Load(ctx, fs[3:], gpkg.LoadOptions{User: "test"}); err != nil {
				t.Fatal(err)
			}
			db := rawDB(t, s)
			if _, err := db.Exec("DELETE FROM street WHERE fid % 7 = 0"); err != nil {
				t.Fatal(err)
			}
			fs = liveFeatures(t, db, fs)
			more := randomStreets(tc.load, uint64(tc.before)+1)
			if err := s.Load(ctx, more, gpkg.LoadOptions{User: "test", Outbox: true}); err != nil {
				t.Fatal(err)
			}
			fs = append(fs, more...)
			checkRTree(t, s, "street", fs)
			var nodes int
			s.QueryRow(ctx, "SELECT count(*) FROM rtree_street_geom_node", &nodes)
			if packed := nodes <= packedNodes(len(fs), c); packed != tc.packed {
				t.Errorf("%d boxes in %d nodes (packed: %d): rebuilt %v, want %v", len(fs), nodes, packedNodes(len(fs), c), packed, tc.packed)
			}
			// Edits through the triggers on the rebuilt tree.
			rng := rand.New(rand.NewPCG(1, uint64(tc.load)))
			for i := 0; i < 100; i++ {
				f := fs[rng.IntN(len(fs))]
				f.Geom = randomLine(rng)
				if err := s.Save(ctx, "an", f); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := db.Exec("DELETE FROM street WHERE fid % 5 = 0"); err != nil {
				t.Fatal(err)
			}
			fs = liveFeatures(t, db, fs)
			checkRTree(t, s, "street", fs)
			// GDAL, through the index, finds the features whose envelope
			// meets a box.
			box := orb.Bound{Min: orb.Point{106.63, 20.81}, Max: orb.Point{106.65, 20.83}}
			n := 0
			for _, f := range fs {
				if f.Geom.Bound().Intersects(box) {
					n++
				}
			}
			out := ogrinfo(t, "-so", s.Path(), "street", "-spat", ff(box.Min[0]), ff(box.Min[1]), ff(box.Max[0]), ff(box.Max[1]))
			if want := fmt.Sprintf("Feature Count: %d\n", n); !strings.Contains(out, want) {
				t.Errorf("ogrinfo -spat, want %q:\n%s", want, out)
			}
		})
	}
}
