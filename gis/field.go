package gis

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// FieldType is the type of an attribute's value. Each maps to one Go type
// held in Feature.Attrs: Text, Enum and Ref hold string, Int int64, Real
// float64, Bool bool, Date gis.Date and Time time.Time (UTC).
type FieldType int

const (
	Text FieldType = iota + 1
	Int
	Real
	Bool
	DateType
	TimeType
	EnumType
	Ref // the UUID of another record
)

var fieldTypeNames = map[FieldType]string{
	Text: "text", Int: "integer", Real: "real", Bool: "boolean",
	DateType: "date", TimeType: "datetime", EnumType: "enum", Ref: "ref",
}

func (t FieldType) String() string { return fieldTypeNames[t] }

// Label is a text in Vietnamese (first) and English.
type Label struct{ VI, EN string }

// In returns the label in the given language ("vi" or "en"); Vietnamese is
// the default for anything else.
func (l Label) In(lang string) string {
	if lang == "en" && l.EN != "" {
		return l.EN
	}
	return l.VI
}

// Option is one value of an enumeration.
type Option struct {
	Value string
	Label Label
}

// Field describes one typed attribute of a kind.
type Field struct {
	Name     string
	Type     FieldType
	Label    Label
	Unit     string   // "m", "cm", "W", "m²": shown after numbers
	Options  []Option // for EnumType
	Required bool
	// Min and Max bound numbers (Int, Real) when HasRange is set.
	Min, Max float64
	HasRange bool
	// MaxLen bounds a text's length in characters (0: no bound).
	MaxLen int
	// Private fields (a reporter's phone) never leave the ward's own people:
	// public pages and Open311 output skip them.
	Private bool
	// Computed fields (a street's length, a plot's area) are derived from the
	// geometry by the store; users do not type them.
	Computed bool
}

// Option returns the enumeration option with the given value.
func (f *Field) Option(v string) (Option, bool) {
	for _, o := range f.Options {
		if o.Value == v {
			return o, true
		}
	}
	return Option{}, false
}

// Parse converts user text (a CLI flag, a CSV cell, a form entry) into the
// field's Go value. An empty string is nil (no value). Enumerations accept
// their value or either label, ignoring case and diacritics.
func (f *Field) Parse(s string) (any, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	switch f.Type {
	case Text, Ref:
		return s, nil
	case Int:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, f.invalid("không phải số nguyên: %q", "not a whole number: %q", s)
		}
		return n, nil
	case Real:
		x, err := ParseDecimal(s)
		if err != nil {
			return nil, f.invalid("không phải số: %q", "not a number: %q", s)
		}
		return x, nil
	case Bool:
		switch FoldSearch(s) {
		case "1", "true", "yes", "co", "x", "y":
			return true, nil
		case "0", "false", "no", "khong", "n":
			return false, nil
		}
		return nil, f.invalid("không phải có/không: %q", "not yes/no: %q", s)
	case DateType:
		d, err := ParseDay(s)
		if err != nil {
			return nil, f.invalid("ngày không hợp lệ %q (cần dd/mm/yyyy, ví dụ 06/12/2026)", "invalid date %q (want dd/mm/yyyy, e.g. 06/12/2026, or yyyy-mm-dd)", s)
		}
		return d, nil
	case TimeType:
		t, err := ParseLocalTime(s)
		if err != nil {
			d, derr := ParseDay(s)
			if derr != nil {
				return nil, f.invalid("thời điểm không hợp lệ %q (cần dd/mm/yyyy hh:mm)", "invalid time %q (want dd/mm/yyyy hh:mm or RFC 3339)", s)
			}
			t = d.Time()
		}
		return t.UTC(), nil
	case EnumType:
		key := FoldSearch(s)
		for _, o := range f.Options {
			if key == FoldSearch(o.Value) || key == FoldSearch(o.Label.VI) || key == FoldSearch(o.Label.EN) {
				return o.Value, nil
			}
		}
		return nil, f.invalid("giá trị %q không có trong danh sách (%s)", "value %q is not one of (%s)", s, f.optionList())
	}
	return nil, fmt.Errorf("gis: field %s has no type", f.Name)
}

// Format renders a value as text, the inverse of Parse.
func (f *Field) Format(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case Date:
		return x.String()
	case time.Time:
		return x.UTC().Format(time.RFC3339)
	}
	return fmt.Sprint(v)
}

func (f *Field) optionList() string {
	vals := make([]string, len(f.Options))
	for i, o := range f.Options {
		vals[i] = o.Value
	}
	return strings.Join(vals, ", ")
}

func (f *Field) invalid(vi, en string, args ...any) *FieldError {
	return &FieldError{Field: f.Name, Label: f.Label, VI: fmt.Sprintf(vi, args...), EN: fmt.Sprintf(en, args...)}
}

// Date is a calendar day without a time zone (planted on, deadline).
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return Date{}, fmt.Errorf("gis: invalid date %q", s)
	}
	return DateOf(t), nil
}

// DateOf returns the calendar day of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// Time returns midnight UTC of the day.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Time().Before(e.Time()) }

// AddDays returns the date n days after d.
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }
