package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/paulmach/orb"

	"wardmap/data/gpkg"
	"wardmap/gis"
	"wardmap/gis/gpx"
	"wardmap/gis/graph"
	"wardmap/gis/inspect"
	"wardmap/gis/match"
	"wardmap/gis/plan"
)

func init() {
	register(command{"track", "nhập nhật ký GPS: track import FILE.gpx --db … (import a GPS track)", runTrack})
}

// coveredShare is the share of a segment's length a track must cover for
// the segment to count as inspected.
const coveredShare = 0.8

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
	src, f, err := readTrackFile(pos[0])
	if err != nil {
		return err
	}
	var segs [][]match.Point
	var geom orb.MultiLineString
	var first, last time.Time
	points := 0
	for _, t := range f.Tracks {
		for _, sg := range t.Segments {
			var ps []match.Point
			var ls orb.LineString
			for _, p := range sg.Points {
				ps = append(ps, match.Point{Point: orb.Point{p.Lon, p.Lat}, Time: p.Time})
				ls = append(ls, orb.Point{p.Lon, p.Lat})
				if !p.Time.IsZero() {
					if first.IsZero() || p.Time.Before(first) {
						first = p.Time
					}
					if p.Time.After(last) {
						last = p.Time
					}
				}
			}
			points += len(ps)
			if len(ps) > 0 {
				segs = append(segs, ps)
			}
			if len(ls) >= 2 {
				geom = append(geom, ls)
			}
		}
	}
	if len(geom) == 0 {
		return gis.Errorf(gis.EINVALID, "%s không có nhật ký đường đi (<trk>) nào có từ hai điểm trở lên (no track with two or more points); không ghi gì (nothing recorded)", pos[0])
	}
	s, err := openStore(ctx, *db, gpkg.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := s.Find(ctx, gpkg.Query{Kind: gis.Street})
	if err != nil {
		return err
	}
	streets := make([]*gis.Feature, len(res))
	for i, r := range res {
		streets[i] = r.Feature
	}
	g, err := graph.Build(plan.StreetSegments(streets), graph.Walk)
	if err != nil {
		return gis.Errorf(gis.EINVALID, "cơ sở dữ liệu chưa có đường phố (no streets in the database)")
	}
	byID := make(map[string]*gis.Feature, len(streets))
	for _, f := range streets {
		byID[f.ID] = f
	}
	m := match.New(g, match.Options{Tolerance: tol})
	for _, ps := range segs {
		m.Add(ps)
	}
	cov := m.Coverage()
	sort.Slice(cov, func(i, j int) bool { return cov[i].Fraction > cov[j].Fraction })
	now := time.Now().UTC()
	trackLen := 0.0
	for _, ls := range geom {
		for i := 1; i < len(ls); i++ {
			trackLen += g.Dist(ls[i-1], ls[i])
		}
	}
	name := f.Name
	if len(f.Tracks) > 0 && f.Tracks[0].Name != "" {
		name = f.Tracks[0].Name
	}
	if name == "" {
		name = filepath.Base(pos[0])
	}
	type row struct {
		ID       string  `json:"id"`
		Name     string  `json:"name"`
		Fraction float64 `json:"covered"`
		LengthM  float64 `json:"length_m"`
	}
	var inspected, partial []row
	var ins, upd []*gis.Feature
	for _, c := range cov {
		st := byID[g.Segs[c.Seg].ID]
		r := row{ID: st.ID, Name: st.Text("name"), Fraction: float64(int(c.Fraction*1000)) / 1000, LengthM: float64(int(g.Len[c.Seg]*10)) / 10}
		if c.Fraction < coveredShare {
			if c.Fraction >= 0.2 {
				partial = append(partial, r)
			}
			continue
		}
		inspected = append(inspected, r)
		at := c.Last
		if at.IsZero() {
			at = now
		}
		in := gis.NewFeature(gis.Inspection, nil)
		in.Attrs["target_kind"] = string(gis.Street)
		in.Attrs["target_id"] = st.ID
		in.Attrs["inspected_at"] = at
		in.Attrs["result"] = "ok"
		in.Attrs["activity"] = "inspection"
		in.Attrs["notes"] = fmt.Sprintf("Theo nhật ký GPS %s: đi qua %.0f%% chiều dài", name, 100*c.Fraction)
		if *inspector != "" {
			in.Attrs["inspector"] = *inspector
		}
		ins = append(ins, in)
		day := inspect.LocalDate(at)
		if old, ok := st.Date("last_inspected"); !ok || old.Before(day) {
			st.Attrs["last_inspected"] = day
			upd = append(upd, st)
		}
	}
	tr := &gpkg.Track{Name: name, Inspector: *inspector, Started: first, Ended: last, Points: points, LengthM: trackLen, Geom: geom, Source: src}
	user := *inspector
	if err := s.ImportTrack(ctx, user, tr, ins, upd); err != nil {
		return err
	}
	if *asJSON {
		out := struct {
			Track     string  `json:"track_id"`
			Points    int     `json:"points"`
			LengthM   float64 `json:"length_m"`
			Inspected []row   `json:"inspected"`
			Partial   []row   `json:"partial"`
		}{tr.ID, points, float64(int(trackLen)), inspected, partial}
		if out.Inspected == nil {
			out.Inspected = []row{}
		}
		if out.Partial == nil {
			out.Partial = []row{}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	var covLen float64
	for _, r := range inspected {
		covLen += r.LengthM
	}
	fmt.Fprintf(e.stdout, "Nhật ký %q: %d điểm, %.2f km (track: points, length)\n", name, points, trackLen/1000)
	fmt.Fprintf(e.stdout, "Đã kiểm tra %d đoạn đường, %.2f km (segments inspected: ≥ %.0f%% covered within %.0f m)\n", len(inspected), covLen/1000, 100*coveredShare, tol)
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

// readTrackFile reads and parses a GPX file, refusing oversized input
// before it is all in memory.
func readTrackFile(path string) ([]byte, *gpx.File, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, nil, gis.Errorf(gis.EINVALID, "không mở được %s (cannot open): %v", path, err)
	}
	defer fh.Close()
	b, err := io.ReadAll(io.LimitReader(fh, gpx.DefaultMaxBytes+1))
	if err != nil {
		return nil, nil, err
	}
	if int64(len(b)) > gpx.DefaultMaxBytes {
		return nil, nil, gis.Errorf(gis.EINVALID, "%s quá lớn, tối đa %d MiB; không ghi gì (file too large; nothing recorded)", path, gpx.DefaultMaxBytes>>20)
	}
	f, err := gpx.Read(bytes.NewReader(b), gpx.ReadOptions{})
	if err != nil {
		var pe *gpx.PointError
		if errors.As(err, &pe) {
			return nil, nil, gis.Errorf(gis.EINVALID, "tệp GPX có điểm sai ở %s; không ghi gì (bad point; nothing recorded): %v", pe.Where(), err)
		}
		return nil, nil, gis.Errorf(gis.EINVALID, "tệp GPX không hợp lệ; không ghi gì (invalid GPX; nothing recorded): %v", err)
	}
	return b, f, nil
}
