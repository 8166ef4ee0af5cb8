package inventory

import (
	"encoding/json"
	"reflect"
	"testing"
)

// The fast feature reader against encoding/json's (parseFeatureSlow), the
// referee: the same properties (last one wins, as records keep them), the
// same geometry and the same reasons, for every valid JSON value.

var featureSeeds = []string{
	`{"type": "Feature", "properties": {"a": "x", "b": 1.5, "c": null, "d": true, "e": {"f": [1, 2]}, "g": [ 1 , "]" ]}, "geometry": {"type": "Point", "coordinates": [-118.3, 33.79]}}`,
	`{"geometry": {"coordinates": [1e2, -0], "type": "Point"}, "properties": {"a": ""}, "type": "Feature", "id": 7, "bbox": [1, 2, 3, 4]}`,
	`{"type": "Feature", "properties": {"a": "caf\u00e9 \/ x", "b\"": 1, "c\u00e9": "\ud800", "d": "AGOURA \/E"}, "geometry": {"type": "Point", "coordinates": [1, 2]}}`,
	`{"type": "Feature", "properties": {"a": 1}, "geometry": {"type": "Point", "coordinates": [1, 2, 3]}}`,
	`{"typ\u0065": "Feature", "properties": {"a": 1}, "geometry": {"type": "Point", "coordinates": [1, 2]}}`,
	`{"type": "Feature", "properties": null, "geometry": null}`,
	`{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [1]}}`,
	`{"type": "Feature", "properties": {"a": 1, "a": 2}, "geometry": {"type": "LineString", "coordinates": [[1, 2], [3, 4]]}}`,
	`{"Type": "Feature", "properties": {"a": 1}}`,
	`{"type": "Feature", "type": "Point", "properties": {"a": 1}}`,
	`{"type": "Feat", "properties": {"a": 1}}`,
	`{"type": 3}`, `{"type": "Feature", "properties": 5}`, `{"type": "Feature", "properties": ["x"]}`, `[]`, `5`, `"x"`, `null`, `{}`,
	`{"type": "Feature", "properties": {"a": "\xff"}, "geometry": {"type": "Point", "coordinates": [1e999, 2]}}`,
	`{"type": "Feature", "properties": {"a": 12 , "b" : "y" }, "geometry": { "type" : "Point" , "coordinates" : [ 1 , 2 ] } }`,
	`{"type": "Feature", "properties": {"a": 1}, "geometry": {"type": "Point", "coordinates": "x"}}`,
	`{"type": "Feature", "properties": {"a": 1}, "geometry": {"type": "Polygon", "coordinates": [[[1, 2], [3]]]}}`,
}

func sameFeature(t *testing.T, raw []byte) {
	t.Helper()
	got, want := parseFeature(raw), parseFeatureSlow(raw)
	props := func(pf parsedFeature) map[string]string {
		m := map[string]string{}
		for i, k := range pf.keys {
			m[k] = pf.vals[i]
		}
		return m
	}
	if got.bad != want.bad || got.badGeom != want.badGeom || !reflect.DeepEqual(got.geom, want.geom) ||
		!reflect.DeepEqual(props(got), props(want)) {
		t.Fatalf("%s\n got %+v\nwant %+v", raw, got, want)
	}
}

func TestParseFeatureMatchesEncodingJSON(t *testing.T) {
	fast := 0
	for _, s := range featureSeeds {
		sameFeature(t, []byte(s))
		if _, ok := parseFeatureFast([]byte(s)); ok {
			fast++
		}
	}
	// The plain features must take the fast path, or it is dead code.
	if fast < 10 {
		t.Fatalf("only %d of %d seeds took the fast path", fast, len(featureSeeds))
	}
}

func FuzzParseFeature(f *testing.F) {
	for _, s := range featureSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if !json.Valid(raw) {
			return // the decoder rejects the file before
		}
		sameFeature(t, raw)
	})
}
