package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"wardmap/cmd/internal/cli"
	"wardmap/data/formats/geojson"
	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/ward"
	"wardmap/gis"
	"wardmap/gis/osmimport"
)

func init() {
	importers["osm"] = runImportOSM
}

// runImportOSM is `wardmap import osm FILE --db DB [--boundary POLYGON.geojson]`.
func runImportOSM(ctx context.Context, e *env, args []string) error {
	fl := cli.NewFlags("import osm")
	db := dbFlag(fl)
	boundaryPath := fl.String("boundary", "", "GeoJSON polygon: keep only what lies inside, cut streets at its edge")
	quiet := fl.Bool("quiet", false, "no progress on stderr")
	pos, err := cli.ParseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return cli.Usagef("import osm cần đúng một tệp OSM (needs exactly one OSM file): wardmap import osm FILE.osm.pbf --db DB [--boundary POLYGON.geojson]")
	}
	src := pos[0]
	fi, err := os.Stat(src)
	if err != nil {
		return gis.Errorf(gis.ENOTFOUND, "không mở được tệp OSM %s (cannot open the OSM file): %v", src, err)
	}
	// A city-size extract's live heap stays under ~100 MB while its
	// decoded blocks, rows and outbox entries are garbage at once: at the
	// default GOGC the collector took ~10% of the command's CPU (Andorra).
	// A larger file keeps the default, as its live node index can be large.
	if fi.Size() <= 16<<20 {
		tuneImportGC()
	}
	var opt osmimport.Options
	if *boundaryPath != "" {
		if opt.Boundary, err = geojson.ReadBoundaryFile(*boundaryPath); err != nil {
			return err
		}
	}
	return withStore(ctx, *db, true, func(s *gpkg.Store) error {
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
		fmt.Fprintf(e.stdout, "Đã nhập %s (imported) vào %s:\n", src, s.Path())
		for _, l := range ward.OSMSummary(res, st) {
			fmt.Fprintf(e.stdout, "  %s\n", l)
		}
		for _, r := range res.SkipReasons {
			fmt.Fprintf(e.stderr, "bỏ qua (skipped): %s\n", r)
		}
		if more := res.Skipped - len(res.SkipReasons); more > 0 {
			fmt.Fprintf(e.stderr, "… và %d nữa (and %d more)\n", more, more)
		}
		return nil
	})
}
