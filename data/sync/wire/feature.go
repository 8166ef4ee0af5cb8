package wire

// A feature's fields on the wire: the laptop's GeoPackage (data/laptop/gpkg) and
// the server (data/server, data/server/open311) both encode and decode records
// here, so that the server needs nothing of the laptop's store.

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"wardmap/gis"
)

// TimeFormat is the form of a time on the wire and in the GeoPackage
// (ISO 8601, UTC, milliseconds).
const TimeFormat = "2006-01-02T15:04:05.000Z"

// Value is a field's Go value as it travels and as the GeoPackage stores
// it: a day as "YYYY-MM-DD", a time as TimeFormat, a boolean as 0 or 1.
func Value(v any) any {
	switch x := v.(type) {
	case gis.Date:
		return x.String()
	case time.Time:
		return x.UTC().Format(TimeFormat)
	case bool:
		if x {
			return int64(1)
		}
		return int64(0)
	}
	return v
}

// FieldValue converts a stored or travelling value back to the field's Go
// type. Values written by other tools (QGIS editing the file) may come
// with another storage class; they are converted where the meaning is
// clear and refused otherwise.
func FieldValue(f *gis.Field, v any) (any, error) {
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
			return ParseTime(s)
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

// ParseTime reads a time as RFC 3339, "YYYY-MM-DD hh:mm:ss" or a day (UTC).
func ParseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05", time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("gpkg: invalid time %q", s)
}

// Fields returns every set field of f as wire values.
func Fields(f *gis.Feature) map[string]any {
	s, ok := gis.Lookup(f.Kind)
	if !ok {
		return map[string]any{}
	}
	return Changed(s, f, nil)
}

// Changed returns the fields of f that differ from old (all set fields
// when old is nil) as wire values: the sync protocol's field-level merge
// works on these.
func Changed(s *gis.Schema, f, old *gis.Feature) map[string]any {
	out := map[string]any{}
	if s.Spatial() && (old == nil || !reflect.DeepEqual(old.Geom, f.Geom)) && f.Geom != nil {
		out["geom"] = geojson.NewGeometry(f.Geom)
	}
	for _, fd := range s.Fields {
		v := f.Attrs[fd.Name]
		if old != nil && reflect.DeepEqual(old.Attrs[fd.Name], v) {
			continue
		}
		if old == nil && v == nil {
			continue
		}
		out[fd.Name] = Value(v)
	}
	return out
}

// Feature builds a feature of kind k from wire field values (as decoded
// from JSON). Unknown fields and values of the wrong type are EINVALID
// errors.
func Feature(k gis.Kind, id string, fields map[string]any) (*gis.Feature, error) {
	s, ok := gis.Lookup(k)
	if !ok {
		// ParseKind's error lists the kinds; it accepts other cases, the
		// wire does not.
		if _, err := gis.ParseKind(string(k)); err != nil {
			return nil, err
		}
		return nil, gis.Errorf(gis.EINVALID, "loại không rõ %q (unknown kind; kinds are lowercase)", k)
	}
	f := &gis.Feature{ID: id, Kind: k, Attrs: make(map[string]any, len(fields))}
	for name, v := range fields {
		if err := SetField(s, f, name, v); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// SetField sets one field of f (kind s) from its wire value; nil clears it.
func SetField(s *gis.Schema, f *gis.Feature, name string, v any) error {
	v = Normalize(v)
	if name == "geom" {
		return setGeom(s, f, v)
	}
	fd, ok := s.Field(name)
	if !ok {
		return gis.Errorf(gis.EINVALID, "%s không có trường %q (no such field)", s.Kind, name)
	}
	switch fd.Type {
	case gis.Bool, gis.Int:
		if x, ok := v.(float64); ok && x == math.Trunc(x) {
			v = int64(x)
		}
		if b, ok := v.(bool); ok && fd.Type == gis.Int {
			return gis.Errorf(gis.EINVALID, "%s: %v không phải số (not a number)", name, b)
		}
	case gis.Text, gis.EnumType, gis.Ref, gis.DateType, gis.TimeType:
		if v != nil {
			if _, ok := v.(string); !ok {
				return gis.Errorf(gis.EINVALID, "%s: cần chuỗi (want a string), có (got) %T", name, v)
			}
		}
	case gis.Real:
		if b, ok := v.(bool); ok {
			return gis.Errorf(gis.EINVALID, "%s: %v không phải số (not a number)", name, b)
		}
	}
	x, err := FieldValue(fd, v)
	if err != nil {
		return gis.Errorf(gis.EINVALID, "%s: %v", name, err)
	}
	if x == nil {
		delete(f.Attrs, name)
	} else {
		f.Attrs[name] = x
	}
	return nil
}

func setGeom(s *gis.Schema, f *gis.Feature, v any) error {
	if !s.Spatial() {
		return gis.Errorf(gis.EINVALID, "%s không có hình học (kind has no geometry)", s.Kind)
	}
	if v == nil {
		f.Geom = nil
		return nil
	}
	if p, ok := point(v); ok {
		f.Geom = p
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return gis.Errorf(gis.EINVALID, "geom: %v", err)
	}
	g, err := geojson.UnmarshalGeometry(b)
	if err != nil {
		return gis.Errorf(gis.EINVALID, "geom không phải GeoJSON (not a GeoJSON geometry): %v", err)
	}
	f.Geom = g.Geometry()
	return nil
}

// point reads a GeoJSON Point as decoded from JSON without the marshal
// and unmarshal of the general case: most pulled records are points
// (trees, lamps, plates, drains...).
func point(v any) (orb.Point, bool) {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 2 || m["type"] != "Point" {
		return orb.Point{}, false
	}
	c, ok := m["coordinates"].([]any)
	if !ok || len(c) != 2 {
		return orb.Point{}, false
	}
	var p orb.Point
	for i, x := range c {
		switch n := x.(type) {
		case float64:
			p[i] = n
		case int64:
			p[i] = float64(n)
		default:
			return orb.Point{}, false
		}
	}
	return p, true
}

// RecordFeature is a record as the laptop keeps it once pulled: its
// fields and its creation and update (the indicators' formulas read both).
func RecordFeature(r *Record) (*gis.Feature, error) {
	f, err := Feature(gis.Kind(r.Kind), r.ID, r.Fields)
	if err != nil {
		return nil, fmt.Errorf("wire: %s %s: %w", r.Kind, r.ID, err)
	}
	f.Meta = gis.Meta{CreatedAt: r.CreatedAt, CreatedBy: r.CreatedBy, UpdatedAt: r.UpdatedAt, UpdatedBy: r.UpdatedBy, Rev: r.Rev, Deleted: r.Deleted}
	return f, nil
}

// CleanFields applies the stores' text rule (gis.CleanValue) to the
// operation's field values and returns the names of the fields it changed,
// in order: the laptop before sending and the server on receipt apply the
// same rule, each warning in its own words.
func (op *Op) CleanFields() []string {
	names := make([]string, 0, len(op.Fields))
	for k := range op.Fields {
		names = append(names, k)
	}
	slices.Sort(names)
	var changed []string
	for _, k := range names {
		if v, ok := gis.CleanValue(op.Fields[k]); ok {
			op.Fields[k] = v
			changed = append(changed, k)
		}
	}
	return changed
}
