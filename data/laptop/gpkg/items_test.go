package gpkg_test

import (
	"context"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
	"wardmap/gis/demo"
	"wardmap/gis/render"
)

// TestPointsMatchFeatures: the fast path hands the renderer the same items
// (positions, statuses, titles, in the same order) as Features through
// render.NewItem, for every point kind of the demo ward, in a box over part
// of it, without tombstones; a line kind is refused.
func TestPointsMatchFeatures(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	w := demo.Generate()
	if err := s.Load(ctx, w.Features, gpkg.LoadOptions{User: "test"}); err != nil {
		t.Fatal(err)
	}
	c := w.Bounds.Center()
	box := orb.Bound{Min: c, Max: w.Bounds.Max}
	var gone *gis.Feature
	for _, f := range w.ByKind(gis.Lamp) {
		if box.Contains(f.Geom.(orb.Point)) {
			gone = f
			break
		}
	}
	if err := s.Update(ctx, "test", func(tx *gpkg.Tx) error { return tx.Delete(ctx, gis.Lamp, gone.ID) }); err != nil {
		t.Fatal(err)
	}
	points := 0
	for _, k := range gis.Kinds() {
		sc := gis.MustLookup(k)
		if sc.Geom != gis.Point {
			continue
		}
		fs, err := s.Features(ctx, k, box)
		if err != nil {
			t.Fatal(err)
		}
		its, err := s.Points(ctx, k, box, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(its) != len(fs) {
			t.Fatalf("%s: %d items, %d features", k, len(its), len(fs))
		}
		for i, f := range fs {
			want, got := render.NewItem(f), its[i]
			if got.F != nil || got.Status != want.Status || got.Point != want.Point ||
				!orb.Equal(got.Geom, want.Geom) || got.Label != f.Title("vi") {
				t.Fatalf("%s %s: item %+v, want %+v (title %q)", k, f.ID, got, want, f.Title("vi"))
			}
			if got.Point == gone.Geom.(orb.Point) {
				t.Errorf("the deleted lamp %s is among the items", gone.ID)
			}
			points++
		}
	}
	if _, err := s.Points(ctx, gis.Street, box, nil); gis.ErrorCode(err) != gis.EINVALID {
		t.Errorf("points of streets: %v, want EINVALID", err)
	}
	if points < 1000 {
		t.Errorf("only %d points compared", points)
	}
}
