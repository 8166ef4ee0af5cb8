package wire_test

import (
	"encoding/json"
	"testing"

	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// FuzzFeature: whatever JSON a server or a peer sends, decoding it
// as a record's fields returns a feature or an error, never a panic, and a
// decoded feature's fields encode back to values that decode the same.
func FuzzFeature(f *testing.F) {
	for _, s := range []string{
		`{"height_m": 3.5, "species_vi": "Bàng", "geom": {"type":"Point","coordinates":[106.6,20.8]}}`,
		`{"planted_on": "2026-02-30"}`, `{"height_m": true}`, `{"geom": {"type":"LineString","coordinates":[[1,2]]}}`,
		`{"geom": 5}`, `{"nope": 1}`, `{"condition": null}`, `{"last_pruned": "2026-01-01T00:00:00Z"}`,
	} {
		f.Add("tree", s)
	}
	f.Add("lamp", `{"status":"working","power_w":1e308}`)
	f.Add("inspection", `{"inspected_at":"2026-01-01T08:00:00Z","result":"ok"}`)
	f.Fuzz(func(t *testing.T, kind, body string) {
		var fields map[string]any
		if json.Unmarshal([]byte(body), &fields) != nil {
			return
		}
		ft, err := wire.Feature(gis.Kind(kind), gis.NewID(), fields)
		if err != nil {
			return
		}
		again, err := wire.Feature(ft.Kind, ft.ID, roundTrip(t, wire.Fields(ft)))
		if err != nil {
			t.Fatalf("re-decoding %v: %v", wire.Fields(ft), err)
		}
		a, b := wire.Fields(ft), wire.Fields(again)
		for k, v := range a {
			if !wire.Same(v, b[k]) {
				t.Fatalf("%s: %v then %v", k, v, b[k])
			}
		}
	})
}

func roundTrip(t *testing.T, m map[string]any) map[string]any {
	b, err := json.Marshal(m)
	if err != nil {
		t.Skip() // NaN and such cannot travel as JSON
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}
