package wardtest

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
	"wardmap/gis/gpx"
)

// MainStreetChain returns n consecutive main-street segments of the demo
// ward at db (each one's to_node the next one's from_node), over 150 m in
// all, and their geometry in order: a walk a track import must record.
func MainStreetChain(t testing.TB, db string, n int) ([]*gis.Feature, orb.LineString) {
	t.Helper()
	s := openReadOnly(t, db)
	defer s.Close()
	res, err := s.Find(t.Context(), gpkg.Query{Kind: gis.Street})
	if err != nil {
		t.Fatal(err)
	}
	from := map[int64][]*gis.Feature{}
	for _, r := range res {
		if v, ok := r.Float("from_node"); ok && r.Text("class") == "main" {
			from[int64(v)] = append(from[int64(v)], r.Feature)
		}
	}
	for _, r := range res {
		if r.Text("class") != "main" {
			continue
		}
		out := []*gis.Feature{r.Feature}
		for len(out) < n {
			to, _ := out[len(out)-1].Float("to_node")
			next := from[int64(to)]
			if len(next) == 0 || next[0].Text("name") != r.Text("name") {
				break
			}
			out = append(out, next[0])
		}
		total := 0.0
		for _, f := range out {
			l, _ := f.Float("length_m")
			total += l
		}
		if len(out) == n && total > 150 {
			var line orb.LineString
			for _, f := range out {
				line = append(line, f.Geom.(orb.LineString)...)
			}
			return out, line
		}
	}
	t.Fatal("no chain of main segments")
	return nil, nil
}

// NoisyTrack walks line at 1.4 m/s, one fix a second, with Gaussian noise
// of sigma metres, and writes it as GPX.
func NoisyTrack(t testing.TB, line orb.LineString, sigma float64, seed uint64) []byte {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 7))
	const mLon, mLat = 104100.0, 110700.0
	var pts []gpx.TrackPoint
	t0 := time.Date(2026, 12, 1, 1, 30, 0, 0, time.UTC)
	for i := 1; i < len(line); i++ {
		a, b := line[i-1], line[i]
		l := math.Hypot((b[0]-a[0])*mLon, (b[1]-a[1])*mLat)
		n := max(1, int(l/1.4))
		for k := 0; k < n; k++ {
			f := float64(k) / float64(n)
			pts = append(pts, gpx.TrackPoint{
				Lon:  a[0] + f*(b[0]-a[0]) + r.NormFloat64()*sigma/mLon,
				Lat:  a[1] + f*(b[1]-a[1]) + r.NormFloat64()*sigma/mLat,
				Time: t0.Add(time.Duration(len(pts)) * time.Second),
			})
		}
	}
	var buf bytes.Buffer
	f := &gpx.File{Tracks: []gpx.Track{{Name: "Nhật ký thử", Segments: []gpx.Segment{{Points: pts}}}}}
	if err := gpx.Write(&buf, f, gpx.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TrackCounts counts the inspections and the stored tracks at db.
func TrackCounts(t testing.TB, db string) (ins, tracks int) {
	t.Helper()
	s := openReadOnly(t, db)
	defer s.Close()
	if err := s.QueryRow(t.Context(), `SELECT count(*) FROM inspection`, &ins); err != nil {
		t.Fatal(err)
	}
	if err := s.QueryRow(t.Context(), `SELECT count(*) FROM inspection_track`, &tracks); err != nil {
		t.Fatal(err)
	}
	return
}

func openReadOnly(t testing.TB, db string) *gpkg.Store {
	t.Helper()
	s, err := gpkg.Open(t.Context(), db, gpkg.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
