package indicator

import (
	"fmt"

	"wardmap/gis"
)

// Quarters lists the quarters of the plan that have begun by day asOf and
// end no later than the period p's end, oldest first: the x axis of a
// trend chart.
func Quarters(p Period, asOf gis.Date) []Period {
	var out []Period
	for y := Plan.From.Year; y <= p.To.Year; y++ {
		for q := 1; q <= 4; q++ {
			qp := MustPeriod(fmt.Sprintf("%d-Q%d", y, q))
			if asOf.Before(qp.From) || p.To.Before(qp.From) {
				continue
			}
			out = append(out, qp)
		}
	}
	return out
}

// TrendPoint is the ward's results for one period of a trend.
type TrendPoint struct {
	Period  Period   `json:"-"`
	Name    string   `json:"period"`
	Results []Result `json:"results"`
}

// Trend computes the ward's indicators for each period (the dashboard's
// trend lines, the report's trend chart).
func Trend(cat Catalogue, in *Input, periods []Period, opt Options) []TrendPoint {
	out := make([]TrendPoint, 0, len(periods))
	opt.PerTDP = false
	for _, p := range periods {
		out = append(out, TrendPoint{Period: p, Name: p.Name, Results: Compute(cat, in, p, opt).Ward})
	}
	return out
}

// ByTDP returns one indicator's result for each residential group, by the
// group's id: what a choropleth of the groups colours.
func (b *Board) ByTDP(code string) map[string]Result {
	out := map[string]Result{}
	for _, tb := range b.TDPs {
		for _, r := range tb.Results {
			if r.Code == code {
				out[tb.TDP.ID] = r
			}
		}
	}
	return out
}

// ByStreet returns one indicator's result for each street measured for it,
// by the street's name.
func (b *Board) ByStreet(code string) map[string]Result {
	out := map[string]Result{}
	for _, sb := range b.Streets {
		for _, r := range sb.Results {
			if r.Code == code {
				out[sb.Street.Name] = r
			}
		}
	}
	return out
}

// Result returns the ward's result for a code.
func (b *Board) Result(code string) (Result, bool) {
	for _, r := range b.Ward {
		if r.Code == code {
			return r, true
		}
	}
	return Result{}, false
}
