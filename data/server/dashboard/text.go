package dashboard

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"wardmap/gis"
	"wardmap/gis/indicator"
)

// lang is the page's language: Vietnamese first, English by ?lang=en.
type lang string

const (
	vi lang = "vi"
	en lang = "en"
)

func parseLang(s string) lang {
	if strings.EqualFold(s, "en") {
		return en
	}
	return vi
}

// pick returns the label in the language (Vietnamese when English is
// missing).
func (l lang) pick(lb gis.Label) string {
	if l == en && lb.EN != "" {
		return lb.EN
	}
	return lb.VI
}

func (l lang) t(viText, enText string) string {
	if l == en {
		return enText
	}
	return viText
}

// periodLabel names a period in words: "Quý 4/2026", "6 tháng đầu 2026",
// "Năm 2026", "Cả giai đoạn 2026–2030" (indicator.Period.Words, as the
// desktop's dashboard names them).
func periodLabel(p indicator.Period, l lang) string { return l.pick(p.Words()) }

// unitLabel is a unit in the language ("cây" is trees).
func unitLabel(unit string, l lang) string {
	if l == vi {
		return unit
	}
	switch unit {
	case "cây":
		return "trees"
	case "điểm":
		return "spots"
	case "vụ":
		return "cases"
	}
	return unit
}

// isCount reports whether a unit counts things (trees, spots, cases):
// those are shown as whole numbers, a prorated target included.
func isCount(unit string) bool { return unit != "%" && unit != "" }

// number writes x with the language's decimal mark, one decimal at most,
// none when whole or a count.
func number(x float64, count bool, l lang) string {
	r := math.Round(x*10) / 10
	if count || r == math.Trunc(r) {
		r = math.Round(x)
		if r == 0 {
			r = 0 // no "-0"
		}
		return strconv.FormatFloat(r, 'f', 0, 64)
	}
	s := strconv.FormatFloat(r, 'f', 1, 64)
	if l == vi {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// value writes a result's value with its unit, "—" when nothing could be
// measured.
func value(v *float64, unit string, l lang) string {
	if v == nil {
		return "—"
	}
	return withUnit(number(*v, isCount(unit), l), unit, l)
}

func withUnit(n, unit string, l lang) string {
	if unit == "%" {
		return n + " %"
	}
	return n + " " + unitLabel(unit, l)
}

// target writes the target with its direction: "≥ 100 %", "≤ 0 điểm".
func target(r *indicator.Result, l lang) string {
	dir := "≥ "
	if r.Direction == indicator.AtMost {
		dir = "≤ "
	}
	return dir + withUnit(number(r.Target, isCount(r.Unit), l), r.Unit, l)
}

func statusLabel(s indicator.Status, l lang) string { return l.pick(s.Label()) }

// statusClass is the CSS class of a status (its colour).
func statusClass(s indicator.Status) string {
	switch s {
	case indicator.OnTrack, indicator.AtRisk, indicator.Missed:
		return string(s)
	}
	return "no_data"
}

// statusColours are the desktop dashboard's (app.StatusColour).
var statusColours = map[indicator.Status]string{
	indicator.OnTrack: "#149646",
	indicator.AtRisk:  "#eba000",
	indicator.Missed:  "#d22828",
	indicator.NoData:  "#969696",
}

func colour(s indicator.Status) string {
	if c, ok := statusColours[s]; ok {
		return c
	}
	return statusColours[indicator.NoData]
}

// statuses in the order the legend and summary show them.
var statuses = []indicator.Status{indicator.OnTrack, indicator.AtRisk, indicator.Missed, indicator.NoData}

// severity orders statuses worst first.
func severity(s indicator.Status) int {
	switch s {
	case indicator.Missed:
		return 0
	case indicator.AtRisk:
		return 1
	case indicator.NoData:
		return 3
	}
	return 2
}

func progress(r *indicator.Result) (pct int, text string) {
	if r.Value == nil {
		return 0, "—"
	}
	p := math.Round(r.Progress * 100)
	return int(max(0, min(100, p))), fmt.Sprintf("%.0f %%", p)
}

// shortName is a TDP's name as a map label: "Tổ dân phố 7" is "7", and a
// long name is cut (the table below the map names each in full).
func shortName(name string) string {
	for _, p := range []string{"Tổ dân phố ", "tổ dân phố ", "TDP ", "Tổ "} {
		if s, ok := strings.CutPrefix(name, p); ok && s != "" {
			name = s
			break
		}
	}
	if r := []rune(name); len(r) > 12 {
		name = string(r[:11]) + "…"
	}
	return name
}
