package gpkg

import (
	"bytes"
	"encoding/binary"
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// encodeGeomSRS through orb's WKB encoder, as it was before the fast path.
func encodeGeomViaWKB(t *testing.T, g orb.Geometry, srs int32) []byte {
	t.Helper()
	body, err := wkb.Marshal(g, binary.LittleEndian)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 8+32, 8+32+len(body))
	buf[0], buf[1], buf[2], buf[3] = 'G', 'P', 0, 0x03
	binary.LittleEndian.PutUint32(buf[4:], uint32(srs))
	b := g.Bound()
	for i, v := range []float64{b.Min[0], b.Max[0], b.Min[1], b.Max[1]} {
		binary.LittleEndian.PutUint64(buf[8+8*i:], math.Float64bits(v))
	}
	return append(buf, body...)
}

// The line and polygon fast path writes the same bytes as orb's encoder.
func TestEncodeLinePolygonSameAsWKB(t *testing.T) {
	ring := orb.Ring{{106.6, 20.8}, {106.61, 20.8}, {106.61, 20.81}, {106.6, 20.8}}
	hole := orb.Ring{{106.602, 20.801}, {106.605, 20.801}, {106.605, 20.803}, {106.602, 20.801}}
	for _, g := range []orb.Geometry{
		orb.LineString{{106.6, 20.8}, {106.6000001, 20.8000001}},
		orb.LineString{{-1.5, 42.5}, {1.7, -42.6}, {math.Nextafter(1, 2), 0}},
		orb.LineString{},
		orb.Polygon{ring},
		orb.Polygon{ring, hole},
		orb.Polygon{},
		orb.Polygon{orb.Ring{}},
	} {
		for _, srs := range []int32{srsWGS84, 9210} {
			got, ok := encodeLinePolygon(g, srs)
			if !ok {
				t.Fatalf("%T not taken by the fast path", g)
			}
			if want := encodeGeomViaWKB(t, g, srs); !bytes.Equal(got, want) {
				t.Errorf("%v (srs %d):\n got  %x\n want %x", g, srs, got, want)
			}
			back, err := decodeGeom(got)
			if err != nil || !orb.Equal(back, g) && len(got) > 8+32+9 {
				t.Errorf("%v does not decode back: %v, %v", g, back, err)
			}
		}
	}
	for _, g := range []orb.Geometry{orb.Point{1, 2}, orb.MultiPolygon{}, orb.LineString(nil), orb.Polygon(nil)} {
		if _, ok := encodeLinePolygon(g, srsWGS84); ok {
			t.Errorf("%T (%v) taken by the fast path", g, g)
		}
	}
}
