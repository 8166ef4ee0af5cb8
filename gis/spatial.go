package gis

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Spatial predicates the store and the map apply after the R-tree has
// narrowed the candidates to those whose bounding box matches.

// IntersectsBound reports whether g shares any point with the box b.
func IntersectsBound(g orb.Geometry, b orb.Bound) bool {
	switch g := g.(type) {
	case orb.Point:
		return b.Contains(g)
	case orb.LineString:
		return lineIntersectsBound(g, b)
	case orb.Polygon:
		if len(g) == 0 {
			return false
		}
		if lineIntersectsBound(orb.LineString(g[0]), b) {
			return true
		}
		// The box may lie wholly inside the polygon (but not in a hole).
		return planar.PolygonContains(g, b.Center())
	case nil:
		return false
	}
	return g.Bound().Intersects(b)
}

func lineIntersectsBound(ls orb.LineString, b orb.Bound) bool {
	if !ls.Bound().Intersects(b) {
		return false
	}
	for _, p := range ls {
		if b.Contains(p) {
			return true
		}
	}
	corners := [4]orb.Point{b.Min, {b.Max[0], b.Min[1]}, b.Max, {b.Min[0], b.Max[1]}}
	for i := 1; i < len(ls); i++ {
		for k := 0; k < 4; k++ {
			if segmentsTouch(ls[i-1], ls[i], corners[k], corners[(k+1)%4]) {
				return true
			}
		}
	}
	return false
}

// Within reports whether g lies inside the polygon: a point inside it, a
// line or polygon with every vertex inside it.
func Within(g orb.Geometry, poly orb.Polygon) bool {
	switch g := g.(type) {
	case orb.Point:
		return planar.PolygonContains(poly, g)
	case orb.LineString:
		return allInside(g, poly)
	case orb.Polygon:
		return len(g) > 0 && allInside(orb.LineString(g[0]), poly)
	}
	return false
}

func allInside(ls orb.LineString, poly orb.Polygon) bool {
	for _, p := range ls {
		if !planar.PolygonContains(poly, p) {
			return false
		}
	}
	return len(ls) > 0
}

const earthRadius = 6371008.8 // mean radius, metres

// MetresPerDegree is the local equirectangular scale at latitude lat
// (degrees): metres per degree of longitude (kx) and of latitude (ky) on
// the WGS 84 ellipsoid. It is the one scale every local metric plane of the
// project uses (a ward spans a few km, where it is exact to a few ppm; the
// sphere would be 0.4% short north–south at 21°N).
func MetresPerDegree(lat float64) (kx, ky float64) {
	φ := lat * math.Pi / 180
	kx = 111412.84*math.Cos(φ) - 93.5*math.Cos(3*φ) + 0.118*math.Cos(5*φ)
	ky = 111132.954 - 559.822*math.Cos(2*φ) + 1.175*math.Cos(4*φ)
	return kx, ky
}

// DistanceM is the distance in metres from p to the nearest point of g,
// zero inside a polygon. It works in a local equirectangular projection
// around p, accurate to well under 0.1% at a ward's scale.
func DistanceM(g orb.Geometry, p orb.Point) float64 {
	kx, ky := MetresPerDegree(p[1])
	local := func(q orb.Point) orb.Point { return orb.Point{(q[0] - p[0]) * kx, (q[1] - p[1]) * ky} }
	switch g := g.(type) {
	case orb.Point:
		return math.Hypot((g[0]-p[0])*kx, (g[1]-p[1])*ky)
	case orb.LineString:
		return lineDistance(g, local)
	case orb.Polygon:
		if planar.PolygonContains(g, p) {
			return 0
		}
		d := math.Inf(1)
		for _, r := range g {
			d = math.Min(d, lineDistance(orb.LineString(r), local))
		}
		return d
	}
	return math.Inf(1)
}

func lineDistance(ls orb.LineString, local func(orb.Point) orb.Point) float64 {
	if len(ls) == 1 {
		q := local(ls[0])
		return math.Hypot(q[0], q[1])
	}
	d := math.Inf(1)
	for i := 1; i < len(ls); i++ {
		d = math.Min(d, segmentOriginDistance(local(ls[i-1]), local(ls[i])))
	}
	return d
}

// segmentOriginDistance is the distance from the origin to segment ab.
func segmentOriginDistance(a, b orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	l2 := dx*dx + dy*dy
	t := 0.0
	if l2 > 0 {
		t = math.Max(0, math.Min(1, -(a[0]*dx+a[1]*dy)/l2))
	}
	return math.Hypot(a[0]+t*dx, a[1]+t*dy)
}

// MetresToDegrees returns the longitude and latitude spans of a distance
// at latitude lat: what a search window of r metres covers.
func MetresToDegrees(r, lat float64) (dLon, dLat float64) {
	// Kept on the mean-radius sphere, not MetresPerDegree: app's drawing
	// tests lay out "20 m × 20 m" with it and read the area back through
	// orb's geo.Area (a sphere too, as gis.Derive's area_m2); on the
	// ellipsoid that square shows 402.0 m² instead of 400.9.
	dLat = r / (earthRadius * math.Pi / 180)
	dLon = dLat / math.Max(math.Cos(lat*math.Pi/180), 1e-6)
	return dLon, dLat
}
