package render

import (
	"context"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/gis"
)

// queryCounter counts the queries that reach it.
type queryCounter struct {
	Source
	n int
}

func (s *queryCounter) Features(ctx context.Context, k gis.Kind, b orb.Bound) ([]*gis.Feature, error) {
	s.n++
	return s.Source.Features(ctx, k, b)
}

func TestCacheQueriesOnlyWhenTheViewLeavesItsBox(t *testing.T) {
	fs := scene()
	src := &queryCounter{Source: NewSliceSource(fs)}
	c := NewCache(src)
	ctx := context.Background()
	centre := kienAn
	box := func(dx float64) orb.Bound {
		const h = 0.002
		return orb.Bound{Min: orb.Point{centre[0] - h + dx, centre[1] - h}, Max: orb.Point{centre[0] + h + dx, centre[1] + h}}
	}
	want, _ := NewSliceSource(fs).Features(ctx, gis.Lamp, box(0))
	got, err := c.Items(ctx, gis.Lamp, box(0), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) || len(want) == 0 {
		t.Fatalf("first read: %d items, the source has %d", len(got), len(want))
	}
	if src.n != 1 {
		t.Fatalf("%d queries, want 1", src.n)
	}
	// a small pan stays inside the margin: no query, and what is returned
	// is what the source would return for that box (no more than nearby)
	got, _ = c.Items(ctx, gis.Lamp, box(0.001), nil)
	if src.n != 1 {
		t.Errorf("pan inside the margin queried the source (%d queries)", src.n)
	}
	want, _ = NewSliceSource(fs).Features(ctx, gis.Lamp, box(0.001))
	if len(got) != len(want) {
		t.Errorf("after a pan: %d items, the source has %d", len(got), len(want))
	}
	// a pan beyond the margin reads again
	if _, err := c.Items(ctx, gis.Lamp, box(0.01), nil); err != nil {
		t.Fatal(err)
	}
	if src.n != 2 {
		t.Errorf("pan beyond the margin: %d queries, want 2", src.n)
	}
	// other kinds are cached separately
	c.Items(ctx, gis.Tree, box(0.01), nil)
	if src.n != 3 {
		t.Errorf("another kind: %d queries, want 3", src.n)
	}
	// an edit invalidates
	c.Invalidate()
	c.Items(ctx, gis.Lamp, box(0.01), nil)
	if src.n != 4 {
		t.Errorf("after Invalidate: %d queries, want 4", src.n)
	}
}

func TestCacheRendersLikeTheSource(t *testing.T) {
	src := NewSliceSource(scene())
	a, _ := render(t, New(src), 17, 320, 200, DefaultLayers())
	b, _ := render(t, New(NewCache(src)), 17, 320, 200, DefaultLayers())
	if n, _ := diffPixels(a, b); n != 0 {
		t.Errorf("%d pixels differ between the cached and the direct source", n)
	}
}
