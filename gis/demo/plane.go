package demo

import (
	"math"

	"github.com/paulmach/orb"
)

// The generator works on a local plane in metres east (X) and north (Y) of
// the south-west corner of the demo area, where distances and angles are
// easy, and converts to WGS 84 longitude and latitude only when it makes a
// feature. Over 5 km the equirectangular error is a few centimetres.
const (
	lon0, lat0 = 106.622, 20.800
	mPerLon    = 104094.0 // metres per degree of longitude at 20.82° N
	mPerLat    = 110715.0 // metres per degree of latitude at 20.82° N
	areaW      = 4788.0   // the demo area is 0.046° wide
	areaH      = 4429.0   // and 0.040° high
)

// xy is a point on the local plane, in metres.
type xy struct{ X, Y float64 }

// officeXY is the ward office near 20.8082 N, 106.6256 E.
var officeXY = xy{(106.6256 - lon0) * mPerLon, (20.8082 - lat0) * mPerLat}

func toLonLat(p xy) orb.Point { return orb.Point{lon0 + p.X/mPerLon, lat0 + p.Y/mPerLat} }

func toLine(ps []xy) orb.LineString {
	ls := make(orb.LineString, len(ps))
	for i, p := range ps {
		ls[i] = toLonLat(p)
	}
	return ls
}

func toRing(ps []xy) orb.Ring {
	r := make(orb.Ring, 0, len(ps)+1)
	for _, p := range ps {
		r = append(r, toLonLat(p))
	}
	return append(r, r[0])
}

func (p xy) add(q xy) xy         { return xy{p.X + q.X, p.Y + q.Y} }
func (p xy) sub(q xy) xy         { return xy{p.X - q.X, p.Y - q.Y} }
func (p xy) scale(k float64) xy  { return xy{p.X * k, p.Y * k} }
func (p xy) norm() float64       { return math.Hypot(p.X, p.Y) }
func (p xy) cross(q xy) float64  { return p.X*q.Y - p.Y*q.X }
func (p xy) dist(q xy) float64   { return p.sub(q).norm() }
func (p xy) left() xy            { return xy{-p.Y, p.X} } // rotated 90° anticlockwise
func lerp(p, q xy, t float64) xy { return xy{p.X + (q.X-p.X)*t, p.Y + (q.Y-p.Y)*t} }
func polar(a, r float64) xy      { return xy{r * math.Cos(a), r * math.Sin(a)} }
func (p xy) unit() xy            { return p.scale(1 / p.norm()) }
func (p xy) rotate(a float64) xy { s, c := math.Sincos(a); return xy{p.X*c - p.Y*s, p.X*s + p.Y*c} }

// length is the length of a polyline in metres.
func length(ps []xy) float64 {
	total := 0.0
	for i := 1; i < len(ps); i++ {
		total += ps[i].dist(ps[i-1])
	}
	return total
}

// station is a position along a polyline: the point, the unit direction of
// travel and the distance from the start.
type station struct {
	at, dir xy
	d       float64
}

// stations walks a polyline and returns a station every step metres,
// starting at first metres and stopping before the last margin metres.
func stations(ps []xy, first, step, margin float64) []station {
	var out []station
	total := length(ps)
	next := first
	walked := 0.0
	for i := 1; i < len(ps) && next <= total-margin; i++ {
		seg := ps[i].dist(ps[i-1])
		for seg > 0 && next <= walked+seg && next <= total-margin {
			dir := ps[i].sub(ps[i-1]).scale(1 / seg)
			out = append(out, station{at: lerp(ps[i-1], ps[i], (next-walked)/seg), dir: dir, d: next})
			next += step
		}
		walked += seg
	}
	return out
}
