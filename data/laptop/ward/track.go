package ward

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
	"wardmap/gis/gpx"
	"wardmap/gis/graph"
	"wardmap/gis/inspect"
	"wardmap/gis/match"
	"wardmap/gis/plan"
)

// CoveredShare is the share of a segment's length a track must cover for
// the segment to count as inspected; PartialShare the least share listed
// as partly covered.
const (
	CoveredShare = 0.8
	PartialShare = 0.2
)

// TrackImport is a GPS log to record.
type TrackImport struct {
	// File is the log's file name (the track's name when the GPX has
	// none); Src its bytes, kept with the track; GPX the parsed file.
	File string
	Src  []byte
	GPX  *gpx.File
	// Inspector walked the track (may be empty); Tolerance is how far
	// from a street a fix may lie, in metres.
	Inspector string
	Tolerance float64
	// Now is the instant recorded for a segment whose fixes carry no
	// time; zero means time.Now.
	Now time.Time
}

// TrackResult is what importing a track recorded; its JSON is what
// `wardmap track import --json` prints.
type TrackResult struct {
	TrackID   string                `json:"track_id"`
	Name      string                `json:"-"`
	Points    int                   `json:"points"`
	LengthM   float64               `json:"length_m"`
	Tolerance float64               `json:"-"`
	Inspected []match.CoveredStreet `json:"inspected"` // covered ≥ CoveredShare: recorded as inspected
	Partial   []match.CoveredStreet `json:"partial"`   // covered PartialShare to CoveredShare: not counted
	Geom      orb.MultiLineString   `json:"-"`
}

// ImportTrack matches a GPS log to the streets of s and records in one
// transaction the track, an inspection (inspect.Record) of every segment
// covered for at least CoveredShare of its length, and those streets'
// last_inspected day. `wardmap track import` and the desktop planner both
// call it.
func ImportTrack(ctx context.Context, s *gpkg.Store, t TrackImport) (*TrackResult, error) {
	fixes := fixesOf(t.GPX)
	if len(fixes.geom) == 0 {
		return nil, gis.Errorf(gis.EINVALID, "%s không có nhật ký đường đi (<trk>) nào có từ hai điểm trở lên (no track with two or more points); không ghi gì (nothing recorded)", t.File)
	}
	g, byID, err := streetGraph(ctx, s)
	if err != nil {
		return nil, err
	}
	m := match.New(g, match.Options{Tolerance: t.Tolerance})
	for _, ps := range fixes.segs {
		m.Add(ps)
	}
	cov := m.Coverage()
	sort.Slice(cov, func(i, j int) bool { return cov[i].Fraction > cov[j].Fraction })
	trackLen := 0.0
	for _, ls := range fixes.geom {
		for i := 1; i < len(ls); i++ {
			trackLen += g.Dist(ls[i-1], ls[i])
		}
	}
	name := trackName(t)
	out := &TrackResult{Name: name, Points: fixes.points, LengthM: float64(int(trackLen)), Tolerance: t.Tolerance, Geom: fixes.geom,
		Inspected: []match.CoveredStreet{}, Partial: []match.CoveredStreet{}} // none lists as []
	now := t.Now
	if now.IsZero() {
		now = time.Now()
	}
	var ins, upd []*gis.Feature
	for _, c := range cov {
		st := byID[g.Segs[c.Seg].ID]
		r := match.CoveredStreet{ID: st.ID, Name: st.Text("name"), Fraction: float64(int(c.Fraction*1000)) / 1000, LengthM: float64(int(g.Len[c.Seg]*10)) / 10}
		r.Line, _ = st.Geom.(orb.LineString)
		if c.Fraction < CoveredShare {
			if c.Fraction >= PartialShare {
				out.Partial = append(out.Partial, r)
			}
			continue
		}
		out.Inspected = append(out.Inspected, r)
		at := c.Last
		if at.IsZero() {
			at = now
		}
		in, moved := inspect.Record(inspect.Visit{Target: st, At: at, Inspector: t.Inspector,
			Notes: fmt.Sprintf("Theo nhật ký GPS %s: đi qua %.0f%% chiều dài", name, 100*c.Fraction)})
		ins = append(ins, in)
		if moved != nil {
			upd = append(upd, moved)
			byID[st.ID] = moved
		}
	}
	tr := &gpkg.Track{Name: name, Inspector: t.Inspector, Started: fixes.first, Ended: fixes.last, Points: fixes.points, LengthM: trackLen, Geom: fixes.geom, Source: t.Src}
	if err := s.ImportTrack(ctx, t.Inspector, tr, ins, upd); err != nil {
		return nil, err
	}
	out.TrackID = tr.ID
	return out, nil
}

// fixes are a GPX file's track points: per segment for matching, as
// lines for the map, with the first and last time and the count.
type fixes struct {
	segs        [][]match.Point
	geom        orb.MultiLineString
	first, last time.Time
	points      int
}

func fixesOf(f *gpx.File) fixes {
	var out fixes
	for _, t := range f.Tracks {
		for _, sg := range t.Segments {
			var ps []match.Point
			var ls orb.LineString
			for _, p := range sg.Points {
				ps = append(ps, match.Point{Point: orb.Point{p.Lon, p.Lat}, Time: p.Time})
				ls = append(ls, orb.Point{p.Lon, p.Lat})
				out.widen(p.Time)
			}
			out.points += len(ps)
			if len(ps) > 0 {
				out.segs = append(out.segs, ps)
			}
			if len(ls) >= 2 {
				out.geom = append(out.geom, ls)
			}
		}
	}
	return out
}

// widen stretches first and last to include t (fixes without time skipped).
func (f *fixes) widen(t time.Time) {
	if t.IsZero() {
		return
	}
	if f.first.IsZero() || t.Before(f.first) {
		f.first = t
	}
	if t.After(f.last) {
		f.last = t
	}
}

// streetGraph is the walking graph of the store's streets, and the
// streets by id.
func streetGraph(ctx context.Context, s *gpkg.Store) (*graph.Graph, map[string]*gis.Feature, error) {
	res, err := s.Find(ctx, gpkg.Query{Kind: gis.Street})
	if err != nil {
		return nil, nil, err
	}
	streets := make([]*gis.Feature, len(res))
	byID := make(map[string]*gis.Feature, len(res))
	for i, r := range res {
		streets[i] = r.Feature
		byID[r.ID] = r.Feature
	}
	g, err := graph.Build(plan.StreetSegments(streets), graph.Walk)
	if err != nil {
		return nil, nil, gis.Errorf(gis.EINVALID, "cơ sở dữ liệu chưa có đường phố (no streets in the database)")
	}
	return g, byID, nil
}

// trackName is the first track's name, else the file's, else the file name.
func trackName(t TrackImport) string {
	if len(t.GPX.Tracks) > 0 && t.GPX.Tracks[0].Name != "" {
		return t.GPX.Tracks[0].Name
	}
	if t.GPX.Name != "" {
		return t.GPX.Name
	}
	return filepath.Base(t.File)
}

// ReadTrackFile reads and parses a GPX file, refusing oversized input
// before it is all in memory.
func ReadTrackFile(path string) ([]byte, *gpx.File, error) {
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
