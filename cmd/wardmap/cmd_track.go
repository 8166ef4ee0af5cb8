package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/ward"
)

func init() {
	register(command{"track", runTrack})
}

func runTrack(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "import" {
		return usagef("track cần lệnh con import: wardmap track import FILE.gpx --db DB (track needs the import subcommand)")
	}
	fl := flag.NewFlagSet("track import", flag.ContinueOnError)
	db := fl.String("db", "", "ward database")
	inspector := fl.String("inspector", "", "who walked the track")
	tolFlag := fl.String("tolerance", "20m", "how far from a street a fix may be (metres)")
	asJSON := fl.Bool("json", false, "print JSON")
	pos, err := parseFlags(fl, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("track import cần đúng một tệp GPX (needs exactly one GPX file)")
	}
	tol, err := parseMetres(*tolFlag)
	if err != nil || tol < 1 || tol > 200 {
		return usagef("--tolerance cần từ 1m đến 200m (needs 1m–200m): %q", *tolFlag)
	}
	src, f, err := ward.ReadTrackFile(pos[0])
	if err != nil {
		return err
	}
	s, err := openStore(ctx, *db, gpkg.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := ward.ImportTrack(ctx, s, ward.TrackImport{File: pos[0], Src: src, GPX: f, Inspector: *inspector, Tolerance: tol})
	if err != nil {
		return err
	}
	name, points, trackLen, inspected, partial := res.Name, res.Points, res.LengthM, res.Inspected, res.Partial
	if *asJSON {
		out := struct {
			Track     string               `json:"track_id"`
			Points    int                  `json:"points"`
			LengthM   float64              `json:"length_m"`
			Inspected []ward.CoveredStreet `json:"inspected"`
			Partial   []ward.CoveredStreet `json:"partial"`
		}{res.TrackID, points, trackLen, inspected, partial}
		if out.Inspected == nil {
			out.Inspected = []ward.CoveredStreet{}
		}
		if out.Partial == nil {
			out.Partial = []ward.CoveredStreet{}
		}
		return printJSON(e.stdout, out)
	}
	var covLen float64
	for _, r := range inspected {
		covLen += r.LengthM
	}
	fmt.Fprintf(e.stdout, "Nhật ký %q: %d điểm, %.2f km (track: points, length)\n", name, points, trackLen/1000)
	fmt.Fprintf(e.stdout, "Đã kiểm tra %d đoạn đường, %.2f km (segments inspected: ≥ %.0f%% covered within %.0f m)\n", len(inspected), covLen/1000, 100*ward.CoveredShare, tol)
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	for _, r := range inspected {
		fmt.Fprintf(tw, "  %s\t%.0f m\t%.0f%%\t%s\n", r.Name, r.LengthM, 100*r.Fraction, r.ID)
	}
	tw.Flush()
	if len(partial) > 0 {
		fmt.Fprintf(e.stdout, "Đi qua một phần, chưa tính (partly covered, not counted): %d đoạn\n", len(partial))
	}
	return nil
}

// parseMetres reads "20m", "20 m" or "20".
func parseMetres(s string) (float64, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "m"))
	return strconv.ParseFloat(s, 64)
}
