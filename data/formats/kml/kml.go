// Package kml writes wardmap records as KML 2.2 for Google Earth and the
// GIS tools that read it: one Document, one Placemark per record with its
// title as name, every field as ExtendedData, and the geometry in WGS 84
// longitude/latitude (KML has no other coordinate system).
//
// It is a small encoder over encoding/xml (escaping included) rather than
// a dependency: wardmap writes only Points, LineStrings and Polygons.
package kml

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"wardmap/gis"
)

// Options tune writing.
type Options struct {
	// Name is the Document's name.
	Name string
	// Public leaves out private fields.
	Public bool
	// Lang chooses the language of titles ("vi" or "en").
	Lang string
}

// Write writes the records as one KML document.
func Write(w io.Writer, fs []*gis.Feature, opt Options) error {
	ew := &errWriter{w: w}
	ew.str(xml.Header)
	ew.str(`<kml xmlns="http://www.opengis.net/kml/2.2"><Document>`)
	ew.elem("name", opt.Name)
	for _, f := range fs {
		s, ok := gis.Lookup(f.Kind)
		if !ok {
			return fmt.Errorf("kml: unknown kind %q", f.Kind)
		}
		ew.str("\n<Placemark id=\"")
		ew.escape("id-" + f.ID)
		ew.str(`">`)
		ew.elem("name", f.Title(opt.Lang))
		ew.str("<ExtendedData>")
		data := func(name, value string) {
			ew.str(`<Data name="`)
			ew.escape(name)
			ew.str(`">`)
			ew.elem("value", value)
			ew.str("</Data>")
		}
		data("id", f.ID)
		for i := range s.Fields {
			fd := &s.Fields[i]
			if opt.Public && fd.Private {
				continue
			}
			if v, ok := f.Attrs[fd.Name]; ok && v != nil {
				data(fd.Name, fd.Format(v))
			}
		}
		data("updated_at", f.UpdatedAt.UTC().Format(time.RFC3339))
		ew.str("</ExtendedData>")
		if err := geometry(ew, f.Geom); err != nil {
			return fmt.Errorf("kml: %s %s: %w", f.Kind, f.ID, err)
		}
		ew.str("</Placemark>")
	}
	ew.str("\n</Document></kml>\n")
	return ew.err
}

func geometry(ew *errWriter, g orb.Geometry) error {
	switch x := g.(type) {
	case nil:
	case orb.Point:
		ew.str("<Point><coordinates>")
		ew.str(coords([]orb.Point{x}))
		ew.str("</coordinates></Point>")
	case orb.LineString:
		ew.str("<LineString><tessellate>1</tessellate><coordinates>")
		ew.str(coords(x))
		ew.str("</coordinates></LineString>")
	case orb.Polygon:
		ew.str("<Polygon>")
		for i, r := range x {
			tag := "innerBoundaryIs"
			if i == 0 {
				tag = "outerBoundaryIs"
			}
			ew.str("<" + tag + "><LinearRing><coordinates>")
			ew.str(coords(r))
			ew.str("</coordinates></LinearRing></" + tag + ">")
		}
		ew.str("</Polygon>")
	default:
		return fmt.Errorf("unsupported geometry %s", g.GeoJSONType())
	}
	return nil
}

// coords writes "lon,lat lon,lat ..." at full precision.
func coords(ps []orb.Point) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.FormatFloat(p[0], 'f', -1, 64))
		b.WriteByte(',')
		b.WriteString(strconv.FormatFloat(p[1], 'f', -1, 64))
	}
	return b.String()
}

// errWriter keeps the first write error.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) str(s string) {
	if e.err == nil {
		_, e.err = io.WriteString(e.w, s)
	}
}

func (e *errWriter) escape(s string) {
	if e.err == nil {
		e.err = xml.EscapeText(e.w, []byte(s))
	}
}

func (e *errWriter) elem(tag, text string) {
	e.str("<" + tag + ">")
	e.escape(text)
	e.str("</" + tag + ">")
}
