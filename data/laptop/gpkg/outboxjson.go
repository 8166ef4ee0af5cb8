package gpkg

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// The outbox's fields column without reflection.
//
// json.Marshal of the map wire.Changed builds costs more than the row's SQL
// insert on a bulk load (a map, interface boxing, a sort and reflection for
// every record). appendFields writes the same bytes, key for key and digit
// for digit (sorted keys, encoding/json's float format and HTML-safe string
// escapes; tests compare the two over every kind and fuzzed values), and
// falls back to encoding/json for any value it does not know.

// appendFields appends the JSON object of fields, as json.Marshal would.
func appendFields(b []byte, fields map[string]any) ([]byte, error) {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		var err error
		if b, err = appendValue(b, fields[k]); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

// appendInsertFields appends what json.Marshal(wire.Changed(sc, f, nil)) gives,
// without building the map: the geometry and every set field, by name.
func appendInsertFields(b []byte, sc *gis.Schema, f *gis.Feature, order []int) ([]byte, error) {
	b = append(b, '{')
	first := true
	for _, i := range order {
		var name string
		var v any
		if i < 0 {
			if !sc.Spatial() || f.Geom == nil {
				continue
			}
			name, v = "geom", f.Geom
		} else {
			name = sc.Fields[i].Name
			if v = f.Attrs[name]; v == nil {
				continue
			}
			v = wire.Value(v)
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendJSONString(b, name)
		b = append(b, ':')
		var err error
		if b, err = appendValue(b, v); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

// fieldOrder is the order appendInsertFields writes a schema's keys in:
// sorted by name, -1 standing for "geom".
func fieldOrder(sc *gis.Schema) []int {
	idx := make([]int, 0, len(sc.Fields)+1)
	idx = append(idx, -1)
	for i := range sc.Fields {
		idx = append(idx, i)
	}
	name := func(i int) string {
		if i < 0 {
			return "geom"
		}
		return sc.Fields[i].Name
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		x, y := name(a), name(b)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	})
	return idx
}

func appendValue(b []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case string:
		return appendJSONString(b, x), nil
	case int64:
		return strconv.AppendInt(b, x, 10), nil
	case int:
		return strconv.AppendInt(b, int64(x), 10), nil
	case float64:
		if c, ok := appendJSONFloat(b, x); ok {
			return c, nil
		}
	case bool:
		return strconv.AppendBool(b, x), nil
	case orb.Point, orb.LineString, orb.Polygon, orb.MultiPoint, orb.MultiLineString, orb.MultiPolygon:
		return appendGeometry(b, x.(orb.Geometry))
	}
	// Anything else (and NaN, which json.Marshal refuses) as encoding/json
	// does it.
	if g, ok := v.(orb.Geometry); ok {
		v = geojsonGeometry(g)
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(b, raw...), nil
}

// appendJSONList writes xs as a JSON array, each element by elem, and a
// nil slice as null, as encoding/json does.
func appendJSONList[T any](b []byte, xs []T, elem func([]byte, T) []byte) []byte {
	if xs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, x := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = elem(b, x)
	}
	return append(b, ']')
}

// appendGeometry writes a GeoJSON geometry as orb's geojson.Geometry
// marshals: {"type":…,"coordinates":…}.
func appendGeometry(b []byte, g orb.Geometry) ([]byte, error) {
	start := len(b)
	b = append(b, `{"type":`...)
	b = appendJSONString(b, g.GeoJSONType())
	b = append(b, `,"coordinates":`...)
	ok := true
	pt := func(b []byte, p orb.Point) []byte {
		b = append(b, '[')
		var o1, o2 bool
		b, o1 = appendJSONFloat(b, p[0])
		b = append(b, ',')
		b, o2 = appendJSONFloat(b, p[1])
		ok = ok && o1 && o2
		return append(b, ']')
	}
	ring := func(b []byte, r orb.Ring) []byte { return appendJSONList(b, r, pt) }
	line := func(b []byte, l orb.LineString) []byte { return appendJSONList(b, l, pt) }
	poly := func(b []byte, p orb.Polygon) []byte { return appendJSONList(b, p, ring) }
	switch g := g.(type) {
	case orb.Point:
		b = pt(b, g)
	case orb.LineString:
		b = line(b, g)
	case orb.MultiPoint:
		b = appendJSONList(b, g, pt)
	case orb.Polygon:
		b = poly(b, g)
	case orb.MultiLineString:
		b = appendJSONList(b, g, line)
	case orb.MultiPolygon:
		b = appendJSONList(b, g, poly)
	}
	if !ok || isNilGeometry(g) {
		// NaN coordinates or a nil geometry: let encoding/json decide.
		raw, err := json.Marshal(geojsonGeometry(g))
		if err != nil {
			return nil, err
		}
		return append(b[:start], raw...), nil
	}
	return append(b, '}'), nil
}

func isNilGeometry(g orb.Geometry) bool {
	switch g := g.(type) {
	case orb.LineString:
		return g == nil
	case orb.MultiPoint:
		return g == nil
	case orb.Polygon:
		return g == nil
	case orb.MultiLineString:
		return g == nil
	case orb.MultiPolygon:
		return g == nil
	}
	return false
}

// appendJSONFloat is encoding/json's float64 encoder; false for NaN and
// infinities, which it refuses.
func appendJSONFloat(b []byte, f float64) ([]byte, bool) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return b, false
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, true
}

const hexDigits = "0123456789abcdef"

// appendJSONString is encoding/json's string encoder with HTML escaping
// (json.Marshal's default): <, > and & as \u003c…, U+2028 and U+2029
// escaped, invalid UTF-8 as \ufffd.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func geojsonGeometry(g orb.Geometry) *geojson.Geometry { return geojson.NewGeometry(g) }
