// Package catalogue holds the rules of the catalogue records that travel
// by sync beside the map's features (issue 6): the plan's targets
// (wm_targets), formula parameters (wm_target_params), reported figures
// (wm_reported), inspection cycles (wm_cycles) and work assignments
// (wm_assignments). The laptop's GeoPackage (data/laptop/gpkg) stores them in
// tables, the server (data/server) as records; both check, key and seed
// them here, so that the server needs nothing of the laptop's store.
//
// Targets, parameters, cycles and figures are keyed by their natural key
// (code and valid_from, name and valid_from, kind and class, and for a
// figure who entered what when): their record ID is a UUID (version 5)
// of that key, so two laptops that make the same version offline make the
// same record, which the server merges field by field. Key fields never
// change; a new version is a new record. A reported figure is never
// changed: a correction is a new figure, and the old one stays as history.
// Assignments have their own random IDs.
package catalogue

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// Catalogue kinds on the wire.
const (
	KindTarget     = "target"
	KindParam      = "target_param"
	KindFigure     = "reported" // a figure a TDP or unit reports; the wire keeps its first name
	KindCycle      = "cycle"
	KindAssignment = "assignment"
)

// Kinds lists the catalogue kinds.
var Kinds = []string{KindTarget, KindParam, KindFigure, KindCycle, KindAssignment}

// IsKind reports whether kind is a catalogue kind.
func IsKind(kind string) bool { return slices.Contains(Kinds, kind) }

// ColType is a column's type on the wire.
type ColType int

const (
	Text ColType = iota
	Real
	Int
	Bool // 0 or 1 on the wire, as the feature tables' booleans
	Date // "YYYY-MM-DD"
	Time // wire.TimeFormat, UTC
)

// Col is one field of a catalogue kind.
type Col struct {
	Name     string
	Type     ColType
	Optional bool     // may be null (or, for text with a default, absent)
	Enum     []string // allowed values of a text
	Min, Max float64  // bounds of a number (when Max > Min)
}

// Table is a catalogue kind: its table in the GeoPackage (the server keeps
// it as sync records), its natural key and its fields.
type Table struct {
	Kind, Table string
	Key         []string // natural key; nil: the table has an id column
	Cols        []Col
	InsertOnly  bool
}

// Names lists the table's field names in order.
func (t *Table) Names() []string {
	out := make([]string, len(t.Cols))
	for i, c := range t.Cols {
		out[i] = c.Name
	}
	return out
}

// Lookup is the table of a catalogue kind, nil for another kind.
func Lookup(kind string) *Table { return tables[kind] }

var tables = map[string]*Table{
	KindTarget: {Kind: KindTarget, Table: "wm_targets", Key: []string{"code", "valid_from"}, Cols: []Col{
		{Name: "code"}, {Name: "valid_from", Type: Date}, {Name: "name_vi"}, {Name: "name_en"},
		{Name: "grp", Enum: []string{"environment", "urban_order", "culture", "digital"}},
		{Name: "unit"}, {Name: "baseline", Type: Real, Optional: true}, {Name: "baseline_period", Optional: true},
		{Name: "target", Type: Real}, {Name: "direction", Enum: []string{"at_least", "at_most"}},
		{Name: "frequency", Enum: []string{"month", "quarter", "year", "plan"}}, {Name: "scopes"},
		{Name: "kind", Enum: []string{"computed", "reported"}}, {Name: "cumulative", Type: Bool}, {Name: "ramp", Type: Bool},
		{Name: "min_value", Type: Real}, {Name: "max_value", Type: Real}, {Name: "method", Optional: true},
	}},
	KindParam: {Kind: KindParam, Table: "wm_target_params", Key: []string{"name", "valid_from"}, Cols: []Col{
		{Name: "name"}, {Name: "value", Type: Real, Min: 0, Max: math.MaxFloat64}, {Name: "valid_from", Type: Date}, {Name: "note", Optional: true},
	}},
	KindCycle: {Kind: KindCycle, Table: "wm_cycles", Key: []string{"kind", "class"}, Cols: []Col{
		{Name: "kind"}, {Name: "class", Optional: true}, {Name: "days", Type: Int, Min: 0, Max: 3650},
		{Name: "season", Optional: true}, {Name: "note", Optional: true},
	}},
	KindFigure: {Kind: KindFigure, Table: "wm_reported", InsertOnly: true,
		Key: []string{"code", "scope", "scope_id", "period", "entered_by", "entered_at"}, Cols: []Col{
			{Name: "code"}, {Name: "scope", Enum: []string{"ward", "tdp", "street", "organisation"}}, {Name: "scope_id", Optional: true},
			{Name: "period"}, {Name: "value", Type: Real}, {Name: "note", Optional: true},
			{Name: "entered_by"}, {Name: "entered_at", Type: Time}, {Name: "entered_as", Optional: true},
		}},
	KindAssignment: {Kind: KindAssignment, Table: "wm_assignments", Cols: []Col{
		{Name: "assignee"}, {Name: "day", Type: Date}, {Name: "targets", Optional: true}, {Name: "note", Optional: true},
		{Name: "status", Enum: []string{"open", "done", "cancelled"}},
	}},
}

// catalogueNS is the namespace of the catalogue's record IDs.
var catalogueNS = uuid.MustParse("5f0c2d1e-7a4b-4c36-9a51-6b8e3f2d9c10")

// ID is the record ID of a keyed catalogue record (fields in wire
// form), "" for kinds without a natural key.
func ID(kind string, fields map[string]any) string {
	ct := tables[kind]
	if ct == nil || ct.Key == nil {
		return ""
	}
	parts := []string{kind}
	for _, k := range ct.Key {
		s, _ := fields[KeyField(kind, k, fields)].(string)
		parts = append(parts, s)
	}
	return uuid.NewSHA1(catalogueNS, []byte(strings.Join(parts, "\x00"))).String()
}

// KeyField is the field holding key part k: a reported figure's name is
// entered_as once the server has put its account in entered_by, so that
// the figure keeps the ID the laptop made.
func KeyField(kind, k string, fields map[string]any) string {
	if kind == KindFigure && k == "entered_by" {
		if as, _ := fields["entered_as"].(string); as != "" {
			return "entered_as"
		}
	}
	return k
}

// InsertOnly reports whether records of kind never change once made (a
// reported figure: a correction is a new one).
func InsertOnly(kind string) bool { ct := tables[kind]; return ct != nil && ct.InsertOnly }

// Check checks a catalogue record's complete fields (wire form):
// every required field present with the right type and range, nothing
// unknown, and a keyed record's ID made from its key.
func Check(kind, id string, fields map[string]any) error {
	ct := tables[kind]
	if ct == nil {
		return gis.Errorf(gis.EINVALID, "loại không rõ %q (unknown kind)", kind)
	}
	for f := range fields {
		if !slices.ContainsFunc(ct.Cols, func(c Col) bool { return c.Name == f }) {
			return gis.Errorf(gis.EINVALID, "%s không có trường %q (no such field)", kind, f)
		}
	}
	for _, c := range ct.Cols {
		v, has := fields[c.Name]
		v = wire.Normalize(v)
		if !has || v == nil {
			if c.Optional {
				continue
			}
			return gis.Errorf(gis.EINVALID, "%s: thiếu trường %s (missing field)", kind, c.Name)
		}
		if err := checkValue(c, v); err != nil {
			return gis.Errorf(gis.EINVALID, "%s.%s: %v", kind, c.Name, err)
		}
	}
	if want := ID(kind, fields); want != "" && id != want {
		return gis.Errorf(gis.EINVALID, "%s %s: mã bản ghi phải là %s, lập từ khóa %s; không đổi được khóa, hãy tạo phiên bản mới (the record ID must be made from its key; a key does not change, make a new version)",
			kind, id, want, strings.Join(ct.Key, ", "))
	}
	if kind == KindAssignment {
		if s, _ := fields["targets"].(string); s != "" {
			for _, t := range strings.Split(s, ",") {
				if !gis.ValidID(strings.TrimSpace(t)) {
					return gis.Errorf(gis.EINVALID, "assignment.targets: %q không phải UUID (not a UUID)", t)
				}
			}
		}
	}
	return nil
}

func checkValue(c Col, v any) error {
	switch c.Type {
	case Text, Date, Time:
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("cần chuỗi (want a string), có (got) %T", v)
		}
		switch c.Type {
		case Date:
			if _, err := gis.ParseDate(s); err != nil || len(s) != 10 {
				return fmt.Errorf("ngày %q không hợp lệ, cần YYYY-MM-DD (bad date)", s)
			}
		case Time:
			if t, err := time.Parse(wire.TimeFormat, s); err != nil || t.Format(wire.TimeFormat) != s {
				return fmt.Errorf("thời điểm %q không hợp lệ, cần %s (bad time)", s, wire.TimeFormat)
			}
		}
		if c.Enum != nil && !slices.Contains(c.Enum, s) {
			return fmt.Errorf("%q không thuộc (not one of) %s", s, strings.Join(c.Enum, ", "))
		}
		if !c.Optional && c.Type == Text && s == "" && c.Enum == nil {
			return fmt.Errorf("không được rỗng (must not be empty)")
		}
	case Real, Int, Bool:
		var x float64
		switch n := v.(type) {
		case int64:
			x = float64(n)
		case float64:
			x = n
		default:
			return fmt.Errorf("cần số (want a number), có (got) %T", v)
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("số không hợp lệ (not a finite number)")
		}
		if (c.Type == Int || c.Type == Bool) && x != math.Trunc(x) {
			return fmt.Errorf("cần số nguyên (want a whole number): %v", x)
		}
		if c.Type == Bool && x != 0 && x != 1 {
			return fmt.Errorf("cần 0 hoặc 1 (want 0 or 1): %v", x)
		}
		if c.Max > c.Min && (x < c.Min || x > c.Max) {
			return fmt.Errorf("%v ngoài khoảng (out of range) %v–%v", x, c.Min, c.Max)
		}
	}
	return nil
}

// Key names the key fields of a catalogue kind (nil when its
// records have their own IDs).
func Key(kind string) []string {
	if ct := tables[kind]; ct != nil {
		return slices.Clone(ct.Key)
	}
	return nil
}
