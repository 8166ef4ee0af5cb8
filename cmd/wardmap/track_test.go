package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wardmap/data/laptop/ward/wardtest"
	"wardmap/gis/gistest"
)

// A noisy track along three known segments of a main street records those
// three as inspected (and no crossing street), with the track stored and
// the street's last_inspected moved; the same file twice is refused.
func TestTrackImportNoisyWalk(t *testing.T) {
	db := copyDemo(t)
	segs, line := wardtest.MainStreetChain(t, db, 3)
	path := filepath.Join(t.TempDir(), "walk.gpx")
	os.WriteFile(path, wardtest.NoisyTrack(t, line, 6, 1), 0o644)
	ins0, tr0 := wardtest.TrackCounts(t, db)
	out, errOut, code := wardmap(t, "track", "import", path, "--db", db, "--inspector", "Nguyễn Văn An", "--tolerance", "20m", "--json")
	if code != 0 {
		t.Fatalf("import: %d %s", code, errOut)
	}
	var res struct {
		Track     string `json:"track_id"`
		Points    int
		Inspected []struct {
			ID      string
			Covered float64
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, r := range res.Inspected {
		got[r.ID] = true
	}
	for _, s := range segs {
		if !got[s.ID] {
			t.Errorf("walked segment %s (%s) not inspected: %s", s.ID, s.Text("name"), out)
		}
	}
	if len(got) != len(segs) {
		t.Errorf("%d segments inspected, walked %d: %s", len(got), len(segs), out)
	}
	ins1, tr1 := wardtest.TrackCounts(t, db)
	if ins1 != ins0+len(res.Inspected) || tr1 != tr0+1 {
		t.Errorf("inspections %d→%d, tracks %d→%d", ins0, ins1, tr0, tr1)
	}
	s := openTestStore(t, db)
	var n int
	s.QueryRow(t.Context(), `SELECT count(*) FROM inspection WHERE track_id = '`+res.Track+`' AND inspector = 'Nguyễn Văn An' AND target_kind = 'street'`, &n)
	var last string
	s.QueryRow(t.Context(), `SELECT last_inspected FROM street WHERE id = '`+segs[0].ID+`'`, &last)
	s.Close()
	if n != len(res.Inspected) || !strings.HasPrefix(last, "2026-12-01") {
		t.Errorf("inspections with the track %d; last_inspected %q", n, last)
	}
	// Due no longer lists them on that day.
	for _, it := range dueList(t, db, "--date", "2026-12-01").Items {
		if got[it.ID] {
			t.Errorf("%s still due after its inspection", it.ID)
		}
	}
	_, errOut, code = wardmap(t, "track", "import", path, "--db", db)
	if code == 0 || !strings.Contains(errOut, "already imported") {
		t.Errorf("second import: %d %s", code, errOut)
	}
	if ins2, tr2 := wardtest.TrackCounts(t, db); ins2 != ins1 || tr2 != tr1 {
		t.Errorf("refused import changed the database")
	}
	// Real logs from other places import without inspecting anything.
	real := filepath.Join(sharedGPX(t), "korita-zbevnica.gpx")
	out, errOut, code = wardmap(t, "track", "import", real, "--db", db)
	if code != 0 || !strings.Contains(out, "Đã kiểm tra 0 đoạn") {
		t.Errorf("real log: %d %s %s", code, out, errOut)
	}
}

func sharedGPX(t *testing.T) string { return gistest.SharedData(t, "gpx", "files") }

// Hostile or malformed GPX is refused with a clear error and nothing is
// recorded.
func TestTrackImportHostile(t *testing.T) {
	db := copyDemo(t)
	dir := t.TempDir()
	_, line := wardtest.MainStreetChain(t, db, 2)
	good := string(wardtest.NoisyTrack(t, line, 3, 2))
	huge := filepath.Join(dir, "huge.gpx")
	fh, _ := os.Create(huge)
	fh.WriteString(`<?xml version="1.0"?><gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>`)
	pt := strings.Repeat(`<trkpt lat="20.81" lon="106.63"></trkpt>`, 1000)
	for range (65 << 20) / len(pt) {
		fh.WriteString(pt)
	}
	fh.WriteString(`</trkseg></trk></gpx>`)
	fh.Close()
	cases := map[string]string{
		"entities.gpx":  `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><gpx version="1.1" creator="x"><trk><name>&lol2;</name><trkseg><trkpt lat="20.81" lon="106.63"/><trkpt lat="20.811" lon="106.63"/></trkseg></trk></gpx>`,
		"deep.gpx":      `<?xml version="1.0"?><gpx version="1.1" creator="x"><trk><trkseg>` + strings.Repeat("<extensions>", 200) + strings.Repeat("</extensions>", 200) + `</trkseg></trk></gpx>`,
		"badlat.gpx":    strings.Replace(good, `lat="`, `lat="9`, 5),
		"truncated.gpx": good[:len(good)/2],
		"noroute.gpx":   `<?xml version="1.0"?><gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1"><wpt lat="20.81" lon="106.63"><name>A</name></wpt></gpx>`,
		"notgpx.gpx":    `<kml><Document/></kml>`,
	}
	ins0, tr0 := wardtest.TrackCounts(t, db)
	for name, body := range cases {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o644)
		_, errOut, code := wardmap(t, "track", "import", p, "--db", db)
		if code == 0 || !strings.Contains(errOut, "nothing recorded") {
			t.Errorf("%s: exit %d, %q", name, code, errOut)
		}
	}
	_, errOut, code := wardmap(t, "track", "import", huge, "--db", db)
	if code == 0 || !strings.Contains(errOut, "too large") {
		t.Errorf("huge: exit %d, %q", code, errOut)
	}
	if ins1, tr1 := wardtest.TrackCounts(t, db); ins1 != ins0 || tr1 != tr0 {
		t.Errorf("refused imports changed the database: inspections %d→%d, tracks %d→%d", ins0, ins1, tr0, tr1)
	}
	for _, c := range [][]string{{"track"}, {"track", "import"}, {"track", "import", "x.gpx", "--tolerance", "5km"}} {
		if _, _, code := wardmap(t, append(c, "--db", db)...); code != 2 {
			t.Errorf("%v: exit %d, want 2", c, code)
		}
	}
}
