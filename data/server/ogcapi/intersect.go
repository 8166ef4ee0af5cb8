package ogcapi

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// geomIntersects reports whether g meets the box b (Part 1: a feature is
// in a bbox query when its geometry intersects the box, not only its
// bounding box).
func geomIntersects(g orb.Geometry, b orb.Bound) bool {
	switch g := g.(type) {
	case orb.Point:
		return b.Contains(g)
	case orb.MultiPoint:
		for _, p := range g {
			if b.Contains(p) {
				return true
			}
		}
	case orb.LineString:
		return pathMeets(g, b)
	case orb.Ring:
		return pathMeets(g, b)
	case orb.Polygon:
		if len(g) == 0 {
			return false
		}
		for _, r := range g {
			if pathMeets(r, b) {
				return true
			}
		}
		// No edge meets the box: the box lies wholly inside or outside.
		return planar.PolygonContains(g, b.Min)
	case orb.MultiLineString:
		for _, l := range g {
			if pathMeets(l, b) {
				return true
			}
		}
	case orb.MultiPolygon:
		for _, p := range g {
			if geomIntersects(p, b) {
				return true
			}
		}
	case orb.Collection:
		for _, x := range g {
			if geomIntersects(x, b) {
				return true
			}
		}
	}
	return false
}

// pathMeets reports whether any segment of a path meets the box.
func pathMeets(ps []orb.Point, b orb.Bound) bool {
	if len(ps) == 1 {
		return b.Contains(ps[0])
	}
	for i := 1; i < len(ps); i++ {
		if segmentMeets(ps[i-1], ps[i], b) {
			return true
		}
	}
	return false
}

// segmentMeets clips the segment a–b to the box (Liang–Barsky).
func segmentMeets(a, c orb.Point, b orb.Bound) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := c[0]-a[0], c[1]-a[1]
	for _, e := range [4][2]float64{{-dx, a[0] - b.Min[0]}, {dx, b.Max[0] - a[0]}, {-dy, a[1] - b.Min[1]}, {dy, b.Max[1] - a[1]}} {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return false
			}
			continue
		}
		t := q / p
		if p < 0 {
			if t > t1 {
				return false
			}
			t0 = max(t0, t)
		} else {
			if t < t0 {
				return false
			}
			t1 = min(t1, t)
		}
	}
	return t0 <= t1
}
