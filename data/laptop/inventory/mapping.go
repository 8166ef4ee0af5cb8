package inventory

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"wardmap/gis"
)

// Mapping says how one source file becomes records of one kind: which
// source field feeds which attribute, how values are translated, where the
// coordinates are and in which reference system. It is written by hand as
// JSON (see README.md); ParseMapping checks it against the kind's schema.
type Mapping struct {
	// Kind, when set, must agree with --kind.
	Kind gis.Kind `json:"kind,omitempty"`
	// CRS is the source's reference system ("EPSG:9210"); --crs overrides
	// it. Empty: the GeoJSON file's own crs member, else EPSG:4326.
	CRS string `json:"crs,omitempty"`
	// CSV tunes reading a CSV file.
	CSV CSVOptions `json:"csv,omitzero"`
	// Geometry says where the position is. Empty: the GeoJSON geometry, or
	// for CSV columns guessed from their names (lon/lat, x/y, wkt…).
	Geometry GeometrySource `json:"geometry,omitzero"`
	// Fields maps target attribute names (the kind's schema) to sources.
	// None: every attribute named like a source field (ignoring case,
	// spaces and diacritics) is read from it.
	Fields map[string]*FieldMap `json:"fields,omitempty"`
	// Empty lists source values that mean "no value" in every field
	// ("---", "N/A"); compared case-, space- and diacritic-insensitively.
	Empty []string `json:"empty,omitempty"`
	// Skip drops rows that are not records of this kind at all (a vacant
	// planting site in a tree inventory); each is reported with its reason.
	Skip []SkipRule `json:"skip,omitempty"`
	// Duplicates tunes duplicate detection.
	Duplicates *DuplicateRule `json:"duplicates,omitempty"`
	// Checks tunes the detection of misplaced rows.
	Checks Checks `json:"checks,omitzero"`
	// Source chooses the layer or sheet and the .dbf encoding (formats.go).
	Source SourceOptions `json:"source,omitzero"`

	// Auto is set on a mapping made by AutoMapping (no --map).
	Auto bool `json:"-"`
	// emptySet holds the folded Empty values.
	emptySet map[string]bool
}

// CSVOptions say how a CSV file is written.
type CSVOptions struct {
	// Delimiter is one character: ",", ";", "\t" or "|". Empty: guessed
	// from the header line.
	Delimiter string `json:"delimiter,omitempty"`
	// Encoding is "utf-8" (default; a byte-order mark is skipped),
	// "utf-16" (with a byte-order mark), "windows-1252" or "iso-8859-1".
	Encoding string `json:"encoding,omitempty"`
}

// GeometrySource says which source fields hold the position.
type GeometrySource struct {
	X   string `json:"x,omitempty"`   // longitude or easting column
	Y   string `json:"y,omitempty"`   // latitude or northing column
	WKT string `json:"wkt,omitempty"` // a column of WKT geometries
	// Fallback is where the position comes from when this one gives none
	// or a placeholder (a row at (0, 0), in a pile, far away or outside
	// the extent): {"fallback": {"x": "lon", "y": "lat"}} with no x/y/wkt
	// of its own reads the file's geometry first, then the columns.
	Fallback *GeometrySource `json:"fallback,omitempty"`
	// CRS is the fallback's reference system; default the mapping's crs,
	// else EPSG:4326 (never the GeoJSON file's crs member, which is its
	// geometry's). Only a fallback may set it.
	CRS string `json:"crs,omitempty"`
}

// IsZero reports whether no geometry source is set: the GeoJSON file's
// own geometry, or for CSV columns guessed from their names.
func (g GeometrySource) IsZero() bool {
	return g.X == "" && g.Y == "" && g.WKT == "" && g.Fallback == nil
}

// primaryZero reports whether the primary position is the file's own
// geometry (possibly with a fallback).
func (g GeometrySource) primaryZero() bool { return g.X == "" && g.Y == "" && g.WKT == "" }

// FieldMap is the source of one attribute. In JSON a plain string is
// short for {"from": "…"}.
type FieldMap struct {
	// From names the source field.
	From string `json:"from,omitempty"`
	// Template joins several source fields: "{Address} {Street}". Spaces
	// are collapsed and the result trimmed.
	Template string `json:"template,omitempty"`
	// Value is a constant for every row ("working").
	Value *string `json:"value,omitempty"`
	// Values translates source values (matched ignoring case, spaces and
	// diacritics) into the attribute's values; "" means no value.
	Values map[string]string `json:"values,omitempty"`
	// Unknown says what a value neither in Values nor valid for the field
	// does: "reject" the row (default) or leave the field "empty".
	Unknown string `json:"unknown,omitempty"`
	// Unit is the source's unit for a number ("in", "ft", "cm", "m", "kW"…);
	// the value is converted into the field's own unit.
	Unit string `json:"unit,omitempty"`
	// Range says which number a class such as " 07-12" stands for: "mid"
	// (default, 9.5), "low" (7) or "high" (12). An open class "31+" is
	// always its lower bound.
	Range string `json:"range,omitempty"`
	// Date lists the layouts of a date or time source, tried in order:
	// "M/D/YYYY", "DD.MM.YYYY", "YYYY-MM-DD" (tokens YYYY YY MM M DD D hh
	// mm ss) or Go layouts ("1/2/2006").
	Date StringList `json:"date,omitempty"`
	// Fallback is read when this source gives no value (empty, an "empty"
	// marker, or a value mapped to ""): "species_sci": {"from":
	// "BOTANICAL", "fallback": "GENUS"}.
	Fallback *FieldMap `json:"fallback,omitempty"`

	field   *gis.Field
	tmpl    []tmplPart
	values  map[string]string
	layouts []string
}

type tmplPart struct {
	lit   string
	field string
}

// UnmarshalJSON accepts a string as {"from": string}.
func (f *FieldMap) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &f.From)
	}
	type plain FieldMap
	return json.Unmarshal(b, (*plain)(f))
}

// MarshalJSON writes {"from": "x"} alone as "x", the way people write it.
func (f FieldMap) MarshalJSON() ([]byte, error) {
	if f.From != "" && f.Template == "" && f.Value == nil && f.Values == nil && f.Unknown == "" && f.Unit == "" && f.Range == "" && f.Date == nil && f.Fallback == nil {
		return json.Marshal(f.From)
	}
	type plain FieldMap
	return json.Marshal(plain(f))
}

// JSON is the mapping as a file ParseMapping reads back: what an automatic
// mapping used, for a person to edit and pass with --map.
func (m *Mapping) JSON() ([]byte, error) {
	return json.MarshalIndent(m, "", "  ")
}

// StringList is a JSON string or array of strings.
type StringList []string

// UnmarshalJSON accepts "a" or ["a", "b"].
func (l *StringList) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*l = StringList{s}
		return nil
	}
	return json.Unmarshal(b, (*[]string)(l))
}

// SkipRule drops rows whose field has one of the values.
type SkipRule struct {
	Field  string   `json:"field"`
	Values []string `json:"values"`
	Reason string   `json:"reason,omitempty"`

	set map[string]bool
}

// DuplicateRule says when a row repeats an existing record: same kind,
// within DistanceM metres and the same identity.
type DuplicateRule struct {
	// Key is the records' identity: attributes of the kind's schema, or
	// source fields of the file that are not stored (["address", "Tree"]:
	// the tree number at an address). Only rows with the same key are
	// duplicates. Default: the kind's code (code for trees, pole_code for
	// lamps) when the mapping maps it; without an identity, every mapped
	// attribute (rows differing in any are distinct records).
	Key []string `json:"key,omitempty"`
	// DistanceM is the distance within which two records are one (default
	// 1; 0 means at exactly the same point).
	DistanceM *float64 `json:"distance_m,omitempty"`
	// WithinFile also reports repeats inside the file itself (default true).
	WithinFile *bool `json:"within_file,omitempty"`
}

// Checks tune the detection of misplaced rows.
type Checks struct {
	// Extent, [minlon, minlat, maxlon, maxlat] in WGS 84, rejects rows
	// outside it; --extent overrides it.
	Extent []float64 `json:"extent,omitempty"`
	// MaxDistanceKm rejects rows farther from the file's median point.
	// 0: automatic, max(20 km, 3 × the 95th percentile distance).
	MaxDistanceKm float64 `json:"max_distance_km,omitempty"`
	// Stack rejects every row of a place where this many rows or more lie
	// within 0.3 m of each other (default 10; -1 turns the check off).
	Stack int `json:"stack,omitempty"`
}

// maxMappingSize bounds a mapping file; real ones are a few kB.
const maxMappingSize = 1 << 20

// ReadMappingFile reads the mapping file at path (ParseMapping); its
// errors say which file.
func ReadMappingFile(path string, k gis.Kind) (*Mapping, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("không mở được tệp ánh xạ (cannot open the mapping): %w", err)
	}
	defer f.Close()
	m, err := ParseMapping(f, k)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// ParseMapping reads a mapping and checks it against kind k's schema:
// unknown attributes, computed ones, bad units, value maps onto values the
// field does not have and bad date layouts are errors. Source field names
// are checked later, against the file (Check).
func ParseMapping(r io.Reader, k gis.Kind) (*Mapping, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxMappingSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxMappingSize {
		return nil, gis.Errorf(gis.EINVALID, "tệp ánh xạ quá lớn (mapping file larger than 1 MiB)")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var m Mapping
	if err := dec.Decode(&m); err != nil {
		return nil, gis.Errorf(gis.EINVALID, "tệp ánh xạ không đọc được (mapping is not valid): %v", jsonErr(b, err))
	}
	if dec.More() {
		return nil, gis.Errorf(gis.EINVALID, "tệp ánh xạ có dữ liệu thừa sau đối tượng JSON (mapping has data after its JSON object)")
	}
	if err := m.prepare(k); err != nil {
		return nil, err
	}
	return &m, nil
}

// jsonErr adds the line of a JSON syntax or type error.
func jsonErr(b []byte, err error) error {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 || off > int64(len(b)) {
		return err
	}
	line := 1 + bytes.Count(b[:off], []byte("\n"))
	return fmt.Errorf("dòng (line) %d: %w", line, err)
}

func mapErr(format string, args ...any) error {
	return gis.Errorf(gis.EINVALID, "ánh xạ (mapping): "+format, args...)
}

// prepare checks a mapping for kind k and readies it for use (folded
// value sets, parsed templates and layouts); the errors name what to fix
// in the mapping file.
func (m *Mapping) prepare(k gis.Kind) error {
	sc, ok := gis.Lookup(k)
	if !ok {
		_, err := gis.ParseKind(string(k))
		return err
	}
	if m.Kind != "" && m.Kind != k {
		return mapErr("dành cho loại %q nhưng đang nhập %q (mapping is for kind %q, importing %q)", m.Kind, k, m.Kind, k)
	}
	m.Kind = k
	if m.CRS != "" {
		if _, err := lookupCRS(m.CRS); err != nil {
			return mapErr("%v", err)
		}
	}
	if _, err := m.CSV.delimiter(); err != nil {
		return err
	}
	if _, err := decoderFor(m.CSV.Encoding); err != nil {
		return err
	}
	if err := checkGeometry(m.Geometry, sc, k); err != nil {
		return err
	}
	m.emptySet = map[string]bool{}
	for _, e := range m.Empty {
		m.emptySet[gis.FoldSearch(e)] = true
	}
	if err := m.prepareFields(sc); err != nil {
		return err
	}
	return m.prepareRules()
}

// checkGeometry checks the mapping's geometry source for kind sc: x with
// y or wkt, not both; none for a kind without position; a fallback of
// one level, with its own CRS if any.
func checkGeometry(g GeometrySource, sc *gis.Schema, k gis.Kind) error {
	if (g.X == "") != (g.Y == "") {
		return mapErr("geometry cần cả x và y (geometry needs both x and y)")
	}
	if g.WKT != "" && g.X != "" {
		return mapErr("geometry: chọn x/y hoặc wkt, không cả hai (choose x/y or wkt, not both)")
	}
	if !sc.Spatial() && !g.IsZero() {
		return mapErr("loại %s không có vị trí (kind %s has no geometry)", k, k)
	}
	if g.CRS != "" {
		return mapErr("geometry.crs chỉ dùng trong fallback; hệ tọa độ của tệp là \"crs\" của ánh xạ (geometry.crs is only for a fallback; the source's CRS is the mapping's \"crs\")")
	}
	if fb := g.Fallback; fb != nil {
		if fb.Fallback != nil || fb.primaryZero() {
			return mapErr("geometry.fallback cần x/y hoặc wkt, một tầng (geometry.fallback needs x/y or wkt, one level)")
		}
		if (fb.X == "") != (fb.Y == "") || (fb.WKT != "" && fb.X != "") {
			return mapErr("geometry.fallback: x và y, hoặc wkt (x and y, or wkt)")
		}
		if fb.CRS != "" {
			if _, err := lookupCRS(fb.CRS); err != nil {
				return mapErr("geometry.fallback.crs: %v", err)
			}
		}
	}
	return nil
}

// prepareFields checks each mapped field against kind sc (it exists and
// is not computed) and readies its field map, in name order so that the
// first error is always the same one.
func (m *Mapping) prepareFields(sc *gis.Schema) error {
	k := sc.Kind
	names := make([]string, 0, len(m.Fields))
	for name := range m.Fields {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fm := m.Fields[name]
		if fm == nil {
			return mapErr("trường %q rỗng (field %q maps to null)", name, name)
		}
		fd, ok := sc.Field(name)
		if !ok {
			return mapErr("loại %s không có trường %q (kind %s has no field %q); các trường (fields): %s", k, name, k, name, fieldNames(sc))
		}
		if fd.Computed {
			return mapErr("trường %q được tính từ hình học, không nhập được (field %q is computed from the geometry)", name, name)
		}
		if err := fm.prepare(fd); err != nil {
			return err
		}
	}
	return nil
}

// prepareRules checks and readies the skip rules, the duplicate rule and
// the checks.
func (m *Mapping) prepareRules() error {
	for i := range m.Skip {
		r := &m.Skip[i]
		if r.Field == "" || len(r.Values) == 0 {
			return mapErr("skip cần field và values (skip needs field and values)")
		}
		r.set = map[string]bool{}
		for _, v := range r.Values {
			r.set[gis.FoldSearch(v)] = true
		}
	}
	if d := m.Duplicates; d != nil {
		if x := d.DistanceM; x != nil && (*x < 0 || *x > 1000 || math.IsNaN(*x)) {
			return mapErr("duplicates.distance_m phải từ 0 đến 1000 (must be 0–1000)")
		}
		for _, key := range d.Key {
			if strings.TrimSpace(key) == "" {
				return mapErr("duplicates.key có tên rỗng (duplicates.key has an empty name)")
			}
		}
		// A key that is not an attribute must be a source field: checked
		// against the file (check).
	}
	if e := m.Checks.Extent; e != nil {
		if err := checkExtent(e); err != nil {
			return mapErr("checks.extent: %v", err)
		}
	}
	if m.Checks.MaxDistanceKm < 0 || math.IsNaN(m.Checks.MaxDistanceKm) {
		return mapErr("checks.max_distance_km phải ≥ 0 (must be ≥ 0)")
	}
	return nil
}

func checkExtent(e []float64) error {
	if len(e) != 4 {
		return fmt.Errorf("cần 4 số minlon,minlat,maxlon,maxlat (needs 4 numbers)")
	}
	for _, v := range e {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("không phải số hữu hạn (not finite)")
		}
	}
	if e[0] >= e[2] || e[1] >= e[3] || e[0] < -180 || e[2] > 180 || e[1] < -90 || e[3] > 90 {
		return fmt.Errorf("cần minlon < maxlon, minlat < maxlat trong phạm vi WGS 84 (min before max, within WGS 84 range)")
	}
	return nil
}

func fieldNames(sc *gis.Schema) string {
	var names []string
	for _, f := range sc.Fields {
		if !f.Computed {
			names = append(names, f.Name)
		}
	}
	return strings.Join(names, ", ")
}

var tmplRe = regexp.MustCompile(`\{([^{}]*)\}`)

// prepare checks a field's map against the field fd and readies it.
func (fm *FieldMap) prepare(fd *gis.Field) error {
	fm.field = fd
	n := 0
	if fm.From != "" {
		n++
	}
	if fm.Template != "" {
		n++
	}
	if fm.Value != nil {
		n++
	}
	if n != 1 {
		return mapErr("trường %q cần đúng một trong from, template, value (field %q needs exactly one of from, template, value)", fd.Name, fd.Name)
	}
	if fm.Template != "" {
		if err := fm.parseTemplate(fd); err != nil {
			return err
		}
	}
	switch fm.Unknown {
	case "", "reject", "empty":
	default:
		return mapErr("%s.unknown phải là reject hoặc empty (must be reject or empty): %q", fd.Name, fm.Unknown)
	}
	switch fm.Range {
	case "", "mid", "low", "high":
	default:
		return mapErr("%s.range phải là mid, low hoặc high (must be mid, low or high): %q", fd.Name, fm.Range)
	}
	if err := fm.prepareConversions(fd); err != nil {
		return err
	}
	if fm.Value != nil && *fm.Value != "" {
		if _, err := fd.Parse(*fm.Value); err != nil {
			return mapErr("value của %q: %v", fd.Name, err)
		}
	}
	if fb := fm.Fallback; fb != nil {
		if fb.Fallback != nil {
			return mapErr("%s.fallback: chỉ một tầng (one level only)", fd.Name)
		}
		if err := fb.prepare(fd); err != nil {
			return err
		}
	}
	return nil
}

// parseTemplate splits the field's template into literal text and the
// {source field} parts it fills in.
func (fm *FieldMap) parseTemplate(fd *gis.Field) error {
	last := 0
	for _, loc := range tmplRe.FindAllStringSubmatchIndex(fm.Template, -1) {
		fm.tmpl = append(fm.tmpl, tmplPart{lit: fm.Template[last:loc[0]]}, tmplPart{field: fm.Template[loc[2]:loc[3]]})
		last = loc[1]
	}
	fm.tmpl = append(fm.tmpl, tmplPart{lit: fm.Template[last:]})
	if len(fm.tmpl) == 1 {
		return mapErr("template của %q không nêu trường nào, dạng {Tên} (template of %q names no {field})", fd.Name, fd.Name)
	}
	for _, p := range fm.tmpl {
		if p.field == "" && p.lit != "" && strings.ContainsAny(p.lit, "{}") {
			return mapErr("template của %q có dấu ngoặc lẻ (template of %q has an unmatched brace)", fd.Name, fd.Name)
		}
	}
	return nil
}

// prepareConversions checks and readies how a source value becomes the
// field's: a unit for a number, date layouts for a date, a table of
// values (their targets parsed and written as the field writes them).
func (fm *FieldMap) prepareConversions(fd *gis.Field) error {
	if fm.Unit != "" {
		if fd.Type != gis.Real && fd.Type != gis.Int {
			return mapErr("%s không phải số, không đổi đơn vị được (field %q is not a number: no unit conversion)", fd.Name, fd.Name)
		}
		if _, err := unitFactor(fm.Unit, fd.Unit); err != nil {
			return mapErr("%s: %v", fd.Name, err)
		}
	}
	if len(fm.Date) > 0 {
		if fd.Type != gis.DateType && fd.Type != gis.TimeType {
			return mapErr("%s không phải ngày (field %q is not a date)", fd.Name, fd.Name)
		}
		for _, l := range fm.Date {
			layout, err := goLayout(l)
			if err != nil {
				return mapErr("%s.date: %v", fd.Name, err)
			}
			fm.layouts = append(fm.layouts, layout)
		}
	}
	if fm.Values != nil {
		fm.values = map[string]string{}
		for src, dst := range fm.Values {
			if dst != "" {
				v, err := fd.Parse(dst)
				if err != nil {
					return mapErr("values của %q: %q → %q: %v", fd.Name, src, dst, err)
				}
				dst = fd.Format(v)
			}
			fm.values[gis.FoldSearch(src)] = dst
		}
	}
	return nil
}

// sources lists the source fields the field map (and its fallback) reads.
func (fm *FieldMap) sources() []string {
	var out []string
	if fm.From != "" {
		out = append(out, fm.From)
	}
	for _, p := range fm.tmpl {
		if p.field != "" {
			out = append(out, p.field)
		}
	}
	if fm.Fallback != nil {
		out = append(out, fm.Fallback.sources()...)
	}
	return out
}

// lengths and powers the Unit of a field map may name, in the SI unit of
// their dimension.
var units = map[string]struct {
	dim    string
	factor float64
}{
	"mm": {"length", 0.001}, "cm": {"length", 0.01}, "m": {"length", 1}, "km": {"length", 1000},
	"in": {"length", 0.0254}, "inch": {"length", 0.0254}, "inches": {"length", 0.0254},
	"ft": {"length", 0.3048}, "feet": {"length", 0.3048}, "foot": {"length", 0.3048}, "yd": {"length", 0.9144},
	"w": {"power", 1}, "kw": {"power", 1000},
	"m2": {"area", 1}, "m²": {"area", 1}, "ha": {"area", 10000}, "ft2": {"area", 0.09290304}, "sqft": {"area", 0.09290304},
	"ngày": {"time", 1}, "day": {"time", 1}, "days": {"time", 1}, "week": {"time", 7}, "weeks": {"time", 7},
}

// unitFactor is what a value in unit from is multiplied by to be in unit to.
func unitFactor(from, to string) (float64, error) {
	f, ok := units[strings.ToLower(strings.TrimSpace(from))]
	if !ok {
		known := make([]string, 0, len(units))
		for u := range units {
			known = append(known, u)
		}
		sort.Strings(known)
		return 0, fmt.Errorf("đơn vị không rõ %q (unknown unit); dùng (use): %s", from, strings.Join(known, ", "))
	}
	t, ok := units[strings.ToLower(to)]
	if !ok {
		return 0, fmt.Errorf("trường không có đơn vị để đổi sang (the field has no unit to convert %q into)", from)
	}
	if f.dim != t.dim {
		return 0, fmt.Errorf("không đổi %s sang %s được (cannot convert %s into %s)", from, to, from, to)
	}
	return f.factor / t.factor, nil
}

var layoutRe = regexp.MustCompile(`YYYY|YY|MM|M|DD|D|hh|mm|ss`)

// goLayout turns "M/D/YYYY" into Go's "1/2/2006"; a Go layout passes.
func goLayout(s string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", fmt.Errorf("mẫu ngày rỗng (empty date layout)")
	}
	if strings.Contains(s, "2006") {
		return s, nil
	}
	tok := map[string]string{"YYYY": "2006", "YY": "06", "MM": "01", "M": "1", "DD": "02", "D": "2", "hh": "15", "mm": "04", "ss": "05"}
	out := layoutRe.ReplaceAllStringFunc(s, func(t string) string { return tok[t] })
	if !strings.Contains(out, "06") {
		return "", fmt.Errorf("mẫu ngày %q thiếu năm YYYY (date layout has no year)", s)
	}
	// A layout must round-trip a known date, or Go would misread it.
	ref := time.Date(2019, 11, 23, 13, 45, 7, 0, time.UTC)
	if _, err := time.Parse(out, ref.Format(out)); err != nil {
		return "", fmt.Errorf("mẫu ngày %q không dùng được (unusable date layout): %v", s, err)
	}
	return out, nil
}

// classRe matches a size class: " 07-12", "0–6", "13 - 18".
var classRe = regexp.MustCompile(`^\s*(\d+(?:[.,]\d+)?)\s*[-–—]\s*(\d+(?:[.,]\d+)?)\s*$`)

// openRe matches an open class: "31+", "60 +", ">60".
var openRe = regexp.MustCompile(`^\s*(?:>\s*)?(\d+(?:[.,]\d+)?)\s*\+?\s*$`)

// number reads a number, a class "07-12" (its mid, low or high value) or
// an open class "31+" (its lower bound).
func number(s, rng string) (float64, bool) {
	s = strings.TrimSpace(s)
	if m := classRe.FindStringSubmatch(s); m != nil {
		lo, _ := strconv.ParseFloat(strings.Replace(m[1], ",", ".", 1), 64)
		hi, _ := strconv.ParseFloat(strings.Replace(m[2], ",", ".", 1), 64)
		switch rng {
		case "low":
			return lo, true
		case "high":
			return hi, true
		}
		return (lo + hi) / 2, true
	}
	if m := openRe.FindStringSubmatch(s); m != nil {
		x, err := strconv.ParseFloat(strings.Replace(m[1], ",", ".", 1), 64)
		return x, err == nil
	}
	x, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, false
	}
	return x, true
}
