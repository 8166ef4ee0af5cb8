package gis

import (
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

// FieldError is one problem with one field (or "geometry", or "id"),
// worded for the person who typed it, in Vietnamese and English.
type FieldError struct {
	Field string
	Label Label
	VI    string
	EN    string
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("%s: %s (%s)", e.Field, e.VI, e.EN)
}

// ValidationErrors lists every problem found in a record, so a form can mark
// all of its fields at once.
type ValidationErrors []*FieldError

func (v ValidationErrors) Error() string {
	msgs := make([]string, len(v))
	for i, e := range v {
		msgs[i] = e.Error()
	}
	return "dữ liệu không hợp lệ (invalid data): " + strings.Join(msgs, "; ")
}

// For returns the error of the named field, or nil.
func (v ValidationErrors) For(field string) *FieldError {
	for _, e := range v {
		if e.Field == field {
			return e
		}
	}
	return nil
}

// Validate checks a record against its kind's schema: the ID, the geometry
// (type, coordinate range, polygon validity) and every attribute (type,
// required, range, enumeration). It returns ValidationErrors or nil.
func Validate(f *Feature) error {
	s, ok := Lookup(f.Kind)
	if !ok {
		_, err := ParseKind(string(f.Kind))
		return err
	}
	var errs ValidationErrors
	add := func(e *FieldError) {
		if e != nil {
			errs = append(errs, e)
		}
	}
	if !ValidID(f.ID) {
		add(&FieldError{Field: "id", Label: Label{"Mã", "ID"}, VI: fmt.Sprintf("mã %q không phải UUID", f.ID), EN: fmt.Sprintf("id %q is not a UUID", f.ID)})
	}
	add(validateGeom(s, f.Geom))
	for name := range f.Attrs {
		if _, ok := s.Field(name); !ok {
			add(&FieldError{Field: name, VI: "trường không có trong loại " + string(s.Kind), EN: "no such field in kind " + string(s.Kind)})
		}
	}
	for i := range s.Fields {
		add(validateValue(&s.Fields[i], f.Attrs[s.Fields[i].Name]))
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

func validateValue(fd *Field, v any) *FieldError {
	if v == nil {
		if fd.Required {
			return fd.invalid("bắt buộc nhập", "is required")
		}
		return nil
	}
	switch fd.Type {
	case Text, EnumType, Ref:
		s, ok := v.(string)
		if !ok {
			return wrongType(fd, v)
		}
		if fd.Required && strings.TrimSpace(s) == "" {
			return fd.invalid("bắt buộc nhập", "is required")
		}
		if n := utf8.RuneCountInString(s); fd.MaxLen > 0 && n > fd.MaxLen {
			return fd.invalid("dài %d ký tự, tối đa %d", "is %d characters long, at most %d", n, fd.MaxLen)
		}
		if fd.Type == EnumType {
			if _, ok := fd.Option(s); !ok {
				return fd.invalid("giá trị %q không có trong danh sách (%s)", "value %q is not one of (%s)", s, fd.optionList())
			}
		}
		if fd.Type == Ref && s != "" && !ValidID(s) {
			return fd.invalid("mã tham chiếu %q không phải UUID", "reference %q is not a UUID", s)
		}
		if fd.Name == "sha256" && !isSHA256(s) {
			return fd.invalid("không phải mã SHA-256 (64 ký tự hex)", "not a SHA-256 (64 hex digits)")
		}
		return nil
	case Int:
		n, ok := v.(int64)
		if !ok {
			return wrongType(fd, v)
		}
		return checkRange(fd, float64(n))
	case Real:
		x, ok := v.(float64)
		if !ok {
			return wrongType(fd, v)
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fd.invalid("không phải số hữu hạn", "is not a finite number")
		}
		return checkRange(fd, x)
	case Bool:
		if _, ok := v.(bool); !ok {
			return wrongType(fd, v)
		}
	case DateType:
		d, ok := v.(Date)
		if !ok {
			return wrongType(fd, v)
		}
		if d.Year < 1900 || d.Year > 2200 {
			return fd.invalid("năm %d không hợp lý", "year %d is not plausible", d.Year)
		}
	case TimeType:
		if _, ok := v.(time.Time); !ok {
			return wrongType(fd, v)
		}
	}
	return nil
}

func checkRange(fd *Field, x float64) *FieldError {
	if fd.HasRange && (x < fd.Min || x > fd.Max) {
		unit := ""
		if fd.Unit != "" {
			unit = " " + fd.Unit
		}
		return fd.invalid("phải từ %g đến %g%s (đang là %g)", "must be between %g and %g%s (got %g)", fd.Min, fd.Max, unit, x)
	}
	return nil
}

func wrongType(fd *Field, v any) *FieldError {
	return fd.invalid("kiểu %T không đúng, cần %s", "value of type %T, want %s", v, fd.Type)
}

func isSHA256(s string) bool {
	b, err := hex.DecodeString(s)
	return err == nil && len(b) == 32
}

func validateGeom(s *Schema, g orb.Geometry) *FieldError {
	geomErr := func(vi, en string, args ...any) *FieldError {
		return &FieldError{Field: "geometry", Label: Label{"Hình học", "Geometry"}, VI: fmt.Sprintf(vi, args...), EN: fmt.Sprintf(en, args...)}
	}
	if !s.Spatial() {
		if g != nil {
			return geomErr("loại %s không có hình học", "kind %s has no geometry", s.Kind)
		}
		return nil
	}
	if g == nil {
		return geomErr("thiếu vị trí trên bản đồ", "missing geometry")
	}
	if got := geomType(g); got != s.Geom {
		return geomErr("cần %s, nhận %s", "want %s, got %s", s.Geom, g.GeoJSONType())
	}
	if err := CheckGeometry(g); err != nil {
		var ge *GeomError
		if !errors.As(err, &ge) {
			ge = &GeomError{VI: err.Error(), EN: err.Error()}
		}
		return &FieldError{Field: "geometry", Label: Label{"Hình học", "Geometry"}, VI: ge.VI, EN: ge.EN}
	}
	return nil
}

func geomType(g orb.Geometry) GeomType {
	switch g.(type) {
	case orb.Point:
		return Point
	case orb.LineString:
		return LineString
	case orb.Polygon:
		return Polygon
	}
	return GeomType(strings.ToUpper(g.GeoJSONType()))
}
