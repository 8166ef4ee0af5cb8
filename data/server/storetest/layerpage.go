package storetest

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"wardmap/data/server"
	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// LayerChangesRaw (the OGC API's box page on a store with layers) gives
// the live features of the records' box page, each once across pages,
// with the value of every non-private field the records hold.
var layerPageCases = []struct {
	name string
	run  func(t *testing.T, e *env)
}{
	{"layer box page is the records' page without private fields", func(t *testing.T, e *env) {
		lp, ok := e.st.(server.LayerPager)
		if !ok {
			t.Skip("the store has no layers")
		}
		u := e.user("an", server.Admin)
		pt := func(x, y float64) map[string]any {
			return map[string]any{"type": "Point", "coordinates": []any{x, y}}
		}
		var ops []wire.Op
		var ids []string
		for i := range 7 {
			id := gis.NewID()
			ids = append(ids, id)
			ops = append(ops, Op("tree", id, wire.OpInsert, 0, map[string]any{"geom": pt(106.63+float64(i)*0.0001, 20.81),
				"species_vi": "Bàng", "code": "T" + string(rune('0'+i)), "height_m": 7.5 + float64(i), "trunk_diameter_cm": 40.0,
				"condition": "good", "planted_on": "2019-03-0" + string(rune('1'+i))}))
		}
		ops = append(ops, Op("tree", gis.NewID(), wire.OpInsert, 0, map[string]any{"geom": pt(107.5, 21.5), "code": "far"}))
		ops = append(ops, Op("violation", gis.NewID(), wire.OpInsert, 0, map[string]any{"geom": pt(106.6301, 20.8101), "kind": "market",
			"found_on": "2024-05-01", "status": "found", "deadline": "2024-05-08", "violator": "Anh Nam", "description": "Chợ"}))
		ops = append(ops, Op("report", gis.NewID(), wire.OpInsert, 0, map[string]any{"geom": pt(106.6302, 20.8102), "channel": "hotline",
			"category": "waste", "text": "Rác", "received_at": "2024-05-01T10:11:12+07:00", "status": "received"}))
		for _, r := range e.push(u, ops...) {
			if r.Error != "" || len(r.Conflicts) > 0 {
				t.Fatalf("push: %+v", r)
			}
		}
		e.push(u, Op("tree", ids[2], wire.OpDelete, e.record(u, ids[2]).Rev, nil))
		e.push(u, Op("tree", ids[4], wire.OpUpdate, e.record(u, ids[4]).Rev, map[string]any{"height_m": 12.25, "condition": "poor"}))
		box := &[4]float64{106.6, 20.8, 106.7, 20.9}
		for _, kind := range []string{"tree", "violation"} {
			want := map[string]map[string]any{}
			err := e.st.ChangesRaw(e.ctx, Ward, server.ChangesQuery{Kinds: []string{kind}, Bound: box, Limit: 100}, func(r *server.RawRecord) error {
				if !r.Deleted {
					want[r.ID] = public(t, kind, r.Fields)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]map[string]any{}
			var after int64
			for pages := 0; ; pages++ {
				n := 0
				ok, err := lp.LayerChangesRaw(e.ctx, Ward, server.ChangesQuery{After: after, Kinds: []string{kind}, Bound: box, Limit: 2}, func(r *server.RawRecord) error {
					n++
					if r.Rev <= after || r.Kind != kind {
						t.Errorf("row %s rev %d kind %s after %d", r.ID, r.Rev, r.Kind, after)
					}
					after = r.Rev
					if _, dup := got[r.ID]; dup {
						t.Errorf("%s twice", r.ID)
					}
					got[r.ID] = public(t, kind, r.Fields)
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if !ok {
					t.Skip("the store reads box pages from its records")
				}
				if n < 2 || pages > 10 {
					break
				}
			}
			if len(want) == 0 || !reflect.DeepEqual(got, want) {
				t.Errorf("%s: layer pages\n%v\nrecords\n%v", kind, got, want)
			}
		}
		for _, kind := range []string{"violation", "tree"} {
			if got := fieldNames(e, lp, kind, box); len(got) == 0 || slices.Contains(got, "violator") {
				t.Errorf("the %s layer page carries %v", kind, got)
			}
		}
		// A time keeps its offset in the record only: reports are read
		// from the records.
		if ok, err := lp.LayerChangesRaw(e.ctx, Ward, server.ChangesQuery{Kinds: []string{"report"}, Bound: box, Limit: 10}, func(*server.RawRecord) error { return nil }); ok || err != nil {
			t.Errorf("report from its layer: %v %v", ok, err)
		}
	}},
}

// public decodes a record's fields, keeping the kind's non-private fields
// and geom, a missing one as nil.
func public(t *testing.T, kind string, raw []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	out := map[string]any{"geom": m["geom"]}
	for _, f := range gis.MustLookup(gis.Kind(kind)).Fields {
		if !f.Private {
			out[f.Name] = m[f.Name]
		}
	}
	return out
}

// fieldNames are the field names of a kind's layer box page.
func fieldNames(e *env, lp server.LayerPager, kind string, box *[4]float64) []string {
	var keys []string
	_, err := lp.LayerChangesRaw(e.ctx, Ward, server.ChangesQuery{Kinds: []string{kind}, Bound: box, Limit: 10}, func(r *server.RawRecord) error {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(r.Fields, &m); err != nil {
			return err
		}
		for k := range m {
			keys = append(keys, k)
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return keys
}

func init() { cases = append(cases, layerPageCases...) }
