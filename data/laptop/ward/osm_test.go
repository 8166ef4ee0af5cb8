package ward

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wardmap/gis"
	"wardmap/gis/gistest"
	"wardmap/gis/osmimport"
)

// Monaco's extract into an empty ward: streets, addresses and basemap; a
// re-import changes nothing; a truncated copy is refused with the
// database as it was.
func TestImportOSM(t *testing.T) {
	ctx := t.Context()
	src := gistest.SharedData(t, "osm", "monaco.osm.gz")
	db := filepath.Join(t.TempDir(), "ward.gpkg")
	if _, err := Create(ctx, db, false); err != nil {
		t.Fatal(err)
	}
	s := open(t, db)
	res, st, err := ImportOSM(ctx, s, src, osmimport.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Segments() == 0 || res.SegmentsNew != res.Segments() || res.Addresses == 0 || res.Polygons == 0 || st.StreetWays == 0 {
		t.Fatalf("first import: %+v, %+v", res, st)
	}
	// The summary says what the result and the reader's figures say; a
	// rare line only when it has something to count.
	sum := strings.Join(OSMSummary(res, st), "\n")
	for _, want := range []string{
		fmt.Sprintf("đoạn đường (street segments): %d mới (new), 0 cập nhật (updated), 0 không đổi (unchanged), 0 bị xóa (removed)\n", res.Segments()),
		fmt.Sprintf("(segments in file): %d; tuyến OSM (OSM ways): %d\n", res.Segments(), st.StreetWays),
		fmt.Sprintf("\nđịa chỉ (addresses): %d\n", res.Addresses),
		fmt.Sprintf("(basemap polygons): %d\n", res.Polygons),
		fmt.Sprintf("(multipolygon relations built): %d\n", st.Multipolygons),
		fmt.Sprintf("\nnút thiếu (missing nodes): %d tham chiếu (references), %d tuyến không đủ (incomplete ways)", st.MissingNodeRefs, st.IncompleteWays),
	} {
		if !strings.Contains(sum, want) {
			t.Errorf("summary lacks %q:\n%s", want, sum)
		}
	}
	if strings.Contains(sum, "kept deleted") != (res.SegmentsKeptDeleted > 0) || strings.Contains(sum, "broken multipolygon") != (st.BrokenMultipolygons > 0) {
		t.Errorf("a rare line shown or left out wrongly (%d kept deleted, %d broken):\n%s", res.SegmentsKeptDeleted, st.BrokenMultipolygons, sum)
	}
	streets := func() int {
		fs, err := Features(ctx, s, gis.Street)
		if err != nil {
			t.Fatal(err)
		}
		return len(fs)
	}
	n := streets()
	again, _, err := ImportOSM(ctx, s, src, osmimport.Options{}, nil)
	if err != nil || again.SegmentsNew != 0 || again.SegmentsUnchanged != res.Segments() || streets() != n {
		t.Errorf("re-import: %+v, %d streets of %d, %v", again, streets(), n, err)
	}
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(t.TempDir(), "cut.osm.gz")
	if err := os.WriteFile(cut, b[:len(b)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ImportOSM(ctx, s, cut, osmimport.Options{}, nil); gis.ErrorCode(err) != gis.EINVALID {
		t.Errorf("truncated file: %v", err)
	}
	if streets() != n {
		t.Errorf("a refused import changed the streets: %d → %d", n, streets())
	}
}
