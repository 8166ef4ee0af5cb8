package geojson_test

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/data/formats/geojson"
	"wardmap/gis"
	"wardmap/gis/demo"
)

// Every demo record survives Write then Read unchanged: kinds, IDs,
// geometry, typed attributes and meta.
func TestRoundTripDemo(t *testing.T) {
	ward := demo.Generate()
	var buf bytes.Buffer
	if err := geojson.Write(&buf, ward.Features, geojson.Options{WithKind: true}); err != nil {
		t.Fatal(err)
	}
	got, err := geojson.Read(&buf, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(ward.Features) {
		t.Fatalf("%d features back, want %d", len(got), len(ward.Features))
	}
	for i, f := range got {
		want := ward.Features[i]
		if f.ID != want.ID || f.Kind != want.Kind || !reflect.DeepEqual(f.Geom, want.Geom) {
			t.Fatalf("feature %d: %s %s differs", i, f.Kind, f.ID)
		}
		if !reflect.DeepEqual(f.Attrs, want.Attrs) {
			t.Fatalf("%s %s attributes: got %v want %v", f.Kind, f.ID, f.Attrs, want.Attrs)
		}
		if !f.CreatedAt.Equal(want.CreatedAt) || f.CreatedBy != want.CreatedBy {
			t.Fatalf("%s meta differs", f.ID)
		}
	}
}

func TestPublicLeavesOutPrivateFields(t *testing.T) {
	ward := demo.Generate()
	var buf bytes.Buffer
	if err := geojson.Write(&buf, ward.ByKind(gis.Report), geojson.Options{Public: true}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"reporter_phone", "reporter_name", "private_note"} {
		if strings.Contains(buf.String(), `"`+name+`"`) {
			t.Errorf("public GeoJSON holds %s", name)
		}
	}
}

func TestReadErrors(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"not json", "hello", "geojson:"},
		{"not a collection", `{"type":"Feature","geometry":null,"properties":{}}`, "not a feature collection"},
		{"unknown kind", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"wm_kind":"unicorn"}}]}`, "unknown kind"},
		{"unknown field", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"wm_kind":"lamp","colour":"red"}}]}`, `"colour" is not a field`},
		{"bad number", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"wm_kind":"lamp","power_w":"strong"}}]}`, "not a number"},
		{"fraction for int", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[]},"properties":{"wm_kind":"tdp","households":1.5}}]}`, "not a whole number"},
		{"bad time", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"wm_kind":"lamp","created_at":"yesterday"}}]}`, "not an RFC 3339 time"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs, err := geojson.Read(strings.NewReader(c.in), "")
			if err == nil || !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(c.want)) || fs != nil {
				t.Fatalf("got %v, %v; want error with %q", fs, err, c.want)
			}
		})
	}
}

// FuzzRead: whatever Read accepts can be written and read back the same.
func FuzzRead(f *testing.F) {
	f.Add(`{"type":"FeatureCollection","features":[{"type":"Feature","id":"x","geometry":{"type":"Point","coordinates":[106.6,20.8]},"properties":{"wm_kind":"lamp","status":"broken","power_w":120}}]}`)
	f.Add(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},"properties":{"wm_kind":"plot","name":"Ô","spacing_m":"5,5"}}]}`)
	f.Add(`{"type":"FeatureCollection","features":[]}`)
	f.Fuzz(func(t *testing.T, in string) {
		fs, err := geojson.Read(strings.NewReader(in), gis.Tree)
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := geojson.Write(&buf, fs, geojson.Options{WithKind: true}); err != nil {
			return // e.g. NaN coordinates JSON cannot carry
		}
		back, err := geojson.Read(&buf, gis.Tree)
		if err != nil {
			t.Fatalf("written output does not read back: %v\n%s", err, buf.String())
		}
		if len(back) != len(fs) {
			t.Fatalf("%d features back, want %d", len(back), len(fs))
		}
	})
}

// TestWriteFound: the brief form `wardmap query --json` prints (scripts
// read it): only the fields a record has, dates and times as text, the
// distance only when asked.
func TestWriteFound(t *testing.T) {
	tree := gis.NewFeature(gis.Tree, orb.Point{106.63, 20.82})
	tree.ID, tree.Attrs["height_m"], tree.Attrs["planted_on"] = "t1", 2.8, mustDate(t, "2026-04-24")
	insp := gis.NewFeature(gis.Inspection, nil)
	insp.ID, insp.Attrs["inspector"] = "i1", "bình"
	insp.Attrs["inspected_at"] = time.Date(2026, 12, 7, 8, 30, 15, 5e8, time.FixedZone("ICT", 7*3600))
	const treeJSON = `{"id":"t1","type":"Feature","geometry":{"type":"Point","coordinates":[106.63,20.82]},"properties":{%s"height_m":2.8,"kind":"tree","planted_on":"2026-04-24"}}`
	for _, c := range []struct {
		fs   []*gis.Feature
		dist []float64
		want string
	}{
		{[]*gis.Feature{tree}, []float64{12.5}, `{"features":[` + fmt.Sprintf(treeJSON, `"distance_m":12.5,`) + `],"type":"FeatureCollection"}`},
		{[]*gis.Feature{tree, insp}, nil, `{"features":[` + fmt.Sprintf(treeJSON, "") +
			`,{"id":"i1","type":"Feature","geometry":null,"properties":{"inspected_at":"2026-12-07T01:30:15Z","inspector":"bình","kind":"inspection"}}],"type":"FeatureCollection"}`},
		{nil, nil, `{"features":[],"type":"FeatureCollection"}`},
	} {
		var buf bytes.Buffer
		if err := geojson.WriteFound(&buf, c.fs, c.dist); err != nil || buf.String() != c.want+"\n" {
			t.Errorf("WriteFound: %v\n got %s\nwant %s", err, buf.String(), c.want)
		}
	}
}

func mustDate(t *testing.T, s string) gis.Date {
	d, err := gis.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
