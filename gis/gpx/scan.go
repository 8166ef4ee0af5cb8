package gpx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// scanner walks the XML tokens once and builds the geometry of the file:
// coordinates, elevations and times, refusing hostile or broken input with
// the position of the culprit. Names and descriptions come later from gpxgo.
type scanner struct {
	dec      *xml.Decoder
	maxDepth int
	stack    []string // local names of the open elements
	f        *File
	pt       *TrackPoint // point being read, nil outside points
	at       pos
	ptLine   int
	ptDepth  int
	text     *strings.Builder // collects <ele>/<time> content
	textKind string
	textAt   int // depth of the element whose text is collected
}

func scan(data []byte, maxDepth int) (*File, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = charset.NewReaderLabel // ISO-8859-1 files from OziExplorer
	s := &scanner{dec: dec, maxDepth: maxDepth, f: &File{}}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil, ErrNotGPX // no root element, or it never closed
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrSyntax, err)
		}
		done, err := s.token(tok)
		if err != nil || done {
			return s.f, err
		}
	}
}

// token handles one token; done is true once the root element has closed.
func (s *scanner) token(tok xml.Token) (done bool, err error) {
	switch t := tok.(type) {
	case xml.Directive:
		// encoding/xml never expands DTD entities, but refusing the whole
		// DTD up front gives one clear error instead of a confusing one later.
		return false, ErrDTD
	case xml.StartElement:
		return false, s.start(t)
	case xml.EndElement:
		err := s.end()
		return len(s.stack) == 0, err
	case xml.CharData:
		if s.text != nil {
			s.text.Write(t)
		}
	}
	return false, nil
}

func (s *scanner) line() int {
	l, _ := s.dec.InputPos()
	return l
}

func (s *scanner) start(t xml.StartElement) error {
	s.stack = append(s.stack, t.Name.Local)
	if len(s.stack) > s.maxDepth {
		return fmt.Errorf("%w: more than %d levels at line %d", ErrTooDeep, s.maxDepth, s.line())
	}
	if len(s.stack) == 1 && t.Name.Local != "gpx" {
		return fmt.Errorf("%w: found <%s>", ErrNotGPX, t.Name.Local)
	}
	if s.pt != nil {
		if len(s.stack) == s.ptDepth+1 && (t.Name.Local == "ele" || t.Name.Local == "time") {
			s.collect(t.Name.Local)
		}
		return nil
	}
	return s.structure(t)
}

// structure follows gpx/wpt, gpx/rte/rtept and gpx/trk/trkseg/trkpt by local
// name only, exactly as gpxgo's struct tags do, so both agree on the counts.
func (s *scanner) structure(t xml.StartElement) error {
	f := s.f
	switch s.path() {
	case "gpx/metadata/time", "gpx/time": // GPX 1.1 and 1.0
		s.collect("filetime")
	case "gpx/wpt":
		f.Waypoints = append(f.Waypoints, Waypoint{})
		s.at = pos{kind: "wpt", index: len(f.Waypoints) - 1}
		return s.point(t, &f.Waypoints[len(f.Waypoints)-1].TrackPoint)
	case "gpx/rte":
		f.Routes = append(f.Routes, Route{})
	case "gpx/rte/rtept":
		r := &f.Routes[len(f.Routes)-1]
		r.Points = append(r.Points, Waypoint{})
		s.at = pos{kind: "rtept", track: len(f.Routes) - 1, index: len(r.Points) - 1}
		return s.point(t, &r.Points[len(r.Points)-1].TrackPoint)
	case "gpx/trk":
		f.Tracks = append(f.Tracks, Track{})
	case "gpx/trk/trkseg":
		tr := &f.Tracks[len(f.Tracks)-1]
		tr.Segments = append(tr.Segments, Segment{})
	case "gpx/trk/trkseg/trkpt":
		tr := &f.Tracks[len(f.Tracks)-1]
		sg := &tr.Segments[len(tr.Segments)-1]
		sg.Points = append(sg.Points, TrackPoint{})
		s.at = pos{kind: "trkpt", track: len(f.Tracks) - 1, segment: len(tr.Segments) - 1, index: len(sg.Points) - 1}
		return s.point(t, &sg.Points[len(sg.Points)-1])
	}
	return nil
}

func (s *scanner) path() string {
	if len(s.stack) > 4 {
		return "" // deeper than any element we track
	}
	return strings.Join(s.stack, "/")
}

func (s *scanner) collect(kind string) {
	s.text = &strings.Builder{}
	s.textKind, s.textAt = kind, len(s.stack)
}

// point reads lat and lon; both are required by the schema and gpxgo would
// silently turn a missing one into 0, which is a real place off Africa.
func (s *scanner) point(t xml.StartElement, pt *TrackPoint) error {
	s.pt, s.ptDepth, s.ptLine = pt, len(s.stack), s.line()
	var haveLat, haveLon bool
	for _, a := range t.Attr {
		var err error
		switch a.Name.Local {
		case "lat":
			pt.Lat, err = parseCoord(a.Value)
			haveLat = true
		case "lon":
			pt.Lon, err = parseCoord(a.Value)
			haveLon = true
		}
		if err != nil {
			return s.at.fail(s.ptLine, ErrCoordinate, "%s=%q is not a number", a.Name.Local, a.Value)
		}
	}
	if !haveLat || !haveLon {
		return s.at.fail(s.ptLine, ErrCoordinate, "lat and lon attributes are required")
	}
	return checkCoord(s.at, s.ptLine, pt)
}

func (s *scanner) end() error {
	depth := len(s.stack)
	s.stack = s.stack[:depth-1]
	if s.text != nil && depth == s.textAt {
		v := s.text.String()
		s.text = nil
		return s.apply(s.textKind, v)
	}
	if s.pt != nil && depth == s.ptDepth {
		s.pt = nil
	}
	return nil
}

func (s *scanner) apply(kind, v string) error {
	switch kind {
	case "filetime":
		t, err := parseTime(v)
		if err != nil {
			return fmt.Errorf("%w: file time %q at line %d", ErrTime, v, s.line())
		}
		s.f.Time = t
	case "time":
		t, err := parseTime(v)
		if err != nil {
			return s.at.fail(s.ptLine, ErrTime, "%q is not an ISO 8601 date-time", v)
		}
		s.pt.Time = t
	case "ele":
		v = strings.TrimSpace(v)
		if v == "" {
			return nil // <ele/>: elevation unknown
		}
		e, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(e) || math.IsInf(e, 0) {
			return s.at.fail(s.ptLine, ErrElevation, "%q is not a finite number", v)
		}
		s.pt.Ele, s.pt.HasEle = e, true
	}
	return nil
}

func parseCoord(v string) (float64, error) {
	return strconv.ParseFloat(strings.TrimSpace(v), 64)
}

// checkCoord refuses NaN and out-of-range degrees; used when reading and writing.
func checkCoord(at pos, line int, pt *TrackPoint) error {
	if math.IsNaN(pt.Lat) || pt.Lat < -90 || pt.Lat > 90 {
		return at.fail(line, ErrCoordinate, "latitude %v outside [-90, 90]", pt.Lat)
	}
	if math.IsNaN(pt.Lon) || pt.Lon < -180 || pt.Lon > 180 {
		return at.fail(line, ErrCoordinate, "longitude %v outside [-180, 180]", pt.Lon)
	}
	if pt.HasEle && (math.IsNaN(pt.Ele) || math.IsInf(pt.Ele, 0)) {
		return at.fail(line, ErrElevation, "%v is not a finite number", pt.Ele)
	}
	return nil
}

// timeLayouts are tried in order. xsd:dateTime allows a missing zone; like
// gpxgo we take such times as UTC, since devices log UTC. A space instead of
// the T is accepted because some converters write it.
var timeLayouts = []string{
	time.RFC3339Nano, // Z or ±hh:mm, any fraction of a second
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04:05.999999999Z0700",
}

// parseTime keeps the fraction of a second and the zone, returning UTC.
// An empty element means no time.
func parseTime(v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, nil
	}
	if len(v) > 10 && v[10] == ' ' {
		v = v[:10] + "T" + v[11:]
	}
	var err error
	for _, layout := range timeLayouts {
		var t time.Time
		if t, err = time.Parse(layout, v); err == nil {
			return t.UTC(), checkYear(t.UTC())
		}
	}
	return time.Time{}, err
}

// checkYear keeps times writable as four-digit xsd:dateTime years; an
// offset on 0000-01-01 or 9999-12-31 could otherwise push them out.
func checkYear(t time.Time) error {
	if !t.IsZero() && (t.Year() < 1 || t.Year() > 9999) {
		return fmt.Errorf("year %d outside 1-9999", t.Year())
	}
	return nil
}
