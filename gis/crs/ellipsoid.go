package crs

import (
	"fmt"
	"math"
)

// ellipsoid is a reference ellipsoid with what every projection on it
// needs, computed once: a CRS from a file or the EPSG table may sit on any
// of the earth's ellipsoids (GRS 1980, Clarke 1866, Krassowsky, Bessel…).
type ellipsoid struct {
	a, f  float64
	e2, e float64 // first eccentricity squared, and itself
	n     float64 // third flattening, the Krüger series variable
	b     float64
	ab    float64 // a/b, for Bowring's parametric latitude
	eb    float64 // e'²·b, Bowring numerator term
	ea    float64 // e²·a, Bowring denominator term
	oneE  float64 // 1 − e²
	rectA float64 // rectifying radius: a meridian quadrant is rectA·π/2
	alpha [6]float64
	beta  [6]float64
}

// newEllipsoid builds an ellipsoid from its semi-major axis in metres and
// flattening (0 for a sphere). The series used throughout (Krüger's to
// n⁶, the conformal-latitude Taylor shortcut) hold for the earth's
// ellipsoids, whose flattening is about 1/300: anything flatter than 1/100
// is refused rather than converted badly.
func newEllipsoid(a, f float64) (*ellipsoid, error) {
	if !(a > 1e6 && a < 1e8) || !(f >= 0 && f < 0.01) {
		return nil, fmt.Errorf("%w: ellipsoid a=%g, 1/f=%g is not an earth ellipsoid", ErrUnknownCRS, a, 1/f)
	}
	el := &ellipsoid{a: a, f: f}
	el.e2 = f * (2 - f)
	el.e = math.Sqrt(el.e2)
	el.n = f / (2 - f)
	el.b = a * (1 - f)
	ep2 := el.e2 / (1 - el.e2)
	el.ab = a / el.b
	el.eb = ep2 * el.b
	el.ea = el.e2 * a
	el.oneE = 1 - el.e2
	n := el.n
	el.rectA = a / (1 + n) * poly(n*n, 1, 1.0/4, 1.0/64, 1.0/256)
	el.alpha = [6]float64{
		poly(n, 0, 1.0/2, -2.0/3, 5.0/16, 41.0/180, -127.0/288, 7891.0/37800),
		poly(n, 0, 0, 13.0/48, -3.0/5, 557.0/1440, 281.0/630, -1983433.0/1935360),
		poly(n, 0, 0, 0, 61.0/240, -103.0/140, 15061.0/26880, 167603.0/181440),
		poly(n, 0, 0, 0, 0, 49561.0/161280, -179.0/168, 6601661.0/7257600),
		poly(n, 0, 0, 0, 0, 0, 34729.0/80640, -3418889.0/1995840),
		poly(n, 0, 0, 0, 0, 0, 0, 212378941.0/319334400),
	}
	el.beta = [6]float64{
		poly(n, 0, 1.0/2, -2.0/3, 37.0/96, -1.0/360, -81.0/512, 96199.0/604800),
		poly(n, 0, 0, 1.0/48, 1.0/15, -437.0/1440, 46.0/105, -1118711.0/3870720),
		poly(n, 0, 0, 0, 17.0/480, -37.0/840, -209.0/4480, 5569.0/90720),
		poly(n, 0, 0, 0, 0, 4397.0/161280, -11.0/504, -830251.0/7257600),
		poly(n, 0, 0, 0, 0, 0, 4583.0/161280, -108847.0/3991680),
		poly(n, 0, 0, 0, 0, 0, 0, 20648693.0/638668800),
	}
	return el, nil
}

// wgs84Ell is EPSG:7030, the ellipsoid of WGS 84 and VN-2000.
var wgs84Ell = mustEllipsoid(6378137, 1/298.257223563)

func mustEllipsoid(a, f float64) *ellipsoid {
	el, err := newEllipsoid(a, f)
	if err != nil {
		panic(err)
	}
	return el
}

// same reports whether two ellipsoids are the same figure (to 0.1 mm).
func (el *ellipsoid) same(o *ellipsoid) bool {
	return el == o || (math.Abs(el.a-o.a) < 1e-4 && math.Abs(el.b-o.b) < 1e-4)
}

// cartesian returns the ECEF point at ellipsoidal height 0 and the unit
// normal there (a point at height h is p + h·normal, exactly).
func (el *ellipsoid) cartesian(g geo) (p, normal vec3) {
	nu := el.a / math.Sqrt(1-el.e2*g.sphi*g.sphi) // prime vertical radius
	normal = vec3{g.cphi * g.clam, g.cphi * g.slam, g.sphi}
	return vec3{nu * normal.x, nu * normal.y, nu * el.oneE * g.sphi}, normal
}

// geodetic converts an ECEF point to a geo, dropping the height. It is
// Bowring's 1976 closed form, the one PROJ's cart uses, written without
// trigonometry: errors are far below a micrometre for points near the
// surface.
func (el *ellipsoid) geodetic(p vec3) geo {
	r := math.Sqrt(p.x*p.x + p.y*p.y)
	if r == 0 { // on the axis: a pole, longitude arbitrary
		return geo{sphi: math.Copysign(1, p.z), clam: 1}
	}
	ir := 1 / r
	t := p.z * el.ab * ir // tan of the parametric latitude
	cb := 1 / math.Sqrt(1+t*t)
	sb := t * cb
	num := p.z + el.eb*sb*sb*sb
	den := r - el.ea*cb*cb*cb
	ih := 1 / math.Sqrt(num*num+den*den)
	return geo{sphi: num * ih, cphi: den * ih, slam: p.y * ir, clam: p.x * ir}
}

// conformalShift returns sinh q and cosh q for q = e·atanh(e·sin φ), the
// isometric-latitude gap between the ellipsoid and the conformal sphere:
// tan χ = (sin φ·cosh q − sinh q)/cos φ. Since |e·sin φ| ≤ e < 0.15 and
// so |q| < 0.023, short Taylor series are exact to the last bit and cost
// far less than the log and exp of atanh and sinh (this is the hot path).
func (el *ellipsoid) conformalShift(sphi float64) (sh, ch float64) {
	x := el.e * sphi
	x2 := x * x
	// atanh x = x·Σ x^2k/(2k+1); for e ≈ 0.082 the terms kept reach 1e-16
	// of the result; for the flattest accepted (f < 0.01, e < 0.15) 1e-13,
	// still picometres.
	q := el.e * x * (1 + x2*(1.0/3+x2*(1.0/5+x2*(1.0/7+x2*(1.0/9+
		x2*(1.0/11+x2*(1.0/13+x2*(1.0/15+x2*(1.0/17)))))))))
	q2 := q * q
	sh = q * (1 + q2*(1.0/6+q2*(1.0/120+q2*(1.0/5040))))
	ch = 1 + q2*(1.0/2+q2*(1.0/24+q2*(1.0/720)))
	return sh, ch
}

// conformalTan returns tan χ for tan φ = tau (Karney 2011, eq. 7).
func (el *ellipsoid) conformalTan(tau float64) float64 {
	t1 := math.Sqrt(1 + tau*tau)
	sh, ch := el.conformalShift(tau / t1)
	return tau*ch - sh*t1
}

// tauFromConformal inverts conformalTan by Newton's method (Karney 2011,
// eqs. 19-21); two or three steps reach full precision.
func (el *ellipsoid) tauFromConformal(taup float64) float64 {
	e2m := el.oneE
	tol := 1.5e-9 * math.Max(1, math.Abs(taup)) // √ε/10: the next step is exact
	tau := taup / e2m
	if math.Abs(taup) > 70 { // near a pole the ratio tends to exp(e·atanh e)
		tau = taup * math.Exp(el.e*math.Atanh(el.e))
	}
	for range 5 {
		tp := el.conformalTan(tau)
		dtau := (taup - tp) * (1 + e2m*tau*tau) /
			(e2m * math.Hypot(1, tau) * math.Hypot(1, tp))
		tau += dtau
		if !(math.Abs(dtau) >= tol) {
			break
		}
	}
	return tau
}
