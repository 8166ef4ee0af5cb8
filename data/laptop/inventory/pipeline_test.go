package inventory_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/inventory"
	"wardmap/gis"
)

// The GeoJSON reader parses features, and the builder maps records, in
// chunks on several goroutines: records keep their file numbers across
// chunk boundaries, a broken feature or a value the mapping refuses at the
// end or start of a chunk is rejected alone, and a duplicate of a feature
// in another chunk is found.
func TestGeoJSONChunks(t *testing.T) {
	c, bc := inventory.FeatureChunk, inventory.BuildChunk
	n := bc + 3
	var b strings.Builder
	b.WriteString(`{"type": "FeatureCollection", "features": [`)
	for i := range n {
		if i > 0 {
			b.WriteString(",\n")
		}
		lon, species := -118.30+float64(i)*1e-4, fmt.Sprintf("Cây %d", i+1)
		switch i {
		case c - 1: // last of the first chunk
			fmt.Fprintf(&b, `{"type": "Feature", "properties": {"species_vi": %q}, "geometry": {"type": "Point", "coordinates": [%g]}}`, species, lon)
		case c: // first of the second
			fmt.Fprintf(&b, `{"type": "Feat", "properties": {"species_vi": %q}, "geometry": {"type": "Point", "coordinates": [%g, 33.79]}}`, species, lon)
		case c + 1:
			fmt.Fprintf(&b, `{"type": "Feature", "properties": 5, "geometry": {"type": "Point", "coordinates": [%g, 33.79]}}`, lon)
		case 2 * c: // a duplicate of record 1, two chunks later
			b.WriteString(`{"type": "Feature", "properties": {"species_vi": "Cây 1"}, "geometry": {"type": "Point", "coordinates": [-118.3, 33.79]}}`)
		case bc - 1, bc: // the last and first records of two build chunks
			fmt.Fprintf(&b, `{"type": "Feature", "properties": {"species_vi": %q, "condition": "rotten"}, "geometry": {"type": "Point", "coordinates": [%g, 33.79]}}`, species, lon)
		default:
			fmt.Fprintf(&b, `{"type": "Feature", "properties": {"species_vi": %q, "extra_%d": 1}, "geometry": {"type": "Point", "coordinates": [%g, 33.79]}}`, species, i%3, lon)
		}
	}
	b.WriteString("]}")
	st := openDB(t)
	src := writeFile(t, "chunks.geojson", []byte(b.String()))
	res := mustImport(t, st, src, "", gis.Tree, nil)
	want := map[int]string{c: inventory.ReasonUnreadable, c + 1: inventory.ReasonUnreadable, c + 2: inventory.ReasonUnreadable, 2*c + 1: inventory.ReasonDuplicate,
		bc: inventory.ReasonValue, bc + 1: inventory.ReasonValue}
	if res.Read != n || res.Imported != n-len(want) || len(res.Rejected) != len(want) {
		t.Fatalf("read %d, imported %d, rejected %+v; want %d, %d, %d", res.Read, res.Imported, res.Rejected, n, n-len(want), len(want))
	}
	for _, r := range res.Rejected {
		if want[r.Record] != r.Reason {
			t.Errorf("record %d rejected as %s (%s); want %v", r.Record, r.Reason, r.Message, want)
		}
	}
	if got := count(t, st, gis.Tree); got != res.Imported {
		t.Fatalf("%d trees stored, %d imported", got, res.Imported)
	}
	var queued int
	st.QueryRow(context.Background(), "SELECT count(*) FROM wm_outbox WHERE op = 'insert'", &queued)
	if queued != res.Imported {
		t.Fatalf("%d outbox inserts for %d records", queued, res.Imported)
	}
	// Values land on their own record across the chunks.
	for _, i := range []int{0, c - 2, c + 2, 2*c - 1, bc - 2, bc + 1, n - 1} {
		f := findAt(t, st, orb.Point{-118.30 + float64(i)*1e-4, 33.79})
		if got, want := f.Attrs["species_vi"], fmt.Sprintf("Cây %d", i+1); got != want {
			t.Errorf("feature %d: species_vi %v, want %s", i+1, got, want)
		}
	}
}
