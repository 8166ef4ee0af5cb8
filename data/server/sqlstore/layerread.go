package sqlstore

import (
	"context"
	"strings"

	"wardmap/data/server"
	"wardmap/gis"
)

// LayerChangesRaw pages one kind's live features in a box from its layer
// (server.LayerPager): the layer's rows of a ward sit together in
// geohash order, so a box reads a few pages however many wards the
// database holds. The fields are rebuilt as JSON from the typed columns,
// with the values the records hold: the layer keeps a record's text as
// written, numbers and booleans as such, dates as days, and the geometry
// as GeoJSON with every digit (a value of the wrong type, which
// validation refuses on push, would read null here). A time keeps its
// offset in the record (10:11+07:00) but not in a timestamptz column, so
// a kind with a time field (report) is read from its records: ok false.
func (s *Store) LayerChangesRaw(ctx context.Context, ward string, q server.ChangesQuery, fn func(*server.RawRecord) error) (bool, error) {
	if !s.pg || q.Bound == nil || len(q.Kinds) != 1 {
		return false, nil
	}
	l, ok := layers[q.Kinds[0]]
	if !ok || !l.exact {
		return false, nil
	}
	b := q.Bound
	rows, err := s.r.QueryContext(ctx, `SELECT id, rev, `+l.fieldsJSON()+`::text, created_at, created_by, updated_at, updated_by
		FROM `+l.table+` WHERE ward_id = $1 AND rev > $2 AND geom && ST_MakeEnvelope($3, $4, $5, $6, 4326) ORDER BY rev LIMIT $7`,
		ward, q.After, b[0], b[1], b[2], b[3], q.Limit)
	if err != nil {
		return true, err
	}
	defer rows.Close()
	r := server.RawRecord{Kind: q.Kinds[0]}
	for rows.Next() {
		if err := rows.Scan(&r.ID, &r.Rev, &r.Fields, &r.CreatedAt, &r.CreatedBy, &r.UpdatedAt, &r.UpdatedBy); err != nil {
			return true, err
		}
		r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
		if err := fn(&r); err != nil {
			return true, err
		}
	}
	return true, rows.Err()
}

// fieldsJSON is the expression of a layer row's fields as the JSON object
// a record holds (without its private fields).
func (l *layer) fieldsJSON() string {
	s := gis.MustLookup(l.kind)
	var args []string
	for i := range s.Fields {
		f := &s.Fields[i]
		if f.Private {
			continue
		}
		v := quoteIdent(f.Name)
		if f.Type == gis.DateType {
			v = "to_char(" + v + ", 'YYYY-MM-DD')"
		}
		args = append(args, quoteLit(f.Name)+", "+v)
	}
	args = append(args, "'geom', ST_AsGeoJSON(geom, 15)::json")
	// json_build_object takes at most 100 arguments: merge chunks.
	var parts []string
	for len(args) > 0 {
		n := min(len(args), 50)
		parts = append(parts, "jsonb_build_object("+strings.Join(args[:n], ", ")+")")
		args = args[n:]
	}
	return "(" + strings.Join(parts, " || ") + ")"
}

// pagedExact reports whether a layer's rows give back every public value
// of its records: a spatial kind without a time field.
func pagedExact(s *gis.Schema) bool {
	if _, ok := geoJSONType[s.Geom]; !ok {
		return false
	}
	for _, f := range s.Fields {
		if f.Type == gis.TimeType && !f.Private {
			return false
		}
	}
	return true
}
