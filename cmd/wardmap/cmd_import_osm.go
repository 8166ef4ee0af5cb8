package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime/debug"
	"time"

	"github.com/paulmach/orb"

	"wardmap/data/formats/geojson"
	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/ward"
	"wardmap/gis"
	"wardmap/gis/osmimport"
)

func init() {
	registerImport(importer{"osm", "đường phố, địa chỉ, nền bản đồ từ OpenStreetMap (streets, addresses, basemap from an .osm/.osm.gz/.osm.pbf file)", runImportOSM})
}

// runImportOSM is `wardmap import osm FILE --db DB [--boundary POLYGON.geojson]`.
func runImportOSM(ctx context.Context, e *env, args []string) error {
	fl := flag.NewFlagSet("import osm", flag.ContinueOnError)
	db := fl.String("db", "", "ward database")
	boundaryPath := fl.String("boundary", "", "GeoJSON polygon: keep only what lies inside, cut streets at its edge")
	quiet := fl.Bool("quiet", false, "no progress on stderr")
	pos, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("import osm cần đúng một tệp OSM (needs exactly one OSM file): wardmap import osm FILE.osm.pbf --db DB [--boundary POLYGON.geojson]")
	}
	src := pos[0]
	if _, err := os.Stat(src); err != nil {
		return gis.Errorf(gis.ENOTFOUND, "không mở được tệp OSM %s (cannot open the OSM file): %v", src, err)
	}
	lessGC(src)
	var opt osmimport.Options
	if *boundaryPath != "" {
		if opt.Boundary, err = readBoundary(*boundaryPath); err != nil {
			return err
		}
	}
	s, err := openStore(ctx, *db, gpkg.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	start := time.Now()
	var progress func(gpkg.OSMResult)
	shown := false
	if !*quiet {
		progress = func(r gpkg.OSMResult) {
			shown = true
			fmt.Fprintf(e.stderr, "\r… %d đoạn đường, %d địa chỉ, %d vùng (segments, addresses, polygons) %s",
				r.Segments(), r.Addresses, r.Polygons, time.Since(start).Round(time.Second))
		}
	}
	res, st, err := ward.ImportOSM(ctx, s, src, opt, progress)
	if shown {
		fmt.Fprintln(e.stderr)
	}
	if err != nil {
		return err
	}
	w := e.stdout
	fmt.Fprintf(w, "Đã nhập %s (imported) vào %s:\n", src, s.Path())
	fmt.Fprintf(w, "  đoạn đường (street segments): %d mới (new), %d cập nhật (updated), %d không đổi (unchanged), %d bị xóa (removed)\n",
		res.SegmentsNew, res.SegmentsUpdated, res.SegmentsUnchanged, res.SegmentsRemoved)
	fmt.Fprintf(w, "  tổng đoạn đường từ OSM (segments in file): %d; tuyến OSM (OSM ways): %d\n", res.Segments(), st.StreetWays)
	if res.SegmentsKeptDeleted > 0 {
		fmt.Fprintf(w, "  giữ nguyên đã xóa (kept deleted by a user): %d\n", res.SegmentsKeptDeleted)
	}
	fmt.Fprintf(w, "  địa chỉ (addresses): %d\n", res.Addresses)
	fmt.Fprintf(w, "  vùng nền bản đồ (basemap polygons): %d\n", res.Polygons)
	fmt.Fprintf(w, "  quan hệ multipolygon dựng được (multipolygon relations built): %d\n", st.Multipolygons)
	if st.BrokenMultipolygons > 0 {
		fmt.Fprintf(w, "  quan hệ multipolygon hỏng, bỏ qua (broken multipolygon relations, skipped): %d — %d thiếu thành viên ngoài vùng trích (members missing from the extract), %d vòng không khép (rings that do not close)\n",
			st.BrokenMultipolygons, st.MultipolygonsMissingMembers, st.MultipolygonsOpenRings)
	}
	fmt.Fprintf(w, "  bỏ qua (skipped): %d không hợp lệ (invalid), %d ngoài ranh giới (outside the boundary)\n",
		res.Skipped, st.OutsideBoundary)
	fmt.Fprintf(w, "  nút thiếu (missing nodes): %d tham chiếu (references), %d tuyến không đủ (incomplete ways)\n", st.MissingNodeRefs, st.IncompleteWays)
	for _, r := range res.SkipReasons {
		fmt.Fprintf(e.stderr, "bỏ qua (skipped): %s\n", r)
	}
	if res.Skipped > len(res.SkipReasons) {
		fmt.Fprintf(e.stderr, "… và %d nữa (and %d more)\n", res.Skipped-len(res.SkipReasons), res.Skipped-len(res.SkipReasons))
	}
	return nil
}

// lessGCMax is the largest file for which lessGC lets the heap grow.
const lessGCMax = 16 << 20

// lessGC lets the garbage collector run a fifth as often while a city-size
// extract (up to lessGCMax) is imported: such a file's live heap stays
// under ~100 MB while its decoded blocks, rows and outbox entries are
// garbage at once, and at the default GOGC the collector took ~10% of the
// command's CPU (Andorra). A larger file keeps the default, as its live
// node index can be large; so does a GOGC the user set.
func lessGC(src string) {
	if _, set := os.LookupEnv("GOGC"); set {
		return
	}
	if fi, err := os.Stat(src); err == nil && fi.Size() <= lessGCMax {
		debug.SetGCPercent(400)
	}
}

// readBoundary reads the --boundary file (see geojson.ReadBoundary).
func readBoundary(path string) (orb.Geometry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, gis.Errorf(gis.ENOTFOUND, "không mở được ranh giới %s (cannot open the boundary): %v", path, err)
	}
	defer f.Close()
	g, err := geojson.ReadBoundary(f)
	if err != nil {
		return nil, gis.Errorf(gis.EINVALID, "ranh giới %s: %v", path, err)
	}
	return g, nil
}
