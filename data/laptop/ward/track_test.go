package ward

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
	"wardmap/gis/gpx"
	"wardmap/gis/match"
)

// longStreet is a demo street segment of at least 80 m.
func longStreet(t *testing.T, s *gpkg.Store) *gis.Feature {
	t.Helper()
	res, err := s.Find(t.Context(), gpkg.Query{Kind: gis.Street})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if l, _ := r.Float("length_m"); l >= 80 && r.Text("name") != "" {
			return r.Feature
		}
	}
	t.Fatal("no street of 80 m in the demo ward")
	return nil
}

// walk is a GPX file of fixes every ~2 m along line, a second apart from
// t0 (no times when t0 is zero), written and read back as a device's.
func walk(t *testing.T, line orb.LineString, t0 time.Time) ([]byte, *gpx.File) {
	t.Helper()
	var pts []gpx.TrackPoint
	for i := 1; i < len(line); i++ {
		a, b := line[i-1], line[i]
		n := max(1, int(gis.DistanceM(a, b)/2))
		for k := 0; k <= n; k++ {
			f := float64(k) / float64(n)
			p := gpx.TrackPoint{Lon: a[0] + f*(b[0]-a[0]), Lat: a[1] + f*(b[1]-a[1])}
			if !t0.IsZero() {
				p.Time = t0.Add(time.Duration(len(pts)) * time.Second)
			}
			pts = append(pts, p)
		}
	}
	var buf bytes.Buffer
	if err := gpx.Write(&buf, &gpx.File{Tracks: []gpx.Track{{Name: "Tuần tra sáng", Segments: []gpx.Segment{{Points: pts}}}}}, gpx.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "walk.gpx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	src, f, err := ReadTrackFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return src, f
}

func count(t *testing.T, s *gpkg.Store, table string) int {
	t.Helper()
	var n int
	if err := s.QueryRow(t.Context(), `SELECT count(*) FROM `+table, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A walk along a street records it as inspected, on the ward's day of the
// last fix on it, with the track; a later last_inspected stays.
func TestImportTrack(t *testing.T) {
	ctx := t.Context()
	s := open(t, copyDemo(t))
	st := longStreet(t, s)
	line := st.Geom.(orb.LineString)
	// 17:00 UTC on 30 Nov: already 1 December in Hà Nội.
	src, f := walk(t, line, time.Date(2026, 11, 30, 17, 0, 0, 0, time.UTC))
	ins0, tr0 := count(t, s, "inspection"), count(t, s, "inspection_track")
	res, err := ImportTrack(ctx, s, TrackImport{File: "walk.gpx", Src: src, GPX: f, Inspector: "Tổ 3", Tolerance: 15})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(res.Inspected, func(c match.CoveredStreet) bool { return c.ID == st.ID })
	if i < 0 || res.Inspected[i].Fraction < CoveredShare || res.Name != "Tuần tra sáng" || res.TrackID == "" {
		t.Fatalf("the street walked is not inspected: %+v", res)
	}
	// Its JSON is what `track import --json` prints: lists, never null,
	// and no geometry.
	var js map[string]json.RawMessage
	if b, err := json.Marshal(res); err != nil || json.Unmarshal(b, &js) != nil {
		t.Fatal(err)
	}
	if len(js) != 5 || string(js["track_id"]) != `"`+res.TrackID+`"` || string(js["partial"]) == "null" || !bytes.Contains(js["inspected"], []byte(`"covered":`)) {
		t.Errorf("JSON %v", js)
	}
	if got := count(t, s, "inspection") - ins0; got != len(res.Inspected) {
		t.Errorf("%d inspections recorded for %d streets", got, len(res.Inspected))
	}
	if got := count(t, s, "inspection_track") - tr0; got != 1 {
		t.Errorf("%d tracks recorded", got)
	}
	after, err := s.Get(ctx, gis.Street, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d, _ := after.Date("last_inspected"); d.String() != "2026-12-01" {
		t.Errorf("last_inspected %v, want the ward's day 2026-12-01", after.Attrs["last_inspected"])
	}
	var who, result string
	if err := s.QueryRow(ctx, "SELECT inspector, result FROM inspection WHERE target_id = '"+st.ID+"' AND track_id = '"+res.TrackID+"'", &who, &result); err != nil {
		t.Fatal(err)
	}
	if who != "Tổ 3" || result != "ok" {
		t.Errorf("inspection by %q, result %q", who, result)
	}

	// Fixes without times: recorded at Now; an older day does not move a
	// later last_inspected back.
	after.Attrs["last_inspected"] = gis.Date{Year: 2026, Month: 12, Day: 20}
	if err := s.Save(ctx, "test", after); err != nil {
		t.Fatal(err)
	}
	src, f = walk(t, line, time.Time{})
	if _, err := ImportTrack(ctx, s, TrackImport{File: "walk.gpx", Src: src, GPX: f, Tolerance: 15, Now: time.Date(2026, 12, 5, 2, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	again, _ := s.Get(ctx, gis.Street, st.ID)
	if d, _ := again.Date("last_inspected"); d.String() != "2026-12-20" {
		t.Errorf("last_inspected moved back to %v", again.Attrs["last_inspected"])
	}
}

// A file without a track of two points records nothing.
func TestImportTrackEmpty(t *testing.T) {
	s := open(t, copyDemo(t))
	ins0, tr0 := count(t, s, "inspection"), count(t, s, "inspection_track")
	f := &gpx.File{Name: "rỗng", Tracks: []gpx.Track{{Segments: []gpx.Segment{{Points: []gpx.TrackPoint{{Lon: 106.63, Lat: 20.82}}}}}}}
	_, err := ImportTrack(t.Context(), s, TrackImport{File: "empty.gpx", GPX: f, Tolerance: 20})
	if gis.ErrorCode(err) != gis.EINVALID {
		t.Fatalf("a one-point track: %v", err)
	}
	if count(t, s, "inspection") != ins0 || count(t, s, "inspection_track") != tr0 {
		t.Error("something was recorded")
	}
}
