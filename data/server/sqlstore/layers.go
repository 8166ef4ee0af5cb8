package sqlstore

// Per-kind layers on PostgreSQL (issue 13). The records table keeps each
// record as JSONB, which is what the sync protocol needs but not what a
// city's GIS people can open: QGIS, GeoServer and `ogrinfo PG:` see a
// table per kind (tree, lamp, street…) with typed columns made from the
// kind's schema and a geometry(<type>, 4326) column with a GiST index.
//
// One SQL expression per column turns a record's JSON into the layer's
// row (layerSelect). The same text serves the write of each record (in
// PutRecord's statement, so the layer changes in the record's
// transaction) and the building of a layer from the records already
// stored (a new database, a database from before the layers, a kind whose
// schema gained a field). The geometry is read by PostGIS's own
// ST_GeomFromGeoJSON from the GeoJSON the record already holds: nothing
// is decoded or encoded twice in Go, and the build from stored records
// needs it in SQL anyway (README: the choice and its measure).

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"

	"wardmap/gis"
)

// layer is the PostgreSQL layer of one kind.
type layer struct {
	kind    gis.Kind
	table   string   // quoted table name
	cols    []string // quoted column names, in order
	exprs   []string // the expression of each column over the record r
	ddl     []string // CREATE TABLE and its indexes
	version string   // a digest of ddl: a layer whose comment differs is rebuilt
	exact   bool     // box pages may read the layer (pagedExact)
}

// layerMeta are the columns every layer starts with, from the record's
// own columns. A schema field of one of these names would be ambiguous;
// TestLayerNames checks that none exists.
var layerMeta = []struct{ name, typ, expr string }{
	{"ward_id", "text NOT NULL", "r.ward_id"},
	{"id", "text NOT NULL", "r.id"},
	{"rev", "bigint NOT NULL", "r.rev"},
	{"created_at", "timestamptz NOT NULL", "r.created_at"},
	{"created_by", "text NOT NULL", "r.created_by"},
	{"updated_at", "timestamptz NOT NULL", "r.updated_at"},
	{"updated_by", "text NOT NULL", "r.updated_by"},
}

// pgType and pgExpr give a field's column type and the expression reading
// it from the record's fields (the wm_* functions of migration 0005
// answer NULL for a value not of the type).
func pgColumn(f *gis.Field) (typ, expr string) {
	v := "r.fields->" + quoteLit(f.Name)
	switch f.Type {
	case gis.Int:
		return "bigint", "wm_int(" + v + ")"
	case gis.Real:
		return "double precision", "wm_real(" + v + ")"
	case gis.Bool:
		return "boolean", "wm_bool(" + v + ")"
	case gis.DateType:
		return "date", "wm_date(r.fields->>" + quoteLit(f.Name) + ")"
	case gis.TimeType:
		return "timestamptz", "wm_time(r.fields->>" + quoteLit(f.Name) + ")"
	}
	return "text", "r.fields->>" + quoteLit(f.Name)
}

// geoJSONType is the GeoJSON type name of a kind's geometry, and the
// PostGIS type of its column.
var geoJSONType = map[gis.GeomType][2]string{
	gis.Point:      {"Point", "Point"},
	gis.LineString: {"LineString", "LineString"},
	gis.Polygon:    {"Polygon", "Polygon"},
}

// newLayer makes the layer of a kind's schema. Private fields (a
// reporter's name and phone, a violator, an internal note) are not in the
// layer: the layers are what the city's GIS people and any GeoServer
// publishing them read, while the private fields stay in the records,
// which only the server reads (README: private fields).
func newLayer(s *gis.Schema) *layer {
	l := &layer{kind: s.Kind, table: quoteIdent(s.Table), exact: pagedExact(s)}
	var defs []string
	for _, m := range layerMeta {
		l.cols = append(l.cols, quoteIdent(m.name))
		l.exprs = append(l.exprs, m.expr)
		defs = append(defs, quoteIdent(m.name)+" "+m.typ)
	}
	for i := range s.Fields {
		f := &s.Fields[i]
		if f.Private {
			continue
		}
		typ, expr := pgColumn(f)
		l.cols = append(l.cols, quoteIdent(f.Name))
		l.exprs = append(l.exprs, expr)
		defs = append(defs, quoteIdent(f.Name)+" "+typ)
	}
	if t, ok := geoJSONType[s.Geom]; ok {
		l.cols = append(l.cols, "geom")
		l.exprs = append(l.exprs, "wm_geom(r.fields->'geom', "+quoteLit(t[0])+")")
		defs = append(defs, "geom geometry("+t[1]+", 4326)")
	}
	defs = append(defs, "PRIMARY KEY (ward_id, id)")
	l.ddl = []string{"CREATE TABLE " + l.table + " (\n  " + strings.Join(defs, ",\n  ") + "\n)"}
	if s.Spatial() {
		l.ddl = append(l.ddl, "CREATE INDEX "+quoteIdent(s.Table+"_geom")+" ON "+l.table+" USING gist (geom)")
	}
	sum := sha256.Sum256([]byte(strings.Join(l.ddl, ";\n") + strings.Join(l.exprs, ",")))
	l.version = "wardmap layer " + hex.EncodeToString(sum[:8])
	return l
}

// upsert is the head of the INSERT of rows selected by layerSelect.
func (l *layer) upsert() string {
	return "INSERT INTO " + l.table + " (" + strings.Join(l.cols, ", ") + ") "
}

// selectList is the SELECT list of the layer's row from a record r (one
// text for a record's write and for a build).
func (l *layer) selectList() string {
	list := make([]string, len(l.exprs))
	for i, e := range l.exprs {
		list[i] = e + " AS " + l.cols[i]
	}
	return strings.Join(list, ", ")
}

// write wraps the upsert of a record (a statement RETURNING the row) so
// that the same statement writes the record's layer row, or deletes it
// when the record is deleted: one round trip, one transaction.
func (l *layer) write(recordUpsert string, deleted bool) string {
	with := "WITH r AS (" + recordUpsert + " RETURNING *) "
	if deleted {
		return with + "DELETE FROM " + l.table + " WHERE ward_id = $1 AND id = $3"
	}
	return with + l.upsert() + "SELECT " + l.selectList() + " FROM r WHERE r.ward_id = $1" + l.onConflict()
}

func (l *layer) onConflict() string {
	set := make([]string, 0, len(l.cols))
	for _, c := range l.cols[2:] {
		set = append(set, c+" = excluded."+c)
	}
	return " ON CONFLICT (ward_id, id) DO UPDATE SET " + strings.Join(set, ", ")
}

// layers are the layers of every kind with a schema, by kind.
var layers = func() map[string]*layer {
	m := map[string]*layer{}
	for _, k := range gis.Kinds() {
		m[string(k)] = newLayer(gis.MustLookup(k))
	}
	return m
}()

// LayerTables returns the layer table of each kind, for tests and
// operators.
func LayerTables() map[string]string {
	out := map[string]string{}
	for k := range layers {
		out[k] = gis.MustLookup(gis.Kind(k)).Table
	}
	return out
}

// ensureLayers creates each kind's layer that is missing and rebuilds
// each whose definition changed (a field added to the schema), from the
// records stored, in one transaction: a database from before the layers
// gets them at its first start on this version.
func (s *Store) ensureLayers(ctx context.Context) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7276372)`); err != nil {
		return err
	}
	have := map[string]string{}
	rows, err := tx.QueryContext(ctx, `SELECT c.relname, coalesce(obj_description(c.oid, 'pg_class'), '')
		FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var name, comment string
		if err := rows.Scan(&name, &comment); err != nil {
			rows.Close()
			return err
		}
		have[name] = comment
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	changed := false
	for _, k := range gis.Kinds() {
		l := layers[string(k)]
		comment, ok := have[gis.MustLookup(k).Table]
		if ok && comment == l.version {
			continue
		}
		if err := buildLayer(ctx, tx, l, ok); err != nil {
			return fmt.Errorf("layer %s: %w", k, err)
		}
		changed = true
	}
	if !changed {
		return nil
	}
	return tx.Commit()
}

// buildLayer (re)creates a layer and fills it from the stored records.
func buildLayer(ctx context.Context, tx *sql.Tx, l *layer, exists bool) error {
	var stmts []string
	if exists {
		stmts = append(stmts, "DROP TABLE "+l.table)
	}
	stmts = append(stmts, l.ddl...)
	stmts = append(stmts, "COMMENT ON TABLE "+l.table+" IS "+quoteLit(l.version))
	for _, q := range stmts {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, fillLayer(l), string(l.kind))
	return err
}

// fillLayer is the statement that copies every ward's live records of a
// kind into its (empty) layer: a build, not a ward's query. The rows go
// in ward by ward and, within a ward, in geohash order: a box's features
// then share a few pages. In write order, every ward's records
// interleaved, a box of 300 trees of a city of 100 wards read 302 pages,
// against 34 on a one-ward database, and the page took 4 to 8 times as
// long (BenchmarkCity, README).
func fillLayer(l *layer) string {
	sel := "SELECT /* all wards: layer build */ " + l.selectList() + " FROM records r WHERE r.kind = $1 AND NOT r.deleted"
	if l.cols[len(l.cols)-1] == "geom" {
		// ST_GeoHash fails outside ±180°/±90°: such a geometry sorts last.
		sel = "SELECT * FROM (" + sel + ") s ORDER BY ward_id, CASE WHEN ST_XMin(geom) >= -180 AND ST_XMax(geom) <= 180" +
			" AND ST_YMin(geom) >= -90 AND ST_YMax(geom) <= 90 THEN ST_GeoHash(geom) END"
	}
	return l.upsert() + sel
}

// RebuildLayers empties every layer and fills it again from the records:
// for a bulk load written straight into records, and for operators.
func (s *Store) RebuildLayers(ctx context.Context) error {
	if !s.pg {
		return nil
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, k := range gis.Kinds() {
		l := layers[string(k)]
		if _, err := tx.ExecContext(ctx, "TRUNCATE "+l.table); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, fillLayer(l), string(k)); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// quoteIdent quotes a PostgreSQL identifier.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// quoteLit quotes a PostgreSQL string literal.
func quoteLit(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
