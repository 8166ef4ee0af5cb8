package catalogue

import (
	"strings"

	"wardmap/data/sync/wire"
	"wardmap/gis"
	"wardmap/gis/indicator"
)

// Target reads a target record's fields (wire form, as Check accepts
// them) as an indicator.Target: the server checks reported figures
// against the same catalogue the laptops hold.
func Target(fields map[string]any) (indicator.Target, error) {
	str := func(k string) string { s, _ := fields[k].(string); return s }
	num := func(k string) float64 {
		switch x := wire.Normalize(fields[k]).(type) {
		case float64:
			return x
		case int64:
			return float64(x)
		}
		return 0
	}
	t := indicator.Target{Code: str("code"), Name: gis.Label{VI: str("name_vi"), EN: str("name_en")}, Group: indicator.Group(str("grp")),
		Unit: str("unit"), BaselinePeriod: str("baseline_period"), Value: num("target"), Direction: indicator.Direction(str("direction")),
		Frequency: indicator.Frequency(str("frequency")), Kind: indicator.Kind(str("kind")), Cumulative: num("cumulative") != 0,
		Ramp: num("ramp") != 0, Min: num("min_value"), Max: num("max_value"), Method: str("method")}
	t.PerTDP = t.TDPRule()
	if fields["baseline"] != nil {
		b := num("baseline")
		t.Baseline = &b
	}
	d, err := gis.ParseDate(str("valid_from"))
	if err != nil {
		return t, gis.Errorf(gis.EINVALID, "target %s: valid_from %q: %v", t.Code, str("valid_from"), err)
	}
	t.ValidFrom = d
	for _, sc := range strings.Split(str("scopes"), ",") {
		t.Scopes = append(t.Scopes, indicator.Scope(strings.TrimSpace(sc)))
	}
	return t, nil
}
