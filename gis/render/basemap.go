package render

import (
	"context"

	"github.com/paulmach/orb"
)

// BasePolygon is one polygon of the basemap under the ward's own layers: a
// building, water or land use, usually imported from OpenStreetMap.
type BasePolygon struct {
	Kind BaseKind
	Geom orb.Polygon
	OSM  bool // derived from OpenStreetMap: drawing it needs attribution
}

// Basemap is the hook for background polygons. It is optional; the
// Renderer draws none when it is nil.
type Basemap interface {
	Polygons(ctx context.Context, b orb.Bound) ([]BasePolygon, error)
}

// BaseSlice is a Basemap over a slice, filtered by bounding box.
type BaseSlice []BasePolygon

var _ Basemap = BaseSlice(nil)

// Polygons returns the polygons whose bounding box meets b.
func (s BaseSlice) Polygons(ctx context.Context, b orb.Bound) ([]BasePolygon, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []BasePolygon
	for _, p := range s {
		if p.Geom.Bound().Intersects(b) {
			out = append(out, p)
		}
	}
	return out, nil
}
