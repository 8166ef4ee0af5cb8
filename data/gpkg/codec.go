package gpkg

import (
	"fmt"
	"strings"
	"time"

	"wardmap/gis"
)

// timeFormat is the GeoPackage DATETIME form (ISO 8601, UTC, milliseconds).
const timeFormat = "2006-01-02T15:04:05.000Z"

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

// toSQL converts a field's Go value to what SQLite stores.
func toSQL(v any) any {
	switch x := v.(type) {
	case gis.Date:
		return x.String()
	case time.Time:
		return x.UTC().Format(timeFormat)
	case bool:
		if x {
			return int64(1)
		}
		return int64(0)
	}
	return v
}

// fromSQL converts a stored value back to the field's Go type. Values written
// by other tools (QGIS editing the file) may come with another storage class;
// they are converted where the meaning is clear and refused otherwise.
func fromSQL(f *gis.Field, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch f.Type {
	case gis.Text, gis.EnumType, gis.Ref:
		switch x := v.(type) {
		case string:
			return x, nil
		case []byte:
			return string(x), nil
		}
		return fmt.Sprint(v), nil
	case gis.Int:
		switch x := v.(type) {
		case int64:
			return x, nil
		case float64:
			return int64(x), nil
		}
	case gis.Real:
		switch x := v.(type) {
		case float64:
			return x, nil
		case int64:
			return float64(x), nil
		}
	case gis.Bool:
		if x, ok := v.(int64); ok {
			return x != 0, nil
		}
		if x, ok := v.(bool); ok {
			return x, nil
		}
	case gis.DateType:
		if s, ok := asString(v); ok {
			return gis.ParseDate(s[:min(len(s), 10)])
		}
		if t, ok := v.(time.Time); ok {
			return gis.DateOf(t), nil
		}
	case gis.TimeType:
		if t, ok := v.(time.Time); ok {
			return t.UTC(), nil
		}
		if s, ok := asString(v); ok {
			return parseTime(s)
		}
	}
	return nil, fmt.Errorf("gpkg: column %s holds %T, want %s", f.Name, v, f.Type)
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

func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05", time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("gpkg: invalid time %q", s)
}

// rowValues returns the values for columns(s) of one feature.
func rowValues(s *gis.Schema, f *gis.Feature) ([]any, error) {
	return rowValuesAt(s, f, nil)
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

// rowValuesAt is rowValues with the times equal to now's taken from it.
func rowValuesAt(s *gis.Schema, f *gis.Feature, now *sqlTime) ([]any, error) {
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
		vals = append(vals, toSQL(f.Attrs[fd.Name]))
	}
	return append(vals,
		f.SearchText(),
		now.format(f.CreatedAt), f.CreatedBy,
		now.format(f.UpdatedAt), f.UpdatedBy,
		f.Rev, toSQL(f.Deleted)), nil
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
		v, err := fromSQL(&s.Fields[k], raw[i])
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
	return parseTime(s)
}
