package indicator

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"wardmap/gis"
)

// Period is a span of calendar days, both ends included: a month
// ("2026-10"), a quarter ("2026-Q4"), a half year ("2026-H2"), a year
// ("2026") or a span of years ("2026-2030", the plan's period).
type Period struct {
	Name     string
	From, To gis.Date
}

// Plan is the action plan's period, 2026–2030.
var Plan = Period{Name: "2026-2030", From: gis.Date{Year: 2026, Month: 1, Day: 1}, To: gis.Date{Year: 2030, Month: 12, Day: 31}}

// ParsePeriod reads a period name. The error says which forms exist.
func ParsePeriod(s string) (Period, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	bad := gis.Errorf(gis.EINVALID, "kỳ không hợp lệ %q; dùng YYYY, YYYY-Qn, YYYY-Hn, YYYY-MM hoặc YYYY-YYYY, ví dụ 2026-Q4 (invalid period)", s)
	year := func(t string) (int, bool) {
		y, err := strconv.Atoi(t)
		return y, err == nil && len(t) == 4 && y >= 1900 && y <= 2200
	}
	y, rest, _ := strings.Cut(s, "-")
	y0, ok := year(y)
	if !ok {
		return Period{}, bad
	}
	switch {
	case rest == "":
		return yearSpan(y0, y0), nil
	case len(rest) == 2 && rest[0] == 'Q' && rest[1] >= '1' && rest[1] <= '4':
		q := int(rest[1] - '0')
		return months(s, y0, (q-1)*3+1, 3), nil
	case len(rest) == 2 && rest[0] == 'H' && (rest[1] == '1' || rest[1] == '2'):
		h := int(rest[1] - '0')
		return months(s, y0, (h-1)*6+1, 6), nil
	case len(rest) == 2:
		m, err := strconv.Atoi(rest)
		if err != nil || m < 1 || m > 12 {
			return Period{}, bad
		}
		return months(s, y0, m, 1), nil
	case len(rest) == 4:
		y1, ok := year(rest)
		if !ok || y1 < y0 {
			return Period{}, bad
		}
		return yearSpan(y0, y1), nil
	}
	return Period{}, bad
}

// MustPeriod is ParsePeriod for names known to be valid (tests, constants).
func MustPeriod(s string) Period {
	p, err := ParsePeriod(s)
	if err != nil {
		panic(err)
	}
	return p
}

func yearSpan(y0, y1 int) Period {
	name := strconv.Itoa(y0)
	if y1 != y0 {
		name += "-" + strconv.Itoa(y1)
	}
	return Period{Name: name, From: gis.Date{Year: y0, Month: 1, Day: 1}, To: gis.Date{Year: y1, Month: 12, Day: 31}}
}

func months(name string, y, m, n int) Period {
	from := gis.Date{Year: y, Month: time.Month(m), Day: 1}
	to := gis.DateOf(from.Time().AddDate(0, n, -1))
	return Period{Name: name, From: from, To: to}
}

// Contains reports whether day d lies in the period.
func (p Period) Contains(d gis.Date) bool { return !d.Before(p.From) && !p.To.Before(d) }

// Overlaps reports whether two periods share a day.
func (p Period) Overlaps(q Period) bool { return !p.To.Before(q.From) && !q.To.Before(p.From) }

// Days is the period's length in days.
func (p Period) Days() int { return daysBetween(p.From, p.To) + 1 }

// Label is the period in Vietnamese words ("Quý IV năm 2026").
func (p Period) Label() string {
	y, rest, _ := strings.Cut(p.Name, "-")
	switch {
	case rest == "":
		return "Năm " + y
	case rest[0] == 'Q':
		return "Quý " + []string{"I", "II", "III", "IV"}[rest[1]-'1'] + " năm " + y
	case rest[0] == 'H':
		return "6 tháng " + map[byte]string{'1': "đầu", '2': "cuối"}[rest[1]] + " năm " + y
	case len(rest) == 2:
		return "Tháng " + strings.TrimPrefix(rest, "0") + " năm " + y
	}
	return "Giai đoạn " + y + " – " + rest
}

// Words names the period as a selector or a heading shows it, in
// Vietnamese and English: "Tháng 10/2026" (October 2026), "Quý 4/2026"
// (Q4 2026), "6 tháng đầu 2026" (First half of 2026), "Năm 2026" (Year
// 2026), "Cả giai đoạn 2026–2030" (the plan: Whole plan 2026–2030), or
// "Giai đoạn 2027–2028" for another span of years. Label is the formal
// form the written report uses; this one is short, for a list of choices.
func (p Period) Words() gis.Label {
	y, rest, _ := strings.Cut(p.Name, "-")
	switch {
	case rest == "":
		return gis.Label{VI: "Năm " + y, EN: "Year " + y}
	case rest[0] == 'Q':
		q := rest[1:]
		return gis.Label{VI: "Quý " + q + "/" + y, EN: "Q" + q + " " + y}
	case rest == "H1":
		return gis.Label{VI: "6 tháng đầu " + y, EN: "First half of " + y}
	case rest == "H2":
		return gis.Label{VI: "6 tháng cuối " + y, EN: "Second half of " + y}
	case len(rest) == 2:
		m, _ := strconv.Atoi(rest)
		return gis.Label{VI: "Tháng " + strconv.Itoa(m) + "/" + y, EN: time.Month(m).String() + " " + y}
	case p.Name == Plan.Name:
		return gis.Label{VI: "Cả giai đoạn " + y + "–" + rest, EN: "Whole plan " + y + "–" + rest}
	}
	return gis.Label{VI: "Giai đoạn " + y + "–" + rest, EN: y + "–" + rest}
}

// Offered are the periods a dashboard offers, in the order of its list:
// each year of the plan followed by its halves and quarters, then the
// whole plan. The desktop and the server's web dashboard offer the same.
func Offered() []Period {
	var out []Period
	for y := Plan.From.Year; y <= Plan.To.Year; y++ {
		out = append(out, yearSpan(y, y))
		for h := 1; h <= 2; h++ {
			out = append(out, months(fmt.Sprintf("%d-H%d", y, h), y, (h-1)*6+1, 6))
		}
		for q := 1; q <= 4; q++ {
			out = append(out, months(fmt.Sprintf("%d-Q%d", y, q), y, (q-1)*3+1, 3))
		}
	}
	return append(out, Plan)
}

// QuarterOf is the quarter holding day d, kept within the plan (its first
// quarter before the plan starts, its last after it ends): the period a
// dashboard opens on, since targets are mostly watched quarter by quarter.
func QuarterOf(d gis.Date) Period {
	switch {
	case d.Before(Plan.From):
		d = Plan.From
	case Plan.To.Before(d):
		d = Plan.To
	}
	return Quarter(d)
}

// Quarter is the quarter holding day d, within the plan or not: the
// period `wardmap indicators` and `report` read by default, which may be
// asked about any day.
func Quarter(d gis.Date) Period {
	q := (int(d.Month)-1)/3 + 1
	return months(fmt.Sprintf("%04d-Q%d", d.Year, q), d.Year, (q-1)*3+1, 3)
}

// Elapsed is the share of the period gone by at the end of day d: 0 before
// it starts, 1 after it ends.
func (p Period) Elapsed(d gis.Date) float64 {
	if d.Before(p.From) {
		return 0
	}
	if !d.Before(p.To) {
		return 1
	}
	return float64(daysBetween(p.From, d)+1) / float64(p.Days())
}

// Subperiods splits the period into the reporting periods of the given
// frequency that overlap it (months or years), in order.
func (p Period) Subperiods(freq Frequency) []Period {
	var out []Period
	switch freq {
	case Monthly:
		for d := (gis.Date{Year: p.From.Year, Month: p.From.Month, Day: 1}); !p.To.Before(d); d = gis.DateOf(d.Time().AddDate(0, 1, 0)) {
			out = append(out, months(fmt.Sprintf("%04d-%02d", d.Year, d.Month), d.Year, int(d.Month), 1))
		}
	case Yearly:
		for y := p.From.Year; y <= p.To.Year; y++ {
			out = append(out, yearSpan(y, y))
		}
	default:
		out = append(out, p)
	}
	return out
}

func daysBetween(a, b gis.Date) int { return int(b.Time().Sub(a.Time()).Hours() / 24) }
