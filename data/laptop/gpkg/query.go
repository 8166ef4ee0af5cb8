package gpkg

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/paulmach/orb"

	"wardmap/gis"
)

// Query selects records of one kind. Every filter set must match.
type Query struct {
	Kind gis.Kind
	// Bound keeps records whose geometry intersects the box (R-tree first,
	// then the exact geometry).
	Bound *orb.Bound
	// Within keeps records lying inside the polygon.
	Within orb.Polygon
	// Search keeps records whose names or addresses contain every word of
	// the text, ignoring diacritics and case.
	Search string
	// Near orders by distance to the point and keeps the Limit nearest.
	Near *orb.Point
	// MaxDistance bounds a Near search, in metres (0: unbounded).
	MaxDistance float64
	// Limit caps the number of results (0: no cap).
	Limit int
	// Deleted includes tombstones.
	Deleted bool
}

// Result is one record found, with its distance when the query had Near.
type Result struct {
	*gis.Feature
	DistanceM float64
}

// Find runs a query.
func (s *Store) Find(ctx context.Context, q Query) ([]Result, error) {
	sc, err := gis.SchemaFor(q.Kind)
	if err != nil {
		return nil, err
	}
	if !sc.Spatial() && (q.Bound != nil || q.Within != nil || q.Near != nil) {
		return nil, gis.Errorf(gis.EINVALID, "loại %s không có vị trí, không lọc theo không gian được (kind %s has no geometry: spatial filters do not apply)", q.Kind, q.Kind)
	}
	if q.Near != nil {
		return s.nearest(ctx, sc, q)
	}
	box := q.Bound
	if q.Within != nil {
		// The polygon's box narrows through the R-tree; Bound, if also
		// set, is applied exactly below.
		b := q.Within.Bound()
		box = &b
	}
	fs, err := s.scan(ctx, sc, q, box)
	if err != nil {
		return nil, err
	}
	out := make([]Result, 0, len(fs))
	for _, f := range fs {
		if q.Bound != nil && !gis.IntersectsBound(f.Geom, *q.Bound) {
			continue
		}
		if q.Within != nil && !gis.Within(f.Geom, q.Within) {
			continue
		}
		out = append(out, Result{Feature: f})
		if q.Limit > 0 && len(out) == q.Limit {
			break
		}
	}
	return out, nil
}

// scan reads the candidates: through the R-tree when box is set, matching
// the search words, tombstones excluded unless asked for.
func (s *Store) scan(ctx context.Context, sc *gis.Schema, q Query, box *orb.Bound) ([]*gis.Feature, error) {
	var where []string
	var args []any
	from := quoteIdent(sc.Table) + " t"
	if box != nil {
		from += fmt.Sprintf(" JOIN %s r ON r.id = t.fid", quoteIdent("rtree_"+sc.Table+"_geom"))
		where = append(where, "r.maxx >= ? AND r.minx <= ? AND r.maxy >= ? AND r.miny <= ?")
		args = append(args, box.Min[0], box.Max[0], box.Min[1], box.Max[1])
	}
	for _, w := range strings.Fields(gis.FoldSearch(q.Search)) {
		where = append(where, `t.search LIKE ? ESCAPE '\'`)
		args = append(args, "%"+escapeLike(w)+"%")
	}
	if !q.Deleted {
		where = append(where, "t.deleted = 0")
	}
	stmt := fmt.Sprintf("SELECT %s FROM %s", selectList(sc, "t."), from)
	if len(where) > 0 {
		stmt += " WHERE " + strings.Join(where, " AND ")
	}
	stmt += " ORDER BY t.fid"
	if q.Limit > 0 && q.Bound == nil && q.Within == nil {
		stmt += fmt.Sprintf(" LIMIT %d", q.Limit)
	}
	rows, err := s.r.QueryContext(ctx, stmt, args...)
	if err != nil {
		return nil, fmt.Errorf("gpkg: query %s: %w", sc.Kind, err)
	}
	defer rows.Close()
	var out []*gis.Feature
	for rows.Next() {
		f, err := scanFeature(sc, rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// nearest grows a search window around the point through the R-tree until
// it holds Limit records no farther than the window's inner radius, then
// orders them by exact distance.
func (s *Store) nearest(ctx context.Context, sc *gis.Schema, q Query) ([]Result, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 10
	}
	p := *q.Near
	r := 50.0
	for {
		dLon, dLat := gis.MetresToDegrees(r, p[1])
		box := orb.Bound{Min: orb.Point{p[0] - dLon, p[1] - dLat}, Max: orb.Point{p[0] + dLon, p[1] + dLat}}
		fs, err := s.scan(ctx, sc, Query{Kind: q.Kind, Search: q.Search, Deleted: q.Deleted}, &box)
		if err != nil {
			return nil, err
		}
		res := make([]Result, 0, len(fs))
		for _, f := range fs {
			if q.Within != nil && !gis.Within(f.Geom, q.Within) {
				continue
			}
			if q.Bound != nil && !gis.IntersectsBound(f.Geom, *q.Bound) {
				continue
			}
			d := gis.DistanceM(f.Geom, p)
			if q.MaxDistance > 0 && d > q.MaxDistance {
				continue
			}
			res = append(res, Result{Feature: f, DistanceM: d})
		}
		sort.SliceStable(res, func(i, j int) bool { return res[i].DistanceM < res[j].DistanceM })
		enough := len(res) >= limit && res[limit-1].DistanceM <= r
		exhausted := r > 2.1e7 || (q.MaxDistance > 0 && r >= q.MaxDistance)
		if enough || exhausted {
			if len(res) > limit {
				res = res[:limit]
			}
			return res, nil
		}
		r *= 4
	}
}

// Get reads one record by kind and ID, tombstones included.
func (s *Store) Get(ctx context.Context, k gis.Kind, id string) (*gis.Feature, error) {
	sc, err := gis.SchemaFor(k)
	if err != nil {
		return nil, err
	}
	return getFeature(ctx, s.r, sc, id)
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func getFeature(ctx context.Context, db queryer, sc *gis.Schema, id string) (*gis.Feature, error) {
	stmt := fmt.Sprintf("SELECT %s FROM %s WHERE id = ?", selectList(sc, ""), quoteIdent(sc.Table))
	f, err := scanFeature(sc, db.QueryRowContext(ctx, stmt, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound(sc.Kind, id)
	}
	return f, err
}

// Features returns the live records of kind k intersecting b: the map
// renderer's source.
func (s *Store) Features(ctx context.Context, k gis.Kind, b orb.Bound) ([]*gis.Feature, error) {
	res, err := s.Find(ctx, Query{Kind: k, Bound: &b})
	if err != nil {
		return nil, err
	}
	fs := make([]*gis.Feature, len(res))
	for i, r := range res {
		fs[i] = r.Feature
	}
	return fs, nil
}

// KindStats counts one kind's live records.
type KindStats struct {
	Kind    gis.Kind `json:"kind"`
	Count   int      `json:"count"`
	Deleted int      `json:"deleted"`
}

// Stats summarises the database: counts per kind and the bounding box of
// every map feature.
type Stats struct {
	Kinds  []KindStats `json:"kinds"`
	Bounds *orb.Bound  `json:"-"`
	Ward   string      `json:"ward"`
	Demo   bool        `json:"demo"`
}

// MarshalJSON writes the bounding box as GeoJSON's "bbox" ([minlon,
// minlat, maxlon, maxlat]), left out when there is none: `wardmap stats
// --json` prints this.
func (st Stats) MarshalJSON() ([]byte, error) {
	type plain Stats // without this method
	out := struct {
		*plain
		BBox []float64 `json:"bbox,omitempty"`
	}{plain: (*plain)(&st)}
	if b := st.Bounds; b != nil {
		out.BBox = []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}
	}
	return json.Marshal(out)
}

// Stats counts records per kind and finds the ward's bounding box from the
// R-tree indexes (no geometry is decoded).
func (s *Store) Stats(ctx context.Context) (*Stats, error) {
	st := &Stats{}
	var bound *orb.Bound
	for _, k := range gis.Kinds() {
		sc := gis.MustLookup(k)
		ks := KindStats{Kind: k}
		q := fmt.Sprintf("SELECT coalesce(sum(deleted = 0), 0), coalesce(sum(deleted != 0), 0) FROM %s", quoteIdent(sc.Table))
		if err := s.r.QueryRowContext(ctx, q).Scan(&ks.Count, &ks.Deleted); err != nil {
			return nil, fmt.Errorf("gpkg: stats %s: %w", k, err)
		}
		st.Kinds = append(st.Kinds, ks)
		if !sc.Spatial() || ks.Count == 0 {
			continue
		}
		var minx, maxx, miny, maxy float64
		q = fmt.Sprintf("SELECT min(minx), max(maxx), min(miny), max(maxy) FROM %s", quoteIdent("rtree_"+sc.Table+"_geom"))
		if err := s.r.QueryRowContext(ctx, q).Scan(&minx, &maxx, &miny, &maxy); err != nil {
			return nil, fmt.Errorf("gpkg: extent %s: %w", k, err)
		}
		b := orb.Bound{Min: orb.Point{minx, miny}, Max: orb.Point{maxx, maxy}}
		if bound == nil {
			bound = &b
		} else {
			u := bound.Union(b)
			bound = &u
		}
	}
	st.Bounds = bound
	var err error
	if st.Ward, err = s.Setting(ctx, "ward_name"); err != nil {
		return nil, err
	}
	demo, err := s.Setting(ctx, "demo")
	st.Demo = demo == "true"
	return st, err
}
