// Package geojson reads and writes wardmap records as RFC 7946 GeoJSON:
// one FeatureCollection, WGS 84 longitude/latitude, the record's UUID as the
// feature id, typed attributes as properties (dates as YYYY-MM-DD, times as
// RFC 3339) and the sync metadata alongside.
package geojson

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	orbjson "github.com/paulmach/orb/geojson"

	"wardmap/gis"
)

// KindProperty names the property that says each feature's kind in a
// collection mixing kinds (the demo ward). It cannot clash with a field
// name: fields never start with "wm_".
const KindProperty = "wm_kind"

var metaProps = []string{"created_at", "created_by", "updated_at", "updated_by", "rev"}

// Options tune writing.
type Options struct {
	// WithKind writes KindProperty on every feature.
	WithKind bool
	// Name is the collection's "name" (a foreign member GDAL shows as the
	// layer name).
	Name string
	// Public leaves out private fields (a reporter's phone) for anything
	// published.
	Public bool
	// CRS, when not "" or "EPSG:4326", names the coordinates' CRS in the
	// legacy (GeoJSON 2008) "crs" member, which GDAL and QGIS honour. Such
	// a file is not RFC 7946 GeoJSON; the caller has projected the
	// geometries already.
	CRS string
}

// Write writes the records as one FeatureCollection.
func Write(w io.Writer, fs []*gis.Feature, opt Options) error {
	fc := orbjson.NewFeatureCollection()
	if opt.Name != "" {
		fc.ExtraMembers = orbjson.Properties{"name": opt.Name}
	}
	if opt.CRS != "" && opt.CRS != "EPSG:4326" {
		if fc.ExtraMembers == nil {
			fc.ExtraMembers = orbjson.Properties{}
		}
		urn := "urn:ogc:def:crs:" + strings.Replace(opt.CRS, ":", "::", 1)
		fc.ExtraMembers["crs"] = map[string]any{"type": "name", "properties": map[string]any{"name": urn}}
	}
	for _, f := range fs {
		gf, err := encode(f, opt)
		if err != nil {
			return err
		}
		fc.Append(gf)
	}
	enc := json.NewEncoder(w)
	return enc.Encode(fc)
}

func encode(f *gis.Feature, opt Options) (*orbjson.Feature, error) {
	s, ok := gis.Lookup(f.Kind)
	if !ok {
		return nil, fmt.Errorf("geojson: unknown kind %q", f.Kind)
	}
	gf := &orbjson.Feature{Type: "Feature", ID: f.ID, Geometry: f.Geom, Properties: orbjson.Properties{}}
	if opt.WithKind {
		gf.Properties[KindProperty] = string(f.Kind)
	}
	for _, fd := range s.Fields {
		if opt.Public && fd.Private {
			continue
		}
		gf.Properties[fd.Name] = wireValue(f.Attrs[fd.Name])
	}
	gf.Properties["created_at"] = f.CreatedAt.UTC().Format(time.RFC3339Nano)
	gf.Properties["created_by"] = f.CreatedBy
	gf.Properties["updated_at"] = f.UpdatedAt.UTC().Format(time.RFC3339Nano)
	gf.Properties["updated_by"] = f.UpdatedBy
	gf.Properties["rev"] = f.Rev
	return gf, nil
}

func wireValue(v any) any {
	switch x := v.(type) {
	case gis.Date:
		return x.String()
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	}
	return v
}

// ErrNotCollection is returned for JSON that is not a FeatureCollection.
var ErrNotCollection = errors.New("geojson: not a FeatureCollection")

// Read reads a FeatureCollection of wardmap records. Every feature's kind
// comes from KindProperty, or is kind when that is not empty. Properties are
// converted to the field's type; an unknown property or a bad value is an
// error naming the feature's position. Nothing is returned on error.
func Read(r io.Reader, kind gis.Kind) ([]*gis.Feature, error) {
	var fc orbjson.FeatureCollection
	dec := json.NewDecoder(r)
	if err := dec.Decode(&fc); err != nil {
		return nil, fmt.Errorf("geojson: không đọc được (cannot read): %w", err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, ErrNotCollection
	}
	out := make([]*gis.Feature, 0, len(fc.Features))
	for i, gf := range fc.Features {
		f, err := decode(gf, kind)
		if err != nil {
			return nil, fmt.Errorf("geojson: feature %d: %w", i+1, err)
		}
		out = append(out, f)
	}
	return out, nil
}

func decode(gf *orbjson.Feature, kind gis.Kind) (*gis.Feature, error) {
	k := kind
	if v, ok := gf.Properties[KindProperty].(string); ok {
		k = gis.Kind(v)
	}
	s, err := gis.SchemaFor(k)
	if err != nil {
		return nil, err
	}
	f := &gis.Feature{Kind: k, Geom: gf.Geometry, Attrs: map[string]any{}}
	if id, ok := gf.ID.(string); ok {
		f.ID = id
	}
	for name, v := range gf.Properties {
		if name == KindProperty || v == nil {
			continue
		}
		if isMeta(name) {
			if err := decodeMeta(f, name, v); err != nil {
				return nil, err
			}
			continue
		}
		fd, ok := s.Field(name)
		if !ok {
			return nil, fmt.Errorf("property %q is not a field of %s", name, k)
		}
		val, err := convert(fd, v)
		if err != nil {
			return nil, err
		}
		if val != nil {
			f.Attrs[name] = val
		}
	}
	return f, nil
}

func isMeta(name string) bool {
	for _, m := range metaProps {
		if m == name {
			return true
		}
	}
	return false
}

func decodeMeta(f *gis.Feature, name string, v any) error {
	switch name {
	case "rev":
		n, ok := v.(float64)
		if !ok {
			return fmt.Errorf("rev %v is not a number", v)
		}
		f.Rev = int64(n)
		return nil
	case "created_by", "updated_by":
		s, _ := v.(string)
		if name == "created_by" {
			f.CreatedBy = s
		} else {
			f.UpdatedBy = s
		}
		return nil
	}
	s, _ := v.(string)
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("%s %q is not an RFC 3339 time", name, s)
	}
	if name == "created_at" {
		f.CreatedAt = t.UTC()
	} else {
		f.UpdatedAt = t.UTC()
	}
	return nil
}

// convert turns a JSON value into the field's Go type: numbers stay
// numbers (whole numbers required for Int), booleans stay booleans, strings
// go through Field.Parse.
func convert(fd *gis.Field, v any) (any, error) {
	switch x := v.(type) {
	case string:
		return fd.Parse(x)
	case bool:
		if fd.Type == gis.Bool {
			return x, nil
		}
	case float64:
		switch fd.Type {
		case gis.Real:
			return x, nil
		case gis.Int:
			if x != float64(int64(x)) {
				return nil, fmt.Errorf("%s: %v is not a whole number", fd.Name, x)
			}
			return int64(x), nil
		}
	}
	return nil, fmt.Errorf("%s: %v (%T) does not fit a %s field", fd.Name, v, v, fd.Type)
}

// WriteFound writes what a search found, briefly (`wardmap query --json`):
// each record's id, geometry, "kind" and the fields it has, without the
// sync metadata; dates as YYYY-MM-DD, times as RFC 3339 to the second.
// With distM (one per record), each also gets its "distance_m".
func WriteFound(w io.Writer, fs []*gis.Feature, distM []float64) error {
	fc := orbjson.NewFeatureCollection()
	for i, f := range fs {
		s, ok := gis.Lookup(f.Kind)
		if !ok {
			return fmt.Errorf("geojson: unknown kind %q", f.Kind)
		}
		gf := orbjson.NewFeature(f.Geom)
		gf.ID = f.ID
		gf.Properties["kind"] = string(f.Kind)
		for _, fd := range s.Fields {
			if v, ok := f.Attrs[fd.Name]; ok {
				if fd.Type == gis.DateType || fd.Type == gis.TimeType {
					v = fd.Format(v)
				}
				gf.Properties[fd.Name] = v
			}
		}
		if distM != nil {
			gf.Properties["distance_m"] = distM[i]
		}
		fc.Append(gf)
	}
	return json.NewEncoder(w).Encode(fc)
}
