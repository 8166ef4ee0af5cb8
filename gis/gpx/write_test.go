package gpx_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode"

	"wardmap/gis/gistest"
	"wardmap/gis/gpx"
)

const tol = 1e-7 // degrees, about 1 cm

func samePoint(t *testing.T, where string, got, want gpx.TrackPoint) {
	t.Helper()
	if !gistest.Near(got.Lat, want.Lat, tol) || !gistest.Near(got.Lon, want.Lon, tol) {
		t.Fatalf("%s: position %v,%v, want %v,%v", where, got.Lat, got.Lon, want.Lat, want.Lon)
	}
	if got.HasEle != want.HasEle || !gistest.Near(got.Ele, want.Ele, 1e-9) {
		t.Fatalf("%s: elevation %v/%v, want %v/%v", where, got.Ele, got.HasEle, want.Ele, want.HasEle)
	}
	if !got.Time.Equal(want.Time) {
		t.Fatalf("%s: time %v, want %v", where, got.Time, want.Time)
	}
}

func sameWaypoints(t *testing.T, where string, got, want []gpx.Waypoint) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d points, want %d", where, len(got), len(want))
	}
	for i := range want {
		w := fmt.Sprintf("%s[%d]", where, i)
		samePoint(t, w, got[i].TrackPoint, want[i].TrackPoint)
		if got[i].Name != want[i].Name || got[i].Desc != want[i].Desc || got[i].Sym != want[i].Sym {
			t.Fatalf("%s: %q/%q/%q, want %q/%q/%q", w, got[i].Name, got[i].Desc, got[i].Sym, want[i].Name, want[i].Desc, want[i].Sym)
		}
	}
}

// sameFile compares everything Write promises to keep (not Creator).
func sameFile(t *testing.T, got, want *gpx.File) {
	t.Helper()
	if got.Name != want.Name || got.Desc != want.Desc || !got.Time.Equal(want.Time) {
		t.Fatalf("metadata %q/%q/%v, want %q/%q/%v", got.Name, got.Desc, got.Time, want.Name, want.Desc, want.Time)
	}
	sameWaypoints(t, "wpt", got.Waypoints, want.Waypoints)
	if len(got.Routes) != len(want.Routes) || len(got.Tracks) != len(want.Tracks) {
		t.Fatalf("%d routes %d tracks, want %d and %d", len(got.Routes), len(got.Tracks), len(want.Routes), len(want.Tracks))
	}
	for i, r := range want.Routes {
		if got.Routes[i].Name != r.Name || got.Routes[i].Desc != r.Desc {
			t.Fatalf("rte[%d] %q, want %q", i, got.Routes[i].Name, r.Name)
		}
		sameWaypoints(t, fmt.Sprintf("rte[%d]", i), got.Routes[i].Points, r.Points)
	}
	for i, tr := range want.Tracks {
		g := got.Tracks[i]
		if g.Name != tr.Name || len(g.Segments) != len(tr.Segments) {
			t.Fatalf("trk[%d] %q with %d segments, want %q with %d", i, g.Name, len(g.Segments), tr.Name, len(tr.Segments))
		}
		for j, s := range tr.Segments {
			if len(g.Segments[j].Points) != len(s.Points) {
				t.Fatalf("trk[%d]/trkseg[%d]: %d points, want %d", i, j, len(g.Segments[j].Points), len(s.Points))
			}
			for k, p := range s.Points {
				samePoint(t, fmt.Sprintf("trk[%d]/trkseg[%d]/trkpt[%d]", i, j, k), g.Segments[j].Points[k], p)
			}
		}
	}
}

func reread(t *testing.T, f *gpx.File, opt gpx.WriteOptions) *gpx.File {
	t.Helper()
	var b bytes.Buffer
	if err := gpx.Write(&b, f, opt); err != nil {
		t.Fatalf("Write: %v", err)
	}
	g, err := gpx.Read(&b, gpx.ReadOptions{})
	if err != nil {
		t.Fatalf("Read(Write(f)): %v", err)
	}
	return g
}

// TestRoundTripSharedFiles writes every real file back out: the result must
// be schema-valid, read back with the same points, times and names, and
// GPSBabel must see the same number of points.
func TestRoundTripSharedFiles(t *testing.T) {
	for _, c := range sharedFiles {
		t.Run(c.name, func(t *testing.T) {
			f := readShared(t, c.name)
			sameFile(t, reread(t, f, gpx.WriteOptions{}), f)
			path := writeTemp(t, f, gpx.WriteOptions{})
			schemaValid(t, path)
			babel := countOf(viaGPSBabel(t, path))
			if babel.wpt != c.want.wpt || babel.rtept != c.want.rtept || babel.trkpt != c.want.trkpt {
				t.Errorf("gpsbabel read %+v, want the points of %+v", babel, c.want)
			}
			schemaValid(t, writeTemp(t, f, gpx.WriteOptions{Profile: gpx.ProfileGarminLegacy, Truncate: true}))
		})
	}
}

func TestWriteHeader(t *testing.T) {
	f := &gpx.File{Name: "Kế hoạch tuần 12", Time: time.Date(2025, 3, 1, 8, 0, 0, 0, time.FixedZone("ICT", 7*3600))}
	var b bytes.Buffer
	if err := gpx.Write(&b, f, gpx.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<?xml version="1.0" encoding="UTF-8"?>`,
		`<gpx xmlns="http://www.topografix.com/GPX/1/1" version="1.1" creator="wardmap">`,
		`<name>Kế hoạch tuần 12</name>`,
		`<time>2025-03-01T01:00:00Z</time>`, // 08:00 in Viet Nam is 01:00 UTC
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("output lacks %s:\n%s", want, b.String())
		}
	}
}

func TestWriteRefusesBadPoints(t *testing.T) {
	good := gpx.TrackPoint{Lat: 20.8, Lon: 106.6}
	cases := []struct {
		name  string
		f     *gpx.File
		want  error
		where string
	}{
		{"nil file", nil, gpx.ErrNilFile, ""},
		{"latitude", &gpx.File{Tracks: []gpx.Track{{Segments: []gpx.Segment{{Points: []gpx.TrackPoint{good, good, {Lat: 91, Lon: 1}}}}}}}, gpx.ErrCoordinate, "trk[0]/trkseg[0]/trkpt[2]"},
		{"NaN longitude", &gpx.File{Waypoints: []gpx.Waypoint{{TrackPoint: good}, {TrackPoint: gpx.TrackPoint{Lon: nan()}}}}, gpx.ErrCoordinate, "wpt[1]"},
		{"infinite elevation", &gpx.File{Routes: []gpx.Route{{Points: []gpx.Waypoint{{TrackPoint: gpx.TrackPoint{Ele: inf(), HasEle: true}}}}}}, gpx.ErrElevation, "rte[0]/rtept[0]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			err := gpx.Write(&b, c.f, gpx.WriteOptions{})
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
			var pe *gpx.PointError
			if c.where != "" && (!errors.As(err, &pe) || pe.Where() != c.where) {
				t.Errorf("err = %v, want it at %s", err, c.where)
			}
			if b.Len() != 0 {
				t.Errorf("wrote %d bytes of a file that failed", b.Len())
			}
		})
	}
}

// kienAn builds a plan as the office would: a long route along Trần Thành
// Ngọ, a short one, and many waypoint candidates whose names repeat.
func kienAn(routePoints, waypoints int) *gpx.File {
	f := &gpx.File{Name: "Kiểm tra phường Bắc Sơn"}
	long := gpx.Route{Name: "Đường Trần Thành Ngọ", Desc: "Tuyến kiểm tra vỉa hè, phía Đông"}
	for i := range routePoints {
		p := gpx.Waypoint{TrackPoint: gpx.TrackPoint{Lat: 20.80 + float64(i)*1e-5, Lon: 106.62 + float64(i)*1e-5}}
		if i%100 == 0 {
			p.Name, p.Desc = fmt.Sprintf("Ngõ %d Trần Thành Ngọ", i), "Rẽ trái vào ngõ"
		}
		long.Points = append(long.Points, p)
	}
	short := gpx.Route{Name: "Lê Duẩn"}
	for i := range 10 {
		short.Points = append(short.Points, gpx.Waypoint{TrackPoint: gpx.TrackPoint{Lat: 20.81, Lon: 106.63 + float64(i)*1e-4}})
	}
	f.Routes = []gpx.Route{long, short}
	streets := []string{"Ngõ 135 Trữ Khê", "Phan Đăng Lưu", "Nguyễn Lương Bằng", "Lê Duẩn", "Trần Thành Ngọ"}
	for i := range waypoints {
		f.Waypoints = append(f.Waypoints, gpx.Waypoint{
			TrackPoint: gpx.TrackPoint{Lat: 20.79 + float64(i)*1e-5, Lon: 106.61},
			Name:       "Số nhà " + streets[i%len(streets)], Desc: fmt.Sprintf("Hộ %d, %s", i, streets[i%len(streets)]), Sym: "Flag, Blue",
		})
	}
	return f
}

func TestGarminLegacyLimits(t *testing.T) {
	f := kienAn(1001, 600)
	var b bytes.Buffer
	err := gpx.Write(&b, f, gpx.WriteOptions{Profile: gpx.ProfileGarminLegacy})
	var le *gpx.LimitError
	if !errors.As(err, &le) || !errors.Is(err, gpx.ErrLimit) || le.What != "waypoints" || le.Count != 600 || le.Max != 500 {
		t.Fatalf("err = %v, want 600 waypoints over the limit of 500", err)
	}
	if want := "gpx: 600 waypoints exceeds the garmin-legacy limit of 500"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}

	fit, dropped, err := gpx.Fit(f, gpx.ProfileGarminLegacy, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(dropped.Waypoints) != 100 || dropped.Waypoints[0] != f.Waypoints[500].Name || len(dropped.Routes) != 0 {
		t.Errorf("dropped %d waypoints starting %q and %d routes, want 100 from %q and none",
			len(dropped.Waypoints), dropped.Waypoints[0], len(dropped.Routes), f.Waypoints[500].Name)
	}
	if len(f.Waypoints) != 600 || f.Routes[0].Name != "Đường Trần Thành Ngọ" {
		t.Error("Fit changed its input")
	}
	checkSplit(t, f.Routes[0], fit.Routes[:5])
	checkLegacyNames(t, fit)
	if fit.Routes[5].Name != "LE DUAN" || fit.Routes[0].Desc != f.Routes[0].Desc || fit.Waypoints[0].Desc != f.Waypoints[0].Desc {
		t.Errorf("route %q desc %q: short route or UTF-8 desc not kept", fit.Routes[5].Name, fit.Routes[0].Desc)
	}

	path := writeTemp(t, f, gpx.WriteOptions{Profile: gpx.ProfileGarminLegacy, Truncate: true})
	schemaValid(t, path)
	babel := viaGPSBabel(t, path)
	if c := countOf(babel); c.rte != 6 || c.rtept != 1001+4+10 || c.wpt != 500 {
		t.Errorf("gpsbabel read %+v, want 6 routes, 1015 route points, 500 waypoints", c)
	}
	for i, r := range babel.Routes {
		if r.Name != fit.Routes[i].Name {
			t.Errorf("gpsbabel route %d named %q, want %q", i, r.Name, fit.Routes[i].Name)
		}
	}
}

// checkSplit: parts of at most 250 points, named "... i/n", each starting
// where the previous ended, together covering the original route in order.
func checkSplit(t *testing.T, orig gpx.Route, parts []gpx.Route) {
	t.Helper()
	var joined []gpx.TrackPoint
	for i, p := range parts {
		if n := len(p.Points); n > 250 || n < 2 {
			t.Errorf("part %d has %d points", i, n)
		}
		if suffix := fmt.Sprintf(" %d/%d", i+1, len(parts)); !strings.HasSuffix(p.Name, suffix) {
			t.Errorf("part %d named %q, want suffix %q", i, p.Name, suffix)
		}
		start := 0
		if i > 0 {
			if p.Points[0].TrackPoint != parts[i-1].Points[len(parts[i-1].Points)-1].TrackPoint {
				t.Errorf("part %d does not start at the junction", i)
			}
			start = 1
		}
		for _, w := range p.Points[start:] {
			joined = append(joined, w.TrackPoint)
		}
	}
	if len(joined) != len(orig.Points) {
		t.Fatalf("parts cover %d points, want %d", len(joined), len(orig.Points))
	}
	for i, w := range orig.Points {
		if joined[i] != w.TrackPoint {
			t.Fatalf("point %d differs after splitting", i)
		}
	}
}

// checkLegacyNames: every name 1-14 uppercase ASCII characters; waypoint
// and route point names unique per place; route and track names unique.
func checkLegacyNames(t *testing.T, f *gpx.File) {
	t.Helper()
	ok := func(kind, name string) {
		if name == "" || len(name) > 14 || strings.ToUpper(name) != name || strings.TrimSpace(name) != name {
			t.Errorf("%s name %q breaks the rules", kind, name)
		}
		for _, r := range name {
			if r > unicode.MaxASCII {
				t.Errorf("%s name %q is not ASCII", kind, name)
			}
		}
	}
	places := map[string]gpx.TrackPoint{}
	point := func(kind string, w gpx.Waypoint) {
		ok(kind, w.Name)
		if p, seen := places[w.Name]; seen && (p.Lat != w.Lat || p.Lon != w.Lon) {
			t.Errorf("%s name %q used for two places", kind, w.Name)
		}
		places[w.Name] = w.TrackPoint
	}
	for _, w := range f.Waypoints {
		point("waypoint", w)
	}
	routes := map[string]bool{}
	for _, r := range f.Routes {
		ok("route", r.Name)
		if routes[r.Name] {
			t.Errorf("route name %q used twice", r.Name)
		}
		routes[r.Name] = true
		for _, w := range r.Points {
			if w.Name != "" {
				point("route point", w)
			}
		}
	}
	for _, tr := range f.Tracks {
		ok("track", tr.Name)
	}
}

func TestGarminLegacyRouteLimit(t *testing.T) {
	cases := []struct {
		name        string
		routes      []int // points per route
		wantCount   int   // routes after splitting
		wantDropped int
	}{
		{"sixty short routes", repeat(60, 5), 60, 10},
		{"one route split past the limit", []int{13000}, 53, 3},
		{"exactly fifty", repeat(50, 250), 50, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := &gpx.File{}
			for i, n := range c.routes {
				r := gpx.Route{Name: "Tuyến"}
				for j := range n {
					r.Points = append(r.Points, gpx.Waypoint{TrackPoint: gpx.TrackPoint{Lat: float64(i) * 1e-3, Lon: float64(j) * 1e-5}})
				}
				f.Routes = append(f.Routes, r)
			}
			_, _, err := gpx.Fit(f, gpx.ProfileGarminLegacy, false)
			var le *gpx.LimitError
			if c.wantDropped > 0 && (!errors.As(err, &le) || le.Count != c.wantCount || le.What != "routes") {
				t.Fatalf("err = %v, want %d routes over the limit", err, c.wantCount)
			}
			if c.wantDropped == 0 && err != nil {
				t.Fatal(err)
			}
			fit, d, err := gpx.Fit(f, gpx.ProfileGarminLegacy, true)
			if err != nil || len(fit.Routes) != min(50, c.wantCount) || len(d.Routes) != c.wantDropped {
				t.Fatalf("truncated to %d routes dropping %v (%v)", len(fit.Routes), d.Routes, err)
			}
			checkLegacyNames(t, fit)
		})
	}
}

func repeat(n, v int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = v
	}
	return s
}

// TestFitIdempotent: a fitted file is already fit, so a device file read
// back and sent again keeps its names.
func TestFitIdempotent(t *testing.T) {
	f := kienAn(1001, 450)
	f.Tracks = []gpx.Track{{Name: "Nhật ký 1"}, {Name: "Nhật ký 1"}}
	once, _, err := gpx.Fit(f, gpx.ProfileGarminLegacy, false)
	if err != nil {
		t.Fatal(err)
	}
	twice, d, err := gpx.Fit(once, gpx.ProfileGarminLegacy, false)
	if err != nil || !d.Empty() {
		t.Fatal(err, d)
	}
	sameFile(t, twice, once)
	if once.Tracks[1].Name != "NHAT KY 1 2" {
		t.Errorf("second track named %q, want NHAT KY 1 2", once.Tracks[1].Name)
	}
}

func TestGenericKeepsNames(t *testing.T) {
	f := kienAn(300, 3)
	g := reread(t, f, gpx.WriteOptions{Profile: gpx.ProfileGeneric})
	if len(g.Routes) != 2 || g.Routes[0].Name != "Đường Trần Thành Ngọ" || g.Waypoints[0].Name != "Số nhà Ngõ 135 Trữ Khê" {
		t.Errorf("generic profile changed names or split routes: %d routes, %q", len(g.Routes), g.Routes[0].Name)
	}
}

func TestRoundTripTimes(t *testing.T) {
	ict := time.FixedZone("ICT", 7*3600)
	at := time.Date(2025, 6, 30, 7, 15, 42, 123456789, ict)
	f := &gpx.File{Time: at, Tracks: []gpx.Track{{Name: "log", Segments: []gpx.Segment{{Points: []gpx.TrackPoint{
		{Lat: 20.8123456, Lon: 106.6254321, Ele: 4.5, HasEle: true, Time: at},
		{Lat: -0.0000001, Lon: -179.9999999, Time: at.Add(time.Second)},
		{Lat: 90, Lon: 180},
	}}}}}}
	sameFile(t, reread(t, f, gpx.WriteOptions{}), f)
	legacy := reread(t, f, gpx.WriteOptions{Profile: gpx.ProfileGarminLegacy})
	if got := legacy.Tracks[0].Segments[0].Points[0].Time; !got.Equal(at.Truncate(time.Second)) {
		t.Errorf("legacy time %v, want %v in whole seconds", got, at.Truncate(time.Second))
	}
}

func TestParseProfile(t *testing.T) {
	for _, p := range []gpx.Profile{gpx.ProfileGeneric, gpx.ProfileGarminLegacy} {
		if got, err := gpx.ParseProfile(p.String()); err != nil || got != p {
			t.Errorf("ParseProfile(%q) = %v, %v", p.String(), got, err)
		}
	}
	if _, err := gpx.ParseProfile("garmin"); err == nil {
		t.Error("ParseProfile(garmin): no error")
	}
}
