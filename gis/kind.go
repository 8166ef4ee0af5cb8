package gis

import (
	"fmt"
	"sort"
	"strings"
)

// Kind names a kind of record. The names are the CLI's contract
// (`wardmap query --kind lamp`) and the GeoPackage table names' source.
type Kind string

const (
	Street     Kind = "street"
	Tree       Kind = "tree"
	Lamp       Kind = "lamp"
	Plate      Kind = "plate"
	AlleySign  Kind = "alley-sign"
	Drain      Kind = "drain"
	FloodPoint Kind = "flood-point"
	Plot       Kind = "plot"
	TDP        Kind = "tdp"
	Violation  Kind = "violation"
	Report     Kind = "report"
	Inspection Kind = "inspection"
	Attachment Kind = "attachment"
	// Address and Basemap come from OpenStreetMap (`wardmap import osm`):
	// the house numbers plates are counted against, and the polygons drawn
	// under everything else. A re-import replaces them.
	Address Kind = "address"
	Basemap Kind = "basemap"
)

// GeomType is the geometry a kind carries.
type GeomType string

const (
	NoGeom     GeomType = ""
	Point      GeomType = "POINT"
	LineString GeomType = "LINESTRING"
	Polygon    GeomType = "POLYGON"
)

// Schema describes a kind: its labels, geometry, fields and the fields that
// name it in search results and on the map.
type Schema struct {
	Kind   Kind
	Table  string // GeoPackage table name
	Label  Label
	Geom   GeomType
	Fields []Field
	// Title lists the fields whose values, joined, name a record
	// ("Trần Thành Ngọ", "Đèn KA-0123").
	Title []string
	// Search lists the fields indexed by the diacritic-insensitive search.
	Search []string
}

// Field returns the named field.
func (s *Schema) Field(name string) (*Field, bool) {
	for i := range s.Fields {
		if s.Fields[i].Name == name {
			return &s.Fields[i], true
		}
	}
	return nil, false
}

// Spatial reports whether records of this kind are map features.
func (s *Schema) Spatial() bool { return s.Geom != NoGeom }

var schemaByKind = map[Kind]*Schema{}

func register(s *Schema) *Schema {
	if s.Table == "" {
		s.Table = strings.ReplaceAll(string(s.Kind), "-", "_")
	}
	schemaByKind[s.Kind] = s
	return s
}

// Kinds returns every kind in a stable order: map layers first, bottom to
// top, then the attribute-only kinds.
func Kinds() []Kind {
	return []Kind{Basemap, TDP, Plot, Street, Drain, FloodPoint, Tree, Lamp, Plate, AlleySign, Address, Violation, Report, Inspection, Attachment}
}

// Lookup returns the schema of a kind.
func Lookup(k Kind) (*Schema, bool) {
	s, ok := schemaByKind[k]
	return s, ok
}

// ParseKind reads a kind name as users type it. The error lists the names.
func ParseKind(s string) (Kind, error) {
	k := Kind(strings.ToLower(strings.TrimSpace(s)))
	if _, ok := schemaByKind[k]; ok {
		return k, nil
	}
	names := make([]string, 0, len(schemaByKind))
	for k := range schemaByKind {
		names = append(names, string(k))
	}
	sort.Strings(names)
	return "", Errorf(EINVALID, "loại không rõ %q (unknown kind); dùng một trong (use one of): %s", s, strings.Join(names, ", "))
}

// SchemaFor returns the schema of kind k, or an EINVALID error naming the
// kinds when k is not one of them exactly ("Tree" is not "tree": names
// from users go through ParseKind first).
func SchemaFor(k Kind) (*Schema, error) {
	if s, ok := schemaByKind[k]; ok {
		return s, nil
	}
	if _, err := ParseKind(string(k)); err != nil {
		return nil, err
	}
	return nil, Errorf(EINVALID, "loại %q phải viết thường (kind names are lower case): %q", k, strings.ToLower(string(k)))
}

// MustLookup returns the schema of a kind known at compile time.
func MustLookup(k Kind) *Schema {
	s, ok := Lookup(k)
	if !ok {
		panic(fmt.Sprintf("gis: no schema for kind %q", k))
	}
	return s
}
