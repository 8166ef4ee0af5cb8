package gis

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// What a person types and reads. Vietnamese write a day as dd/mm/yyyy and
// read times on the wall clock of Hà Nội; the stored forms (ISO dates,
// UTC instants, Field.Format) stay the files' and the protocol's contract.

// VietnamTime is Asia/Ho_Chi_Minh: UTC+7 all year (no daylight saving), fixed
// here so that a machine without tzdata still shows local times.
var VietnamTime = time.FixedZone("ICT", 7*3600)

// LocalDate is the ward's calendar day of an instant: deadlines, due
// inspections and the demo's days are all counted in Hà Nội local days.
func LocalDate(t time.Time) Date { return DateOf(t.In(VietnamTime)) }

// ParseDay reads a calendar day as people type it: dd/mm/yyyy (also with
// one-digit day or month, and "-" or "." between) or the ISO yyyy-mm-dd.
func ParseDay(s string) (Date, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("gis: invalid date %q", s)
	if len(s) >= 8 && s[4] == '-' { // yyyy-mm-dd
		return ParseDate(s)
	}
	parts := strings.Split(strings.NewReplacer("-", "/", ".", "/").Replace(s), "/")
	if len(parts) != 3 || len(parts[2]) != 4 || len(parts[0]) > 2 || len(parts[1]) > 2 {
		return Date{}, bad
	}
	var n [3]int
	for i, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return Date{}, bad
		}
		n[i], _ = strconv.Atoi(p)
	}
	d := Date{Year: n[2], Month: time.Month(n[1]), Day: n[0]}
	if n[1] < 1 || n[1] > 12 || n[0] < 1 || DateOf(d.Time()) != d { // 31/02 rolls over: refuse it
		return Date{}, bad
	}
	return d, nil
}

// VN shows the day as Vietnamese write it: 06/12/2026.
func (d Date) VN() string { return fmt.Sprintf("%02d/%02d/%04d", d.Day, d.Month, d.Year) }

// localTimeLayouts are the wall-clock forms a person may type for an instant,
// read in VietnamTime.
var localTimeLayouts = []string{"02/01/2006 15:04:05", "02/01/2006 15:04", "2/1/2006 15:04", "2006-01-02 15:04:05", "2006-01-02 15:04"}

// ParseLocalTime reads an instant typed on the wall clock of Việt Nam
// ("10/11/2026 07:14"), or RFC 3339 with its own offset.
func ParseLocalTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	for _, l := range localTimeLayouts {
		if t, err := time.ParseInLocation(l, s, VietnamTime); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("gis: invalid time %q", s)
}

// Display renders a value for a person: days as dd/mm/yyyy, instants on
// Việt Nam's clock, enumerations by their label in lang; Parse reads every
// one of these back.
func (f *Field) Display(v any, lang string) string {
	switch x := v.(type) {
	case Date:
		return x.VN()
	case time.Time:
		if x.Second() != 0 || x.Nanosecond() != 0 {
			return x.In(VietnamTime).Format("02/01/2006 15:04:05")
		}
		return x.In(VietnamTime).Format("02/01/2006 15:04")
	case string:
		if f.Type == EnumType {
			if o, ok := f.Option(x); ok {
				return o.Label.In(lang)
			}
		}
	}
	return f.Format(v)
}

// Internal reports whether a field is bookkeeping of an import (the OSM
// way and its nodes) that people neither read nor type; forms hide it and
// keep its value.
func (f *Field) Internal() bool {
	switch f.Name {
	case "osm_id", "osm_type", "osm_part", "from_node", "to_node":
		return true
	}
	return false
}

// minimum lists, per kind, what a record entered by a person must hold
// beyond its schema's required fields (DOMAIN.md's key attributes): each
// group is satisfied by any one of its fields. An imported inventory may
// be thinner; a record typed in the field may not be empty.
var minimum = map[Kind][][]string{
	Tree:       {{"species_vi", "species_sci"}, {"condition"}},
	Lamp:       {{"pole_code", "lamp_type"}},
	Drain:      {{"drain_type"}},
	FloodPoint: {{"depth_cm", "frequency"}},
	Plot:       {{"spacing_m"}},
	Violation:  {{"found_by"}},
}

// CheckEntry checks a record a person entered or edited: Validate, then the
// kind's minimum (naming every missing field) and the order of its dates
// (a deadline is not before the day the case began).
func CheckEntry(f *Feature) error {
	var errs ValidationErrors
	if err := Validate(f); err != nil {
		ve, ok := err.(ValidationErrors)
		if !ok {
			return err
		}
		errs = ve
	}
	s := MustLookup(f.Kind)
	for _, group := range minimum[f.Kind] {
		if hasAny(f, group) || errs.For(group[0]) != nil {
			continue
		}
		fd, _ := s.Field(group[0])
		if len(group) == 1 {
			errs = append(errs, fd.invalid("cần nhập để lưu bản ghi", "is needed to save the record"))
			continue
		}
		var vi, en []string
		for _, name := range group {
			o, _ := s.Field(name)
			vi, en = append(vi, o.Label.VI), append(en, o.Label.EN)
		}
		errs = append(errs, &FieldError{Field: fd.Name, Label: fd.Label,
			VI: "cần nhập một trong: " + strings.Join(vi, ", "), EN: "one of these is needed: " + strings.Join(en, ", ")})
	}
	if e := deadlineOrder(f, s); e != nil && errs.For("deadline") == nil {
		errs = append(errs, e)
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

func hasAny(f *Feature, names []string) bool {
	for _, n := range names {
		switch v := f.Attrs[n].(type) {
		case nil:
		case string:
			if strings.TrimSpace(v) != "" {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// deadlineOrder refuses a deadline before the case began (found, recorded
// or received): such a case would be overdue on the day it is made.
func deadlineOrder(f *Feature, s *Schema) *FieldError {
	dl, ok := f.Attrs["deadline"].(Date)
	if !ok {
		return nil
	}
	fd, _ := s.Field("deadline")
	for _, name := range []string{"found_on", "record_date", "received_at"} {
		var start Date
		switch v := f.Attrs[name].(type) {
		case Date:
			start = v
		case time.Time:
			start = DateOf(v.In(VietnamTime))
		default:
			continue
		}
		if dl.Before(start) {
			o, _ := s.Field(name)
			return &FieldError{Field: fd.Name, Label: fd.Label,
				VI: fmt.Sprintf("hạn %s trước %s (%s): chọn từ %s trở đi", dl.VN(), strings.ToLower(o.Label.VI), start.VN(), start.VN()),
				EN: fmt.Sprintf("deadline %s is before %s (%s): pick %s or later", dl.VN(), strings.ToLower(o.Label.EN), start.VN(), start.VN())}
		}
	}
	return nil
}
