package storetest

import (
	"encoding/json"
	"testing"

	"wardmap/data/server"
	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// RecordRaw (the OGC API's single item) reads what a pull carries, by ID,
// and nothing of another ward or an ID no store can hold.
var recordRawCases = []struct {
	name string
	run  func(t *testing.T, e *env)
}{
	{"record by ID is the pulled record", func(t *testing.T, e *env) {
		u := e.user("an", server.Admin)
		id := gis.NewID()
		geom := map[string]any{"type": "Point", "coordinates": []any{106.63, 20.81}}
		e.push(u, Op("tree", id, wire.OpInsert, 0, map[string]any{"geom": geom, "species_vi": "Bàng", "height_m": 7.5}))
		var r server.RawRecord
		ok, err := e.st.RecordRaw(e.ctx, Ward, id, &r)
		if err != nil || !ok {
			t.Fatalf("RecordRaw: %v %v", ok, err)
		}
		pulled := e.record(u, id)
		var fields map[string]any
		if err := json.Unmarshal(r.Fields, &fields); err != nil {
			t.Fatal(err)
		}
		if r.Kind != "tree" || r.Rev != pulled.Rev || fields["species_vi"] != "Bàng" || fields["height_m"] != 7.5 ||
			!r.UpdatedAt.Equal(pulled.UpdatedAt) || r.UpdatedAt.Location().String() != "UTC" {
			t.Fatalf("read %+v %s, pulled %+v", r, r.Fields, pulled)
		}
		e.push(u, Op("tree", id, wire.OpDelete, r.Rev, nil))
		if ok, err := e.st.RecordRaw(e.ctx, Ward, id, &r); !ok || err != nil || !r.Deleted {
			t.Fatalf("deleted record: %v %v deleted=%v", ok, err, r.Deleted)
		}
		for _, c := range [][2]string{{"other-ward", id}, {Ward, gis.NewID()}, {Ward, "a\x00b"}, {Ward, "\xff"}} {
			if ok, err := e.st.RecordRaw(e.ctx, c[0], c[1], &r); ok || err != nil {
				t.Errorf("RecordRaw(%q, %q) = %v, %v; want not found", c[0], c[1], ok, err)
			}
		}
	}},
}

func init() { cases = append(cases, recordRawCases...) }
