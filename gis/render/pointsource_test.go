package render

import (
	"context"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/gis"
)

// pointsOnly is a PointSource over a SliceSource: points come without
// their features (F nil, the title in Label), as the GeoPackage's fast
// path hands them out; it counts the calls of each path.
type pointsOnly struct {
	src              *SliceSource
	points, features int
}

func (s *pointsOnly) Features(ctx context.Context, k gis.Kind, b orb.Bound) ([]*gis.Feature, error) {
	s.features++
	return s.src.Features(ctx, k, b)
}

func (s *pointsOnly) Points(ctx context.Context, k gis.Kind, b orb.Bound, dst []Item) ([]Item, error) {
	s.points++
	its, err := s.src.Items(ctx, k, b, nil)
	for _, it := range its {
		it.Label, it.F = it.F.Title("vi"), nil
		dst = append(dst, it)
	}
	return dst, err
}

// TestCacheOverPointSource: point kinds are read through Points, lines and
// polygons through Features, and the frame (labels included) is the same
// as from whole features, zoomed out (clusters) and in (labelled points);
// Cache.Features still gives whole features of point kinds.
func TestCacheOverPointSource(t *testing.T) {
	fs := scene()
	layers := DefaultLayers()
	for i := range layers {
		layers[i].Labels = true // every point labelled, from Label
	}
	for _, z := range []float64{15, 19} {
		src := &pointsOnly{src: NewSliceSource(fs)}
		want, wst := render(t, New(NewSliceSource(fs)), z, 480, 300, layers)
		got, gst := render(t, New(NewCache(src)), z, 480, 300, layers)
		if n, _ := diffPixels(want, got); n != 0 {
			t.Errorf("z%v: %d pixels differ between whole features and the point source", z, n)
		}
		if len(gst.Labels) != len(wst.Labels) {
			t.Errorf("z%v: %d labels, want %d", z, len(gst.Labels), len(wst.Labels))
		}
		if src.points == 0 || src.features == 0 {
			t.Errorf("z%v: %d Points and %d Features calls, want both", z, src.points, src.features)
		}
		if z == 19 && len(wst.Labels) == 0 {
			t.Error("the scene drew no labels at z19: the comparison proves nothing")
		}
	}
	c := NewCache(&pointsOnly{src: NewSliceSource(fs)})
	lamps, err := c.Features(context.Background(), gis.Lamp, orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}})
	if err != nil || len(lamps) == 0 {
		t.Fatalf("Features(Lamp) = %d, %v", len(lamps), err)
	}
	for _, f := range lamps {
		if f == nil || f.Attrs == nil {
			t.Fatalf("Cache.Features gave a partial lamp %+v", f)
		}
	}
}
