package indicator

import (
	"encoding/json"
	"slices"
	"testing"

	"wardmap/gis"
)

func TestQuarter(t *testing.T) {
	for _, c := range []struct{ day, want string }{
		{"2026-11-25", "2026-Q4"}, {"2026-01-01", "2026-Q1"}, {"2026-06-30", "2026-Q2"},
		{"2025-06-10", "2025-Q2"}, {"2031-02-01", "2031-Q1"}, // outside the plan: not kept within it
	} {
		if got := Quarter(day(c.day)); got != MustPeriod(c.want) {
			t.Errorf("Quarter(%s) = %+v, want %s", c.day, got, c.want)
		}
	}
}

// Results picks one code's results in a scope, in the board's order.
func TestBoardResults(t *testing.T) {
	west, east := tdps()
	tree := func(x float64) *gis.Feature {
		return feat(gis.Tree, m(x, 0), map[string]any{"planted_on": day("2026-05-01"), "condition": "good"})
	}
	in := &Input{Today: day("2026-11-25"), Features: []*gis.Feature{west, east, tree(0), tree(10), tree(300)}}
	b := Compute(Defaults(), in, MustPeriod("2026"), Options{PerTDP: true})
	var got []float64
	var ids []string
	for _, r := range b.Results(EnvTrees, TDP) {
		if r.Code != EnvTrees || r.Scope != TDP {
			t.Errorf("TDP result %s %s", r.Code, r.Scope)
		}
		got, ids = append(got, value(r)), append(ids, r.ScopeID)
	}
	if !slices.Equal(got, []float64{2, 1}) || !slices.Equal(ids, []string{west.ID, east.ID}) {
		t.Errorf("per TDP %v of %v, want [2 1] trees of west, east", got, ids)
	}
	if ws := b.Results(EnvTrees, Ward); len(ws) != 1 || value(ws[0]) != 3 {
		t.Errorf("ward %+v, want one result of 3", ws)
	}
	if ss := b.Results(EnvTrees, Street); ss == nil || len(ss) != 0 {
		t.Errorf("no street board: %#v, want an empty list", ss)
	}
	if xs := b.Results("XX-99", Ward); xs == nil || len(xs) != 0 {
		t.Errorf("unknown code: %#v, want an empty list", xs)
	}
}

// Dated names the board's period and day; the board's own JSON stays as
// the server keeps it.
func TestDatedJSON(t *testing.T) {
	b := Compute(Defaults(), &Input{Today: day("2026-11-25")}, MustPeriod("2026-Q4"), Options{})
	var got map[string]any
	raw, _ := json.Marshal(b.Dated())
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{"period": "2026-Q4", "label": "Quý IV năm 2026", "from": "2026-10-01", "to": "2026-12-31", "as_of": "2026-11-25"} {
		if got[k] != want {
			t.Errorf("%s = %v, want %s", k, got[k], want)
		}
	}
	if _, ok := got["tdps"]; ok || len(got["ward"].([]any)) != len(b.Ward) {
		t.Errorf("ward %d results, tdps %v; want %d and none", len(got["ward"].([]any)), got["tdps"], len(b.Ward))
	}
}

func TestParseFigure(t *testing.T) {
	for s, want := range map[string]float64{"96,5": 96.5, " 96.5 % ": 96.5, "96,5%": 96.5, "1": 1} {
		if x, err := ParseFigure(s); err != nil || x != want {
			t.Errorf("ParseFigure(%q) = %v, %v; want %v", s, x, err, want)
		}
	}
	for _, s := range []string{"", "%", "đạt", "NaN %"} {
		if x, err := ParseFigure(s); err == nil {
			t.Errorf("ParseFigure(%q) = %v, want an error", s, x)
		}
	}
}

func TestTargetText(t *testing.T) {
	for _, c := range []struct {
		r    Result
		want string
	}{
		{Result{Target: 100, Unit: "%", Direction: AtLeast}, "≥ 100 %"},
		{Result{Target: 0, Unit: "điểm", Direction: AtMost}, "≤ 0 điểm"},
		{Result{Target: 92.5, Unit: "%"}, "≥ 92,5 %"}, // no direction: to reach
	} {
		if got := c.r.TargetText(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.r, got, c.want)
		}
	}
}
