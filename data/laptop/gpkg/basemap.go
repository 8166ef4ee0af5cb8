package gpkg

import (
	"context"
	"fmt"

	"github.com/paulmach/orb"

	"wardmap/gis/render"
)

var _ render.Basemap = (*Store)(nil)

// Polygons returns the basemap polygons (buildings, water, land use) whose
// bounding box meets b, for the map renderer: it reads only the geometry
// and kind through the R-tree, without decoding whole records.
func (s *Store) Polygons(ctx context.Context, b orb.Bound) ([]render.BasePolygon, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT t.geom, t.kind, t.osm_id IS NOT NULL
		FROM basemap t JOIN rtree_basemap_geom r ON r.id = t.fid
		WHERE r.maxx >= ? AND r.minx <= ? AND r.maxy >= ? AND r.miny <= ? AND t.deleted = 0
		ORDER BY t.fid`, b.Min[0], b.Max[0], b.Min[1], b.Max[1])
	if err != nil {
		return nil, fmt.Errorf("gpkg: basemap: %w", err)
	}
	defer rows.Close()
	var out []render.BasePolygon
	for rows.Next() {
		var blob []byte
		var kind string
		var osm bool
		if err := rows.Scan(&blob, &kind, &osm); err != nil {
			return nil, err
		}
		g, err := decodeGeom(blob)
		if err != nil {
			return nil, err
		}
		p, ok := g.(orb.Polygon)
		if !ok {
			continue // another tool wrote something else; the map skips it
		}
		out = append(out, render.BasePolygon{Kind: render.BaseKind(kind), Geom: p, OSM: osm})
	}
	return out, rows.Err()
}
