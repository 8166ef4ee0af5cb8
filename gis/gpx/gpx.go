// Package gpx reads and writes GPX files for wardmap: planned routes go out
// to handheld GPS units (including old Garmins with tight name and count
// limits) and track logs come back from them.
//
// It is the only importer of github.com/tkrajina/gpxgo. Every file is first
// checked by a cheap encoding/xml token scan of our own (size, DTD, nesting
// depth, coordinate ranges, elevations and timestamps with their zone) and
// only then handed to gpxgo for names and descriptions; gpxgo alone drops
// time zones and fractions of seconds and turns bad numbers into zeros.
// Writing uses encoding/xml directly so the output is always schema-valid
// GPX 1.1 with UTC times.
package gpx

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// TrackPoint is one recorded or planned position. Lon and Lat are WGS84
// degrees; Ele is metres and only meaningful when HasEle is set, because a
// missing elevation is not the same as sea level. Time is UTC, zero if absent.
type TrackPoint struct {
	Lon, Lat, Ele float64
	HasEle        bool
	Time          time.Time
}

// Waypoint is a named point: a <wpt> or a route's <rtept>.
type Waypoint struct {
	TrackPoint
	Name string
	Desc string // free text, kept in full UTF-8 for every profile
	Sym  string // device symbol name, e.g. "Flag, Blue"
}

// Route is a planned path: an ordered list of points to navigate through.
type Route struct {
	Name   string
	Desc   string
	Points []Waypoint
}

// Segment is a continuous part of a track log (the receiver did not lose fix).
type Segment struct {
	Points []TrackPoint
}

// Track is a recorded log, split into segments.
type Track struct {
	Name     string
	Desc     string
	Segments []Segment
}

// File is the content of one GPX document.
type File struct {
	Name      string
	Desc      string
	Creator   string // as read; Write always writes "wardmap"
	Time      time.Time
	Waypoints []Waypoint
	Routes    []Route
	Tracks    []Track
}

// Sentinel errors; check them with errors.Is.
var (
	ErrTooLarge   = errors.New("gpx: input exceeds the size limit")
	ErrDTD        = errors.New("gpx: DTD and entity declarations (<!DOCTYPE>, <!ENTITY>) are not allowed")
	ErrTooDeep    = errors.New("gpx: elements nested too deeply")
	ErrNotGPX     = errors.New("gpx: root element is not <gpx>")
	ErrSyntax     = errors.New("gpx: malformed XML")
	ErrCoordinate = errors.New("gpx: invalid coordinate")
	ErrElevation  = errors.New("gpx: invalid elevation")
	ErrTime       = errors.New("gpx: invalid time")
	ErrParser     = errors.New("gpx: gpxgo disagrees with the pre-scan")
	ErrLimit      = errors.New("gpx: device limit exceeded")
	ErrNilFile    = errors.New("gpx: nil file")
)

// PointError locates a bad point so an inspector can find it in the file.
// Indexes are zero-based; Track is the route index for route points and
// unused for waypoints. Line is the line in the input (0 when writing).
type PointError struct {
	Kind    string // "wpt", "rtept" or "trkpt"
	Track   int
	Segment int
	Index   int
	Line    int
	Err     error  // ErrCoordinate, ErrElevation or ErrTime
	Detail  string // what was wrong, e.g. `latitude 91.5 outside [-90, 90]`
}

func (e *PointError) Error() string {
	at := ""
	if e.Line > 0 {
		at = fmt.Sprintf(" (line %d)", e.Line)
	}
	return fmt.Sprintf("gpx: %s%s: %s: %s", e.Where(), at,
		strings.TrimPrefix(e.Err.Error(), "gpx: "), e.Detail)
}

func (e *PointError) Unwrap() error { return e.Err }

// Where names the point as a path, e.g. "trk[0]/trkseg[1]/trkpt[4]".
func (e *PointError) Where() string {
	switch e.Kind {
	case "wpt":
		return fmt.Sprintf("wpt[%d]", e.Index)
	case "rtept":
		return fmt.Sprintf("rte[%d]/rtept[%d]", e.Track, e.Index)
	default:
		return fmt.Sprintf("trk[%d]/trkseg[%d]/trkpt[%d]", e.Track, e.Segment, e.Index)
	}
}

// pos identifies a point while scanning or writing.
type pos struct {
	kind                  string
	track, segment, index int
}

func (p pos) fail(line int, err error, format string, args ...any) error {
	return &PointError{
		Kind: p.kind, Track: p.track, Segment: p.segment, Index: p.index,
		Line: line, Err: err, Detail: fmt.Sprintf(format, args...),
	}
}
