package crs

import "math"

// Transverse Mercator by Krüger's series in the third flattening n, to order
// n^6 as in Karney, "Transverse Mercator with an accuracy of a few
// nanometers", J. Geod. 85 (2011), eqs. (35) and (36). PROJ's default tmerc
// (Poder/Engsager) uses a series of the same order, so the two agree to
// nanometres near the zone; order 6 is accurate to ~5 nm within 3900 km of
// the central meridian.

// maxEta bounds the complex-sphere easting; PROJ refuses points beyond it,
// where the series stops converging (about 83° of longitude from the central
// meridian at the equator).
const maxEta = 2.623395162778

// poly evaluates c[0] + c[1]·x + c[2]·x² + … by Horner's rule.
func poly(x float64, c ...float64) float64 {
	s := 0.0
	for i := len(c) - 1; i >= 0; i-- {
		s = s*x + c[i]
	}
	return s
}

// tmerc is one Transverse Mercator zone.
type tmerc struct {
	el     *ellipsoid
	s0, c0 float64 // sin, cos of the central meridian
	kA     float64 // k0 · rectifying radius: metres per unit of ξ, η
	fe, fn float64 // false easting, false northing (less the origin's northing)
}

// newTMerc is a zone on WGS 84 with latitude of origin 0.
func newTMerc(lon0, k0, fe, fn float64) *tmerc {
	return newTMercOn(wgs84Ell, lon0, 0, k0, fe, fn)
}

// newTMercOn is a zone on any ellipsoid and latitude of origin (State
// Plane zones have one): the origin's own northing on the central meridian
// is folded into the false northing.
func newTMercOn(el *ellipsoid, lon0, lat0, k0, fe, fn float64) *tmerc {
	s0, c0 := math.Sincos(lon0 * deg)
	t := &tmerc{el: el, s0: s0, c0: c0, kA: k0 * el.rectA, fe: 0, fn: 0}
	if lat0 != 0 {
		g, _ := geoFromDegrees(lon0, lat0)
		_, y0 := t.forward(g)
		fn -= y0
	}
	t.fe, t.fn = fe, fn
	return t
}

// forward projects g. Outside the domain it returns NaN, which the caller
// reports as out of range.
func (t *tmerc) forward(g geo) (x, y float64) {
	// Longitude from the central meridian, by the angle-difference identity.
	cd := g.clam*t.c0 + g.slam*t.s0
	sd := g.slam*t.c0 - g.clam*t.s0
	// Conformal latitude χ: tan χ = num/cos φ with
	// num = sin φ·cosh q − sinh q, q = e·atanh(e·sin φ).
	shq, chq := t.el.conformalShift(g.sphi)
	num := g.sphi*chq - shq
	// Gauss-Schreiber (spherical TM of the conformal sphere):
	// ξ' = atan2(tan χ, cos λ), sinh η' = sin λ/√(tan²χ + cos²λ), each
	// scaled through by cos φ so the poles stay finite.
	u := g.cphi * cd
	r2 := num*num + u*u
	sh := sd * g.cphi / math.Sqrt(r2)
	eta := asinh(sh)
	if !(math.Abs(eta) <= maxEta) {
		return math.NaN(), math.NaN()
	}
	xi := math.Atan2(num, u)
	// sin 2ξ', cos 2ξ', sinh 2η', cosh 2η' without more transcendentals.
	s2, c2 := 2*num*u/r2, (u*u-num*num)/r2
	sh2, ch2 := 2*sh*math.Sqrt(1+sh*sh), 1+2*sh*sh
	d := clenshaw(&t.el.alpha, s2, c2, sh2, ch2)
	return t.fe + t.kA*(eta+imag(d)), t.fn + t.kA*(xi+real(d))
}

// inverse unprojects easting x, northing y.
func (t *tmerc) inverse(x, y float64) (geo, error) {
	xi := (y - t.fn) / t.kA
	eta := (x - t.fe) / t.kA
	if !(math.Abs(eta) <= maxEta) || !(math.Abs(xi) <= math.Pi) {
		return geo{}, ErrOutOfRange
	}
	s2, c2 := math.Sincos(2 * xi)
	e2 := math.Exp(2 * eta)
	d := clenshaw(&t.el.beta, s2, c2, (e2-1/e2)/2, (e2+1/e2)/2)
	xip, etap := xi-real(d), eta-imag(d)
	// Back from the conformal sphere: tan χ and the longitude difference.
	sx, cx := math.Sincos(xip)
	sh := math.Sinh(etap)
	r := math.Hypot(sh, cx)
	if r == 0 { // a pole
		return geo{sphi: math.Copysign(1, sx), slam: t.s0, clam: t.c0}, nil
	}
	tau := t.el.tauFromConformal(sx / r)
	cphi := 1 / math.Sqrt(1+tau*tau)
	sd, cd := sh/r, cx/r
	return geo{
		sphi: tau * cphi, cphi: cphi,
		slam: sd*t.c0 + cd*t.s0, clam: cd*t.c0 - sd*t.s0,
	}, nil
}

// clenshaw sums Σ c[k]·sin(2(k+1)ζ) for complex ζ = ξ + iη given sin 2ξ,
// cos 2ξ, sinh 2η and cosh 2η; the real part adds to ξ, the imaginary to η.
func clenshaw(c *[6]float64, s2, c2, sh2, ch2 float64) complex128 {
	sin2 := complex(s2*ch2, c2*sh2)        // sin 2ζ
	cos2x2 := complex(2*c2*ch2, -2*s2*sh2) // 2 cos 2ζ
	var y1, y2 complex128
	for k := len(c) - 1; k >= 0; k-- {
		y1, y2 = cos2x2*y1-y2+complex(c[k], 0), y1
	}
	return sin2 * y1
}

// asinh is math.Asinh with a Taylor series for |x| ≤ 1/16 (within ~3.5° of
// the central meridian: every point of a 3° or 6° zone): the first omitted
// term is < 2e-19 of the result, and it saves the log.
func asinh(x float64) float64 {
	if !(math.Abs(x) <= 0.0625) {
		return math.Asinh(x)
	}
	x2 := x * x
	return x * (1 + x2*(-1.0/6+x2*(3.0/40+x2*(-5.0/112+x2*(35.0/1152+
		x2*(-63.0/2816+x2*(231.0/13312)))))))
}
