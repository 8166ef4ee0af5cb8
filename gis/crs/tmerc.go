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

var (
	// tmAlpha maps conformal-sphere coordinates to the projection (forward).
	tmAlpha = [6]float64{
		poly(ellN, 0, 1.0/2, -2.0/3, 5.0/16, 41.0/180, -127.0/288, 7891.0/37800),
		poly(ellN, 0, 0, 13.0/48, -3.0/5, 557.0/1440, 281.0/630, -1983433.0/1935360),
		poly(ellN, 0, 0, 0, 61.0/240, -103.0/140, 15061.0/26880, 167603.0/181440),
		poly(ellN, 0, 0, 0, 0, 49561.0/161280, -179.0/168, 6601661.0/7257600),
		poly(ellN, 0, 0, 0, 0, 0, 34729.0/80640, -3418889.0/1995840),
		poly(ellN, 0, 0, 0, 0, 0, 0, 212378941.0/319334400),
	}
	// tmBeta maps the projection back to the conformal sphere (inverse).
	tmBeta = [6]float64{
		poly(ellN, 0, 1.0/2, -2.0/3, 37.0/96, -1.0/360, -81.0/512, 96199.0/604800),
		poly(ellN, 0, 0, 1.0/48, 1.0/15, -437.0/1440, 46.0/105, -1118711.0/3870720),
		poly(ellN, 0, 0, 0, 17.0/480, -37.0/840, -209.0/4480, 5569.0/90720),
		poly(ellN, 0, 0, 0, 0, 4397.0/161280, -11.0/504, -830251.0/7257600),
		poly(ellN, 0, 0, 0, 0, 0, 4583.0/161280, -108847.0/3991680),
		poly(ellN, 0, 0, 0, 0, 0, 0, 20648693.0/638668800),
	}
	// rectA is the rectifying radius: the length of a meridian quadrant is
	// rectA·π/2.
	rectA = ellA / (1 + ellN) * poly(ellN*ellN, 1, 1.0/4, 1.0/64, 1.0/256)
)

// poly evaluates c[0] + c[1]·x + c[2]·x² + … by Horner's rule.
func poly(x float64, c ...float64) float64 {
	s := 0.0
	for i := len(c) - 1; i >= 0; i-- {
		s = s*x + c[i]
	}
	return s
}

// tmerc is one Transverse Mercator zone with latitude of origin 0.
type tmerc struct {
	s0, c0 float64 // sin, cos of the central meridian
	kA     float64 // k0 · rectifying radius: metres per unit of ξ, η
	fe, fn float64 // false easting, false northing
}

func newTMerc(lon0, k0, fe, fn float64) *tmerc {
	s0, c0 := math.Sincos(lon0 * deg)
	return &tmerc{s0: s0, c0: c0, kA: k0 * rectA, fe: fe, fn: fn}
}

// forward projects g. Outside the domain it returns NaN, which the caller
// reports as out of range.
func (t *tmerc) forward(g geo) (x, y float64) {
	// Longitude from the central meridian, by the angle-difference identity.
	cd := g.clam*t.c0 + g.slam*t.s0
	sd := g.slam*t.c0 - g.clam*t.s0
	// Conformal latitude χ: tan χ = num/cos φ with
	// num = sin φ·cosh q − sinh q, q = e·atanh(e·sin φ).
	shq, chq := conformalShift(g.sphi)
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
	d := clenshaw(&tmAlpha, s2, c2, sh2, ch2)
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
	d := clenshaw(&tmBeta, s2, c2, (e2-1/e2)/2, (e2+1/e2)/2)
	xip, etap := xi-real(d), eta-imag(d)
	// Back from the conformal sphere: tan χ and the longitude difference.
	sx, cx := math.Sincos(xip)
	sh := math.Sinh(etap)
	r := math.Hypot(sh, cx)
	if r == 0 { // a pole
		return geo{sphi: math.Copysign(1, sx), slam: t.s0, clam: t.c0}, nil
	}
	tau := tauFromConformal(sx / r)
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

// conformalTan returns tan χ for tan φ = tau (Karney 2011, eq. 7).
func conformalTan(tau float64) float64 {
	t1 := math.Sqrt(1 + tau*tau)
	sh, ch := conformalShift(tau / t1)
	return tau*ch - sh*t1
}

// conformalShift returns sinh q and cosh q for q = e·atanh(e·sin φ), the
// isometric-latitude gap between the ellipsoid and the conformal sphere:
// tan χ = (sin φ·cosh q − sinh q)/cos φ. Since |e·sin φ| ≤ e ≈ 0.082 and
// so |q| < 0.0068, short Taylor series are exact to the last bit and cost
// far less than the log and exp of atanh and sinh (this is the hot path).
func conformalShift(sphi float64) (sh, ch float64) {
	x := ellE * sphi
	x2 := x * x
	// atanh x = x·Σ x^2k/(2k+1). Terms stop once they fall below 1e-16 of
	// the result: q is ≤ 0.0068, so that is an absolute error < 1e-18 in
	// tan χ, a few picometres on the ground.
	q := ellE * x * (1 + x2*(1.0/3+x2*(1.0/5+x2*(1.0/7+x2*(1.0/9+
		x2*(1.0/11+x2*(1.0/13)))))))
	q2 := q * q
	sh = q * (1 + q2*(1.0/6+q2*(1.0/120)))
	ch = 1 + q2*(1.0/2+q2*(1.0/24+q2*(1.0/720)))
	return sh, ch
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

// tauFromConformal inverts conformalTan by Newton's method (Karney 2011,
// eqs. 19-21); two or three steps reach full precision.
func tauFromConformal(taup float64) float64 {
	const e2m = 1 - ellE2
	tol := 1.5e-9 * math.Max(1, math.Abs(taup)) // √ε/10: the next step is exact
	tau := taup / e2m
	if math.Abs(taup) > 70 { // near a pole the ratio tends to exp(e·atanh e)
		tau = taup * math.Exp(ellE*math.Atanh(ellE))
	}
	for range 5 {
		tp := conformalTan(tau)
		dtau := (taup - tp) * (1 + e2m*tau*tau) /
			(e2m * math.Hypot(1, tau) * math.Hypot(1, tp))
		tau += dtau
		if !(math.Abs(dtau) >= tol) {
			break
		}
	}
	return tau
}
