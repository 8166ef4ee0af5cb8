package gpkg

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/data/sync/wire"
	"wardmap/gis"
	"wardmap/gis/osmimport"
)

// The Loader's batches (multi-row INSERTs of batchRows rows, outbox entries
// outboxBatch at a time) at and around their boundaries: every row stored
// once, its R-tree box under its own fid (the consecutive-fid rule), one
// outbox entry per row in load order, lazy, expanding to the fields
// encoding/json would write; a duplicate ID inside a batch or across batches fails the whole
// load with the record named and nothing written.

func openInternal(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "ward.gpkg"), Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func batchLamp(rng *rand.Rand, i int) *gis.Feature {
	f := gis.NewFeature(gis.Lamp, orb.Point{106.62 + rng.Float64()*0.05, 20.80 + rng.Float64()*0.04})
	f.Attrs["status"] = "working"
	f.Attrs["pole_code"] = fmt.Sprintf("KA-<%d>&", i)
	return f
}

func batchStreet(rng *rand.Rand, i int) *gis.Feature {
	x, y := 106.62+rng.Float64()*0.05, 20.80+rng.Float64()*0.04
	f := gis.NewFeature(gis.Street, orb.LineString{{x, y}, {x + 0.001, y + rng.Float64()*0.001}})
	f.Attrs["name"] = fmt.Sprintf("Ngõ %d", i)
	f.Attrs["class"] = "alley"
	return f
}

func TestLoadBatchBoundaries(t *testing.T) {
	ctx := context.Background()
	for _, n := range []int{1, batchRows - 1, batchRows, batchRows + 1, outboxBatch - 1, outboxBatch, outboxBatch + 1, 2*batchRows + 7} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			s := openInternal(t)
			rng := rand.New(rand.NewPCG(uint64(n), 3))
			// Two kinds interleaved, so their batches fill at different rows.
			var fs []*gis.Feature
			for i := range n {
				if i%3 == 2 {
					fs = append(fs, batchStreet(rng, i))
				} else {
					fs = append(fs, batchLamp(rng, i))
				}
			}
			if err := s.Load(ctx, fs, LoadOptions{User: "test", Outbox: true}); err != nil {
				t.Fatal(err)
			}
			checkBatchLoad(t, s, fs)
			// A second load goes into non-empty tables and trees.
			more := []*gis.Feature{batchLamp(rng, n), batchStreet(rng, n+1), batchLamp(rng, n+2)}
			if err := s.Load(ctx, more, LoadOptions{User: "test", Outbox: true}); err != nil {
				t.Fatal(err)
			}
			checkBatchLoad(t, s, append(fs, more...))
		})
	}
}

// checkBatchLoad checks that the store holds exactly fs, each row's R-tree
// box under its own fid, and one outbox insert per record in order.
func checkBatchLoad(t *testing.T, s *Store, fs []*gis.Feature) {
	t.Helper()
	ctx := context.Background()
	byID := map[string]*gis.Feature{}
	count := map[string]int{}
	for _, f := range fs {
		byID[f.ID] = f
		count[gis.MustLookup(f.Kind).Table]++
	}
	for _, table := range []string{"lamp", "street"} {
		var rows, boxes, mism int
		var check string
		s.QueryRow(ctx, "SELECT count(*) FROM "+table, &rows)
		s.QueryRow(ctx, "SELECT count(*) FROM rtree_"+table+"_geom", &boxes)
		if rows != count[table] || boxes != count[table] {
			t.Fatalf("%s: %d rows, %d boxes, want %d", table, rows, boxes, count[table])
		}
		if err := s.QueryRow(ctx, fmt.Sprintf("SELECT rtreecheck('rtree_%s_geom')", table), &check); err != nil || check != "ok" {
			t.Fatalf("rtreecheck: %q %v", check, err)
		}
		// Each fid's box is its own row's (ST_* read the stored blob).
		if err := s.QueryRow(ctx, fmt.Sprintf(`SELECT count(*) FROM %[1]s t JOIN rtree_%[1]s_geom r ON r.id = t.fid
			WHERE r.minx > ST_MinX(t.geom) OR r.maxx < ST_MaxX(t.geom) OR r.miny > ST_MinY(t.geom) OR r.maxy < ST_MaxY(t.geom)
			   OR r.maxx - r.minx > ST_MaxX(t.geom) - ST_MinX(t.geom) + 4e-5`, table), &mism); err != nil {
			t.Fatal(err)
		}
		if mism != 0 {
			t.Fatalf("%s: %d R-tree boxes are not their row's", table, mism)
		}
	}
	rs, err := s.r.QueryContext(ctx, `SELECT record_id, kind, op, fields, created_by FROM wm_outbox ORDER BY fid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	i := 0
	for rs.Next() {
		var id, kind, op, fields, by string
		if err := rs.Scan(&id, &kind, &op, &fields, &by); err != nil {
			t.Fatal(err)
		}
		if i >= len(fs) || id != fs[i].ID || kind != string(fs[i].Kind) || op != "insert" || by != "test" {
			t.Fatalf("outbox entry %d: %s %s %s by %s, want insert of %s %s", i, op, kind, id, by, fs[min(i, len(fs)-1)].Kind, fs[min(i, len(fs)-1)].ID)
		}
		// A lazy insert, which the push expands from the row into what an
		// eager one would have stored.
		if fields != lazyFields {
			t.Fatalf("outbox fields of %s: %q, want a lazy insert", id, fields)
		}
		body, err := insertBody(ctx, s.r, kind, id, op, fields)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(wire.Changed(gis.MustLookup(fs[i].Kind), byID[id], nil))
		if body != string(want) {
			t.Fatalf("outbox fields of %s:\n got %s\nwant %s", id, body, want)
		}
		i++
	}
	if i != len(fs) {
		t.Fatalf("%d outbox entries, want %d", i, len(fs))
	}
	// The columns keep the types a row-by-row insert gives them.
	var odd int
	if err := s.QueryRow(ctx, `SELECT count(*) FROM wm_outbox WHERE typeof(base_rev) <> 'integer' OR base_rev <> 0
		OR typeof(created_at) <> 'text' OR created_at NOT LIKE '20__-__-__T__:__:__.___Z' OR length(op_id) <> 36 OR typeof(fields) <> 'text'`, &odd); err != nil || odd != 0 {
		t.Fatalf("%d outbox entries with odd columns (%v)", odd, err)
	}
}

func TestLoadBatchDuplicateID(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(7, 7))
	make := func(n int) []*gis.Feature {
		fs := make([]*gis.Feature, n)
		for i := range fs {
			fs[i] = batchLamp(rng, i)
		}
		return fs
	}
	cases := map[string]func(fs []*gis.Feature){
		"within a batch":         func(fs []*gis.Feature) { fs[batchRows/2].ID = fs[3].ID },
		"across batches":         func(fs []*gis.Feature) { fs[batchRows+5].ID = fs[10].ID },
		"last row of the load":   func(fs []*gis.Feature) { fs[len(fs)-1].ID = fs[0].ID },
		"first row of batch two": func(fs []*gis.Feature) { fs[batchRows].ID = fs[batchRows-1].ID },
	}
	for name, dup := range cases {
		t.Run(name, func(t *testing.T) {
			s := openInternal(t)
			fs := make(2*batchRows + 13)
			dup(fs)
			err := s.Load(ctx, fs, LoadOptions{User: "test", Outbox: true})
			if err == nil || !strings.Contains(err.Error(), "already exists") {
				t.Fatalf("duplicate ID: %v, want an 'already exists' error", err)
			}
			assertEmpty(t, s)
		})
	}
	// A duplicate of a stored record.
	s := openInternal(t)
	first := make(5)
	if err := s.Load(ctx, first, LoadOptions{User: "test"}); err != nil {
		t.Fatal(err)
	}
	again := make(batchRows + 1)
	again[batchRows/2].ID = first[2].ID
	if err := s.Load(ctx, again, LoadOptions{User: "test", Outbox: true}); err == nil || !strings.Contains(err.Error(), first[2].ID) {
		t.Fatalf("duplicate of a stored record: %v", err)
	}
	var n int
	s.QueryRow(ctx, "SELECT count(*) FROM lamp", &n)
	if n != 5 {
		t.Fatalf("%d lamps after a failed load, want the 5 of the first", n)
	}
}

// An invalid row in the middle of a batch fails Load before anything is
// written.
func TestLoadBatchInvalidRow(t *testing.T) {
	s := openInternal(t)
	rng := rand.New(rand.NewPCG(8, 8))
	fs := make([]*gis.Feature, batchRows+10)
	for i := range fs {
		fs[i] = batchLamp(rng, i)
	}
	fs[batchRows+3].Attrs["status"] = "rotten"
	if err := s.Load(context.Background(), fs, LoadOptions{User: "test", Outbox: true}); err == nil {
		t.Fatal("an invalid row loaded")
	}
	assertEmpty(t, s)
}

func assertEmpty(t *testing.T, s *Store) {
	t.Helper()
	var lamps, boxes, queued int
	s.QueryRow(context.Background(), "SELECT count(*) FROM lamp", &lamps)
	s.QueryRow(context.Background(), "SELECT count(*) FROM rtree_lamp_geom", &boxes)
	s.QueryRow(context.Background(), "SELECT count(*) FROM wm_outbox", &queued)
	if lamps+boxes+queued != 0 {
		t.Fatalf("after a failed load: %d lamps, %d boxes, %d outbox entries", lamps, boxes, queued)
	}
}

// OSMImport over batches: skipped segments in the middle of a batch, the
// batch boundaries, a repeated way (an error), a file out of way-id order
// (a lookup per segment, same result), and a re-import (all unchanged).
func TestOSMImportBatches(t *testing.T) {
	ctx := context.Background()
	seg := func(way int64, idx int) osmimport.Segment {
		x, y := 106.62+float64(way%1000)*1e-4, 20.80+float64(idx)*1e-4
		return osmimport.Segment{WayID: way, Index: idx, Name: fmt.Sprintf("Phố %d", way), Class: osmimport.ClassAlley,
			FromNode: way*10 + int64(idx), ToNode: way*10 + int64(idx) + 1, Line: orb.LineString{{x, y}, {x + 1e-4, y + 5e-5}}}
	}
	var segs []osmimport.Segment
	for w := int64(1); len(segs) < 2*batchRows+5; w++ {
		for i := range int(w%3) + 1 {
			segs = append(segs, seg(w, i))
		}
	}
	bad := map[int]bool{batchRows / 2: true, batchRows: true, batchRows + 1: true}
	run := func(s *Store, segs []osmimport.Segment, bad map[int]bool) (OSMResult, error) {
		im, err := s.NewOSMImport(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer im.Close()
		for i, sg := range segs {
			if bad[i] {
				sg.Line = sg.Line[:1] // a one-point line: skipped
			}
			if err := im.Segment(sg); err != nil {
				return im.Result(), err
			}
		}
		return im.Commit()
	}
	want := len(segs) - len(bad)
	check := func(t *testing.T, s *Store, res OSMResult, new, unchanged int) {
		t.Helper()
		if res.SegmentsNew != new || res.SegmentsUnchanged != unchanged || res.Skipped != len(bad) || res.SegmentsRemoved != 0 {
			t.Fatalf("result %+v, want %d new, %d unchanged, %d skipped", res, new, unchanged, len(bad))
		}
		var rows, boxes, queued, parts int
		s.QueryRow(ctx, "SELECT count(*) FROM street WHERE deleted = 0", &rows)
		s.QueryRow(ctx, "SELECT count(*) FROM rtree_street_geom", &boxes)
		s.QueryRow(ctx, "SELECT count(*) FROM wm_outbox WHERE op = 'insert' AND kind = 'street'", &queued)
		s.QueryRow(ctx, "SELECT count(DISTINCT osm_id || '/' || osm_part) FROM street", &parts)
		if rows != want || boxes != want || queued != want || parts != want {
			t.Fatalf("%d rows, %d boxes, %d outbox inserts, %d distinct parts; want %d", rows, boxes, queued, parts, want)
		}
	}
	t.Run("sorted", func(t *testing.T) {
		s := openInternal(t)
		res, err := run(s, segs, bad)
		if err != nil {
			t.Fatal(err)
		}
		check(t, s, res, want, 0)
		res, err = run(s, segs, bad)
		if err != nil {
			t.Fatal(err)
		}
		check(t, s, res, 0, want)
	})
	t.Run("out of order", func(t *testing.T) {
		s := openInternal(t)
		mixed := append([]osmimport.Segment{}, segs[batchRows+20:]...)
		mixed = append(mixed, segs[:batchRows+20]...)
		mbad := map[int]bool{}
		for i := range bad {
			mbad[(i+len(segs)-(batchRows+20))%len(segs)] = true
		}
		res, err := run(s, mixed, mbad)
		if err != nil {
			t.Fatal(err)
		}
		check(t, s, res, want, 0)
	})
	for name, at := range map[string]int{"repeated way in the same batch": 7, "repeated way after a batch": batchRows + 30} {
		t.Run(name, func(t *testing.T) {
			s := openInternal(t)
			rep := append(append(append([]osmimport.Segment{}, segs[:at]...), segs[3]), segs[at:]...)
			if _, err := run(s, rep, nil); err == nil || !strings.Contains(err.Error(), "twice in one file") {
				t.Fatalf("a repeated way: %v", err)
			}
		})
	}
}

// A load commits without an automatic checkpoint and puts the writer's
// setting back; the next ordinary commit or Close checkpoints, and the file
// then holds everything without its WAL.
func TestLoadRestoresAutocheckpoint(t *testing.T) {
	ctx := context.Background()
	s := openInternal(t)
	var before, after int
	if err := s.w.QueryRow("PRAGMA wal_autocheckpoint").Scan(&before); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(9, 9))
	fs := make([]*gis.Feature, 3000)
	for i := range fs {
		fs[i] = batchLamp(rng, i)
	}
	if err := s.Load(ctx, fs, LoadOptions{User: "test", Outbox: true}); err != nil {
		t.Fatal(err)
	}
	if err := s.w.QueryRow("PRAGMA wal_autocheckpoint").Scan(&after); err != nil {
		t.Fatal(err)
	}
	if before <= 0 || after != before {
		t.Fatalf("wal_autocheckpoint %d before the load, %d after", before, after)
	}
	path := s.Path()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	var n int
	s2.QueryRow(ctx, "SELECT count(*) FROM lamp", &n)
	if n != len(fs) {
		t.Fatalf("%d lamps after reopening, want %d", n, len(fs))
	}
}

// An OSM import whose context ends while rows are still on their way to
// the writer goroutine fails, and leaves nothing behind: no segment, no
// box, no outbox entry.
func TestOSMImportCancelledMidway(t *testing.T) {
	s := openInternal(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	im, err := s.NewOSMImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer im.Close()
	var failed error
	for w := int64(1); w < 5*int64(batchRows) && failed == nil; w++ {
		if w == 2*int64(batchRows) {
			cancel()
		}
		x := 106.62 + float64(w)*1e-5
		failed = im.Segment(osmimport.Segment{WayID: w, Name: "Phố", Class: osmimport.ClassAlley, FromNode: w, ToNode: w + 1,
			Line: orb.LineString{{x, 20.8}, {x + 1e-5, 20.8001}}})
	}
	if failed == nil {
		_, failed = im.Commit()
	}
	if !errors.Is(failed, context.Canceled) {
		t.Fatalf("a cancelled import: %v, want context.Canceled", failed)
	}
	for _, q := range []string{"SELECT count(*) FROM street", "SELECT count(*) FROM rtree_street_geom", "SELECT count(*) FROM wm_outbox"} {
		var n int
		if err := s.QueryRow(context.Background(), q, &n); err != nil || n != 0 {
			t.Fatalf("%s after a cancelled import: %d (%v), want 0", q, n, err)
		}
	}
}
