package crs

import "math"

// The conic and cylindrical projections of EPSG's guidance note 7-2, in
// the closed forms PROJ's lcc, merc and aea use: exact to rounding, so
// they agree with cs2cs to nanometres.

// lonDiff returns sin and cos of λ − λ0 given sin, cos of λ0.
func lonDiff(g geo, s0, c0 float64) (sd, cd float64) {
	return g.slam*c0 - g.clam*s0, g.clam*c0 + g.slam*s0
}

// lonAdd builds the sin, cos of λ0 + d.
func lonAdd(d, s0, c0 float64) (slam, clam float64) {
	sd, cd := math.Sincos(d)
	return sd*c0 + cd*s0, cd*c0 - sd*s0
}

// isometric returns the isometric latitude ψ = asinh(tan χ), ±Inf at the
// poles.
func (el *ellipsoid) isometric(g geo) float64 {
	sh, ch := el.conformalShift(g.sphi)
	num := g.sphi*ch - sh // tan χ · cos φ
	if g.cphi == 0 {
		return math.Copysign(math.Inf(1), g.sphi)
	}
	return math.Asinh(num / g.cphi)
}

// fromIsometric returns the latitude of isometric latitude psi as a
// sine, cosine pair.
func (el *ellipsoid) fromIsometric(psi float64) (sphi, cphi float64) {
	if math.IsInf(psi, 0) {
		return math.Copysign(1, psi), 0
	}
	tau := el.tauFromConformal(math.Sinh(psi))
	cphi = 1 / math.Sqrt(1+tau*tau)
	return tau * cphi, cphi
}

// mFactor is m = cos φ/√(1 − e² sin² φ) for latitude phi in degrees.
func (el *ellipsoid) mFactor(phi float64) float64 {
	s, c := math.Sincos(phi * deg)
	return c / math.Sqrt(1-el.e2*s*s)
}

// psiDeg is the isometric latitude of phi degrees.
func (el *ellipsoid) psiDeg(phi float64) float64 {
	g, _ := geoFromDegrees(0, phi)
	return el.isometric(g)
}

// conic is a projection with straight meridians converging on an apex:
// x = FE + ρ sin θ, y = FN + ρ0 − ρ cos θ, θ = n (λ − λ0). Lambert's
// conformal and Albers' equal-area differ only in ρ(φ) and its inverse.
type conic struct {
	n      float64
	s0, c0 float64 // sin, cos of λ0
	rho0   float64
	fe, fn float64
}

func (c *conic) place(g geo, rho float64) (x, y float64) {
	sd, cd := lonDiff(g, c.s0, c.c0)
	theta := c.n * math.Atan2(sd, cd)
	st, ct := math.Sincos(theta)
	return c.fe + rho*st, c.fn + c.rho0 - rho*ct
}

// polar returns ρ (signed like n) and the longitude of a plane point.
func (c *conic) polar(x, y float64) (rho float64, g geo, ok bool) {
	dx, dy := x-c.fe, c.rho0-(y-c.fn)
	if math.IsNaN(dx) || math.IsNaN(dy) || math.IsInf(dx, 0) || math.IsInf(dy, 0) {
		return 0, geo{}, false
	}
	rho = math.Hypot(dx, dy)
	if c.n < 0 {
		rho, dx, dy = -rho, -dx, -dy
	}
	theta := math.Atan2(dx, dy)
	if rho == 0 {
		theta = 0
	}
	if math.Abs(theta/c.n) > math.Pi {
		return 0, geo{}, false
	}
	g.slam, g.clam = lonAdd(theta/c.n, c.s0, c.c0)
	return rho, g, true
}

// lcc is Lambert Conic Conformal, 1SP (EPSG:9801) or 2SP (EPSG:9802).
type lcc struct {
	conic
	el *ellipsoid
	aF float64 // a·k0·F: ρ = aF·t^n with t = exp(−ψ)
}

// newLCC2SP: latitude and longitude of false origin, the two standard
// parallels, easting and northing at false origin.
func newLCC2SP(el *ellipsoid, latF, lonF, lat1, lat2, fe, fn float64) *lcc {
	m1, m2 := el.mFactor(lat1), el.mFactor(lat2)
	p1, p2 := el.psiDeg(lat1), el.psiDeg(lat2)
	n := math.Sin(lat1 * deg)
	if math.Abs(lat1-lat2) > 1e-10 {
		n = math.Log(m1/m2) / (p2 - p1) // ln t = −ψ
	}
	aF := el.a * m1 / n * math.Exp(n*p1) // a·m1/(n·t1^n)
	return newLCC(el, n, aF, latF, lonF, fe, fn)
}

// newLCC1SP: latitude and longitude of natural origin, scale there, FE, FN.
func newLCC1SP(el *ellipsoid, lat0, lon0, k0, fe, fn float64) *lcc {
	n := math.Sin(lat0 * deg)
	aF := el.a * k0 * el.mFactor(lat0) / n * math.Exp(n*el.psiDeg(lat0))
	return newLCC(el, n, aF, lat0, lon0, fe, fn)
}

func newLCC(el *ellipsoid, n, aF, latO, lonO, fe, fn float64) *lcc {
	s0, c0 := math.Sincos(lonO * deg)
	l := &lcc{el: el, aF: aF, conic: conic{n: n, s0: s0, c0: c0, fe: fe, fn: fn}}
	l.rho0 = l.rho(el.psiDeg(latO))
	return l
}

func (l *lcc) rho(psi float64) float64 { return l.aF * math.Exp(-l.n*psi) }

func (l *lcc) forward(g geo) (x, y float64) {
	return l.place(g, l.rho(l.el.isometric(g)))
}

func (l *lcc) inverse(x, y float64) (geo, error) {
	rho, g, ok := l.polar(x, y)
	if !ok || (rho != 0 && rho/l.aF <= 0) {
		return geo{}, ErrOutOfRange
	}
	psi := math.Copysign(math.Inf(1), l.n) // ρ = 0: the pole on the apex side
	if rho != 0 {
		psi = -math.Log(rho/l.aF) / l.n
	}
	g.sphi, g.cphi = l.el.fromIsometric(psi)
	return g, nil
}

// mercator is Mercator variant A (EPSG:9804, scale k0 on the equator) or
// B (EPSG:9805, true scale on a parallel: k0 = m(φ1)); PROJ's merc.
type mercator struct {
	el     *ellipsoid
	ak     float64
	s0, c0 float64
	fe, fn float64
}

func newMercator(el *ellipsoid, lon0, k0, fe, fn float64) *mercator {
	s0, c0 := math.Sincos(lon0 * deg)
	return &mercator{el: el, ak: el.a * k0, s0: s0, c0: c0, fe: fe, fn: fn}
}

// forward returns an infinite northing at the poles; the caller rejects it.
func (m *mercator) forward(g geo) (x, y float64) {
	sd, cd := lonDiff(g, m.s0, m.c0)
	return m.fe + m.ak*math.Atan2(sd, cd), m.fn + m.ak*m.el.isometric(g)
}

func (m *mercator) inverse(x, y float64) (geo, error) {
	d, psi := (x-m.fe)/m.ak, (y-m.fn)/m.ak
	if !(math.Abs(d) <= math.Pi) || math.IsNaN(psi) || math.IsInf(psi, 0) {
		return geo{}, ErrOutOfRange
	}
	var g geo
	g.slam, g.clam = lonAdd(d, m.s0, m.c0)
	g.sphi, g.cphi = m.el.fromIsometric(psi)
	return g, nil
}

// albers is Albers Equal Area (EPSG:9822), PROJ's aea.
type albers struct {
	conic
	el *ellipsoid
	c  float64 // C = m1² + n·q1
	qp float64 // q at the pole
}

// authalicQ is q(φ) = (1 − e²)·(sin φ/(1 − e² sin² φ) + atanh(e sin φ)/e).
func (el *ellipsoid) authalicQ(s float64) float64 {
	if el.e == 0 {
		return 2 * s
	}
	return el.oneE * (s/(1-el.e2*s*s) + math.Atanh(el.e*s)/el.e)
}

func newAlbers(el *ellipsoid, latF, lonF, lat1, lat2, fe, fn float64) *albers {
	s1, s2 := math.Sin(lat1*deg), math.Sin(lat2*deg)
	m1, m2 := el.mFactor(lat1), el.mFactor(lat2)
	q1, q2 := el.authalicQ(s1), el.authalicQ(s2)
	n := s1
	if math.Abs(lat1-lat2) > 1e-10 {
		n = (m1*m1 - m2*m2) / (q2 - q1)
	}
	s0, c0 := math.Sincos(lonF * deg)
	a := &albers{el: el, c: m1*m1 + n*q1, qp: el.authalicQ(1),
		conic: conic{n: n, s0: s0, c0: c0, fe: fe, fn: fn}}
	a.rho0 = a.rho(el.authalicQ(math.Sin(latF * deg)))
	return a
}

func (a *albers) rho(q float64) float64 {
	return a.el.a * math.Sqrt(math.Max(0, a.c-a.n*q)) / a.n
}

func (a *albers) forward(g geo) (x, y float64) {
	return a.place(g, a.rho(a.el.authalicQ(g.sphi)))
}

func (a *albers) inverse(x, y float64) (geo, error) {
	rho, g, ok := a.polar(x, y)
	if !ok {
		return geo{}, ErrOutOfRange
	}
	r := rho * a.n / a.el.a
	q := (a.c - r*r) / a.n
	if !(math.Abs(q) <= a.qp+1e-12) {
		return geo{}, ErrOutOfRange
	}
	g.sphi, g.cphi = a.latFromQ(q)
	return g, nil
}

// latFromQ inverts authalicQ by Newton's method on φ (Snyder 3-16, the
// iteration PROJ's phi1_ runs), to full precision.
func (a *albers) latFromQ(q float64) (sphi, cphi float64) {
	if math.Abs(q) >= a.qp-1e-15 {
		return math.Copysign(1, q), 0
	}
	el := a.el
	phi := math.Asin(math.Max(-1, math.Min(1, q/2)))
	for range 20 {
		s, c := math.Sincos(phi)
		w := 1 - el.e2*s*s
		d := w * w / (2 * c) * (q/el.oneE - s/w - atanhOverE(el, s))
		phi += d
		if math.Abs(d) < 1e-15 {
			break
		}
	}
	return math.Sincos(phi)
}

// atanhOverE is atanh(e·s)/e, s for a sphere.
func atanhOverE(el *ellipsoid, s float64) float64 {
	if el.e == 0 {
		return s
	}
	return math.Atanh(el.e*s) / el.e
}
