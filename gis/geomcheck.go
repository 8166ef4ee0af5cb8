package gis

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// GeomError says what is wrong with a geometry, in Vietnamese and English.
type GeomError struct{ VI, EN string }

func (e *GeomError) Error() string { return e.VI + " (" + e.EN + ")" }

func geomErrorf(vi, en string, args ...any) *GeomError {
	return &GeomError{VI: fmt.Sprintf(vi, args...), EN: fmt.Sprintf(en, args...)}
}

// CheckGeometry checks that coordinates are finite WGS 84 longitudes and
// latitudes, that a line has two distinct points, and that a polygon is
// valid in the OGC simple-features sense: closed rings of at least four
// points, none crossing itself or another ring, a non-zero area, holes
// inside the shell.
func CheckGeometry(g orb.Geometry) error {
	switch g := g.(type) {
	case orb.Point:
		return checkPoint(g, 0)
	case orb.LineString:
		return checkLine(g)
	case orb.Polygon:
		return checkPolygon(g)
	case nil:
		return geomErrorf("hình học rỗng", "empty geometry")
	}
	return geomErrorf("kiểu hình học %s không được hỗ trợ", "geometry type %s is not supported", g.GeoJSONType())
}

func checkPoint(p orb.Point, i int) error {
	lon, lat := p[0], p[1]
	if math.IsNaN(lon) || math.IsNaN(lat) || math.IsInf(lon, 0) || math.IsInf(lat, 0) {
		return geomErrorf("tọa độ thứ %d không phải số", "coordinate %d is not a number", i+1)
	}
	if lon < -180 || lon > 180 || lat < -90 || lat > 90 {
		return geomErrorf("tọa độ thứ %d (%g, %g) ngoài phạm vi kinh độ ±180, vĩ độ ±90",
			"coordinate %d (%g, %g) is outside longitude ±180, latitude ±90", i+1, lon, lat)
	}
	return nil
}

func checkLine(ls orb.LineString) error {
	for i, p := range ls {
		if err := checkPoint(p, i); err != nil {
			return err
		}
	}
	for i := 1; i < len(ls); i++ {
		if ls[i] != ls[0] {
			return nil
		}
	}
	return geomErrorf("đường cần ít nhất hai điểm khác nhau", "a line needs at least two distinct points")
}

func checkPolygon(p orb.Polygon) error {
	if len(p) == 0 {
		return geomErrorf("vùng không có đường bao", "polygon has no ring")
	}
	for ri, r := range p {
		if err := checkRing(r, ri); err != nil {
			return err
		}
	}
	for i := 0; i < len(p); i++ {
		for j := i + 1; j < len(p); j++ {
			if ringsCross(p[i], p[j]) {
				return geomErrorf("đường bao %d và %d cắt nhau", "rings %d and %d cross", i+1, j+1)
			}
		}
		if i > 0 && !planar.RingContains(p[0], p[i][0]) {
			return geomErrorf("lỗ %d nằm ngoài vùng", "hole %d lies outside the shell", i)
		}
	}
	return nil
}

func checkRing(r orb.Ring, ri int) error {
	for i, pt := range r {
		if err := checkPoint(pt, i); err != nil {
			return err
		}
	}
	if len(r) < 4 {
		return geomErrorf("đường bao %d cần ít nhất 3 đỉnh", "ring %d needs at least 3 vertices", ri+1)
	}
	if !r.Closed() {
		return geomErrorf("đường bao %d không khép kín", "ring %d is not closed", ri+1)
	}
	if i, j, ok := selfIntersection(r); ok {
		return geomErrorf("đường bao %d tự cắt (cạnh %d và %d)", "ring %d intersects itself (edges %d and %d)", ri+1, i+1, j+1)
	}
	if planar.Area(r) == 0 {
		return geomErrorf("đường bao %d có diện tích bằng 0", "ring %d has zero area", ri+1)
	}
	return nil
}

// selfIntersection finds two edges of a closed ring that touch other than
// at a shared vertex of neighbours. Rings a ward draws have tens to a few
// hundred vertices, so the quadratic scan is fine.
func selfIntersection(r orb.Ring) (int, int, bool) {
	n := len(r) - 1 // edges
	if n > sweepMin && !anyEdgesTouch(r, n) {
		return 0, 0, false
	}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			adjacent := j == i+1 || (i == 0 && j == n-1)
			if adjacent {
				if collinearOverlap(r[i], r[i+1], r[j], r[j+1]) {
					return i, j, true
				}
				continue
			}
			if segmentsTouch(r[i], r[i+1], r[j], r[j+1]) {
				return i, j, true
			}
		}
	}
	return 0, 0, false
}

// sweepMin is the edges past which selfIntersection first sweeps for any
// touching pair: an OSM basemap polygon (a forest, a park) has thousands
// of vertices, and the quadratic scan of each was 15% of an Andorra import.
const sweepMin = 32

// anyEdgesTouch reports whether two edges of r would be reported by
// selfIntersection's scan, comparing only edges whose x ranges overlap
// (two segments that share a point do): the same pairs tested, found in
// ~n log n instead of n². Only an answer of true needs the scan, to name
// the first pair in its order.
func anyEdgesTouch(r orb.Ring, n int) bool {
	type span struct {
		lo, hi float64
		i      int
	}
	xs := make([]span, n)
	for i := range n {
		lo, hi := r[i][0], r[i+1][0]
		if lo > hi {
			lo, hi = hi, lo
		}
		// A hair wider than the edge: a pair the rounding of orient might
		// call touching is still compared.
		pad := 1e-9 * (math.Abs(hi) + 1)
		xs[i] = span{lo - pad, hi + pad, i}
	}
	slices.SortFunc(xs, func(a, b span) int { return cmp.Compare(a.lo, b.lo) })
	for k, e := range xs {
		for _, f := range xs[k+1:] {
			if f.lo > e.hi {
				break
			}
			i, j := min(e.i, f.i), max(e.i, f.i)
			if j == i+1 || (i == 0 && j == n-1) {
				if collinearOverlap(r[i], r[i+1], r[j], r[j+1]) {
					return true
				}
				continue
			}
			if segmentsTouch(r[i], r[i+1], r[j], r[j+1]) {
				return true
			}
		}
	}
	return false
}

func ringsCross(a, b orb.Ring) bool {
	if ba, bb := a.Bound(), b.Bound(); !ba.Pad(1e-9 * (math.Abs(ba.Max[0]) + math.Abs(ba.Max[1]) + 1)).Intersects(bb) {
		return false // no edge of one can touch an edge of the other
	}
	for i := 0; i+1 < len(a); i++ {
		for j := 0; j+1 < len(b); j++ {
			if segmentsTouch(a[i], a[i+1], b[j], b[j+1]) {
				return true
			}
		}
	}
	return false
}

func orient(a, b, c orb.Point) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
}

func onSegment(a, b, p orb.Point) bool {
	return math.Min(a[0], b[0]) <= p[0] && p[0] <= math.Max(a[0], b[0]) &&
		math.Min(a[1], b[1]) <= p[1] && p[1] <= math.Max(a[1], b[1])
}

// segmentsTouch reports whether segments ab and cd share any point.
func segmentsTouch(a, b, c, d orb.Point) bool {
	o1, o2 := orient(a, b, c), orient(a, b, d)
	o3, o4 := orient(c, d, a), orient(c, d, b)
	if ((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0)) {
		return true
	}
	return (o1 == 0 && onSegment(a, b, c)) || (o2 == 0 && onSegment(a, b, d)) ||
		(o3 == 0 && onSegment(c, d, a)) || (o4 == 0 && onSegment(c, d, b))
}

// collinearOverlap reports whether two edges sharing a vertex fold back
// over each other (a spike), which makes the ring invalid.
func collinearOverlap(a, b, c, d orb.Point) bool {
	if orient(a, b, c) != 0 || orient(a, b, d) != 0 {
		return false
	}
	// Shared vertex is b==c (consecutive) or a==d (first and last edge).
	var shared, p, q orb.Point
	switch {
	case b == c:
		shared, p, q = b, a, d
	case a == d:
		shared, p, q = a, b, c
	default:
		return true
	}
	dot := (p[0]-shared[0])*(q[0]-shared[0]) + (p[1]-shared[1])*(q[1]-shared[1])
	return dot > 0
}
