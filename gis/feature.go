package gis

import (
	"math"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
)

// Feature is one record of any kind: a map feature when the kind has a
// geometry, an attribute row otherwise. Attrs holds the typed values
// described by the kind's Schema (see FieldType).
type Feature struct {
	ID    string // UUID, made where the record was created
	Kind  Kind
	Geom  orb.Geometry // orb.Point, orb.LineString or orb.Polygon; nil for attribute kinds
	Attrs map[string]any
	Meta
}

// Meta is what sync needs on every record.
type Meta struct {
	CreatedAt time.Time
	CreatedBy string
	UpdatedAt time.Time
	UpdatedBy string
	// Rev is the server's revision of the record; 0 until it was synced.
	Rev int64
	// Deleted marks a tombstone: the record stays so that the deletion can
	// travel to the server and be undone, but no query shows it.
	Deleted bool
}

// The random bits of IDs come from crypto/rand 256 bytes at a time, not
// 16 with a call each: an import makes two IDs a record (the record's and
// its outbox entry's), ~0.4 µs each without the pool, 6% of importing
// Downey's trees. IDs are names, not secrets. (Enabled once, here, before
// any goroutine can make one: EnableRandPool is not safe beside them.)
func init() { uuid.EnableRandPool() }

// NewID returns a new record ID: a UUID version 7, random but ordered by
// creation time, so that a store's ID index grows at its end instead of
// being rewritten at random places (a million-row import is several times
// faster) and records sort by age.
func NewID() string {
	id, err := uuid.NewV7()
	if err != nil {
		return uuid.NewString()
	}
	return id.String()
}

// ValidID reports whether s is a UUID in canonical form.
func ValidID(s string) bool {
	if len(s) != 36 {
		return false
	}
	_, err := uuid.Parse(s)
	return err == nil
}

// NewFeature returns a feature of kind k with a fresh ID and no attributes.
func NewFeature(k Kind, g orb.Geometry) *Feature {
	return &Feature{ID: NewID(), Kind: k, Geom: g, Attrs: map[string]any{}}
}

// Schema returns the feature's schema; it panics for an unknown kind, which
// Validate reports first.
func (f *Feature) Schema() *Schema { return MustLookup(f.Kind) }

// Text returns a text, enum or ref attribute, or "".
func (f *Feature) Text(name string) string {
	s, _ := f.Attrs[name].(string)
	return s
}

// Float returns a number attribute (Int or Real) and whether it is set.
func (f *Feature) Float(name string) (float64, bool) {
	switch v := f.Attrs[name].(type) {
	case float64:
		return v, true
	case int64:
		return float64(v), true
	}
	return 0, false
}

// Bool returns a boolean attribute; unset is false.
func (f *Feature) Bool(name string) bool {
	b, _ := f.Attrs[name].(bool)
	return b
}

// Date returns a date attribute and whether it is set.
func (f *Feature) Date(name string) (Date, bool) {
	d, ok := f.Attrs[name].(Date)
	return d, ok
}

// Time returns a time attribute and whether it is set.
func (f *Feature) Time(name string) (time.Time, bool) {
	t, ok := f.Attrs[name].(time.Time)
	return t, ok
}

// Title names the record for lists and labels, in the given language: the
// schema's title fields, enumerations shown by their label.
func (f *Feature) Title(lang string) string {
	s, ok := Lookup(f.Kind)
	if !ok {
		return f.ID
	}
	var parts []string
	for _, name := range s.Title {
		fd, _ := s.Field(name)
		v := f.Attrs[name]
		if v == nil {
			continue
		}
		txt := fd.Format(v)
		if o, ok := fd.Option(txt); ok {
			txt = o.Label.In(lang)
		}
		parts = append(parts, txt)
	}
	if len(parts) == 0 {
		return s.Label.In(lang)
	}
	return strings.Join(parts, " · ")
}

// SearchText is the folded text that the diacritic-insensitive search
// matches against: FoldSearch(f.SearchSource()).
func (f *Feature) SearchText() string { return FoldSearch(f.SearchSource()) }

// SearchSource is the text SearchText folds: the schema's search fields
// that are set, joined by spaces. A bulk load folds it through a memo, as
// its records repeat a few values (a street's segments share its name).
func (f *Feature) SearchSource() string {
	s, ok := Lookup(f.Kind)
	if !ok {
		return ""
	}
	var parts []string
	for _, name := range s.Search {
		if v, ok := f.Attrs[name].(string); ok && v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, " ")
}

// Derive recomputes the fields derived from the geometry: a street's length,
// a plot's area and tree capacity (one tree per spacing² of area).
func Derive(f *Feature) {
	switch f.Kind {
	case Street:
		if ls, ok := f.Geom.(orb.LineString); ok {
			f.Attrs["length_m"] = math.Round(geo.LengthHaversine(ls)*100) / 100
		}
	case Plot:
		p, ok := f.Geom.(orb.Polygon)
		if !ok {
			return
		}
		area := math.Abs(geo.Area(p))
		f.Attrs["area_m2"] = math.Round(area*10) / 10
		if sp, ok := f.Float("spacing_m"); ok && sp > 0 {
			f.Attrs["capacity"] = PlotCapacity(area, sp)
		}
	}
}

// PlotCapacity is how many trees fit on area m² at the given spacing, one
// tree per square of side spacing.
func PlotCapacity(area, spacing float64) int64 {
	if spacing <= 0 || area <= 0 {
		return 0
	}
	return int64(math.Floor(area / (spacing * spacing)))
}
