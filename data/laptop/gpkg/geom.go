package gpkg

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// The GeoPackage geometry blob (GPKG 1.3 §2.1.3): "GP", version 0, flags,
// srs_id, an optional envelope, then standard WKB. We always write
// little-endian; points carry no envelope (GDAL does the same), other
// geometries carry [minx, maxx, miny, maxy].

const srsWGS84 = 4326

var errBlob = errors.New("gpkg: invalid geometry blob")

// encodeGeom returns the GeoPackage blob of g, or nil for a nil geometry.
func encodeGeom(g orb.Geometry) ([]byte, error) { return encodeGeomSRS(g, srsWGS84) }

// encodeGeomSRS is encodeGeom for another srs_id (standalone exports).
func encodeGeomSRS(g orb.Geometry, srs int32) ([]byte, error) {
	if g == nil {
		return nil, nil
	}
	if buf, ok := encodeLinePolygon(g, srs); ok {
		return buf, nil
	}
	body, err := wkb.Marshal(g, binary.LittleEndian)
	if err != nil {
		return nil, fmt.Errorf("gpkg: encode geometry: %w", err)
	}
	_, isPoint := g.(orb.Point)
	envLen := 32
	flags := byte(0x01 | 0x02) // little-endian, xy envelope
	if isPoint {
		envLen, flags = 0, 0x01
	}
	buf := make([]byte, 8+envLen, 8+envLen+len(body))
	buf[0], buf[1], buf[2], buf[3] = 'G', 'P', 0, flags
	binary.LittleEndian.PutUint32(buf[4:], uint32(srs))
	if !isPoint {
		b := g.Bound()
		for i, v := range []float64{b.Min[0], b.Max[0], b.Min[1], b.Max[1]} {
			binary.LittleEndian.PutUint64(buf[8+8*i:], math.Float64bits(v))
		}
	}
	return append(buf, body...), nil
}

// encodeLinePolygon is encodeGeomSRS for a line or a polygon (an OSM
// import's streets and basemap, most of what bulk loads write), written
// into one buffer of the right size: orb's WKB encoder went through a
// bytes.Buffer and a Write per point, and the blob was then copied again.
// Same bytes (TestEncodeLinePolygonSameAsWKB); false for other shapes.
func encodeLinePolygon(g orb.Geometry, srs int32) ([]byte, bool) {
	var typ uint32
	var n int
	switch g := g.(type) {
	case orb.LineString:
		if g == nil {
			return nil, false
		}
		typ, n = 2, 9+16*len(g)
	case orb.Polygon:
		if g == nil {
			return nil, false
		}
		typ, n = 3, 9
		for _, r := range g {
			n += 4 + 16*len(r)
		}
	default:
		return nil, false
	}
	le := binary.LittleEndian
	buf := make([]byte, 8, 8+32+n)
	buf[0], buf[1], buf[2], buf[3] = 'G', 'P', 0, 0x01|0x02 // little-endian, xy envelope
	le.PutUint32(buf[4:], uint32(srs))
	b := g.Bound()
	for _, v := range []float64{b.Min[0], b.Max[0], b.Min[1], b.Max[1]} {
		buf = le.AppendUint64(buf, math.Float64bits(v))
	}
	buf = append(buf, 1) // WKB little-endian
	buf = le.AppendUint32(buf, typ)
	points := func(ps []orb.Point) {
		buf = le.AppendUint32(buf, uint32(len(ps)))
		for _, p := range ps {
			buf = le.AppendUint64(buf, math.Float64bits(p[0]))
			buf = le.AppendUint64(buf, math.Float64bits(p[1]))
		}
	}
	switch g := g.(type) {
	case orb.LineString:
		points(g)
	case orb.Polygon:
		buf = le.AppendUint32(buf, uint32(len(g)))
		for _, r := range g {
			points(r)
		}
	}
	return buf, true
}

// header describes a blob's header: where the WKB starts and the envelope
// when there is one.
type header struct {
	wkbStart int
	empty    bool
	hasEnv   bool
	env      [4]float64 // minx, maxx, miny, maxy
}

func parseHeader(b []byte) (header, error) {
	if len(b) < 8 || b[0] != 'G' || b[1] != 'P' {
		return header{}, errBlob
	}
	flags := b[3]
	var order binary.ByteOrder = binary.BigEndian
	if flags&0x01 != 0 {
		order = binary.LittleEndian
	}
	h := header{empty: flags&0x10 != 0}
	envLen := map[byte]int{0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags>>1)&0x07]
	if (flags>>1)&0x07 > 4 || len(b) < 8+envLen {
		return header{}, errBlob
	}
	if envLen > 0 {
		h.hasEnv = true
		// Envelope order is minx, maxx, miny, maxy [, z/m...].
		for i := 0; i < 4; i++ {
			h.env[i] = math.Float64frombits(order.Uint64(b[8+8*i:]))
		}
	}
	h.wkbStart = 8 + envLen
	return h, nil
}

// decodeGeom reads a GeoPackage blob (ours or any other writer's).
func decodeGeom(b []byte) (orb.Geometry, error) {
	if b == nil {
		return nil, nil
	}
	h, err := parseHeader(b)
	if err != nil {
		return nil, err
	}
	g, err := wkb.Unmarshal(b[h.wkbStart:])
	if err != nil {
		return nil, fmt.Errorf("gpkg: decode geometry: %w", err)
	}
	return g, nil
}

// envelope returns a blob's bounding box (from the header when present,
// else from the geometry) and whether the geometry is empty.
func envelope(b []byte) (env [4]float64, empty bool, err error) {
	h, err := parseHeader(b)
	if err != nil {
		return env, false, err
	}
	if h.empty {
		return env, true, nil
	}
	if h.hasEnv {
		return h.env, false, nil
	}
	g, err := wkb.Unmarshal(b[h.wkbStart:])
	if err != nil {
		return env, false, fmt.Errorf("gpkg: decode geometry: %w", err)
	}
	if p, ok := g.(orb.Point); ok && (math.IsNaN(p[0]) || math.IsNaN(p[1])) {
		return env, true, nil // WKB's way of writing an empty point
	}
	bd := g.Bound()
	return [4]float64{bd.Min[0], bd.Max[0], bd.Min[1], bd.Max[1]}, false, nil
}
