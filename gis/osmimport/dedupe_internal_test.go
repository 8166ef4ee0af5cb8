package osmimport

import (
	"slices"
	"testing"

	"github.com/paulmach/osm"
)

// dedupe drops only a node repeated right after itself, and leaves a way
// without repeats as it is (no copy).
func TestDedupe(t *testing.T) {
	ways := func(ids ...osm.NodeID) osm.WayNodes {
		ns := make(osm.WayNodes, len(ids))
		for i, id := range ids {
			ns[i] = osm.WayNode{ID: id}
		}
		return ns
	}
	cases := []struct{ in, want osm.WayNodes }{
		{nil, nil},
		{ways(1), ways(1)},
		{ways(1, 1), ways(1)},
		{ways(1, 2, 3, 1), ways(1, 2, 3, 1)},
		{ways(1, 1, 2, 2, 2, 3, 1), ways(1, 2, 3, 1)},
		{ways(1, 2, 3, 3), ways(1, 2, 3)},
		{ways(4, 4, 4, 4), ways(4)},
	}
	for _, c := range cases {
		orig := slices.Clone(c.in)
		got := dedupe(c.in)
		if !slices.Equal(got, c.want) {
			t.Errorf("dedupe(%v) = %v, want %v", orig, got, c.want)
		}
		if !slices.Equal(c.in, orig) {
			t.Errorf("dedupe changed its input: %v, was %v", c.in, orig)
		}
		if len(got) == len(c.in) && len(got) > 0 && &got[0] != &c.in[0] {
			t.Errorf("dedupe(%v) copied a way without repeats", orig)
		}
	}
}
