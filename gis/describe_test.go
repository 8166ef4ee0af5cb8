package gis_test

import (
	"testing"

	"github.com/paulmach/orb"

	"wardmap/gis"
)

func TestDescribe(t *testing.T) {
	for _, c := range []struct {
		f    *gis.Feature
		want string
	}{
		// Schema order, not the map's; nil and unknown attributes left out.
		{&gis.Feature{Kind: gis.Tree, Geom: orb.Point{106.7, 10.78}, Attrs: map[string]any{
			"height_m": 6.86, "species_vi": "Sao", "planted_on": gis.Date{Year: 2020, Month: 3, Day: 1}, "code": nil, "not_a_field": "x"}},
			"species_vi=Sao planted_on=2020-03-01 height_m=6.86 (106.7000000, 10.7800000)"},
		{&gis.Feature{Kind: gis.Street, Geom: orb.LineString{{106, 20}, {106.002, 20.001}}, Attrs: map[string]any{"name": "Lê Lợi"}},
			"name=Lê Lợi LineString quanh (around) (106.0010000, 20.0005000)"},
		{&gis.Feature{Kind: gis.Tree}, ""},
		// A kind this build does not know: its position still.
		{&gis.Feature{Kind: "unknown", Geom: orb.Point{1, 2}, Attrs: map[string]any{"a": 1}}, "(1.0000000, 2.0000000)"},
	} {
		if got := c.f.Describe(); got != c.want {
			t.Errorf("%s: got %q, want %q", c.f.Kind, got, c.want)
		}
	}
}
