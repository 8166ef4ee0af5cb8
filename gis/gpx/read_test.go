package gpx_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"wardmap/gis/gistest"
	"wardmap/gis/gpx"
)

// counts summarises a file; expected values were taken from the files with
// grep -o '<trkpt' | wc -l (and likewise for each element), zcat for .gz.
type counts struct {
	trk, seg, trkpt, rte, rtept, wpt int
}

func countOf(f *gpx.File) counts {
	c := counts{trk: len(f.Tracks), rte: len(f.Routes), wpt: len(f.Waypoints)}
	for _, t := range f.Tracks {
		c.seg += len(t.Segments)
		for _, s := range t.Segments {
			c.trkpt += len(s.Points)
		}
	}
	for _, r := range f.Routes {
		c.rtept += len(r.Points)
	}
	return c
}

// sharedFiles lists every GPX file in shared/data/gpx/files with its counts.
var sharedFiles = []struct {
	name string
	want counts
}{
	{"Mojstrovka.gpx", counts{1, 1, 184, 0, 0, 0}},
	{"around-visnjan-with-car.gpx", counts{1, 1, 104, 0, 0, 0}},
	{"cerknicko-jezero-no-creator.gpx", counts{8, 8, 296, 0, 0, 7}},
	{"cerknicko-jezero-with-elevations-zero.gpx", counts{8, 8, 296, 0, 0, 7}},
	{"cerknicko-jezero-without-elevations.gpx", counts{8, 8, 296, 0, 0, 7}},
	{"cerknicko-jezero.gpx", counts{8, 8, 296, 0, 0, 7}},
	{"cerknicko-without-times.gpx", counts{8, 8, 296, 0, 0, 7}},
	{"custom_schema_locations.gpx", counts{}},
	{"default_schema_locations.gpx", counts{}},
	{"file.gpx", counts{1, 1, 4, 0, 0, 2}},
	{"first_and_last_elevation.gpx", counts{1, 1, 10, 0, 0, 0}},
	{"gpx-with-node-with-comments.gpx", counts{1, 1, 1, 0, 0, 0}},
	{"gpx-without-root-attributes.gpx", counts{1, 1, 1, 0, 0, 0}},
	{"gpx-without-xml-declaration.gpx", counts{1, 1, 1, 0, 0, 0}},
	{"gpx1.0_with_all_fields.gpx", counts{2, 2, 1, 2, 5, 2}},
	{"gpx1.1_with_all_fields.gpx", counts{2, 2, 1, 2, 5, 2}},
	{"gpx1.1_with_extensions.gpx", counts{1, 1, 1, 1, 1, 1}},
	{"gpx1.1_with_extensions_without_namespaces.gpx", counts{0, 0, 0, 0, 0, 1}},
	{"gpx_with_garmin_extension.gpx", counts{0, 0, 0, 0, 0, 1}},
	{"graphhopper.gpx.gz", counts{1, 1, 171, 1, 22, 0}},
	{"iso8859-1encoded.gpx", counts{0, 0, 0, 0, 0, 8}},
	{"korita-zbevnica.gpx", counts{4, 4, 871, 0, 0, 2}},
	{"route.gpx", counts{0, 0, 0, 1, 55, 0}},
	{"track-with-empty-segment.gpx", counts{1, 2, 9, 0, 0, 0}},
	{"track-with-extremes.gpx", counts{1, 1, 25, 0, 0, 0}},
	{"track-with-less-sec-time.gpx", counts{1, 1, 2, 0, 0, 0}},
	{"track-with-small-floats.gpx", counts{1, 1, 3, 0, 0, 0}},
	{"track_with_dilution_errors.gpx", counts{1, 1, 1, 1, 1, 1}},
	{"track_with_speed.gpx", counts{1, 1, 3, 0, 0, 0}},
	{"unicode.gpx", counts{0, 0, 0, 0, 0, 6}},
	{"unicode2.gpx", counts{1, 1, 0, 0, 0, 0}},
	{"unicode_with_bom.gpx", counts{0, 0, 0, 0, 0, 1}},
	{"unicode_with_bom_noencoding.gpx", counts{0, 0, 0, 0, 0, 1}},
	{"visnjan.gpx", counts{1, 1, 413, 0, 0, 2}},
}

func readShared(tb testing.TB, name string) *gpx.File {
	tb.Helper()
	fh, err := os.Open(gistest.SharedData(tb, "gpx", "files", name))
	if err != nil {
		tb.Fatal(err)
	}
	defer fh.Close()
	f, err := gpx.Read(fh, gpx.ReadOptions{})
	if err != nil {
		tb.Fatalf("Read(%s): %v", name, err)
	}
	return f
}

func TestReadSharedFiles(t *testing.T) {
	for _, c := range sharedFiles {
		t.Run(c.name, func(t *testing.T) {
			f := readShared(t, c.name)
			if got := countOf(f); got != c.want {
				t.Errorf("counts = %+v, want %+v", got, c.want)
			}
		})
	}
}

// TestReadSharedFilesListed fails when a file is added to the shared folder
// without expected counts here, so no real file goes untested.
func TestReadSharedFilesListed(t *testing.T) {
	entries, err := os.ReadDir(gistest.SharedData(t, "gpx", "files"))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, c := range sharedFiles {
		listed[c.name] = true
	}
	for _, e := range entries {
		n := e.Name()
		if (strings.HasSuffix(n, ".gpx") || strings.HasSuffix(n, ".gpx.gz")) && !listed[n] {
			t.Errorf("%s has no expected counts in sharedFiles", n)
		}
	}
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestReadValues checks single values that gpxgo alone gets wrong or that
// depend on encoding handling.
func TestReadValues(t *testing.T) {
	cases := []struct {
		name string
		file string
		got  func(f *gpx.File) any
		want any
	}{
		{"offset and millis kept", "track-with-less-sec-time.gpx",
			func(f *gpx.File) any { return f.Tracks[0].Segments[0].Points[1].Time },
			utc("2015-12-11T14:43:13.994Z")},
		{"fraction of a second", "unicode_with_bom.gpx",
			func(f *gpx.File) any { return f.Waypoints[0].Time }, utc("2016-05-27T10:08:47.8Z")},
		{"time without zone is UTC", "gpx1.1_with_all_fields.gpx",
			func(f *gpx.File) any { return f.Time }, utc("2013-01-01T12:00:00Z")},
		{"GPX 1.0 file time", "iso8859-1encoded.gpx",
			func(f *gpx.File) any { return f.Time }, utc("2013-07-29T21:43:01Z")},
		{"ISO-8859-1 waypoint", "iso8859-1encoded.gpx",
			func(f *gpx.File) any { return f.Waypoints[7].Name }, "8"},
		{"UTF-8 name", "unicode.gpx", func(f *gpx.File) any { return f.Waypoints[0].Name }, "šđčćž"},
		{"CDATA name", "unicode2.gpx", func(f *gpx.File) any { return f.Tracks[0].Name }, "test™"},
		{"BOM without encoding", "unicode_with_bom_noencoding.gpx",
			func(f *gpx.File) any { return f.Waypoints[0].Name }, "bom noencoding ő"},
		{"sym", "unicode.gpx", func(f *gpx.File) any { return f.Waypoints[0].Sym }, "City (Small)"},
		{"negative elevation", "unicode.gpx", func(f *gpx.File) any { return f.Waypoints[0].Ele }, -0.11438},
		{"no elevation", "cerknicko-jezero-without-elevations.gpx",
			func(f *gpx.File) any { return f.Tracks[1].Segments[0].Points[0].HasEle }, false},
		{"zero elevation is present", "cerknicko-jezero-with-elevations-zero.gpx",
			func(f *gpx.File) any { return f.Tracks[1].Segments[0].Points[0].HasEle }, true},
		{"gzip route desc", "graphhopper.gpx.gz",
			func(f *gpx.File) any { return f.Routes[0].Points[1].Desc }, "rechts abbiegen auf Königstraße, B 8"},
		{"gzip point without time", "graphhopper.gpx.gz",
			func(f *gpx.File) any { return f.Tracks[0].Segments[0].Points[1].Time.IsZero() }, true},
		{"gzip lat/lon", "graphhopper.gpx.gz",
			func(f *gpx.File) any {
				p := f.Tracks[0].Segments[0].Points[1]
				return [2]float64{p.Lat, p.Lon}
			}, [2]float64{49.477063, 10.989762}},
		{"Garmin eTrex time", "around-visnjan-with-car.gpx",
			func(f *gpx.File) any { return f.Tracks[0].Segments[0].Points[0].Time }, utc("2020-12-18T06:15:50Z")},
		{"route point name", "route.gpx", func(f *gpx.File) any { return f.Routes[0].Points[0].Name }, "#001"},
		{"creator", "around-visnjan-with-car.gpx", func(f *gpx.File) any { return f.Creator }, "eTrex 20x"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := c.got(readShared(t, c.file))
			if gt, ok := got.(time.Time); ok {
				if !gt.Equal(c.want.(time.Time)) || gt.Location() != time.UTC {
					t.Errorf("got %v, want %v in UTC", gt, c.want)
				}
				return
			}
			if got != c.want {
				t.Errorf("got %#v, want %#v", got, c.want)
			}
		})
	}
}

const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<gpx version="1.1" creator="x"><wpt lat="1" lon="2"><name>&lol9;</name></wpt></gpx>`

func gz(s string) string {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

func pt(attrs, body string) string {
	return `<gpx version="1.1"><trk><trkseg><trkpt lat="1" lon="1"/><trkpt ` + attrs + `>` + body + `</trkpt></trkseg></trk></gpx>`
}

func TestReadRefuses(t *testing.T) {
	cases := []struct {
		name  string
		in    string
		opt   gpx.ReadOptions
		want  error
		where string // expected PointError.Where(), if any
	}{
		{"billion laughs", billionLaughs, gpx.ReadOptions{}, gpx.ErrDTD, ""},
		{"external entity", `<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY x SYSTEM "file:///etc/passwd">]><gpx version="1.1"><wpt lat="1" lon="1"><name>&x;</name></wpt></gpx>`, gpx.ReadOptions{}, gpx.ErrDTD, ""},
		{"undeclared entity", `<gpx version="1.1"><wpt lat="1" lon="1"><name>&lol;</name></wpt></gpx>`, gpx.ReadOptions{}, gpx.ErrSyntax, ""},
		{"deep nesting", `<gpx>` + strings.Repeat("<e>", 100) + strings.Repeat("</e>", 100) + `</gpx>`, gpx.ReadOptions{}, gpx.ErrTooDeep, ""},
		{"depth option", `<gpx><a><b><c/></b></a></gpx>`, gpx.ReadOptions{MaxDepth: 3}, gpx.ErrTooDeep, ""},
		{"size option", pt(`lat="1" lon="1"`, ""), gpx.ReadOptions{MaxBytes: 50}, gpx.ErrTooLarge, ""},
		{"gzip bomb", gz(`<gpx version="1.1">` + strings.Repeat(" ", 1<<20) + `</gpx>`), gpx.ReadOptions{MaxBytes: 1 << 16}, gpx.ErrTooLarge, ""},
		{"latitude over 90", pt(`lat="90.5" lon="1"`, ""), gpx.ReadOptions{}, gpx.ErrCoordinate, "trk[0]/trkseg[0]/trkpt[1]"},
		{"longitude under -180", `<gpx><wpt lat="0" lon="-180.0001"/></gpx>`, gpx.ReadOptions{}, gpx.ErrCoordinate, "wpt[0]"},
		{"NaN latitude", `<gpx><rte><rtept lat="1" lon="1"/><rtept lat="1" lon="1"/><rtept lat="NaN" lon="1"/></rte></gpx>`, gpx.ReadOptions{}, gpx.ErrCoordinate, "rte[0]/rtept[2]"},
		{"Inf longitude", pt(`lat="1" lon="+Inf"`, ""), gpx.ReadOptions{}, gpx.ErrCoordinate, "trk[0]/trkseg[0]/trkpt[1]"},
		{"missing lon", pt(`lat="1"`, ""), gpx.ReadOptions{}, gpx.ErrCoordinate, "trk[0]/trkseg[0]/trkpt[1]"},
		{"text latitude", pt(`lat="north" lon="1"`, ""), gpx.ReadOptions{}, gpx.ErrCoordinate, "trk[0]/trkseg[0]/trkpt[1]"},
		{"bad time", pt(`lat="1" lon="1"`, "<time>yesterday</time>"), gpx.ReadOptions{}, gpx.ErrTime, "trk[0]/trkseg[0]/trkpt[1]"},
		{"NaN elevation", pt(`lat="1" lon="1"`, "<ele>NaN</ele>"), gpx.ReadOptions{}, gpx.ErrElevation, "trk[0]/trkseg[0]/trkpt[1]"},
		{"bad file time", `<gpx><metadata><time>2024-13-01T00:00:00Z</time></metadata></gpx>`, gpx.ReadOptions{}, gpx.ErrTime, ""},
		{"not gpx", `<kml><Placemark/></kml>`, gpx.ReadOptions{}, gpx.ErrNotGPX, ""},
		{"empty", ``, gpx.ReadOptions{}, gpx.ErrNotGPX, ""},
		{"truncated", `<gpx version="1.1"><trk><trkseg><trkpt lat="1" lon="1">`, gpx.ReadOptions{}, gpx.ErrSyntax, ""},
		{"mismatched tags", `<gpx><wpt lat="1" lon="1"></rte></gpx>`, gpx.ReadOptions{}, gpx.ErrSyntax, ""},
		{"broken gzip", "\x1f\x8b\x08\x00garbage", gpx.ReadOptions{}, gpx.ErrSyntax, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := gpx.Read(strings.NewReader(c.in), c.opt)
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v (file %+v)", err, c.want, f)
			}
			if !strings.HasPrefix(err.Error(), "gpx: ") {
				t.Errorf("message %q lacks the package prefix", err)
			}
			var pe *gpx.PointError
			if got := errors.As(err, &pe); got != (c.where != "") {
				t.Fatalf("PointError = %v, want one: %v", got, c.where != "")
			}
			if pe != nil && (pe.Where() != c.where || pe.Line != 1) {
				t.Errorf("at %s line %d, want %s line 1", pe.Where(), pe.Line, c.where)
			}
		})
	}
}

// TestReadLimitsAreInclusive reads a document exactly at the size and depth
// limits, so the refusals above are known to come from the limits.
func TestReadLimitsAreInclusive(t *testing.T) {
	doc := `<gpx><a><b/></a></gpx>`
	f, err := gpx.Read(strings.NewReader(doc), gpx.ReadOptions{MaxBytes: int64(len(doc)), MaxDepth: 3})
	if err != nil || f == nil {
		t.Fatalf("Read at the limits: %v", err)
	}
}

func TestReadPointErrorLine(t *testing.T) {
	doc := "<gpx>\n<trk>\n<trkseg>\n<trkpt lat=\"1\" lon=\"1\"/>\n<trkpt lat=\"1\" lon=\"200\"/>\n</trkseg></trk></gpx>"
	_, err := gpx.Read(strings.NewReader(doc), gpx.ReadOptions{})
	want := `gpx: trk[0]/trkseg[0]/trkpt[1] (line 5): invalid coordinate: longitude 200 outside [-180, 180]`
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
}
