package gpx_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"wardmap/gis/gistest"
	"wardmap/gis/gpx"
)

// FuzzRead: Read never panics, errors carry the package prefix, and what it
// accepts is valid and survives Write then Read with the same points.
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob(gistest.SharedData(f, "gpx", "files", "*.gpx*"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{billionLaughs, pt(`lat="1" lon="1"`, "<time>2015-12-11T15:43:13.994+01:00</time><ele>3</ele>"),
		`<gpx><wpt lat="1" lon="2"><name>Đường</name></wpt><rte><rtept lat="0" lon="0"/></rte></gpx>`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := gpx.Read(bytes.NewReader(data), gpx.ReadOptions{MaxBytes: 1 << 20})
		if err != nil {
			if !strings.HasPrefix(err.Error(), "gpx: ") {
				t.Fatalf("error without prefix: %v", err)
			}
			return
		}
		var b bytes.Buffer
		if err := gpx.Write(&b, g, gpx.WriteOptions{}); err != nil {
			t.Fatalf("accepted input cannot be written: %v", err)
		}
		back, err := gpx.Read(&b, gpx.ReadOptions{})
		if err != nil {
			t.Fatalf("written output cannot be read: %v\n%s", err, b.String())
		}
		if countOf(back) != countOf(g) {
			t.Fatalf("counts %+v after a round trip, want %+v", countOf(back), countOf(g))
		}
	})
}

// FuzzFoldASCII: the fold is ASCII and stable, and any name fits the legacy
// profile's rules after Fit.
func FuzzFoldASCII(f *testing.F) {
	for _, s := range []string{"Đường Trần Thành Ngọ", "Ngõ 135 Trữ Khê", "", "™", "a\u0300\u0301", "  x  "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a := gpx.FoldASCII(s)
		for _, r := range a {
			if r > unicode.MaxASCII {
				t.Fatalf("FoldASCII(%q) = %q is not ASCII", s, a)
			}
		}
		if gpx.FoldASCII(a) != a {
			t.Fatalf("FoldASCII not stable on %q", s)
		}
		w := gpx.Waypoint{Name: s}
		file := &gpx.File{Waypoints: []gpx.Waypoint{w, w}, Routes: []gpx.Route{{Name: s, Points: []gpx.Waypoint{w}}}}
		fit, _, err := gpx.Fit(file, gpx.ProfileGarminLegacy, false)
		if err != nil {
			t.Fatal(err)
		}
		checkLegacyNames(t, fit)
	})
}
