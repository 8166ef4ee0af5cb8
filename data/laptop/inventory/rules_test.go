package inventory_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/inventory"
	"wardmap/gis"
	"wardmap/gis/gistest"
)

// rejected maps record numbers to their reasons.
func rejected(res *inventory.Result) map[int]string {
	m := map[int]string{}
	for _, r := range res.Rejected {
		m[r.Record] = r.Reason
	}
	return m
}

// TestDuplicateIdentity: with an identity (the mapped code, or a key of
// attributes and source fields), only the same identity is a duplicate;
// without one, rows differing in any mapped attribute are distinct.
func TestDuplicateIdentity(t *testing.T) {
	// Two palms 0.0 m apart under distinct ids, and a true repeat of id 7.
	src := writeFile(t, "ids.csv", []byte("id,lon,lat,species\n"+
		"7,106.70000,10.78000,Cau vua\n"+
		"8,106.70000,10.78000,Cau vua\n"+
		"7,106.70000,10.78000,Cau vua\n"))
	mp := writeMapping(t, `{"fields": {"code": "id", "species_vi": "species"}}`)
	st := openDB(t)
	res := mustImport(t, st, src, mp, gis.Tree, nil)
	if res.Imported != 2 || len(res.Rejected) != 1 || res.Rejected[0].Record != 3 || res.Rejected[0].Reason != inventory.ReasonDuplicate {
		t.Fatalf("code identity: imported %d, %+v", res.Imported, res.Rejected)
	}
	if r := res.Rejected[0]; !strings.Contains(r.Message, "record 1 (line 2)") || r.SourceID != "7" || r.X != "106.70000" || r.Line != 4 {
		t.Errorf("the rejection does not name the row as a person finds it: %+v", r)
	}
	// Against the database: the same ids are duplicates, a new id is not.
	src2 := writeFile(t, "ids2.csv", []byte("id,lon,lat,species\n8,106.70000,10.78000,Cau vua\n9,106.70000,10.78000,Cau vua\n"))
	res = mustImport(t, st, src2, mp, gis.Tree, nil)
	if res.Imported != 1 || rejected(res)[1] != inventory.ReasonDuplicate || !strings.Contains(res.Rejected[0].Message, "existing record") {
		t.Errorf("against stored: imported %d, %+v", res.Imported, res.Rejected)
	}

	// No identity: a row differing in a mapped attribute is another tree.
	src = writeFile(t, "noid.csv", []byte("lon,lat,species_vi,dbh\n"+
		"106.70000,10.78000,Sao,10\n"+
		"106.70000,10.78000,Sao,20\n"+
		"106.70000,10.78000,Sao,10\n"))
	mp = writeMapping(t, `{"fields": {"species_vi": "species_vi", "trunk_diameter_cm": {"from": "dbh", "unit": "cm"}}}`)
	res = mustImport(t, openDB(t), src, mp, gis.Tree, nil)
	if res.Imported != 2 || rejected(res)[3] != inventory.ReasonDuplicate {
		t.Errorf("no identity: imported %d, %+v", res.Imported, res.Rejected)
	}

	// A key naming a source field that is not stored: the tree number at
	// an address.
	src = writeFile(t, "addr.csv", []byte("lon,lat,no,street,tree,species\n"+
		"106.70000,10.78000,12,Ly Tu Trong,1,Sao\n"+
		"106.70000,10.78000,12,Ly Tu Trong,2,Sao\n"+
		"106.70000,10.78000,12,Ly Tu Trong,1,Sao\n"))
	mp = writeMapping(t, `{"fields": {"species_vi": "species", "address": {"template": "{no} {street}"}}, "duplicates": {"key": ["address", "tree"]}}`)
	st = openDB(t)
	res = mustImport(t, st, src, mp, gis.Tree, nil)
	if res.Imported != 2 || rejected(res)[3] != inventory.ReasonDuplicate || !strings.Contains(res.Rejected[0].Message, `tree = "1"`) {
		t.Errorf("address + tree number: imported %d, %+v", res.Imported, res.Rejected)
	}
	if res.Rejected[0].SourceID != "12 Ly Tu Trong 1" {
		t.Errorf("source id %q", res.Rejected[0].SourceID)
	}
	// Re-importing it adds nothing: stored records are compared on every
	// mapped attribute (the tree number is not stored).
	res = mustImport(t, st, src, mp, gis.Tree, nil)
	if res.Imported != 0 {
		t.Errorf("re-import added %d", res.Imported)
	}
	// A key naming neither an attribute nor a field of the file.
	bad := writeMapping(t, `{"fields": {"species_vi": "species"}, "duplicates": {"key": ["nope"]}}`)
	if _, err := importFile(t, openDB(t), src, bad, gis.Tree, nil); err == nil || !strings.Contains(err.Error(), `"nope" không phải`) || !strings.Contains(err.Error(), "is neither a field of kind tree nor of the file") {
		t.Errorf("bad key: %v", err)
	}
}

// TestDistanceZero: duplicates.distance_m 0 means the same point, not 1 m.
func TestDistanceZero(t *testing.T) {
	// Rows 0.5 m apart (4.5e-6° of latitude), then one at the first's point.
	src := writeFile(t, "near.csv", []byte("lon,lat,species_vi\n"+
		"106.70000,10.780000,Sao\n"+
		"106.70000,10.7800045,Sao\n"+
		"106.70000,10.780000,Sao\n"))
	for _, c := range []struct {
		rule     string
		imported int
	}{
		{`{"fields": {"species_vi": "species_vi"}}`, 1},
		{`{"fields": {"species_vi": "species_vi"}, "duplicates": {"distance_m": 0}}`, 2},
	} {
		res := mustImport(t, openDB(t), src, writeMapping(t, c.rule), gis.Tree, nil)
		if res.Imported != c.imported || rejected(res)[3] != inventory.ReasonDuplicate {
			t.Errorf("%s: imported %d, want %d; %+v", c.rule, res.Imported, c.imported, res.Rejected)
		}
	}
	if _, err := inventory.ParseMapping(strings.NewReader(`{"duplicates": {"distance_m": -1}}`), gis.Tree); err == nil {
		t.Error("a negative distance was accepted")
	}
}

// TestAddressStack: distinct trees sharing an address-level point are
// imported and flagged; a placeholder pile of many addresses is not; a
// clump surveyed at points of its own is not a pile.
func TestAddressStack(t *testing.T) {
	var rows strings.Builder
	rows.WriteString("id,lon,lat,no,street,species\n")
	for i := range 18 { // 18 palms at one address
		rows.WriteString(strings.Join([]string{itoa(100 + i), "106.700000", "10.780000", "12", "Ly Tu Trong", "Cau vua"}, ",") + "\n")
	}
	for i := range 30 { // 30 rows of 30 addresses on one point
		rows.WriteString(strings.Join([]string{itoa(200 + i), "106.710000", "10.790000", itoa(i + 1), "Nguyen Du", "Sao"}, ",") + "\n")
	}
	for i := range 12 { // a clump on a 10 cm grid (Downey's palms)
		lon := strconv.FormatFloat(106.72+float64(i%4)*1e-6, 'f', 6, 64)
		lat := strconv.FormatFloat(10.78+float64(i/4)*1e-6, 'f', 6, 64)
		rows.WriteString(strings.Join([]string{itoa(300 + i), lon, lat, "", "", "Sao"}, ",") + "\n")
	}
	src := writeFile(t, "stack.csv", []byte(rows.String()))
	mp := writeMapping(t, `{"fields": {"code": "id", "species_vi": "species", "address": {"template": "{no} {street}"}}}`)
	st := openDB(t)
	res := mustImport(t, st, src, mp, gis.Tree, nil)
	by := res.ByReason()
	if res.Imported != 30 || res.Approximate != 18 || by[inventory.ReasonStacked] != 30 {
		t.Fatalf("imported %d, approximate %d, %v", res.Imported, res.Approximate, by)
	}
	var flagged, clump int
	if err := st.QueryRow(context.Background(), "SELECT count(*) FROM tree WHERE position_approximate = 1", &flagged); err != nil {
		t.Fatal(err)
	}
	if err := st.QueryRow(context.Background(), "SELECT count(*) FROM tree WHERE position_approximate IS NULL AND address IS NULL", &clump); err != nil {
		t.Fatal(err)
	}
	if flagged != 18 || clump != 12 {
		t.Errorf("stored: %d flagged (want 18), %d clump trees unflagged (want 12)", flagged, clump)
	}
	for _, r := range res.Rejected {
		if !strings.Contains(r.Message, "30 rows stacked on one point, 30 addresses") {
			t.Errorf("unclear reason: %s", r.Message)
		}
	}
	// The flag is a field of the schema, read back like any other.
	fs, err := st.Find(context.Background(), gpkg.Query{Kind: gis.Tree, Search: "Ly Tu Trong", Limit: 1})
	if err != nil || len(fs) != 1 || fs[0].Attrs["position_approximate"] != true {
		t.Errorf("read back: %v %+v", err, fs)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestStrictSkips: --strict fails on rows rejected against the mapping's
// intent, not on rows its own skip rules drop.
func TestStrictSkips(t *testing.T) {
	src := writeFile(t, "skip.csv", []byte("lon,lat,species\n106.7,10.78,Sao\n106.8,10.79,VACANT\n"))
	mp := writeMapping(t, `{"fields": {"species_vi": "species"}, "skip": [{"field": "species", "values": ["VACANT"]}]}`)
	res := mustImport(t, openDB(t), src, mp, gis.Tree, func(o *inventory.Options) { o.Strict = true })
	if res.Imported != 1 || res.ByReason()[inventory.ReasonSkipped] != 1 {
		t.Errorf("strict with a skip: %+v", res)
	}
	src = writeFile(t, "bad.csv", []byte("lon,lat,species\n106.7,10.78,Sao\n0,0,Sao\n"))
	if _, err := importFile(t, openDB(t), src, mp, gis.Tree, func(o *inventory.Options) { o.Strict = true }); err == nil || !strings.Contains(err.Error(), "1 rows rejected") {
		t.Errorf("strict with a row at (0, 0): %v", err)
	}
}

// TestAutoMappingUnits: an automatic mapping never guesses a unit; it
// names the field, and the mapping it made reads back as a --map file.
func TestAutoMappingUnits(t *testing.T) {
	src := writeFile(t, "h.csv", []byte("lon,lat,species_vi,height\n106.7,10.78,Sao,15-30\n"))
	res, err := importFile(t, openDB(t), src, "", gis.Tree, nil)
	if err == nil || !strings.Contains(err.Error(), `height_m ← "height" (m)`) || !strings.Contains(err.Error(), `need "unit"`) {
		t.Fatalf("height without a unit: %v", err)
	}
	if res == nil || res.Mapping == nil {
		t.Fatal("the refused mapping is not returned to be printed")
	}
	b, err := res.Mapping.JSON()
	if err != nil {
		t.Fatal(err)
	}
	// The user adds the unit to the printed mapping and passes it back.
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	fields := m["fields"].(map[string]any)
	if fields["height_m"] != "height" || fields["species_vi"] != "species_vi" {
		t.Fatalf("printed mapping %s", b)
	}
	fields["height_m"] = map[string]any{"from": "height", "unit": "ft"}
	edited, _ := json.Marshal(m)
	res = mustImport(t, openDB(t), src, writeMapping(t, string(edited)), gis.Tree, func(o *inventory.Options) { o.DryRun = true })
	if res.Imported != 1 || res.Sample[0].Attrs["height_m"] != 6.86 {
		t.Errorf("edited mapping: %+v, sample %+v", res, res.Sample)
	}
	// A mapping file without fields guesses them too: the same refusal.
	if _, err := importFile(t, openDB(t), src, writeMapping(t, `{"crs": "EPSG:4326"}`), gis.Tree, nil); err == nil || !strings.Contains(err.Error(), `height_m ← "height" (m)`) {
		t.Errorf("a mapping without fields: %v", err)
	}
	// A column named like the field says its unit.
	src = writeFile(t, "hm.csv", []byte("lon,lat,height_m\n106.7,10.78,7.5\n"))
	res = mustImport(t, nil, src, "", gis.Tree, func(o *inventory.Options) { o.DryRun = true })
	if res.Imported != 1 || res.Sample[0].Attrs["height_m"] != 7.5 {
		t.Errorf("height_m: %+v", res.Sample)
	}
}

// TestGeometryFallback: Glendora's geometry is a placeholder while its
// lat/lon properties are right. The import says so and names the columns;
// a mapping with a fallback imports what the lat/lon mapping imports.
func TestGeometryFallback(t *testing.T) {
	src := gistest.SharedData(t, "assets", "la-street-trees", "glendora.geojson")
	res := mustImport(t, nil, src, filepath.Join("testdata", "la", "glendora.json"), gis.Tree, func(o *inventory.Options) { o.DryRun = true })
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], `columns "lon"/"lat" hold valid lon/lat for 12610`) {
		t.Errorf("warnings %q", res.Warnings)
	}
	latlon := mustImport(t, nil, src, filepath.Join("testdata", "la", "glendora-latlon.json"), gis.Tree, func(o *inventory.Options) { o.DryRun = true })
	fb := mustImport(t, nil, src, filepath.Join("testdata", "la", "glendora-fallback.json"), gis.Tree, func(o *inventory.Options) { o.DryRun = true })
	if fb.Imported != latlon.Imported || fb.Fallback != fb.Imported || fb.Imported < 12000 || len(fb.Warnings) != 0 {
		t.Errorf("fallback imported %d (%d by the fallback), lat/lon %d; %v", fb.Imported, fb.Fallback, latlon.Imported, fb.Warnings)
	}
	if !reflectEqual(fb.ByReason(), latlon.ByReason()) {
		t.Errorf("fallback %v, lat/lon %v", fb.ByReason(), latlon.ByReason())
	}
	// A row placed by the fallback is reported where the fallback read it.
	for _, r := range fb.Rejected {
		if r.Reason == inventory.ReasonDuplicate && !strings.HasPrefix(r.X, "-117.") {
			t.Errorf("reported at the placeholder: %+v", r)
			break
		}
	}
	// A row the fallback cannot place either is rejected by the first
	// pass, and reported with its own id and coordinates as written.
	gj := writeFile(t, "fb.geojson", []byte(`{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"id": "A1"}, "geometry": {"type": "Point", "coordinates": [0, 0]}},
{"type": "Feature", "properties": {"id": "A2"}, "geometry": {"type": "Point", "coordinates": [106.7001, 10.7801]}},
{"type": "Feature", "properties": {"id": "A3"}, "geometry": {"type": "Point", "coordinates": [106.7002, 10.7802]}},
{"type": "Feature", "properties": {"id": "A4", "lon": 106.7003, "lat": 10.7803}, "geometry": {"type": "Point", "coordinates": [0, 0]}}]}`))
	res = mustImport(t, nil, gj, writeMapping(t, `{"fields": {"code": "id"}, "geometry": {"fallback": {"x": "lon", "y": "lat"}}}`), gis.Tree, func(o *inventory.Options) { o.DryRun = true })
	if res.Imported != 3 || res.Fallback != 1 || len(res.Rejected) != 1 {
		t.Fatalf("imported %d (%d by the fallback), rejected %+v", res.Imported, res.Fallback, res.Rejected)
	}
	if r := res.Rejected[0]; r.Record != 1 || r.Reason != inventory.ReasonZero || r.SourceID != "A1" || r.X != "0" || r.Y != "0" {
		t.Errorf("standing first-pass rejection: %+v", r)
	}
	// A field's fallback source: species from a second column when the
	// first is empty.
	csv := writeFile(t, "f.csv", []byte("lon,lat,common,local\n106.7,10.78,,Sao den\n106.8,10.79,Dau,Dau rai\n"))
	res = mustImport(t, nil, csv, writeMapping(t, `{"fields": {"species_vi": {"from": "common", "fallback": "local"}}}`), gis.Tree, func(o *inventory.Options) { o.DryRun = true })
	if len(res.Sample) != 2 || res.Sample[0].Attrs["species_vi"] != "Sao den" || res.Sample[1].Attrs["species_vi"] != "Dau" {
		t.Errorf("field fallback: %+v", res.Sample)
	}
}

func reflectEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestRepeatedProperty: a feature that writes a property twice, the second
// null, keeps the value and says so.
func TestRepeatedProperty(t *testing.T) {
	src := writeFile(t, "dup.geojson", []byte(`{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"species_vi": "Sao", "species_vi": null}, "geometry": {"type": "Point", "coordinates": [106.7, 10.78]}},
{"type": "Feature", "properties": {"species_vi": "Dau"}, "geometry": {"type": "Point", "coordinates": [106.8, 10.79]}}]}`))
	res := mustImport(t, nil, src, "", gis.Tree, func(o *inventory.Options) { o.DryRun = true })
	if len(res.Sample) != 2 || res.Sample[0].Attrs["species_vi"] != "Sao" {
		t.Errorf("the null erased the value: %+v", res.Sample)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], `property "species_vi" appears twice in 1 features (first in record 1)`) {
		t.Errorf("warnings %q", res.Warnings)
	}
}
