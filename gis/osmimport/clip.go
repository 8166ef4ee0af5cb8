package osmimport

import (
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// boundary is the clip area, with its edges kept flat for crossing tests.
// Coordinates are treated as planar lon/lat: across a ward the error of
// a straight chord against a geodesic is far below a millimetre.
type boundary struct {
	mp    orb.MultiPolygon
	bound orb.Bound
	edges []edge
}

type edge struct {
	a, b orb.Point
	bb   orb.Bound
}

// newBoundary checks and prepares Options.Boundary; nil means no clip.
func newBoundary(g orb.Geometry) (*boundary, error) {
	var mp orb.MultiPolygon
	switch g := g.(type) {
	case nil:
		return nil, nil
	case orb.Polygon:
		mp = orb.MultiPolygon{g}
	case orb.MultiPolygon:
		mp = g
	default:
		return nil, ErrBoundary
	}
	if len(mp) == 0 || len(mp[0]) == 0 || len(mp[0][0]) < 4 {
		return nil, ErrBoundary
	}
	b := &boundary{mp: mp, bound: mp.Bound()}
	for _, poly := range mp {
		for _, ring := range poly {
			for i := 1; i < len(ring); i++ {
				e := edge{a: ring[i-1], b: ring[i]}
				e.bb = orb.Bound{Min: e.a, Max: e.a}.Extend(e.b)
				b.edges = append(b.edges, e)
			}
		}
	}
	return b, nil
}

func (b *boundary) contains(p orb.Point) bool {
	return b.bound.Contains(p) && planar.MultiPolygonContains(b.mp, p)
}

// touches reports whether a polygon has a vertex inside the boundary or
// covers it entirely; such polygons are kept whole.
func (b *boundary) touches(poly orb.Polygon) bool {
	if !poly.Bound().Intersects(b.bound) {
		return false
	}
	for _, p := range poly[0] {
		if b.contains(p) {
			return true
		}
	}
	return planar.PolygonContains(poly, b.mp[0][0][0])
}

// clip cuts a polyline where it crosses the boundary and returns the pieces
// inside, in order. Crossing points get ids from newID, in order along the
// line, so the ids are deterministic. A piece is kept or dropped by testing
// the midpoint of each stretch between crossings.
func (b *boundary) clip(vs []vertex, newID func() (int64, error)) ([][]vertex, error) {
	lb := orb.Bound{Min: vs[0].p, Max: vs[0].p}
	for _, v := range vs[1:] {
		lb = lb.Extend(v.p)
	}
	if !lb.Intersects(b.bound) {
		return nil, nil
	}
	dense, err := b.withCrossings(vs, newID)
	if err != nil {
		return nil, err
	}
	var pieces [][]vertex
	var cur []vertex
	for i := 1; i < len(dense); i++ {
		a, c := dense[i-1], dense[i]
		mid := orb.Point{(a.p[0] + c.p[0]) / 2, (a.p[1] + c.p[1]) / 2}
		if !b.contains(mid) {
			if len(cur) >= 2 {
				pieces = append(pieces, cur)
			}
			cur = nil
			continue
		}
		if len(cur) == 0 {
			cur = append(cur, a)
		}
		cur = append(cur, c)
	}
	if len(cur) >= 2 {
		pieces = append(pieces, cur)
	}
	return pieces, nil
}

// withCrossings returns vs with the boundary crossings inserted.
func (b *boundary) withCrossings(vs []vertex, newID func() (int64, error)) ([]vertex, error) {
	out := make([]vertex, 0, len(vs))
	out = append(out, vs[0])
	for i := 1; i < len(vs); i++ {
		ts := b.crossings(vs[i-1].p, vs[i].p)
		for _, t := range ts {
			id, err := newID()
			if err != nil {
				return nil, err
			}
			p, q := vs[i-1].p, vs[i].p
			out = append(out, vertex{id, orb.Point{p[0] + t*(q[0]-p[0]), p[1] + t*(q[1]-p[1])}})
		}
		out = append(out, vs[i])
	}
	return out, nil
}

// crossingEps keeps crossings off the segment's own ends: a vertex lying on
// the boundary is the cut itself and keeps its OSM id.
const crossingEps = 1e-9

// crossings returns the sorted parameters t in (0,1) where p→q crosses a
// boundary edge.
func (b *boundary) crossings(p, q orb.Point) []float64 {
	sb := orb.Bound{Min: p, Max: p}.Extend(q)
	if !sb.Intersects(b.bound) {
		return nil
	}
	var ts []float64
	for _, e := range b.edges {
		if !sb.Intersects(e.bb) {
			continue
		}
		if t, ok := intersect(p, q, e.a, e.b); ok && t > crossingEps && t < 1-crossingEps {
			ts = append(ts, t)
		}
	}
	slices.Sort(ts)
	return slices.Compact(ts)
}

// intersect returns where p→q meets a→c, as a fraction of p→q. Parallel
// segments never count: a street running along the boundary is decided by
// the midpoint test.
func intersect(p, q, a, c orb.Point) (float64, bool) {
	r := orb.Point{q[0] - p[0], q[1] - p[1]}
	s := orb.Point{c[0] - a[0], c[1] - a[1]}
	den := cross(r, s)
	if den == 0 {
		return 0, false
	}
	ap := orb.Point{a[0] - p[0], a[1] - p[1]}
	t := cross(ap, s) / den
	u := cross(ap, r) / den
	if t < 0 || t > 1 || u < 0 || u > 1 {
		return 0, false
	}
	return t, true
}

func cross(a, b orb.Point) float64 { return a[0]*b[1] - a[1]*b[0] }
