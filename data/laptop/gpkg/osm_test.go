package gpkg_test

import (
	"context"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
	"wardmap/gis/osmimport"
)

func seg(way int64, part int, name string) osmimport.Segment {
	x := 106.63 + float64(way)*0.001 + float64(part)*0.0002
	return osmimport.Segment{WayID: way, Index: part, FromNode: way*100 + int64(part), ToNode: way*100 + int64(part) + 1,
		Line: orb.LineString{{x, 20.82}, {x + 0.0002, 20.8201}}, Name: name, Class: osmimport.ClassAlley}
}

// runImport feeds segments to an OSMImport and commits.
func runImport(t *testing.T, s *gpkg.Store, segs ...osmimport.Segment) gpkg.OSMResult {
	t.Helper()
	im, err := s.NewOSMImport(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer im.Close()
	for _, sg := range segs {
		if err := im.Segment(sg); err != nil {
			t.Fatal(err)
		}
	}
	res, err := im.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func liveIDs(t *testing.T, s *gpkg.Store) map[string]bool {
	t.Helper()
	res, err := s.Find(context.Background(), gpkg.Query{Kind: gis.Street})
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]bool{}
	for _, r := range res {
		m[r.ID] = true
	}
	return m
}

// A segment a person deleted stays deleted on re-import; one an import
// removed comes back with its ID when OSM has it again; a failed import
// leaves nothing behind.
func TestOSMImportTombstones(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	first := runImport(t, s, seg(1, 0, "A"), seg(1, 1, "A"), seg(2, 0, "B"))
	if first.SegmentsNew != 3 {
		t.Fatalf("%+v", first)
	}
	ids := liveIDs(t, s)
	var id11, id20 string
	for id := range ids {
		f, _ := s.Get(ctx, gis.Street, id)
		switch [2]int64{f.Attrs["osm_id"].(int64), f.Attrs["osm_part"].(int64)} {
		case [2]int64{1, 1}:
			id11 = id
		case [2]int64{2, 0}:
			id20 = id
		}
	}
	if err := s.Delete(ctx, "an", gis.Street, id11); err != nil {
		t.Fatal(err)
	}
	second := runImport(t, s, seg(1, 0, "A"), seg(1, 1, "A"))
	if second.SegmentsKeptDeleted != 1 || second.SegmentsRemoved != 1 || second.SegmentsUnchanged != 1 {
		t.Errorf("second import: %+v", second)
	}
	if live := liveIDs(t, s); len(live) != 1 || live[id11] || live[id20] {
		t.Errorf("after second import: %v", live)
	}
	third := runImport(t, s, seg(1, 0, "A"), seg(1, 1, "A"), seg(2, 0, "B2"))
	if third.SegmentsUpdated != 1 || third.SegmentsNew != 0 {
		t.Errorf("third import: %+v", third)
	}
	f, err := s.Get(ctx, gis.Street, id20)
	if err != nil || f.Deleted || f.Attrs["name"] != "B2" {
		t.Errorf("segment 2/0 not back under its ID: %+v %v", f, err)
	}
	g, _ := s.Get(ctx, gis.Street, id11)
	if !g.Deleted {
		t.Error("segment deleted by a person came back")
	}

	// A failed import (the reader's error) rolls back: Close without Commit.
	before, _ := s.Stats(ctx)
	im, err := s.NewOSMImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	im.Segment(seg(3, 0, "C"))
	im.Address(osmimport.Address{OSMType: "node", OSMID: 9, HouseNumber: "12", Street: "C", Point: orb.Point{106.63, 20.82}})
	im.Close()
	after, _ := s.Stats(ctx)
	for i := range before.Kinds {
		if before.Kinds[i] != after.Kinds[i] {
			t.Errorf("rolled-back import changed %v → %v", before.Kinds[i], after.Kinds[i])
		}
	}
	// Invalid records are skipped and counted, not fatal.
	bad := runImport(t, s, seg(1, 0, "A"), osmimport.Segment{WayID: 4, Line: orb.LineString{{106.63, 20.82}}, Name: "X", Class: "alley"})
	if bad.Skipped != 1 || len(bad.SkipReasons) != 1 {
		t.Errorf("bad segment: %+v", bad)
	}
}
