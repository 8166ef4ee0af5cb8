package gpkg

import (
	"fmt"
	"strings"
	"time"

	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// timeFormat is the GeoPackage DATETIME form (ISO 8601, UTC,
// milliseconds), the wire's.
const timeFormat = wire.TimeFormat

// metaCols follow the schema's fields in every table, in this order.
var metaCols = []string{"search", "created_at", "created_by", "updated_at", "updated_by", "rev", "deleted"}

// columns returns the writable columns of a kind's table in a fixed order:
// geometry (if any), id, the schema's fields, then the meta columns.
func columns(s *gis.Schema) []string {
	cols := make([]string, 0, len(s.Fields)+10)
	if s.Spatial() {
		cols = append(cols, "geom")
	}
	cols = append(cols, "id")
	for _, f := range s.Fields {
		cols = append(cols, f.Name)
	}
	return append(cols, metaCols...)
}

func selectList(s *gis.Schema, alias string) string {
	cols := columns(s)
	for i, c := range cols {
		cols[i] = alias + quoteIdent(c)
	}
	return strings.Join(cols, ", ")
}

func asString(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case []byte:
		return string(x), true
	}
	return "", false
}

// rowValues returns the values for columns(s) of one feature.
func rowValues(s *gis.Schema, f *gis.Feature) ([]any, error) {
	return rowValuesAt(s, f, nil, nil)
}

// foldMemo remembers gis.FoldSearch of the search texts a load has seen:
// an OSM import's street segments share their way's name, and every
// unnamed one is "(không tên)", whose fold (not ASCII: NFD, lower case,
// letters kept) was 3% of Andorra's import. Cleared when full.
type foldMemo map[string]string

const foldMemoMax = 4096

func (m foldMemo) fold(s string) string {
	if m == nil {
		return gis.FoldSearch(s)
	}
	if v, ok := m[s]; ok {
		return v
	}
	if len(m) >= foldMemoMax {
		clear(m)
	}
	v := gis.FoldSearch(s)
	m[s] = v
	return v
}

// sqlTime is one time as the database stores it, formatted once: every
// row of a load shares its creation and update time.
type sqlTime struct {
	t time.Time
	s string
}

func newSQLTime(t time.Time) *sqlTime { return &sqlTime{t, t.UTC().Format(timeFormat)} }

// format is t as stored, from the cache when t is its time.
func (c *sqlTime) format(t time.Time) string {
	if c != nil && t.Equal(c.t) {
		return c.s
	}
	return t.UTC().Format(timeFormat)
}

// rowValuesAt is rowValues with the times equal to now's taken from it
// and the search text folded through memo (both may be nil).
func rowValuesAt(s *gis.Schema, f *gis.Feature, now *sqlTime, memo foldMemo) ([]any, error) {
	vals := make([]any, 0, len(s.Fields)+10)
	if s.Spatial() {
		g, err := encodeGeom(f.Geom)
		if err != nil {
			return nil, err
		}
		vals = append(vals, g)
	}
	vals = append(vals, f.ID)
	for _, fd := range s.Fields {
		vals = append(vals, wire.Value(f.Attrs[fd.Name]))
	}
	return append(vals,
		memo.fold(f.SearchSource()),
		now.format(f.CreatedAt), f.CreatedBy,
		now.format(f.UpdatedAt), f.UpdatedBy,
		f.Rev, wire.Value(f.Deleted)), nil
}

// scanFeature reads one row selected with selectList.
func scanFeature(s *gis.Schema, rows interface{ Scan(...any) error }) (*gis.Feature, error) {
	cols := columns(s)
	raw := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, err
	}
	f := &gis.Feature{Kind: s.Kind, Attrs: make(map[string]any, len(s.Fields))}
	i := 0
	if s.Spatial() {
		b, _ := raw[0].([]byte)
		g, err := decodeGeom(b)
		if err != nil {
			return nil, err
		}
		f.Geom = g
		i++
	}
	f.ID, _ = asString(raw[i])
	i++
	for k := range s.Fields {
		v, err := wire.FieldValue(&s.Fields[k], raw[i])
		if err != nil {
			return nil, fmt.Errorf("gpkg: %s %s: %w", s.Kind, f.ID, err)
		}
		if v != nil {
			f.Attrs[s.Fields[k].Name] = v
		}
		i++
	}
	i++ // search
	f.CreatedAt, _ = scanTime(raw[i])
	f.CreatedBy, _ = asString(raw[i+1])
	f.UpdatedAt, _ = scanTime(raw[i+2])
	f.UpdatedBy, _ = asString(raw[i+3])
	f.Rev, _ = raw[i+4].(int64)
	switch del := raw[i+5].(type) { // BOOLEAN columns come back as bool
	case bool:
		f.Deleted = del
	case int64:
		f.Deleted = del != 0
	}
	return f, nil
}

func scanTime(v any) (time.Time, error) {
	if t, ok := v.(time.Time); ok {
		return t.UTC(), nil
	}
	s, _ := asString(v)
	return wire.ParseTime(s)
}
