package render

import (
	"context"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/gis"
)

// itemsOnly hides a source's RangeItems, so the renderer copies items.
type itemsOnly struct{ s ItemSource }

func (o itemsOnly) Features(ctx context.Context, k gis.Kind, b orb.Bound) ([]*gis.Feature, error) {
	return o.s.Features(ctx, k, b)
}

func (o itemsOnly) Items(ctx context.Context, k gis.Kind, b orb.Bound, dst []Item) ([]Item, error) {
	return o.s.Items(ctx, k, b, dst)
}

// RangeItems sees exactly the items Items copies, for the slice source and
// for the cache in front of it, inside and across the cached box.
func TestRangeItemsMatchesItems(t *testing.T) {
	src := NewSliceSource(benchWard(3000, 600))
	for _, s := range []interface {
		ItemSource
		ItemRanger
	}{src, NewCache(src)} {
		for _, b := range []orb.Bound{
			{Min: at(-500, -400), Max: at(700, 300)},
			{Min: at(-2000, -2000), Max: at(2000, 2000)},
			{Min: at(100, 100), Max: at(400, 300)},
		} {
			for _, k := range []gis.Kind{gis.Tree, gis.Lamp, gis.Street} {
				want, err := s.Items(context.Background(), k, b, nil)
				if err != nil {
					t.Fatal(err)
				}
				var got []Item
				if err := s.RangeItems(context.Background(), k, b, func(it *Item) { got = append(got, *it) }); err != nil {
					t.Fatal(err)
				}
				key := func(it Item) orb.Point { return it.Geom.Bound().Center() }
				cmp := func(a, b Item) int {
					ka, kb := key(a), key(b)
					if ka[0] != kb[0] {
						return compareF(ka[0], kb[0])
					}
					return compareF(ka[1], kb[1])
				}
				slices.SortFunc(got, cmp)
				slices.SortFunc(want, cmp)
				if len(got) != len(want) || len(want) == 0 && k != gis.Street {
					t.Fatalf("%T %s %v: ranged %d items, Items %d", s, k, b, len(got), len(want))
				}
				for i := range got {
					if key(got[i]) != key(want[i]) || got[i].Status != want[i].Status {
						t.Fatalf("%T %s: item %d differs", s, k, i)
					}
				}
			}
		}
	}
}

func compareF(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// A ward-scale frame binned through RangeItems is the frame drawn from
// copied items, pixel for pixel, status filters included.
func TestRangedFrameIsTheCopiedFrame(t *testing.T) {
	src := NewSliceSource(benchWard(20000, 2000))
	layers := DefaultLayers()
	for i := range layers {
		if layers[i].Kind == gis.Lamp {
			layers[i].Status = []string{"broken"}
		}
	}
	ranged, st1 := render(t, New(src), 15, 640, 400, layers)
	copied, st2 := render(t, New(itemsOnly{src}), 15, 640, 400, layers)
	if st1.Clusters == 0 || st1.Clusters != st2.Clusters || st1.Clustered != st2.Clustered {
		t.Fatalf("bubbles %d (%d points) ranged, %d (%d) copied", st1.Clusters, st1.Clustered, st2.Clusters, st2.Clustered)
	}
	if n, _ := diffPixels(ranged, copied); n != 0 {
		t.Fatalf("%d pixels differ", n)
	}
}
