package demo

import (
	"math"

	"github.com/paulmach/orb"
)

// The outline is star-shaped around centre: at every bearing its radius is
// a share (reach) of the distance from the centre to the edge of the demo
// area. The shares were chosen by hand for an irregular shape of about
// 11 km² that reaches the ward office in the south-west. Being star-shaped
// lets the residential groups be cut as polar cells that cannot overlap.
var (
	centre = xy{2350, 2150}
	// reach holds the share at 16 bearings, anticlockwise from east.
	reach = [16]float64{0.80, 0.72, 0.86, 0.78, 0.70, 0.76, 0.82, 0.72,
		0.68, 0.95, 0.97, 0.80, 0.72, 0.66, 0.75, 0.80}
)

// outlineVertices is how many vertices the outline ring has.
const outlineVertices = 120

type outline struct{}

func newOutline() outline { return outline{} }

// radius is the distance from the centre to the boundary at bearing a.
func (outline) radius(a float64) float64 {
	a = math.Mod(a, 2*math.Pi)
	if a < 0 {
		a += 2 * math.Pi
	}
	k := a / (2 * math.Pi / 16)
	i := int(k) % 16
	t := k - math.Floor(k)
	t = (1 - math.Cos(t*math.Pi)) / 2 // smooth between the hand-set shares
	share := reach[i]*(1-t) + reach[(i+1)%16]*t
	share *= 1 + 0.025*math.Sin(7*a+1.3) + 0.015*math.Sin(13*a+0.4) // a less drawn-by-hand edge
	// Capping the ray rounds off the rectangle's corners.
	return share * math.Min(rayToEdge(a), maxRay)
}

// maxRay caps the distance to the rectangle's edge.
const maxRay = 2500.0

// rayToEdge is the distance from the centre to the demo area's rectangle
// along bearing a.
func rayToEdge(a float64) float64 {
	s, c := math.Sincos(a)
	best := math.Inf(1)
	if c > 0 {
		best = math.Min(best, (areaW-centre.X)/c)
	} else if c < 0 {
		best = math.Min(best, -centre.X/c)
	}
	if s > 0 {
		best = math.Min(best, (areaH-centre.Y)/s)
	} else if s < 0 {
		best = math.Min(best, -centre.Y/s)
	}
	return best
}

// at returns the point at bearing a and share rho of the radius: rho 1 is
// the boundary. Distinct (a, rho) with rho > 0 give distinct points.
func (o outline) at(a, rho float64) xy { return centre.add(polar(a, rho*o.radius(a))) }

// rho is the share of the radius at which p lies: below 1 means inside.
func (o outline) rho(p xy) float64 {
	d := p.sub(centre)
	return d.norm() / o.radius(math.Atan2(d.Y, d.X))
}

// inside reports whether p lies well inside the ward, with room for the
// trees, plates and lamps set beside a street.
func (o outline) inside(p xy) bool { return o.rho(p) <= 0.955 }

// ring returns the outline as a closed WGS 84 ring, anticlockwise.
func (o outline) ring() orb.Ring {
	ps := make([]xy, outlineVertices)
	for i := range ps {
		ps[i] = o.at(2*math.Pi*float64(i)/outlineVertices, 1)
	}
	return toRing(ps)
}
