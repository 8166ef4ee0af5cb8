package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"wardmap/cmd/internal/cli"
	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/ward"
)

func init() {
	register(command{"track", runTrack})
}

func runTrack(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "import" {
		return cli.Usagef("track cần lệnh con import: wardmap track import FILE.gpx --db DB (track needs the import subcommand)")
	}
	fl := cli.NewFlags("track import")
	db := dbFlag(fl)
	inspector := fl.String("inspector", "", "who walked the track")
	tolFlag := fl.String("tolerance", "20m", "how far from a street a fix may be (metres)")
	asJSON := fl.Bool("json", false, "print JSON")
	pos, err := cli.ParseFlags(fl, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return cli.Usagef("track import cần đúng một tệp GPX (needs exactly one GPX file)")
	}
	tol, err := parseMetres(*tolFlag)
	if err != nil || tol < 1 || tol > 200 {
		return cli.Usagef("--tolerance cần từ 1m đến 200m (needs 1m–200m): %q", *tolFlag)
	}
	src, f, err := ward.ReadTrackFile(pos[0])
	if err != nil {
		return err
	}
	var res *ward.TrackResult
	err = withStore(ctx, *db, true, func(s *gpkg.Store) (err error) {
		res, err = ward.ImportTrack(ctx, s, ward.TrackImport{File: pos[0], Src: src, GPX: f, Inspector: *inspector, Tolerance: tol})
		return err
	})
	if err != nil {
		return err
	}
	if *asJSON {
		return cli.PrintJSON(e.stdout, res)
	}
	var covLen float64
	for _, r := range res.Inspected {
		covLen += r.LengthM
	}
	fmt.Fprintf(e.stdout, "Nhật ký %q: %d điểm, %.2f km (track: points, length)\n", res.Name, res.Points, res.LengthM/1000)
	fmt.Fprintf(e.stdout, "Đã kiểm tra %d đoạn đường, %.2f km (segments inspected: ≥ %.0f%% covered within %.0f m)\n", len(res.Inspected), covLen/1000, 100*ward.CoveredShare, tol)
	t := cli.Headless(e.stdout)
	for _, r := range res.Inspected {
		t.Row("  "+r.Name, fmt.Sprintf("%.0f m", r.LengthM), fmt.Sprintf("%.0f%%", 100*r.Fraction), r.ID)
	}
	t.Flush()
	if len(res.Partial) > 0 {
		fmt.Fprintf(e.stdout, "Đi qua một phần, chưa tính (partly covered, not counted): %d đoạn\n", len(res.Partial))
	}
	return nil
}

// parseMetres reads "20m", "20 m" or "20".
func parseMetres(s string) (float64, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "m"))
	return strconv.ParseFloat(s, 64)
}
