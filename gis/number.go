package gis

import (
	"math"
	"strconv"
	"strings"
)

// ParseDecimal reads a number as people here type it: "12,5" (the
// Vietnamese decimal comma) or "12.5", spaces around it ignored. NaN and
// infinities are refused: no field, figure or parameter means them.
func ParseDecimal(s string) (float64, error) {
	x, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(s), ",", ".", 1), 64)
	if err == nil && (math.IsNaN(x) || math.IsInf(x, 0)) {
		err = strconv.ErrSyntax
	}
	return x, err
}

// Distance is a distance in metres as a list shows it: "850 m" (to 10 m),
// "1,2 km" ("1.2 km" in English), "—" for none (zero or less: unknown).
func Distance(m float64) Label {
	switch {
	case m <= 0:
		return Label{VI: "—", EN: "—"}
	case m < 1000:
		s := strconv.Itoa(int(m/10+0.5)*10) + " m"
		return Label{VI: s, EN: s}
	}
	en := strconv.FormatFloat(m/1000, 'f', 1, 64) + " km"
	return Label{VI: strings.Replace(en, ".", ",", 1), EN: en}
}
