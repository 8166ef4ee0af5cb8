// Package shapefile reads ESRI Shapefiles (ESRI Shapefile Technical
// Description, July 1998): the geometry of the .shp, the attributes of the
// .dbf in the encoding its .cpg, its language driver or the caller names,
// and the .prj text, handed on as it is for the caller to resolve.
//
// It is ours rather than a dependency: the geometry part of the format is
// a 100-byte header and length-prefixed records (a few hundred lines),
// the one Go library for it (github.com/jonas-p/go-shp) is not served by
// the module proxy this project builds from and has its own geometry
// types, and the part that needs care, the DBF text in Windows-1258, TCVN3
// and VNI, has to be ours anyway (data/formats/vnenc).
package shapefile

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// Shape types of the specification. Z and M variants are read as 2-D
// (wardmap stores longitude and latitude only).
const (
	typeNull        = 0
	typePoint       = 1
	typePolyLine    = 3
	typePolygon     = 5
	typeMultiPoint  = 8
	typeMultiPatch  = 31
	headerSize      = 100
	maxParts        = 1 << 20
	maxPointsRecord = 1 << 26
)

// ShapeType names a shape type.
func ShapeType(t int) string {
	switch base(t) {
	case typeNull:
		return "Null"
	case typePoint:
		return "Point"
	case typePolyLine:
		return "PolyLine"
	case typePolygon:
		return "Polygon"
	case typeMultiPoint:
		return "MultiPoint"
	case typeMultiPatch:
		return "MultiPatch"
	}
	return fmt.Sprintf("type %d", t)
}

// base maps the Z (+10) and M (+20) variants onto the plain type.
func base(t int) int {
	switch t {
	case 11, 21:
		return typePoint
	case 13, 23:
		return typePolyLine
	case 15, 25:
		return typePolygon
	case 18, 28:
		return typeMultiPoint
	}
	return t
}

// Shape is one record of a .shp file: its geometry, or why it could not
// be read (a record error, not a file error: the other records are fine).
type Shape struct {
	Geom orb.Geometry // nil for a Null shape
	Err  error
}

// readSHP reads every record of a .shp file held in b.
func readSHP(b []byte) (shapeType int, shapes []Shape, err error) {
	if len(b) < headerSize {
		return 0, nil, fmt.Errorf("tệp .shp ngắn hơn phần đầu 100 byte (the .shp is shorter than its 100-byte header)")
	}
	if code := binary.BigEndian.Uint32(b[0:]); code != 9994 {
		return 0, nil, fmt.Errorf("không phải tệp .shp (not a .shp file: file code %d, want 9994)", code)
	}
	shapeType = int(binary.LittleEndian.Uint32(b[32:]))
	if n := int64(binary.BigEndian.Uint32(b[24:])) * 2; n < int64(len(b)) && n >= headerSize {
		b = b[:n] // the file length the header gives; trailing bytes are not records
	}
	for off := headerSize; off < len(b); {
		if len(b)-off < 8 {
			return shapeType, shapes, fmt.Errorf("bản ghi %d của .shp bị cắt cụt (record %d of the .shp is truncated)", len(shapes)+1, len(shapes)+1)
		}
		n := int(binary.BigEndian.Uint32(b[off+4:])) * 2
		if n < 4 || n > len(b)-off-8 {
			return shapeType, shapes, fmt.Errorf("bản ghi %d của .shp có độ dài sai (record %d of the .shp has a bad length %d)", len(shapes)+1, len(shapes)+1, n)
		}
		g, err := readShape(b[off+8 : off+8+n])
		shapes = append(shapes, Shape{Geom: g, Err: err})
		off += 8 + n
	}
	return shapeType, shapes, nil
}

// rec reads little-endian values from one record's content, remembering
// the first short read.
type rec struct {
	b   []byte
	off int
	bad bool
}

func (r *rec) i32() int {
	if r.off+4 > len(r.b) {
		r.bad = true
		return 0
	}
	v := int32(binary.LittleEndian.Uint32(r.b[r.off:]))
	r.off += 4
	return int(v)
}

func (r *rec) f64() float64 {
	if r.off+8 > len(r.b) {
		r.bad = true
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(r.b[r.off:]))
	r.off += 8
	return v
}

func (r *rec) point() orb.Point { return orb.Point{r.f64(), r.f64()} }

var errShort = fmt.Errorf("bản ghi hình học bị cắt cụt (the shape record is truncated)")

func readShape(b []byte) (orb.Geometry, error) {
	r := &rec{b: b}
	t := r.i32()
	switch base(t) {
	case typeNull:
		return nil, nil
	case typePoint:
		p := r.point()
		if r.bad {
			return nil, errShort
		}
		return p, nil
	case typeMultiPoint:
		r.off += 32 // bounding box
		n := r.i32()
		if r.bad || n < 0 || n > (len(b)-r.off)/16 {
			return nil, errShort
		}
		mp := make(orb.MultiPoint, n)
		for i := range mp {
			mp[i] = r.point()
		}
		return mp, nil
	case typePolyLine, typePolygon:
		parts, err := readParts(r)
		if err != nil {
			return nil, err
		}
		if base(t) == typePolyLine {
			return lines(parts), nil
		}
		return polygons(parts), nil
	}
	return nil, fmt.Errorf("kiểu hình %s không được hỗ trợ (shape type %s is not supported)", ShapeType(t), ShapeType(t))
}

// readParts reads the parts of a PolyLine or Polygon record (its Z and M
// arrays, after the points, are left unread).
func readParts(r *rec) ([][]orb.Point, error) {
	r.off += 32 // bounding box
	np, n := r.i32(), r.i32()
	if r.bad || np < 1 || n < 1 || np > maxParts || n > maxPointsRecord || np > n || r.off+4*np+16*n > len(r.b) {
		return nil, fmt.Errorf("bản ghi hình học hỏng (a broken shape record: %d parts, %d points in %d bytes)", np, n, len(r.b))
	}
	starts := make([]int, np+1)
	for i := 0; i < np; i++ {
		starts[i] = r.i32()
	}
	starts[np] = n
	pts := make([]orb.Point, n)
	for i := range pts {
		pts[i] = r.point()
	}
	parts := make([][]orb.Point, 0, np)
	for i := 0; i < np; i++ {
		s, e := starts[i], starts[i+1]
		if s < 0 || e > n || s >= e {
			return nil, fmt.Errorf("bản ghi hình học hỏng (a broken shape record: part %d spans points %d..%d of %d)", i+1, s, e, n)
		}
		parts = append(parts, pts[s:e:e])
	}
	return parts, nil
}

func lines(parts [][]orb.Point) orb.Geometry {
	if len(parts) == 1 {
		return orb.LineString(parts[0])
	}
	ml := make(orb.MultiLineString, len(parts))
	for i, p := range parts {
		ml[i] = orb.LineString(p)
	}
	return ml
}

// polygons groups rings into polygons as the specification says: an outer
// ring is clockwise, a hole counter-clockwise, and a hole belongs to the
// smallest outer ring that holds it. Rings are turned to the orientation
// GeoJSON (RFC 7946) and orb use: outer counter-clockwise, holes
// clockwise. A hole inside no outer ring becomes a polygon of its own (as
// GDAL does), not lost.
func polygons(parts [][]orb.Point) orb.Geometry {
	var outers []orb.Polygon
	var holes []orb.Ring
	for _, p := range parts {
		ring := orb.Ring(p)
		if ring.Orientation() == orb.CW {
			outers = append(outers, orb.Polygon{ring})
		} else {
			holes = append(holes, ring)
		}
	}
	for _, h := range holes {
		best, bestArea := -1, math.Inf(1)
		for i, o := range outers {
			if !holeIn(o[0], h) {
				continue
			}
			if a := math.Abs(area(o[0])); a < bestArea {
				best, bestArea = i, a
			}
		}
		if best < 0 {
			outers = append(outers, orb.Polygon{reverse(h)})
			continue
		}
		outers[best] = append(outers[best], h)
	}
	for _, pg := range outers {
		reverseInPlace(pg[0])
		for _, h := range pg[1:] {
			reverseInPlace(h)
		}
	}
	if len(outers) == 1 {
		return outers[0]
	}
	return orb.MultiPolygon(outers)
}

func reverse(r orb.Ring) orb.Ring {
	out := append(orb.Ring(nil), r...)
	reverseInPlace(out)
	return out
}

func reverseInPlace(r orb.Ring) {
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
}

func area(r orb.Ring) float64 {
	var s float64
	for i := 0; i+1 < len(r); i++ {
		s += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return s / 2
}

// holeIn reports whether hole h lies in shell r: some vertex of h is
// inside r (a hole may touch its shell at a vertex, so the first one is
// not enough).
func holeIn(r, h orb.Ring) bool {
	for _, p := range h {
		if inRing(r, p) {
			return true
		}
	}
	return false
}

// inRing is the even-odd test of p against ring r.
func inRing(r orb.Ring, p orb.Point) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, b := r[i], r[j]
		if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0]-a[0])*(p[1]-a[1])/(b[1]-a[1])+a[0] {
			in = !in
		}
	}
	return in
}
