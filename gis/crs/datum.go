package crs

import "math"

// Angle units.
const (
	deg  = math.Pi / 180          // radians per degree
	arcs = math.Pi / (180 * 3600) // radians per arc-second
)

// ellE is WGS 84's first eccentricity, for the internal tests.
var ellE = wgs84Ell.e

// conformalShift is the WGS 84 ellipsoid's, for the internal tests.
func conformalShift(sphi float64) (sh, ch float64) { return wgs84Ell.conformalShift(sphi) }

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

// helmert is a 7-parameter similarity transformation X' = t + m·X from a
// datum on ellipsoid src to WGS 84, with its exact inverse precomputed.
type helmert struct {
	t    vec3
	m    mat3
	minv mat3
	src  *ellipsoid
	// exact makes forward the exact inverse of reverse (see forward); only
	// for datums on the WGS 84 ellipsoid, where the lift is exact.
	exact bool
	// params are the seven values as given (Position Vector convention,
	// like WKT's TOWGS84), to compare and to write back.
	params [7]float64
}

// newCoordinateFrame builds the transformation from EPSG parameters given in
// the Coordinate Frame convention (method EPSG:9607): translations in metres,
// rotations in arc-seconds, scale in ppm. The small-angle matrix is the one
// EPSG and PROJ use. In the Position Vector convention (PROJ's +towgs84) the
// same transformation has the three rotations negated; mixing the two up is
// the common mistake, worth 0.75 m at Kien An.
func newCoordinateFrame(tx, ty, tz, rx, ry, rz, ppm float64) helmert {
	return newHelmert(wgs84Ell, [7]float64{tx, ty, tz, -rx, -ry, -rz, ppm})
}

// newHelmert builds the shift from ellipsoid src to WGS 84 from TOWGS84
// parameters (Position Vector convention: translations m, rotations ″,
// scale ppm; three values are a plain geocentric translation).
func newHelmert(src *ellipsoid, pv [7]float64) helmert {
	k := 1 + pv[6]*1e-6
	rx, ry, rz := -pv[3]*arcs, -pv[4]*arcs, -pv[5]*arcs // to Coordinate Frame
	h := helmert{t: vec3{pv[0], pv[1], pv[2]}, m: mat3{
		{k, k * rz, -k * ry},
		{-k * rz, k, k * rx},
		{k * ry, -k * rx, k},
	}, src: src, params: pv}
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
var vn2000ToWGS84 = func() helmert {
	h := newCoordinateFrame(
		-191.90441429, -39.30318279, -111.45032835,
		-0.00928836, 0.01975479, -0.00427372,
		0.252906278)
	h.exact = true
	return h
}()

// same reports whether two shifts are the same transformation.
func (h *helmert) same(o *helmert) bool {
	if h == nil || o == nil {
		return h == o
	}
	return h.params == o.params && h.src.same(o.src)
}

// reverse shifts a point on WGS 84 back to the source datum, PROJ style:
// the WGS 84 point is taken at height 0, moved by the inverse Helmert and
// its source height dropped. This is the direction GPS data travels, so it
// matches cs2cs to the micrometre.
func (h *helmert) reverse(g geo) geo {
	p, _ := wgs84Ell.cartesian(g)
	return h.src.geodetic(h.minv.mul(p.sub(h.t)))
}

// forward maps a source-datum point to WGS 84. Generally it is PROJ's: the
// source point at height 0, shifted, the WGS 84 height dropped, so it
// agrees with cs2cs to the micrometre; its round trip with reverse drifts
// by the datum's height difference times the tilt between the two normals
// (well under a millimetre for modern datums, a few for old ones, as in PROJ).
//
// For VN-2000 (exact) it is instead the exact inverse of reverse on the
// ellipsoid surface: the source point is lifted along its normal by −h,
// where h is the height the plain shift would give, which lands it at
// target height 0 (to ~4 mm, a ~1e-7 m horizontal effect). The result
// differs from cs2cs by < 1 mm and round trips are exact.
func (h *helmert) forward(g geo) geo {
	p, n := h.src.cartesian(g)
	q := h.t.add(h.m.mul(p))
	if !h.exact {
		return wgs84Ell.geodetic(q)
	}
	lift := n.dot(q.sub(p)) // target height of q, to first order
	return wgs84Ell.geodetic(q.sub(h.m.mul(n).scale(lift)))
}
