package crs

import "math"

// WGS 84 ellipsoid (EPSG:7030), shared by WGS 84 and VN-2000.
const (
	ellA  = 6378137.0
	ellF  = 1 / 298.257223563
	ellB  = ellA * (1 - ellF)
	ellE2 = ellF * (2 - ellF)      // first eccentricity squared
	ellEP = ellE2 / (1 - ellE2)    // second eccentricity squared
	ellN  = ellF / (2 - ellF)      // third flattening, the series variable
	deg   = math.Pi / 180          // radians per degree
	arcs  = math.Pi / (180 * 3600) // radians per arc-second
	ellAB = ellA / ellB            // for Bowring's parametric latitude
	ellEB = ellEP * ellB           // Bowring numerator term
	ellEA = ellE2 * ellA           // Bowring denominator term
	ell1E = 1 - ellE2              // (1 - e²) for Z
)

// ellE is the first eccentricity, for the conformal latitude.
var ellE = math.Sqrt(ellE2)

// geo is a geodetic position kept as the sines and cosines of latitude and
// longitude: every step of the pipeline needs those, so carrying them saves
// the atan2/sincos pairs a degrees-based pipeline would pay at each stage.
// Both pairs are unit vectors; the poles are plain (±1, 0), with no infinity.
type geo struct {
	sphi, cphi float64 // sin, cos of latitude
	slam, clam float64 // sin, cos of longitude (Greenwich)
}

// geoFromDegrees checks the range and builds a geo from lon, lat degrees.
func geoFromDegrees(lon, lat float64) (geo, bool) {
	// The negated comparisons also reject NaN.
	if !(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180) {
		return geo{}, false
	}
	var g geo
	g.sphi, g.cphi = math.Sincos(lat * deg)
	g.slam, g.clam = math.Sincos(lon * deg)
	return g, true
}

// degrees returns lon, lat in degrees, lon within [-180, 180].
func (g geo) degrees() (lon, lat float64) {
	return math.Atan2(g.slam, g.clam) / deg, math.Atan2(g.sphi, g.cphi) / deg
}

// vec3 is an earth-centred, earth-fixed cartesian vector in metres.
type vec3 struct{ x, y, z float64 }

func (v vec3) add(w vec3) vec3            { return vec3{v.x + w.x, v.y + w.y, v.z + w.z} }
func (v vec3) sub(w vec3) vec3            { return vec3{v.x - w.x, v.y - w.y, v.z - w.z} }
func (v vec3) scale(k float64) vec3       { return vec3{k * v.x, k * v.y, k * v.z} }
func (v vec3) dot(w vec3) float64         { return v.x*w.x + v.y*w.y + v.z*w.z }
func (m *mat3) mul(v vec3) vec3           { return vec3{m.row(0, v), m.row(1, v), m.row(2, v)} }
func (m *mat3) row(i int, v vec3) float64 { return m[i][0]*v.x + m[i][1]*v.y + m[i][2]*v.z }

type mat3 [3][3]float64

// cartesian returns the ECEF point at ellipsoidal height 0 and the unit
// normal there (a point at height h is p + h·normal, exactly).
func (g geo) cartesian() (p, normal vec3) {
	nu := ellA / math.Sqrt(1-ellE2*g.sphi*g.sphi) // prime vertical radius
	normal = vec3{g.cphi * g.clam, g.cphi * g.slam, g.sphi}
	return vec3{nu * normal.x, nu * normal.y, nu * ell1E * g.sphi}, normal
}

// geodetic converts an ECEF point to a geo, dropping the height. It is
// Bowring's 1976 closed form, the one PROJ's cart uses, written without
// trigonometry: errors are far below a micrometre for points near the
// surface.
func geodetic(p vec3) geo {
	r := math.Sqrt(p.x*p.x + p.y*p.y)
	if r == 0 { // on the axis: a pole, longitude arbitrary
		return geo{sphi: math.Copysign(1, p.z), clam: 1}
	}
	ir := 1 / r
	t := p.z * ellAB * ir // tan of the parametric latitude
	cb := 1 / math.Sqrt(1+t*t)
	sb := t * cb
	num := p.z + ellEB*sb*sb*sb
	den := r - ellEA*cb*cb*cb
	ih := 1 / math.Sqrt(num*num+den*den)
	return geo{sphi: num * ih, cphi: den * ih, slam: p.y * ir, clam: p.x * ir}
}

// helmert is a 7-parameter similarity transformation X' = t + m·X, with its
// exact inverse precomputed.
type helmert struct {
	t    vec3
	m    mat3
	minv mat3
}

// newCoordinateFrame builds the transformation from EPSG parameters given in
// the Coordinate Frame convention (method EPSG:9607): translations in metres,
// rotations in arc-seconds, scale in ppm. The small-angle matrix is the one
// EPSG and PROJ use. In the Position Vector convention (PROJ's +towgs84) the
// same transformation has the three rotations negated; mixing the two up is
// the common mistake, worth 0.75 m at Kien An.
func newCoordinateFrame(tx, ty, tz, rx, ry, rz, ppm float64) helmert {
	k := 1 + ppm*1e-6
	rx, ry, rz = rx*arcs, ry*arcs, rz*arcs
	h := helmert{t: vec3{tx, ty, tz}, m: mat3{
		{k, k * rz, -k * ry},
		{-k * rz, k, k * rx},
		{k * ry, -k * rx, k},
	}}
	h.minv = invert(h.m)
	return h
}

// invert returns the inverse of m by cofactors; m is near the identity so
// there is no conditioning concern.
func invert(m mat3) mat3 {
	var c mat3
	for i := range 3 {
		for j := range 3 {
			a, b := (i+1)%3, (i+2)%3
			d, e := (j+1)%3, (j+2)%3
			// cofactor of m[i][j], placed transposed
			c[j][i] = m[a][d]*m[b][e] - m[a][e]*m[b][d]
		}
	}
	det := m[0][0]*c[0][0] + m[0][1]*c[1][0] + m[0][2]*c[2][0]
	for i := range 3 {
		for j := range 3 {
			c[i][j] /= det
		}
	}
	return c
}

// vn2000ToWGS84 is EPSG:6960 "VN-2000 to WGS 84 (2)", version DoSM-Vnm,
// accuracy 1 m, for onshore Viet Nam; values verbatim from the EPSG dataset
// as shipped in PROJ's helmert_transformation.sql.
var vn2000ToWGS84 = newCoordinateFrame(
	-191.90441429, -39.30318279, -111.45032835,
	-0.00928836, 0.01975479, -0.00427372,
	0.252906278)

// reverse shifts a point on the target datum (WGS 84) back to the source
// datum (VN-2000), PROJ style: the WGS 84 point is taken at height 0, moved
// by the inverse Helmert and its VN-2000 height dropped. This is the direction
// GPS data travels, so it matches cs2cs to the micrometre.
func (h *helmert) reverse(g geo) geo {
	p, _ := g.cartesian()
	return geodetic(h.minv.mul(p.sub(h.t)))
}

// forward maps a source-datum point so that reverse(forward(g)) == g: the
// exact inverse of reverse on the ellipsoid surface. PROJ instead takes the
// source point at height 0 and drops the target height, so its own round trip
// drifts by about 0.7 mm (the datum heights differ by ~tens of metres). Here
// the source point is lifted along its normal by −h, where h is the height
// the plain shift would give, which lands it at target height 0 (to ~4 mm,
// a ~1e-7 m horizontal effect). The result differs from cs2cs by < 1 mm.
func (h *helmert) forward(g geo) geo {
	p, n := g.cartesian()
	q := h.t.add(h.m.mul(p))
	lift := n.dot(q.sub(p)) // target height of q, to first order
	return geodetic(q.sub(h.m.mul(n).scale(lift)))
}
