package gpx

import (
	"fmt"
	"strconv"
)

// Profile selects the device family a file is written for.
type Profile int

const (
	// ProfileGeneric writes the file as it is: UTF-8 names, no limits.
	ProfileGeneric Profile = iota
	// ProfileGarminLegacy fits old Garmin units (eTrex, GPSMAP 60 and the
	// like): routes of at most 250 points, 50 routes, 500 waypoints, names
	// of at most 14 uppercase ASCII characters, unique within the file.
	ProfileGarminLegacy
)

func (p Profile) String() string {
	switch p {
	case ProfileGeneric:
		return "generic"
	case ProfileGarminLegacy:
		return "garmin-legacy"
	}
	return "profile(" + strconv.Itoa(int(p)) + ")"
}

// ParseProfile reads a profile by the name String gives it ("generic",
// "garmin-legacy"), as a command line names the device.
func ParseProfile(name string) (Profile, error) {
	for _, p := range []Profile{ProfileGeneric, ProfileGarminLegacy} {
		if p.String() == name {
			return p, nil
		}
	}
	return ProfileGeneric, fmt.Errorf("gpx: unknown device profile %q (generic, garmin-legacy)", name)
}

// Limits are a profile's device limits; zero means unlimited.
type Limits struct {
	RoutePoints int // points per route, before a route is split into parts
	Routes      int
	Waypoints   int
	NameLen     int // ASCII characters; zero keeps names as they are
}

// Limits returns the limits of p.
func (p Profile) Limits() Limits {
	if p == ProfileGarminLegacy {
		return Limits{RoutePoints: 250, Routes: 50, Waypoints: 500, NameLen: 14}
	}
	return Limits{}
}

// LimitError reports a count over a device limit; errors.Is(err, ErrLimit).
type LimitError struct {
	Profile Profile
	What    string // "routes" or "waypoints"
	Count   int
	Max     int
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("gpx: %d %s exceeds the %s limit of %d", e.Count, e.What, e.Profile, e.Max)
}

// Is makes errors.Is(err, ErrLimit) true.
func (e *LimitError) Is(target error) bool { return target == ErrLimit }

// Dropped lists what Fit left out when truncating, by original names, so
// the user can be told which parts of the plan are not on the device.
type Dropped struct {
	Routes    []string // "Lê Duẩn (part 3/4)" for a part of a split route
	Waypoints []string
}

// Empty reports whether nothing was dropped.
func (d Dropped) Empty() bool { return len(d.Routes) == 0 && len(d.Waypoints) == 0 }

// Fit returns a copy of f that respects p's limits: long routes split into
// parts, device names folded, shortened and made unique. If counts are still
// over the limits, Fit fails with a *LimitError, or with truncate keeps the
// first ones and reports the rest in Dropped. f itself is not changed, and
// fitting a fitted file changes nothing.
func Fit(f *File, p Profile, truncate bool) (*File, Dropped, error) {
	if f == nil {
		return nil, Dropped{}, ErrNilFile
	}
	lim := p.Limits()
	out := *f
	if lim == (Limits{}) {
		return &out, Dropped{}, nil
	}
	parts := splitRoutes(f.Routes, lim.RoutePoints)
	var d Dropped
	wpts := f.Waypoints
	if len(parts) > lim.Routes {
		if !truncate {
			return nil, d, &LimitError{Profile: p, What: "routes", Count: len(parts), Max: lim.Routes}
		}
		for _, rp := range parts[lim.Routes:] {
			d.Routes = append(d.Routes, rp.label())
		}
		parts = parts[:lim.Routes]
	}
	if len(wpts) > lim.Waypoints {
		if !truncate {
			return nil, d, &LimitError{Profile: p, What: "waypoints", Count: len(wpts), Max: lim.Waypoints}
		}
		for _, w := range wpts[lim.Waypoints:] {
			d.Waypoints = append(d.Waypoints, w.Name)
		}
		wpts = wpts[:lim.Waypoints]
	}
	nameAll(&out, wpts, parts, lim.NameLen)
	return &out, d, nil
}

// routePart is one piece of a split route, still carrying its original name.
type routePart struct {
	Route
	part, of int // 1-based; of == 1 when the route was not split
}

func (rp routePart) label() string {
	if rp.of == 1 {
		return rp.Name
	}
	return fmt.Sprintf("%s (part %d/%d)", rp.Name, rp.part, rp.of)
}

func (rp routePart) suffix() string {
	if rp.of == 1 {
		return ""
	}
	return fmt.Sprintf(" %d/%d", rp.part, rp.of)
}

// splitRoutes cuts routes longer than max points. Consecutive parts share
// the junction point, so following part 1 then part 2 covers the whole way.
func splitRoutes(routes []Route, max int) []routePart {
	var out []routePart
	for _, r := range routes {
		n := len(r.Points)
		if n <= max {
			out = append(out, routePart{Route: r, part: 1, of: 1})
			continue
		}
		of := 1 + (n-max+max-2)/(max-1) // the first part takes max, the rest max-1 new points
		for i, start := 0, 0; i < of; i++ {
			end := min(start+max, n)
			pr := r
			pr.Points = r.Points[start:end]
			out = append(out, routePart{Route: pr, part: i + 1, of: of})
			start = end - 1
		}
	}
	return out
}

// nameAll gives every waypoint, route, route point and track a legacy name.
// Waypoints and route points share one namespace because old units store a
// route point as a waypoint: two different places may not share a name.
func nameAll(out *File, wpts []Waypoint, parts []routePart, max int) {
	pts := newNamer(max)
	out.Waypoints = make([]Waypoint, len(wpts))
	for i, w := range wpts {
		w.Name = pts.name(w.Name, "", "WPT", place(w.TrackPoint))
		out.Waypoints[i] = w
	}
	rtes := newNamer(max)
	out.Routes = make([]Route, len(parts))
	for i, rp := range parts {
		r := rp.Route
		r.Name = rtes.name(rp.Name, rp.suffix(), "ROUTE", strconv.Itoa(i))
		r.Points = make([]Waypoint, len(rp.Points))
		for j, w := range rp.Points {
			if w.Name != "" {
				w.Name = pts.name(w.Name, "", "WPT", place(w.TrackPoint))
			}
			r.Points[j] = w
		}
		out.Routes[i] = r
	}
	trks := newNamer(max)
	tracks := out.Tracks
	out.Tracks = make([]Track, len(tracks))
	for i, t := range tracks {
		t.Name = trks.name(t.Name, "", "TRACK", strconv.Itoa(i))
		out.Tracks[i] = t
	}
}

// place keys a point by its position at the precision Write uses.
func place(p TrackPoint) string {
	return formatDeg(p.Lat) + "," + formatDeg(p.Lon)
}
