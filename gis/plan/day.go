package plan

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/simplify"

	"wardmap/gis"
	"wardmap/gis/gpx"
	"wardmap/gis/graph"
	"wardmap/gis/inspect"
)

// Service times by kind, in seconds: what an inspector spends at a target
// besides getting there. A street's inspection is the travel along it.
var Service = map[gis.Kind]float64{
	gis.Lamp: 60, gis.Drain: 120, gis.Tree: 90, gis.Plate: 30, gis.AlleySign: 30,
	gis.Violation: 300, gis.Report: 300, gis.Street: 0,
}

// DayOptions shape a day's plan.
type DayOptions struct {
	Options
	Profile graph.Profile
}

// Day is a day's plan with what it was made from.
type Day struct {
	*Plan
	Date    gis.Date
	Due     []inspect.Item // everything due, most overdue first
	Targets []Target       // one per due item, same order
	Graph   *graph.Graph
	Profile graph.Profile
}

// StreetSegments turns street features into graph segments.
func StreetSegments(fs []*gis.Feature) []graph.Segment {
	var out []graph.Segment
	for _, f := range fs {
		if f.Kind != gis.Street || f.Deleted {
			continue
		}
		ls, ok := f.Geom.(orb.LineString)
		if !ok || len(ls) < 2 {
			continue
		}
		s := graph.Segment{ID: f.ID, Line: ls, Class: f.Text("class")}
		if v, ok := f.Float("from_node"); ok {
			s.From = int64(v)
		}
		if v, ok := f.Float("to_node"); ok {
			s.To = int64(v)
		}
		switch f.Text("oneway") {
		case "forward":
			s.Oneway = 1
		case "backward":
			s.Oneway = -1
		}
		s.Length, _ = f.Float("length_m")
		out = append(out, s)
	}
	return out
}

// PlanDay works out what is due on in.Date and plans it: the street graph
// comes from the street features of in, targets from inspect.Due.
func PlanDay(ctx context.Context, in inspect.Input, opt DayOptions) (*Day, error) {
	segs := StreetSegments(in.Features)
	g, err := graph.Build(segs, opt.Profile)
	if err != nil {
		return nil, gis.Errorf(gis.EINVALID, "không có đường phố để lập lộ trình (no streets to route over): %v", err)
	}
	segByID := make(map[string]int32, len(g.Segs))
	for i, s := range g.Segs {
		segByID[s.ID] = int32(i)
	}
	d := &Day{Date: in.Date, Due: inspect.Due(in), Graph: g, Profile: opt.Profile}
	for _, it := range d.Due {
		t := Target{ID: it.ID, Kind: string(it.Kind), Code: it.Code, Title: it.Title, Desc: describe(it),
			Segment: -1, Service: Service[it.Kind], Overdue: it.Overdue}
		if it.Kind == gis.Street {
			s, ok := segByID[it.ID]
			if !ok {
				continue
			}
			t.Segment = s
			t.Point = it.Location
		} else {
			t.Point = it.Location
		}
		d.Targets = append(d.Targets, t)
	}
	p, err := Make(ctx, g, d.Targets, opt.Options)
	if err != nil {
		return nil, err
	}
	d.Plan = p
	return d, nil
}

// describe is a target's Vietnamese details for a device.
func describe(it inspect.Item) string {
	sc, _ := gis.Lookup(it.Kind)
	label := string(it.Kind)
	if sc != nil {
		label = sc.Label.VI
	}
	s := fmt.Sprintf("%s %s — %s", label, it.Title, it.Reason)
	if it.Overdue > 0 {
		s += fmt.Sprintf(", quá hạn %d ngày", it.Overdue)
	} else {
		s += ", đến hạn hôm nay"
	}
	if it.Last != nil {
		s += ", kiểm tra lần cuối " + it.Last.String()
	}
	if it.Length > 0 {
		s += fmt.Sprintf(", dài %.0f m", it.Length)
	}
	return s + "."
}

// GPX builds route r's file: every target a waypoint (its order and code
// as the name, the details in Vietnamese as the description), the way as a
// route of points along the streets with the targets named on it, and the
// full path as a track for devices that follow tracks.
func (d *Day) GPX(r int, start time.Time) *gpx.File {
	rt := d.Routes[r]
	name := fmt.Sprintf("Lộ trình %d — %s", rt.Inspector, d.Date)
	f := &gpx.File{Name: name, Desc: fmt.Sprintf("Kiểm tra ngày %s, cán bộ %d: %d điểm, %.1f km, %s", d.Date, rt.Inspector, len(rt.Visits), rt.Length/1000, HoursMinutes(rt.Time)), Time: start}
	named := map[int]gpx.Waypoint{}
	for k, v := range rt.Visits {
		t := d.Targets[v.Target]
		pos := v.Entry.Point
		if t.Segment >= 0 {
			pos = t.Point // a street's waypoint sits at its middle
		}
		w := gpx.Waypoint{
			TrackPoint: gpx.TrackPoint{Lon: pos[0], Lat: pos[1]},
			Name:       fmt.Sprintf("%02d %s", k+1, t.Code),
			Desc:       t.Desc,
			Sym:        symbol(t.Kind),
		}
		if !start.IsZero() {
			w.Time = start.Add(time.Duration(v.Arrive * float64(time.Second))).UTC()
		}
		f.Waypoints = append(f.Waypoints, w)
		if t.Segment < 0 {
			named[v.PathAt] = w // the route passes the point target itself
		}
	}
	// Route points: the path simplified to about 3 m, keeping the visits.
	keep := simplify.DouglasPeucker(0.00003).LineString(rt.Path.Clone())
	var pts []gpx.Waypoint
	ki := 0
	for i, p := range rt.Path {
		w, isVisit := named[i]
		onKeep := ki < len(keep) && keep[ki] == p
		if onKeep {
			ki++
		}
		if isVisit {
			w.Time = time.Time{}
			pts = append(pts, w)
		} else if onKeep {
			pts = append(pts, gpx.Waypoint{TrackPoint: gpx.TrackPoint{Lon: p[0], Lat: p[1]}})
		}
	}
	f.Routes = []gpx.Route{{Name: fmt.Sprintf("Lo trinh %d", rt.Inspector), Desc: name, Points: pts}}
	seg := gpx.Segment{}
	for _, p := range rt.Path {
		seg.Points = append(seg.Points, gpx.TrackPoint{Lon: p[0], Lat: p[1]})
	}
	f.Tracks = []gpx.Track{{Name: fmt.Sprintf("Duong di %d", rt.Inspector), Desc: name, Segments: []gpx.Segment{seg}}}
	return f
}

func symbol(kind string) string {
	switch gis.Kind(kind) {
	case gis.Violation, gis.Report:
		return "Flag, Red"
	case gis.Street:
		return "Flag, Blue"
	}
	return "Flag, Green"
}

// HoursMinutes is a duration in seconds as a route sheet and the planner
// show it: "4h05".
func HoursMinutes(s float64) string {
	m := int(math.Round(s / 60))
	return fmt.Sprintf("%dh%02d", m/60, m%60)
}
