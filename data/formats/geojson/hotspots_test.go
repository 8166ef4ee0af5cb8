package geojson_test

import (
	"encoding/json"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/data/formats/geojson"
	"wardmap/gis/casework"
)

// Each hotspot is a point feature at its centre carrying what the list
// says of it; none is an empty collection, not a null one.
func TestHotspots(t *testing.T) {
	hs := []casework.Hotspot{
		{Kind: "encroachment", Count: 3, Center: orb.Point{106.68, 20.81}, Address: "12 Trần Phú", Open: 2, IDs: []string{"a", "b", "c"}},
		{Kind: "illegal_ads", Count: 2, Center: orb.Point{106.69, 20.82}, IDs: []string{"d", "e"}},
	}
	b, err := json.Marshal(geojson.Hotspots(hs))
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Type     string
		Features []struct {
			Type     string
			Geometry struct {
				Type        string
				Coordinates []float64
			}
			Properties struct {
				Kind        string
				Count, Open int
				Address     string
				IDs         []string
			}
		}
	}
	if err := json.Unmarshal(b, &fc); err != nil || fc.Type != "FeatureCollection" || len(fc.Features) != 2 {
		t.Fatalf("%v %s", err, b)
	}
	for i, f := range fc.Features {
		h, p := hs[i], f.Properties
		if f.Type != "Feature" || f.Geometry.Type != "Point" || f.Geometry.Coordinates[0] != h.Center[0] || f.Geometry.Coordinates[1] != h.Center[1] ||
			p.Kind != h.Kind || p.Count != h.Count || p.Open != h.Open || p.Address != h.Address || len(p.IDs) != len(h.IDs) {
			t.Errorf("feature %d: %+v, hotspot %+v", i, f, h)
		}
	}
	if b, _ := json.Marshal(geojson.Hotspots(nil)); string(b) != `{"features":[],"type":"FeatureCollection"}` {
		t.Errorf("no hotspot: %s", b)
	}
}
