package inventory

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"

	"wardmap/gis"
)

// FuzzReadCSV: any bytes, in any declared encoding and delimiter, give a
// table or an error, never a panic; records are numbered in order and
// every value is valid UTF-8.
func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("lon,lat,species\n-118.3,33.8,Oak\n"), "", "")
	f.Add([]byte("\ufeffX;Y;Loai\n106,62;20,8;Bằng lăng\n"), ";", "utf-8")
	f.Add([]byte("lon,lat,name\n1,2,Caf\xe9\n"), ",", "windows-1252")
	f.Add([]byte("\xff\xfel\x00o\x00n\x00\n\x00"), "", "utf-16")
	f.Add([]byte("a,\"b\nc\",d\n1,\"2\"\"\",3\n\"unterminated\n"), ",", "")
	f.Add([]byte("a\tb\n1\t2\n\n\n3\t4"), "\t", "iso-8859-1")
	f.Fuzz(func(t *testing.T, data []byte, delim, enc string) {
		tb, err := readCSV(bytes.NewReader(data), CSVOptions{Delimiter: delim, Encoding: enc})
		if err != nil {
			return
		}
		for i, r := range tb.recs {
			if r.n != i+1 {
				t.Fatalf("record %d numbered %d", i, r.n)
			}
			for _, v := range r.vals {
				if !utf8Valid(v) {
					t.Fatalf("invalid UTF-8 value %q", v)
				}
			}
		}
		// The whole pipeline on the table must not panic either.
		m := &Mapping{Auto: true}
		if err := m.prepare(gis.Tree); err != nil {
			t.Fatal(err)
		}
		if err := m.guess(tb, gis.MustLookup(gis.Tree)); err != nil {
			return
		}
		if err := m.check(tb); err != nil {
			return
		}
		b := &builder{t: tb, m: m, sc: gis.MustLookup(gis.Tree), res: &Result{}, primary: newGeomReader(tb, m.Geometry, nil)}
		cands, err := b.build(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		cands = b.checkPositions(cands, nil)
		if len(cands)+len(b.res.Rejected) != len(tb.recs) {
			t.Fatalf("%d kept + %d rejected != %d records", len(cands), len(b.res.Rejected), len(tb.recs))
		}
	})
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\x00") == s }

// FuzzParseMapping: any text gives a mapping or an error, never a panic;
// a mapping accepted converts any value without panicking.
func FuzzParseMapping(f *testing.F) {
	f.Add(`{"kind": "tree", "fields": {"species_vi": "species", "height_m": {"from": "h", "unit": "ft"}}}`, "07-12")
	f.Add(`{"fields": {"condition": {"from": "c", "values": {"Good": "good", "NA": ""}, "unknown": "empty"}}}`, " GOOD ")
	f.Add(`{"fields": {"planted_on": {"from": "d", "date": ["M/D/YYYY", "YYYY-MM-DD"]}}, "empty": ["---"]}`, "9/28/2014")
	f.Add(`{"fields": {"address": {"template": "{a} {b}"}, "funding": {"value": "budget"}}, "skip": [{"field": "s", "values": ["VACANT SITE"]}]}`, "31+")
	f.Add(`{"csv": {"delimiter": ";", "encoding": "windows-1252"}, "geometry": {"x": "E", "y": "N"}, "crs": "EPSG:9210", "checks": {"extent": [1, 2, 3, 4], "stack": -1}}`, "")
	f.Add(`{"duplicates": {"key": ["code"], "distance_m": 2, "within_file": false}, "fields": {"trunk_diameter_cm": {"from": "x", "unit": "in", "range": "low"}}}`, "13 - 18")
	f.Add(`{"duplicates": {"key": ["address", "Tree"], "distance_m": 0}, "geometry": {"fallback": {"x": "lon", "y": "lat", "crs": "EPSG:4326"}}, "fields": {"species_vi": {"from": "a", "fallback": {"from": "b", "values": {"x": ""}}}}}`, "")
	f.Fuzz(func(t *testing.T, text, value string) {
		m, err := ParseMapping(strings.NewReader(text), gis.Tree)
		if err != nil {
			if gis.ErrorCode(err) != gis.EINVALID {
				t.Fatalf("error without code: %v", err)
			}
			return
		}
		r := &record{n: 1, vals: []string{value}}
		cols := map[string]int{}
		for _, fm := range m.Fields {
			for _, s := range fm.sources() {
				cols[s] = 0
			}
		}
		for _, fm := range m.Fields {
			v, err := fm.convert(r, cols, m, newFoldCache())
			if err == nil && v != nil {
				f := &gis.Feature{ID: placeholderID, Kind: gis.Tree, Attrs: map[string]any{fm.field.Name: v}}
				_ = gis.Validate(f)
			}
		}
	})
}

// FuzzReadGeoJSON: any bytes give a table or an error, never a panic.
func FuzzReadGeoJSON(f *testing.F) {
	f.Add([]byte(`{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4269"}}, "features": [{"type": "Feature", "properties": {"a": 1, "b": " x", "geom": null}, "geometry": {"type": "Point", "coordinates": [-118.3, 33.8]}}]}`))
	f.Add([]byte(`{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": [], "geometry": {"type": "Polygon", "coordinates": [[[1, 2], [3]]]}}, {"type": "Feature", "geometry": {"type": "MultiPoint", "coordinates": [[1, 2]]}}]}`))
	f.Add([]byte(`{"features": null, "type": "FeatureCollection"}`))
	f.Add([]byte("\ufeff{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Fea"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := readGeoJSON(bytes.NewReader(data))
		if err != nil {
			return
		}
		for i, r := range tb.recs {
			if r.n != i+1 || len(r.vals) > len(tb.cols) {
				t.Fatalf("record %d: n %d, %d values for %d columns", i, r.n, len(r.vals), len(tb.cols))
			}
		}
	})
}

// FuzzCollapseSpace: collapseSpace is strings.Fields joined by one space,
// for any text (its fast path only skips the allocation), and a fold cache
// folds as gis.FoldSearch does, the first time and the next.
func FuzzCollapseSpace(f *testing.F) {
	for _, s := range []string{"", " ", "a", " AGOURA RD", "a  b", "a\tb", "a b ", "x\u00a0y", "Tốt", "a\u2003b", "\n", "GOOD", " good "} {
		f.Add(s)
	}
	fc := newFoldCache()
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := collapseSpace(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
		for range 2 {
			if got, want := fc.fold(s), gis.FoldSearch(s); got != want {
				t.Fatalf("fold(%q) = %q, want %q", s, got, want)
			}
		}
	})
}

// FuzzParseCoord: the strconv fast path reads every coordinate as the
// fmt.Sscan reading it replaced did.
func FuzzParseCoord(f *testing.F) {
	for _, s := range []string{"106.62", "-118.3120721", "20,800", "1e5", "+3", "12.5m", "0x1p-2", "Inf", "NaN", "1_000", "", ".5", "5.", "1e400"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		x, ok := parseCoord(s)
		old := s
		if strings.Count(old, ",") == 1 && !strings.Contains(old, ".") {
			old = strings.Replace(old, ",", ".", 1)
		}
		var y float64
		_, err := fmt.Sscan(old, &y)
		okOld := err == nil && !math.IsNaN(y) && !math.IsInf(y, 0)
		if ok != okOld || ok && x != y {
			t.Fatalf("%q: %v %v, Sscan %v %v", s, x, ok, y, okOld)
		}
	})
}
