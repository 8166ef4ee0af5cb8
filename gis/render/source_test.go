package render

import (
	"context"
	"sort"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/gis"
)

func TestSliceSourceMatchesLinearScan(t *testing.T) {
	fs := scene()
	deleted := feature(gis.Lamp, at(0, 0), map[string]any{"status": "working"})
	deleted.Deleted = true
	fs = append(fs, deleted)
	src := NewSliceSource(fs)
	cases := []struct {
		name string
		k    gis.Kind
		b    orb.Bound
	}{
		{"trees in a corner", gis.Tree, orb.Bound{Min: at(-400, -280), Max: at(-100, 0)}},
		{"streets crossing a small box", gis.Street, orb.Bound{Min: at(-5, -5), Max: at(5, 5)}},
		{"streets in a box no vertex is in", gis.Street, orb.Bound{Min: at(-100, -3), Max: at(100, 3)}},
		{"polygons around a point", gis.TDP, orb.Bound{Min: at(10, 10), Max: at(11, 11)}},
		{"everything", gis.Lamp, orb.Bound{Min: at(-1e4, -1e4), Max: at(1e4, 1e4)}},
		{"nothing far away", gis.Tree, orb.Bound{Min: at(5000, 5000), Max: at(6000, 6000)}},
		{"kind with no features", gis.Inspection, orb.Bound{Min: at(-1e4, -1e4), Max: at(1e4, 1e4)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := src.Features(context.Background(), tc.k, tc.b)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, f := range fs {
				if f.Kind == tc.k && !f.Deleted && f.Geom.Bound().Intersects(tc.b) {
					want = append(want, f.ID)
				}
			}
			ids := make([]string, len(got))
			for i, f := range got {
				ids[i] = f.ID
			}
			sort.Strings(ids)
			sort.Strings(want)
			if len(ids) != len(want) {
				t.Fatalf("%d features, want %d", len(ids), len(want))
			}
			for i := range ids {
				if ids[i] != want[i] {
					t.Fatalf("feature %d is %s, want %s (duplicates or misses)", i, ids[i], want[i])
				}
			}
		})
	}
}

func TestSliceSourceHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := NewSliceSource(scene()).Features(ctx, gis.Tree, orb.Bound{Min: at(-1, -1), Max: at(1, 1)}); err == nil {
		t.Error("no error from a cancelled context")
	}
}
