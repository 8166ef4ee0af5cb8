package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"wardmap/data/gpkg"
	"wardmap/data/inventory"
)

func init() {
	registerImport(importer{"features", "nhập danh mục cây, đèn… từ GeoJSON/CSV (import an inventory): FILE --db DB --kind KIND [--map M.json] [--crs EPSG:n] [--extent …] [--report R.csv] [--dry-run]", runImportFeatures})
}

// shownPerReason is how many rejected rows of each reason are listed on
// stderr; --report has them all.
const shownPerReason = 5

func runImportFeatures(ctx context.Context, e *env, args []string) error {
	fl := flag.NewFlagSet("import features", flag.ContinueOnError)
	db := fl.String("db", "", "ward database")
	kindFlag := fl.String("kind", "", "kind of feature")
	mapFile := fl.String("map", "", "mapping file (JSON)")
	crsFlag := fl.String("crs", "", "source CRS, e.g. EPSG:9210")
	extentFlag := fl.String("extent", "", "minlon,minlat,maxlon,maxlat: reject rows outside")
	reportFile := fl.String("report", "", "write every rejected row to this CSV file")
	dryRun := fl.Bool("dry-run", false, "check and report, write nothing")
	strict := fl.Bool("strict", false, "import nothing if any row is rejected")
	user := fl.String("user", "", "who imports (default: $USER)")
	pos, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("import features cần đúng một tệp nguồn (needs exactly one source file): wardmap import features FILE.geojson|FILE.csv --db DB --kind KIND [--map MAP.json]")
	}
	kind, err := parseKindFlag(*kindFlag)
	if err != nil {
		return err
	}
	opt := inventory.Options{Kind: kind, CRS: *crsFlag, DryRun: *dryRun, Strict: *strict, User: *user}
	if opt.User == "" {
		opt.User = os.Getenv("USER")
	}
	if opt.User == "" {
		opt.User = "import"
	}
	if *extentFlag != "" {
		v, err := parseFloats("extent", *extentFlag, 4)
		if err != nil {
			return err
		}
		opt.Extent = &orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}
	}
	if *mapFile != "" {
		f, err := os.Open(*mapFile)
		if err != nil {
			return fmt.Errorf("không mở được tệp ánh xạ (cannot open the mapping): %w", err)
		}
		opt.Mapping, err = inventory.ParseMapping(f, kind)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", *mapFile, err)
		}
	}
	if _, err := os.Stat(pos[0]); err != nil {
		return fmt.Errorf("không mở được tệp nguồn (cannot open the source file): %w", err)
	}
	s, err := openStore(ctx, *db, gpkg.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	var last time.Time
	start := time.Now()
	opt.Progress = func(p inventory.Progress) {
		if time.Since(start) < time.Second || time.Since(last) < time.Second {
			return
		}
		last = time.Now()
		fmt.Fprintf(e.stderr, "… %s %d/%d\n", p.Phase, p.Done, p.Total)
	}
	res, err := inventory.Import(ctx, s, pos[0], opt)
	if res != nil {
		printImportResult(e.stderr, res)
		if *reportFile != "" {
			if werr := writeAtomic(*reportFile, func(w *bufio.Writer) error { return writeRejections(w, res) }); werr != nil {
				return werr
			}
			fmt.Fprintf(e.stderr, "Báo cáo các dòng bị loại (rejected rows): %s\n", *reportFile)
		}
	}
	return err
}

func printImportResult(w io.Writer, res *inventory.Result) {
	if len(res.Unused) > 0 {
		fmt.Fprintf(w, "Trường không dùng (source fields not imported): %s\n", strings.Join(res.Unused, ", "))
	}
	shown := map[string]int{}
	for _, r := range res.Rejected {
		shown[r.Reason]++
		if shown[r.Reason] > shownPerReason {
			continue
		}
		where := fmt.Sprintf("bản ghi (record) %d", r.Record)
		if r.Line > 0 {
			where = fmt.Sprintf("dòng (line) %d", r.Line)
		}
		fmt.Fprintf(w, "%s: %s: [%s] %s\n", res.File, where, r.Reason, r.Message)
	}
	by := res.ByReason()
	reasons := make([]string, 0, len(by))
	for r := range by {
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	var parts []string
	for _, r := range reasons {
		more := ""
		if by[r] > shownPerReason {
			more = fmt.Sprintf(", %d không liệt kê ở trên (not listed above)", by[r]-shownPerReason)
		}
		parts = append(parts, fmt.Sprintf("%s %d%s", r, by[r], more))
	}
	verb := "Đã nhập (imported)"
	if res.DryRun {
		verb = "Chạy thử, sẽ nhập (dry run, would import)"
	}
	fmt.Fprintf(w, "%s %d %s từ (from) %s (%s, %s); đọc (read) %d, loại (rejected) %d", verb, res.Imported, res.Kind, res.File, res.Format, res.CRS, res.Read, len(res.Rejected))
	if len(parts) > 0 {
		fmt.Fprintf(w, ": %s", strings.Join(parts, "; "))
	}
	fmt.Fprintln(w)
}

func writeRejections(w io.Writer, res *inventory.Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"record", "line", "reason", "message"}); err != nil {
		return err
	}
	for _, r := range res.Rejected {
		line := ""
		if r.Line > 0 {
			line = strconv.Itoa(r.Line)
		}
		if err := cw.Write([]string{strconv.Itoa(r.Record), line, r.Reason, r.Message}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
