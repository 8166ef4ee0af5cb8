package render

import (
	"math"

	"github.com/paulmach/orb"
)

// Stroking turns lines into polygons for the pass: one quad per segment and,
// for lines wide enough to show them, a round disc at every vertex, which
// makes round joins and caps. Quads and discs overlap; the pass unions them
// because they all wind the same way (negative area, y down).

// Joins and caps by width: from roundFrom pixels a line is a quad per
// segment with a disc at every vertex (round joins and caps). From
// mitreFrom it is one polygon, its outline offset to both sides with mitred
// joins and squared ends: a third of the edges, and at those widths it
// looks the same. Thinner lines are a bare quad per segment.
const (
	roundFrom = 8.0
	mitreFrom = 1.5
	// mitreLimit is the longest mitre, in half-widths, before a sharp bend
	// splits the line instead.
	mitreLimit = 2.5
)

// strokeLine adds the line through pixel points pts, w pixels wide.
func (p *pass) strokeLine(pts []orb.Point, w float64) {
	hw := w / 2
	switch {
	case w >= roundFrom:
		for i := 1; i < len(pts); i++ {
			p.quad(pts[i-1], pts[i], hw)
		}
		for _, q := range pts {
			p.disc(q[0], q[1], hw)
		}
	case w >= mitreFrom:
		p.mitred(pts, hw)
	default:
		for i := 1; i < len(pts); i++ {
			p.quad(pts[i-1], pts[i], hw)
		}
	}
}

// mitred adds the outline of the line: left offsets forward, right offsets
// back. A bend sharper than mitreLimit allows ends the piece there and
// starts another. Each vertex's offset is computed once.
func (p *pass) mitred(pts []orb.Point, hw float64) {
	offs := p.offs[:0]
	start := 0
	for i := 0; i < len(pts); i++ {
		if i > 0 && i < len(pts)-1 {
			if mx, my, ok := mitre(pts[i-1], pts[i], pts[i+1], hw); ok {
				offs = append(offs, orb.Point{mx, my})
				continue
			}
			// too sharp: end the piece here and start the next
			offs = append(offs, endOffset(pts[i-1], pts[i], hw, false))
			p.outline(pts[start:i+1], offs)
			start, offs = i, append(offs[:0], endOffset(pts[i], pts[i+1], hw, true))
			continue
		}
		if i == 0 {
			offs = append(offs, endOffset(pts[0], pts[1], hw, true))
		} else {
			offs = append(offs, endOffset(pts[i-1], pts[i], hw, false))
		}
	}
	p.outline(pts[start:], offs)
	p.offs = offs
}

// outline adds one mitred piece given each vertex's left offset.
func (p *pass) outline(pts []orb.Point, offs []orb.Point) {
	n := len(pts)
	if n < 2 {
		return
	}
	p.begin()
	for i := 0; i < n; i++ {
		p.add(pts[i][0]+offs[i][0], pts[i][1]+offs[i][1])
	}
	for i := n - 1; i >= 0; i-- {
		p.add(pts[i][0]-offs[i][0], pts[i][1]-offs[i][1])
	}
	p.end()
}

// endOffset is the left offset at an end of segment a→b, pushed hw
// outwards along the line (square caps): at a when first, else at b.
func endOffset(a, b orb.Point, hw float64, first bool) orb.Point {
	nx, ny, _ := normal(a, b, hw)
	if first {
		return orb.Point{nx - ny, ny + nx} // normal plus hw backwards (-direction)
	}
	return orb.Point{nx + ny, ny - nx} // normal plus hw forwards
}

// mitre is the left offset at b where a→b meets b→c, and false when the
// bend is too sharp for a mitre of at most mitreLimit half-widths.
func mitre(a, b, c orb.Point, hw float64) (float64, float64, bool) {
	n1x, n1y, ok1 := normal(a, b, hw)
	n2x, n2y, ok2 := normal(b, c, hw)
	if !ok1 || !ok2 {
		return n1x + n2x, n1y + n2y, false
	}
	sx, sy := n1x+n2x, n1y+n2y
	// the mitre lies along n1+n2 and projects onto n1 as hw
	d := (sx*n1x + sy*n1y) / hw
	if d <= 0 {
		return 0, 0, false
	}
	k := hw / d
	if k > mitreLimit {
		return 0, 0, false
	}
	return sx * k, sy * k, true
}

// normal is the left normal of a→b scaled to hw, and false for a zero-length
// segment.
func normal(a, b orb.Point, hw float64) (float64, float64, bool) {
	dx, dy := b[0]-a[0], b[1]-a[1]
	l := math.Sqrt(dx*dx + dy*dy)
	if l == 0 {
		return 0, 0, false
	}
	return -dy / l * hw, dx / l * hw, true
}

// quad adds the rectangle of half-width hw around segment a→b.
func (p *pass) quad(a, b orb.Point, hw float64) {
	nx, ny, ok := normal(a, b, hw)
	if !ok {
		return
	}
	p.begin()
	p.add(a[0]+nx, a[1]+ny)
	p.add(b[0]+nx, b[1]+ny)
	p.add(b[0]-nx, b[1]-ny)
	p.add(a[0]-nx, a[1]-ny)
	p.end()
}

// disc adds a circle of radius r as a polygon, clockwise on screen like
// the quads. It has as few sides as keep it within a third of a pixel of
// the circle: wide streets have a disc at every vertex, and each side
// costs the rasterizer a row walk.
func (p *pass) disc(cx, cy, r float64) {
	n := 6
	if r > 1/3.0 {
		n = max(6, min(32, int(math.Ceil(math.Pi/math.Acos(1-1/(3*r))))))
	}
	p.begin()
	for _, u := range unitCircle(n) {
		p.add(cx+r*u[0], cy+r*u[1])
	}
	p.end()
}

// unitCircles caches the vertices of n-gons on the unit circle, clockwise
// on screen; discs are drawn by the thousand.
var unitCircles [33][]orb.Point

func init() {
	for n := 3; n < len(unitCircles); n++ {
		for i := 0; i < n; i++ {
			a := -2 * math.Pi * float64(i) / float64(n)
			unitCircles[n] = append(unitCircles[n], orb.Point{math.Cos(a), math.Sin(a)})
		}
	}
}

func unitCircle(n int) []orb.Point { return unitCircles[n] }

// fillPolygon adds a polygon in pixel points; the shell is made to wind
// like the quads and the holes the other way, whatever the source did.
func (p *pass) fillPolygon(poly orb.Polygon) {
	for i, ring := range poly {
		p.ring(ring, i > 0)
	}
}

func (p *pass) ring(r orb.Ring, hole bool) {
	neg := signedArea(r) < 0
	p.begin()
	if neg != hole {
		for _, q := range r {
			p.add(q[0], q[1])
		}
	} else {
		for i := len(r) - 1; i >= 0; i-- {
			p.add(r[i][0], r[i][1])
		}
	}
	p.end()
}

// signedArea is twice the shoelace area of r in pixel space.
func signedArea(r orb.Ring) float64 {
	var s float64
	for i := range r {
		j := (i + 1) % len(r)
		s += r[i][0]*r[j][1] - r[j][0]*r[i][1]
	}
	return s
}
