package gpkg_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
	"time"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/sync/catalogue"
	"wardmap/data/sync/wire"
)

// catalogue.Seed is what a new GeoPackage's migrations write: the server
// seeds from it without the laptop's store. WARDMAP_UPDATE_SEED=1 rewrites
// data/sync/catalogue/seed.json after a migration changed the catalogue.
func TestSeedIsWhatMigrationsWrite(t *testing.T) {
	ctx := t.Context()
	s, err := gpkg.Open(ctx, filepath.Join(t.TempDir(), "new.gpkg"), gpkg.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	recs, err := s.CatalogueRecords(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]wire.Record{}
	for _, r := range recs {
		r.UpdatedAt, r.UpdatedBy = time.Time{}, ""
		want[r.ID] = r
	}
	if os.Getenv("WARDMAP_UPDATE_SEED") == "1" {
		sort.Slice(recs, func(i, j int) bool { return recs[i].Kind+recs[i].ID < recs[j].Kind+recs[j].ID })
		out := make([]wire.Record, len(recs))
		for i, r := range recs {
			out[i] = want[r.ID]
		}
		b, err := json.MarshalIndent(out, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("../../sync/catalogue/seed.json", append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Skip("seed.json rewritten: run the test again")
	}
	got, err := catalogue.Seed()
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 || len(got) != len(want) {
		t.Fatalf("seed holds %d records, a new database %d", len(got), len(want))
	}
	for id, w := range want {
		if g := got[id]; !reflect.DeepEqual(g, w) {
			t.Errorf("seed record %s:\n got %#v\nwant %#v", id, g, w)
		}
	}
}
