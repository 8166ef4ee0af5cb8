package main

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"

	"wardmap/cmd/internal/cli"
	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/inventory"
	"wardmap/data/laptop/ward"
)

func init() {
	importers["features"] = runImportFeatures
}

func runImportFeatures(ctx context.Context, e *env, args []string) error {
	fl := cli.NewFlags("import features")
	db := dbFlag(fl)
	kindFlag := fl.String("kind", "", "kind of feature")
	mapFile := fl.String("map", "", "mapping file (JSON)")
	crsFlag := fl.String("crs", "", "source CRS, e.g. EPSG:9210")
	extentFlag := fl.String("extent", "", "minlon,minlat,maxlon,maxlat: reject rows outside")
	reportFile := fl.String("rejects", "", "write every rejected row to this CSV file")
	fl.StringVar(reportFile, "report", "", "former name of --rejects")
	dryRun := fl.Bool("dry-run", false, "check and report, write nothing")
	strict := fl.Bool("strict", false, "import nothing if any row is rejected other than by the mapping's skip rules")
	saveMap := fl.String("save-map", "", "without --map: write the automatic mapping used to this file (to edit and pass back with --map)")
	user := fl.String("user", "", "who imports (default: $USER)")
	layer := fl.String("layer", "", "GeoPackage layer or Excel sheet (default: the only layer, the first sheet)")
	fl.StringVar(layer, "sheet", "", "Excel sheet (same as --layer)")
	encoding := fl.String("encoding", "", "Shapefile .dbf text encoding: windows-1258, tcvn3, vni, utf-8… (default: the .cpg, the language driver)")
	pos, err := cli.ParseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return cli.Usagef("import features cần đúng một tệp nguồn (needs exactly one source file): wardmap import features FILE.geojson|.csv|.shp|.xlsx|.gpkg|.kml|.kmz|.gpx --db DB --kind KIND [--map MAP.json]")
	}
	kind, err := parseKindFlag(*kindFlag)
	if err != nil {
		return err
	}
	opt := inventory.Options{Kind: kind, CRS: *crsFlag, DryRun: *dryRun, Strict: *strict, User: cmp.Or(*user, os.Getenv("USER"), "import"),
		Layer: *layer, Encoding: *encoding,
		// No window of this process reads the file meanwhile; a desktop that
		// has it open keeps the load in the WAL (gpkg.LoadOptions.Direct).
		Direct: true}
	if *extentFlag != "" {
		if opt.Extent, err = cli.ParseBBox("extent", *extentFlag); err != nil {
			return err
		}
	}
	if *mapFile != "" {
		if opt.Mapping, err = inventory.ReadMappingFile(*mapFile, kind); err != nil {
			return err
		}
	}
	if _, err := os.Stat(pos[0]); err != nil {
		return fmt.Errorf("không mở được tệp nguồn (cannot open the source file): %w", err)
	}
	return importInventory(ctx, e, *db, pos[0], opt, *saveMap, *reportFile)
}

// importInventory imports src into db, printing on stderr its progress
// (each second, after the first), the automatic mapping it used, its
// summary, and where the rejected rows went.
func importInventory(ctx context.Context, e *env, db, src string, opt inventory.Options, saveMap, rejects string) error {
	// Fyne's driver locks the main goroutine to the main thread (its init)
	// for the window's event loop; a headless import has none, and every
	// wake-up of a locked goroutine must wait for that one thread.
	runtime.UnlockOSThread()
	s, err := openStore(ctx, db, gpkg.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	tuneImportGC()
	var last time.Time
	start := time.Now()
	opt.Progress = func(p inventory.Progress) {
		if time.Since(start) < time.Second || time.Since(last) < time.Second {
			return
		}
		last = time.Now()
		fmt.Fprintf(e.stderr, "… %s %d/%d\n", p.Phase, p.Done, p.Total)
	}
	res, err := inventory.Import(ctx, s, src, opt)
	if res != nil && res.Mapping != nil {
		if merr := showMapping(e.stderr, res.Mapping, saveMap); merr != nil {
			return merr
		}
	}
	if res != nil && (err == nil || res.Read > 0 && res.Mapped != nil) {
		res.WriteSummary(e.stderr)
		if rejects != "" {
			if werr := ward.WriteAtomic(rejects, func(w *bufio.Writer) error { return res.WriteRejections(w) }); werr != nil {
				return werr
			}
			fmt.Fprintf(e.stderr, "Báo cáo các dòng bị loại (rejected rows): %s\n", rejects)
		}
	}
	if err == nil {
		// Every row rejected (or none in the file) is a failure a script
		// must see, after the summary and the rejects say why.
		err = res.NothingImported(rejects)
	}
	return err
}

// showMapping prints the automatic mapping an import used, or writes it
// to path: a file the user edits (a unit, a value map) and passes back
// with --map, instead of a guess they cannot see.
func showMapping(w io.Writer, m *inventory.Mapping, path string) error {
	b, err := m.JSON()
	if err != nil {
		return err
	}
	if path != "" {
		if err := ward.WriteAtomic(path, func(bw *bufio.Writer) error { _, err := bw.Write(append(b, '\n')); return err }); err != nil {
			return err
		}
		fmt.Fprintf(w, "Ánh xạ tự động đã ghi vào (automatic mapping written to) %s: sửa rồi dùng lại với --map (edit it and pass it back with --map)\n", path)
		return nil
	}
	fmt.Fprintf(w, "Ánh xạ tự động (automatic mapping; save it, edit it, pass it back with --map, or use --save-map FILE):\n%s\n", b)
	return nil
}
