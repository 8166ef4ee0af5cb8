package cli

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"wardmap/gis"
)

// Typed values of the command line. Each refuses bad input with a message
// that names the flag and the form it wants, Vietnamese then English.

// DateFlag declares a YYYY-MM-DD flag whose value starts as def (the zero
// Date: unset); a malformed day is a usage error naming the flag.
func DateFlag(fl *flag.FlagSet, name string, def gis.Date, usage string) *gis.Date {
	d := def
	fl.Func(name, usage, func(s string) error {
		v, err := gis.ParseDate(s)
		if err != nil {
			return badDate(name, s)
		}
		d = v
		return nil
	})
	return &d
}

// DateOrToday reads the value of a --date given as a string: YYYY-MM-DD,
// or today in Việt Nam when empty.
func DateOrToday(s string) (gis.Date, error) {
	if s == "" {
		return gis.LocalDate(time.Now()), nil
	}
	d, err := gis.ParseDate(s)
	if err != nil {
		return gis.Date{}, &UsageError{badDate("date", s).Error()}
	}
	return d, nil
}

func badDate(name, s string) error {
	return fmt.Errorf("--%s cần dạng YYYY-MM-DD (needs YYYY-MM-DD): %q", name, s)
}

// ParseNum reads a number flag or argument, a decimal comma allowed
// ("12,5"); name is how the message calls it ("--value", "VALUE").
func ParseNum(name, v string) (float64, error) {
	x, err := gis.ParseDecimal(v)
	if err != nil {
		return 0, Usagef("%s: %q không phải số (not a number)", name, v)
	}
	return x, nil
}

// FmtNum prints a number in its shortest form ("92", "0.5").
func FmtNum(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// FmtCoord prints a longitude or latitude to 7 decimals (about 1 cm).
func FmtCoord(x float64) string { return strconv.FormatFloat(x, 'f', 7, 64) }

// ParseFloats reads n comma-separated numbers ("106.62,20.80") given to
// --flagName.
func ParseFloats(flagName, s string, n int) ([]float64, error) {
	parts := strings.Split(s, ",")
	if len(parts) != n {
		return nil, Usagef("--%s cần %d số cách nhau bởi dấu phẩy (needs %d comma-separated numbers): %q", flagName, n, n, s)
	}
	out := make([]float64, n)
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return nil, Usagef("--%s: %q không phải số (not a number)", flagName, p)
		}
		out[i] = x
	}
	return out, nil
}

// ParseBBox reads minlon,minlat,maxlon,maxlat given to --flagName (--bbox,
// --extent): both corners valid WGS 84 and the minimum before the maximum.
func ParseBBox(flagName, s string) (*orb.Bound, error) {
	v, err := ParseFloats(flagName, s, 4)
	if err != nil {
		return nil, err
	}
	b := orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}
	for _, p := range []orb.Point{b.Min, b.Max} {
		if err := gis.CheckGeometry(p); err != nil {
			return nil, Usagef("--%s: %v", flagName, err)
		}
	}
	if b.Min[0] > b.Max[0] || b.Min[1] > b.Max[1] {
		return nil, Usagef("--%s cần minlon,minlat,maxlon,maxlat (min before max): %q", flagName, s)
	}
	return &b, nil
}

// ParsePoint reads a lon,lat given to --flagName, a valid WGS 84 point.
func ParsePoint(flagName, s string) (*orb.Point, error) {
	v, err := ParseFloats(flagName, s, 2)
	if err != nil {
		return nil, err
	}
	p := orb.Point{v[0], v[1]}
	if err := gis.CheckGeometry(p); err != nil {
		return nil, Usagef("--%s: %v", flagName, err)
	}
	return &p, nil
}
