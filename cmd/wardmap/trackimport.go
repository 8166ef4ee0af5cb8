package main

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"time"

	"github.com/paulmach/orb"

	"wardmap/data/gpkg"
	"wardmap/gis"
	"wardmap/gis/gpx"
	"wardmap/gis/graph"
	"wardmap/gis/match"
	"wardmap/gis/plan"
)

// trackRow is a street segment a track passed along.
type trackRow struct {
	ID       string  `json:"id"`
	Name     string  `json:"name"`
	Fraction float64 `json:"covered"`
	LengthM  float64 `json:"length_m"`
	// Line is the segment's geometry (for the map, not printed).
	Line orb.LineString `json:"-"`
}

// trackResult is what importing a track did.
type trackResult struct {
	TrackID   string
	Name      string
	Points    int
	LengthM   float64
	Tolerance float64
	Inspected []trackRow // covered ≥ coveredShare: recorded as inspected
	Partial   []trackRow // covered 20% to coveredShare: not counted
	Geom      orb.MultiLineString
}

// importTrack matches a parsed GPX file (src its bytes, file its name) to
// the streets of s, and records in one transaction the track, an
// inspection for every segment covered for at least coveredShare of its
// length within tol metres, and those streets' last_inspected date.
// `wardmap track import` and the desktop planner both use it.
func importTrack(ctx context.Context, s *gpkg.Store, file string, src []byte, f *gpx.File, inspector string, tol float64) (*trackResult, error) {
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
		return nil, gis.Errorf(gis.EINVALID, "%s không có nhật ký đường đi (<trk>) nào có từ hai điểm trở lên (no track with two or more points); không ghi gì (nothing recorded)", file)
	}
	res, err := s.Find(ctx, gpkg.Query{Kind: gis.Street})
	if err != nil {
		return nil, err
	}
	streets := make([]*gis.Feature, len(res))
	for i, r := range res {
		streets[i] = r.Feature
	}
	g, err := graph.Build(plan.StreetSegments(streets), graph.Walk)
	if err != nil {
		return nil, gis.Errorf(gis.EINVALID, "cơ sở dữ liệu chưa có đường phố (no streets in the database)")
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
		name = filepath.Base(file)
	}
	out := &trackResult{Name: name, Points: points, LengthM: float64(int(trackLen)), Tolerance: tol, Geom: geom}
	var ins, upd []*gis.Feature
	for _, c := range cov {
		st := byID[g.Segs[c.Seg].ID]
		r := trackRow{ID: st.ID, Name: st.Text("name"), Fraction: float64(int(c.Fraction*1000)) / 1000, LengthM: float64(int(g.Len[c.Seg]*10)) / 10}
		r.Line, _ = st.Geom.(orb.LineString)
		if c.Fraction < coveredShare {
			if c.Fraction >= 0.2 {
				out.Partial = append(out.Partial, r)
			}
			continue
		}
		out.Inspected = append(out.Inspected, r)
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
		if inspector != "" {
			in.Attrs["inspector"] = inspector
		}
		ins = append(ins, in)
		day := gis.LocalDate(at)
		if old, ok := st.Date("last_inspected"); !ok || old.Before(day) {
			st.Attrs["last_inspected"] = day
			upd = append(upd, st)
		}
	}
	tr := &gpkg.Track{Name: name, Inspector: inspector, Started: first, Ended: last, Points: points, LengthM: trackLen, Geom: geom, Source: src}
	if err := s.ImportTrack(ctx, inspector, tr, ins, upd); err != nil {
		return nil, err
	}
	out.TrackID = tr.ID
	return out, nil
}
