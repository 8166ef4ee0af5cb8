package gis

import (
	"math"

	"github.com/paulmach/orb"
)

// WGS 84 ellipsoid.
const (
	wgsA = 6378137.0
	wgsF = 1 / 298.257223563
	wgsB = wgsA * (1 - wgsF)
)

// GeodesicDistance is the length in metres of the shortest path between
// a and b (lon/lat) on the WGS 84 ellipsoid, by Vincenty's inverse
// formula: within a millimetre of GeographicLib for points of one ward
// (the measure tool's distances; haversine on a sphere is off by up to
// 0.5 %).
func GeodesicDistance(a, b orb.Point) float64 {
	L := (b[0] - a[0]) * math.Pi / 180
	U1 := math.Atan((1 - wgsF) * math.Tan(a[1]*math.Pi/180))
	U2 := math.Atan((1 - wgsF) * math.Tan(b[1]*math.Pi/180))
	sinU1, cosU1 := math.Sincos(U1)
	sinU2, cosU2 := math.Sincos(U2)
	lambda := L
	var sinSigma, cosSigma, sigma, cos2Alpha, cos2SigmaM float64
	for i := 0; i < 200; i++ {
		sinL, cosL := math.Sincos(lambda)
		sinSigma = math.Hypot(cosU2*sinL, cosU1*sinU2-sinU1*cosU2*cosL)
		if sinSigma == 0 {
			return 0 // the same point
		}
		cosSigma = sinU1*sinU2 + cosU1*cosU2*cosL
		sigma = math.Atan2(sinSigma, cosSigma)
		sinAlpha := cosU1 * cosU2 * sinL / sinSigma
		cos2Alpha = 1 - sinAlpha*sinAlpha
		cos2SigmaM = 0
		if cos2Alpha != 0 {
			cos2SigmaM = cosSigma - 2*sinU1*sinU2/cos2Alpha
		}
		C := wgsF / 16 * cos2Alpha * (4 + wgsF*(4-3*cos2Alpha))
		prev := lambda
		lambda = L + (1-C)*wgsF*sinAlpha*(sigma+C*sinSigma*(cos2SigmaM+C*cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)))
		if math.Abs(lambda-prev) < 1e-12 {
			break
		}
	}
	u2 := cos2Alpha * (wgsA*wgsA - wgsB*wgsB) / (wgsB * wgsB)
	A := 1 + u2/16384*(4096+u2*(-768+u2*(320-175*u2)))
	B := u2 / 1024 * (256 + u2*(-128+u2*(74-47*u2)))
	dSigma := B * sinSigma * (cos2SigmaM + B/4*(cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)-
		B/6*cos2SigmaM*(-3+4*sinSigma*sinSigma)*(-3+4*cos2SigmaM*cos2SigmaM)))
	return wgsB * A * (sigma - dSigma)
}

// GeodesicLength is the length in metres of a path on the ellipsoid.
func GeodesicLength(ls orb.LineString) float64 {
	var d float64
	for i := 1; i < len(ls); i++ {
		d += GeodesicDistance(ls[i-1], ls[i])
	}
	return d
}

// GeodesicArea is the area in square metres enclosed by ring (closed or
// not) on the WGS 84 ellipsoid: latitudes are turned into authalic ones,
// whose sphere of radius Rq has the ellipsoid's areas, and the ring's
// spherical area is summed edge by edge there.
func GeodesicArea(ring []orb.Point) float64 {
	n := len(ring)
	if n > 1 && ring[0] == ring[n-1] {
		n--
	}
	if n < 3 {
		return 0
	}
	e2 := wgsF * (2 - wgsF)
	e := math.Sqrt(e2)
	q := func(phi float64) float64 {
		s := math.Sin(phi)
		return (1 - e2) * (s/(1-e2*s*s) - 1/(2*e)*math.Log((1-e*s)/(1+e*s)))
	}
	qp := q(math.Pi / 2)
	Rq := wgsA * math.Sqrt(qp/2)
	var sum float64
	for i := 0; i < n; i++ {
		p1, p2 := ring[i], ring[(i+1)%n]
		b1 := math.Asin(q(p1[1]*math.Pi/180) / qp)
		b2 := math.Asin(q(p2[1]*math.Pi/180) / qp)
		dl := (p2[0] - p1[0]) * math.Pi / 180
		// the signed area between the edge and the equator on the sphere
		sum += 2 * math.Atan2(math.Tan(dl/2)*(math.Tan(b1/2)+math.Tan(b2/2)), 1+math.Tan(b1/2)*math.Tan(b2/2))
	}
	return math.Abs(sum) * Rq * Rq
}
