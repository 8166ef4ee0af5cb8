package gis_test

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"wardmap/gis"
)

func TestParseDecimal(t *testing.T) {
	for s, want := range map[string]float64{"12,5": 12.5, "12.5": 12.5, " 7 ": 7, "-0,25": -0.25, "1e3": 1000} {
		if x, err := gis.ParseDecimal(s); err != nil || x != want {
			t.Errorf("ParseDecimal(%q) = %v, %v; want %v", s, x, err, want)
		}
	}
	for _, s := range []string{"", "abc", "1,2,3", "12,5 %", "NaN", "Inf", "-inf", "1e999"} {
		if x, err := gis.ParseDecimal(s); err == nil {
			t.Errorf("ParseDecimal(%q) = %v, want an error", s, x)
		}
	}
}

// FuzzParseDecimal: whatever it accepts is a finite number that its own
// decimal-comma form reads back as exactly.
func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"12,5", "0.1", " -3 ", "1e308", "NaN", ",5", "1_000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		x, err := gis.ParseDecimal(s)
		if err != nil {
			return
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			t.Fatalf("ParseDecimal(%q) = %v", s, x)
		}
		vi := strings.Replace(strconv.FormatFloat(x, 'f', -1, 64), ".", ",", 1)
		if back, err := gis.ParseDecimal(vi); err != nil || back != x {
			t.Fatalf("ParseDecimal(%q) = %v; %q reads %v, %v", s, x, vi, back, err)
		}
	})
}

func TestDistance(t *testing.T) {
	for m, want := range map[float64]gis.Label{
		0: {VI: "—", EN: "—"}, -5: {VI: "—", EN: "—"},
		4: {VI: "0 m", EN: "0 m"}, 846: {VI: "850 m", EN: "850 m"},
		1000: {VI: "1,0 km", EN: "1.0 km"}, 1249: {VI: "1,2 km", EN: "1.2 km"}, 12345: {VI: "12,3 km", EN: "12.3 km"},
	} {
		if got := gis.Distance(m); got != want {
			t.Errorf("Distance(%v) = %+v, want %+v", m, got, want)
		}
	}
}
