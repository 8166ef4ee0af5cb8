package kml

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// Placemark is one placemark read from a KML file: its name, description,
// fields (ExtendedData's Data values and SchemaData's SimpleData, in file
// order) and geometry in WGS 84 longitude/latitude (KML has no other).
type Placemark struct {
	ID          string
	Name        string
	Description string
	Fields      []NameValue
	Geom        orb.Geometry
	// GeomErr says why the geometry could not be read.
	GeomErr error
}

// NameValue is one field of a placemark.
type NameValue struct{ Name, Value string }

type xmlPlacemark struct {
	ID          string       `xml:"id,attr"`
	Name        string       `xml:"name"`
	Description string       `xml:"description"`
	Data        []xmlData    `xml:"ExtendedData>Data"`
	SchemaData  []xmlSchema  `xml:"ExtendedData>SchemaData"`
	Point       *xmlCoords   `xml:"Point"`
	Line        *xmlCoords   `xml:"LineString"`
	Polygon     *xmlPolygon  `xml:"Polygon"`
	Multi       *xmlMultiGeo `xml:"MultiGeometry"`
}

type xmlData struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value"`
}

type xmlSchema struct {
	Simple []struct {
		Name  string `xml:"name,attr"`
		Value string `xml:",chardata"`
	} `xml:"SimpleData"`
}

type xmlCoords struct {
	Coordinates string `xml:"coordinates"`
}

type xmlPolygon struct {
	Outer xmlCoords   `xml:"outerBoundaryIs>LinearRing"`
	Inner []xmlCoords `xml:"innerBoundaryIs>LinearRing"`
}

type xmlMultiGeo struct {
	Points   []xmlCoords   `xml:"Point"`
	Lines    []xmlCoords   `xml:"LineString"`
	Polygons []xmlPolygon  `xml:"Polygon"`
	Multi    []xmlMultiGeo `xml:"MultiGeometry"`
}

// maxKML bounds what is read (a KMZ's document included).
const maxKML = 1 << 30

// Read reads every Placemark of a KML document, or of a KMZ archive's
// main document (doc.kml, else the first .kml at its root), wherever it
// sits in Documents and Folders.
func Read(r io.Reader) ([]Placemark, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxKML+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxKML {
		return nil, fmt.Errorf("kml: lớn hơn 1 GiB (larger than 1 GiB)")
	}
	if bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		if b, err = kmzDoc(b); err != nil {
			return nil, err
		}
	}
	dec := xml.NewDecoder(bytes.NewReader(b))
	var out []Placemark
	sawKML := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("KML hỏng (broken KML) ở dòng %d (at line %d): %v", lineOf(b, dec.InputOffset()), lineOf(b, dec.InputOffset()), err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "kml":
			sawKML = true
		case "Placemark":
			var x xmlPlacemark
			if err := dec.DecodeElement(&x, &se); err != nil {
				return nil, fmt.Errorf("KML hỏng (broken KML) ở dòng %d (at line %d): %v", lineOf(b, dec.InputOffset()), lineOf(b, dec.InputOffset()), err)
			}
			out = append(out, x.placemark())
		}
	}
	if !sawKML {
		return nil, fmt.Errorf("không phải KML (not KML: no <kml> element)")
	}
	return out, nil
}

func lineOf(b []byte, off int64) int {
	return bytes.Count(b[:min(int(off), len(b))], []byte("\n")) + 1
}

func kmzDoc(b []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("KMZ hỏng (broken KMZ): %v", err)
	}
	var pick *zip.File
	for _, f := range zr.File {
		if strings.EqualFold(f.Name, "doc.kml") {
			pick = f
			break
		}
		if pick == nil && strings.EqualFold(path.Ext(f.Name), ".kml") && !strings.Contains(f.Name, "/") {
			pick = f
		}
	}
	if pick == nil {
		return nil, fmt.Errorf("KMZ không có doc.kml (the KMZ holds no doc.kml)")
	}
	rc, err := pick.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	doc, err := io.ReadAll(io.LimitReader(rc, maxKML+1))
	if err != nil {
		return nil, fmt.Errorf("KMZ hỏng (broken KMZ): %v", err)
	}
	if len(doc) > maxKML {
		return nil, fmt.Errorf("kml: lớn hơn 1 GiB (larger than 1 GiB)")
	}
	return doc, nil
}

func (x *xmlPlacemark) placemark() Placemark {
	p := Placemark{ID: x.ID, Name: strings.TrimSpace(x.Name), Description: strings.TrimSpace(x.Description)}
	for _, d := range x.Data {
		p.Fields = append(p.Fields, NameValue(d))
	}
	for _, s := range x.SchemaData {
		for _, d := range s.Simple {
			p.Fields = append(p.Fields, NameValue(d))
		}
	}
	switch {
	case x.Point != nil:
		p.Geom, p.GeomErr = point(x.Point.Coordinates)
	case x.Line != nil:
		p.Geom, p.GeomErr = line(x.Line.Coordinates)
	case x.Polygon != nil:
		p.Geom, p.GeomErr = polygon(x.Polygon)
	case x.Multi != nil:
		p.Geom, p.GeomErr = multi(x.Multi)
	}
	return p
}

// parseCoords reads "lon,lat[,alt] lon,lat[,alt] …" (altitude dropped).
func parseCoords(s string) ([]orb.Point, error) {
	var ps []orb.Point
	for _, tup := range strings.Fields(s) {
		parts := strings.Split(tup, ",")
		if len(parts) < 2 || len(parts) > 3 {
			return nil, fmt.Errorf("tọa độ KML hỏng (broken KML coordinates): %q", tup)
		}
		lon, err1 := strconv.ParseFloat(parts[0], 64)
		lat, err2 := strconv.ParseFloat(parts[1], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("tọa độ KML hỏng (broken KML coordinates): %q", tup)
		}
		ps = append(ps, orb.Point{lon, lat})
	}
	if len(ps) == 0 {
		return nil, fmt.Errorf("KML không có tọa độ (no coordinates)")
	}
	return ps, nil
}

func point(s string) (orb.Geometry, error) {
	ps, err := parseCoords(s)
	if err != nil {
		return nil, err
	}
	if len(ps) != 1 {
		return nil, fmt.Errorf("điểm KML có %d tọa độ (a KML Point with %d coordinates)", len(ps), len(ps))
	}
	return ps[0], nil
}

func line(s string) (orb.Geometry, error) {
	ps, err := parseCoords(s)
	if err != nil {
		return nil, err
	}
	return orb.LineString(ps), nil
}

func polygon(x *xmlPolygon) (orb.Geometry, error) {
	outer, err := parseCoords(x.Outer.Coordinates)
	if err != nil {
		return nil, err
	}
	pg := orb.Polygon{orb.Ring(outer)}
	for _, in := range x.Inner {
		ps, err := parseCoords(in.Coordinates)
		if err != nil {
			return nil, err
		}
		pg = append(pg, orb.Ring(ps))
	}
	return pg, nil
}

// multi flattens a MultiGeometry of one kind into orb's multi type; a
// mix of kinds is an orb.Collection.
func multi(x *xmlMultiGeo) (orb.Geometry, error) {
	var all orb.Collection
	var add func(m *xmlMultiGeo) error
	add = func(m *xmlMultiGeo) error {
		for _, c := range m.Points {
			g, err := point(c.Coordinates)
			if err != nil {
				return err
			}
			all = append(all, g)
		}
		for _, c := range m.Lines {
			g, err := line(c.Coordinates)
			if err != nil {
				return err
			}
			all = append(all, g)
		}
		for i := range m.Polygons {
			g, err := polygon(&m.Polygons[i])
			if err != nil {
				return err
			}
			all = append(all, g)
		}
		for i := range m.Multi {
			if err := add(&m.Multi[i]); err != nil {
				return err
			}
		}
		return nil
	}
	if err := add(x); err != nil {
		return nil, err
	}
	if len(all) == 1 {
		return all[0], nil
	}
	var mp orb.MultiPoint
	var ml orb.MultiLineString
	var mpg orb.MultiPolygon
	for _, g := range all {
		switch g := g.(type) {
		case orb.Point:
			mp = append(mp, g)
		case orb.LineString:
			ml = append(ml, g)
		case orb.Polygon:
			mpg = append(mpg, g)
		}
	}
	switch len(all) {
	case len(mp):
		return mp, nil
	case len(ml):
		return ml, nil
	case len(mpg):
		return mpg, nil
	}
	return all, nil
}
