package gpx

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Creator is written in the creator attribute of every file.
const Creator = "wardmap"

// WriteOptions choose the device profile. With Truncate, routes and
// waypoints over the profile's limits are left out instead of failing; call
// Fit first to learn what would be dropped.
type WriteOptions struct {
	Profile  Profile
	Truncate bool
}

// Write encodes f as GPX 1.1 (valid against the TopoGrafix schema) after
// fitting it to opt.Profile. Times are written in UTC. A point with an
// out-of-range coordinate or non-finite elevation fails as a *PointError.
func Write(w io.Writer, f *File, opt WriteOptions) error {
	fit, _, err := Fit(f, opt.Profile, opt.Truncate)
	if err != nil {
		return err
	}
	doc, err := toXML(fit, opt.Profile)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(xml.Header)
	enc := xml.NewEncoder(bw)
	enc.Indent("", " ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("gpx: encode: %w", err)
	}
	bw.WriteString("\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("gpx: write: %w", err)
	}
	return nil
}

// The xml* types mirror the GPX 1.1 schema; field order is element order,
// which xsd:sequence makes significant.
type xmlGPX struct {
	XMLName  xml.Name   `xml:"gpx"`
	Xmlns    string     `xml:"xmlns,attr"`
	Version  string     `xml:"version,attr"`
	Creator  string     `xml:"creator,attr"`
	Metadata *xmlMeta   `xml:"metadata"`
	Wpts     []xmlPoint `xml:"wpt"`
	Rtes     []xmlRte   `xml:"rte"`
	Trks     []xmlTrk   `xml:"trk"`
}

type xmlMeta struct {
	Name string `xml:"name,omitempty"`
	Desc string `xml:"desc,omitempty"`
	Time string `xml:"time,omitempty"`
}

type xmlPoint struct {
	Lat  string `xml:"lat,attr"`
	Lon  string `xml:"lon,attr"`
	Ele  string `xml:"ele,omitempty"`
	Time string `xml:"time,omitempty"`
	Name string `xml:"name,omitempty"`
	Desc string `xml:"desc,omitempty"`
	Sym  string `xml:"sym,omitempty"`
}

type xmlRte struct {
	Name string     `xml:"name,omitempty"`
	Desc string     `xml:"desc,omitempty"`
	Pts  []xmlPoint `xml:"rtept"`
}

type xmlTrk struct {
	Name string   `xml:"name,omitempty"`
	Desc string   `xml:"desc,omitempty"`
	Segs []xmlSeg `xml:"trkseg"`
}

type xmlSeg struct {
	Pts []xmlPoint `xml:"trkpt"`
}

func toXML(f *File, p Profile) (*xmlGPX, error) {
	doc := &xmlGPX{Xmlns: "http://www.topografix.com/GPX/1/1", Version: "1.1", Creator: Creator}
	if f.Name != "" || f.Desc != "" || !f.Time.IsZero() {
		doc.Metadata = &xmlMeta{Name: f.Name, Desc: f.Desc, Time: formatTime(f.Time, p)}
	}
	for i, w := range f.Waypoints {
		x, err := pointXML(w, pos{kind: "wpt", index: i}, p)
		if err != nil {
			return nil, err
		}
		doc.Wpts = append(doc.Wpts, x)
	}
	for i, r := range f.Routes {
		x := xmlRte{Name: r.Name, Desc: r.Desc}
		for j, w := range r.Points {
			pt, err := pointXML(w, pos{kind: "rtept", track: i, index: j}, p)
			if err != nil {
				return nil, err
			}
			x.Pts = append(x.Pts, pt)
		}
		doc.Rtes = append(doc.Rtes, x)
	}
	for i, t := range f.Tracks {
		x, err := trackXML(t, i, p)
		if err != nil {
			return nil, err
		}
		doc.Trks = append(doc.Trks, x)
	}
	return doc, nil
}

func trackXML(t Track, i int, p Profile) (xmlTrk, error) {
	x := xmlTrk{Name: t.Name, Desc: t.Desc, Segs: make([]xmlSeg, len(t.Segments))}
	for j, s := range t.Segments {
		pts := make([]xmlPoint, len(s.Points))
		for k, tp := range s.Points {
			var err error
			pts[k], err = pointXML(Waypoint{TrackPoint: tp}, pos{kind: "trkpt", track: i, segment: j, index: k}, p)
			if err != nil {
				return x, err
			}
		}
		x.Segs[j].Pts = pts
	}
	return x, nil
}

func pointXML(w Waypoint, at pos, p Profile) (xmlPoint, error) {
	if err := checkCoord(at, 0, &w.TrackPoint); err != nil {
		return xmlPoint{}, err
	}
	if err := checkYear(w.Time.UTC()); err != nil {
		return xmlPoint{}, at.fail(0, ErrTime, "%v", err)
	}
	x := xmlPoint{
		Lat: formatDeg(w.Lat), Lon: formatDeg(w.Lon), Time: formatTime(w.Time, p),
		Name: w.Name, Desc: w.Desc, Sym: w.Sym,
	}
	if w.HasEle {
		x.Ele = strconv.FormatFloat(w.Ele, 'f', -1, 64)
	}
	return x, nil
}

// formatDeg writes at most 9 decimals (0.1 mm), trailing zeros trimmed:
// enough for any receiver, and free of float noise such as
// 20.790029999999998 that only makes files longer. xsd:decimal has no
// exponent form, hence 'f'.
func formatDeg(v float64) string {
	s := strconv.FormatFloat(v, 'f', 9, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}

// formatTime writes UTC. Old Garmins are only known to parse whole
// seconds, so the legacy profile drops the fraction.
func formatTime(t time.Time, p Profile) string {
	if t.IsZero() {
		return ""
	}
	if p == ProfileGarminLegacy {
		return t.UTC().Format("2006-01-02T15:04:05Z")
	}
	return t.UTC().Format(time.RFC3339Nano)
}
