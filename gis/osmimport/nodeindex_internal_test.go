package osmimport

import (
	"testing"

	"github.com/paulmach/orb"
)

// The index merges references in batches; uses must add up across batches
// exactly as within one, including negative ids written by JOSM.
func TestNodeIndexMerge(t *testing.T) {
	cases := []struct {
		name      string
		batches   [][][2]int64 // (id, use) per batch
		junctions []int64
		streets   []int64
	}{
		{"one batch", [][][2]int64{{{5, useStreet}, {3, useJunction}, {5, useStreet}, {9, useNeeded}}}, []int64{3, 5}, []int64{9}},
		{"across batches", [][][2]int64{{{5, useStreet}, {7, useNeeded}}, {{5, useStreet}, {7, useStreet}}}, []int64{5}, []int64{7}},
		{"saturates", [][][2]int64{{{1, useJunction}, {1, useJunction}}, {{1, useJunction}}}, []int64{1}, nil},
		{"negative ids", [][][2]int64{{{-4, useStreet}, {2, useStreet}}, {{-4, useStreet}, {-1, useStreet}}}, []int64{-4}, []int64{-1, 2}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var x nodeIndex
			for _, b := range tc.batches {
				for _, r := range b {
					x.add(r[0], uint8(r[1]))
				}
				x.flush()
			}
			x.seal()
			for i := 1; i < len(x.ids); i++ {
				if x.ids[i-1] >= x.ids[i] {
					t.Fatalf("ids not sorted and unique: %v", x.ids)
				}
			}
			for _, id := range append(append([]int64{}, tc.junctions...), tc.streets...) {
				x.set(id, orb.Point{106.6253187, -20.8})
			}
			check := func(ids []int64, wantJunction bool) {
				for _, id := range ids {
					p, j, ok := x.get(id)
					if !ok || j != wantJunction || p != (orb.Point{106.6253187, -20.8}) {
						t.Errorf("node %d: %v junction=%v ok=%v", id, p, j, ok)
					}
				}
			}
			check(tc.junctions, true)
			check(tc.streets, false)
			if _, _, ok := x.get(12345); ok {
				t.Error("unknown node found")
			}
		})
	}
}
