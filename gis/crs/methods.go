package crs

import (
	"fmt"
	"math"
)

// The projection methods supported, by their EPSG names.
const (
	methodTM             = "Transverse Mercator"           // EPSG:9807
	methodLCC1SP         = "Lambert Conic Conformal (1SP)" // EPSG:9801
	methodLCC2SP         = "Lambert Conic Conformal (2SP)" // EPSG:9802
	methodMercatorA      = "Mercator (variant A)"          // EPSG:9804
	methodMercatorB      = "Mercator (variant B)"          // EPSG:9805
	methodAlbers         = "Albers Equal Area"             // EPSG:9822
	methodPseudoMercator = "Popular Visualisation Pseudo Mercator"
)

// methodCodes maps EPSG method codes to the methods above.
var methodCodes = map[int]string{
	9807: methodTM, 9801: methodLCC1SP, 9802: methodLCC2SP,
	9804: methodMercatorA, 9805: methodMercatorB, 9822: methodAlbers,
}

// projParams are a projection's parameters in degrees and metres. For the
// two-parallel conics lat0, lon0 are the false origin and fe, fn the
// easting and northing there; for Mercator (variant B) lat1 is the standard
// parallel.
type projParams struct {
	lat0, lon0, k0, fe, fn, lat1, lat2 float64
}

// newProjection builds method on el; lon0 already counts from Greenwich.
func newProjection(el *ellipsoid, method string, p projParams) (projection, error) {
	for _, v := range []float64{p.lat0, p.lon0, p.k0, p.fe, p.fn, p.lat1, p.lat2} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%w: %s: a parameter is not a number", ErrUnknownCRS, method)
		}
	}
	lat := func(v float64) bool { return math.Abs(v) <= 90 }
	if !lat(p.lat0) || !lat(p.lat1) || !lat(p.lat2) || math.Abs(p.lon0) > 540 {
		return nil, fmt.Errorf("%w: %s: latitude or longitude of origin out of range", ErrUnknownCRS, method)
	}
	scale := func() error {
		if !(p.k0 > 0.5 && p.k0 < 2) {
			return fmt.Errorf("%w: %s: scale factor %g", ErrUnknownCRS, method, p.k0)
		}
		return nil
	}
	switch method {
	case methodTM:
		if err := scale(); err != nil {
			return nil, err
		}
		return newTMercOn(el, p.lon0, p.lat0, p.k0, p.fe, p.fn), nil
	case methodLCC1SP:
		if err := scale(); err != nil {
			return nil, err
		}
		if math.Abs(p.lat0) < 1e-9 || math.Abs(p.lat0) > 89.999 {
			return nil, fmt.Errorf("%w: %s: latitude of origin %g", ErrUnknownCRS, method, p.lat0)
		}
		return newLCC1SP(el, p.lat0, p.lon0, p.k0, p.fe, p.fn), nil
	case methodLCC2SP:
		if math.Abs(p.lat1+p.lat2) < 1e-9 || math.Abs(p.lat1) > 89.999 || math.Abs(p.lat2) > 89.999 {
			return nil, fmt.Errorf("%w: %s: standard parallels %g, %g", ErrUnknownCRS, method, p.lat1, p.lat2)
		}
		return newLCC2SP(el, p.lat0, p.lon0, p.lat1, p.lat2, p.fe, p.fn), nil
	case methodMercatorA:
		if err := scale(); err != nil {
			return nil, err
		}
		return newMercator(el, p.lon0, p.k0, p.fe, p.fn), nil
	case methodMercatorB:
		if math.Abs(p.lat1) > 89.999 {
			return nil, fmt.Errorf("%w: %s: standard parallel %g", ErrUnknownCRS, method, p.lat1)
		}
		return newMercator(el, p.lon0, el.mFactor(p.lat1), p.fe, p.fn), nil
	case methodAlbers:
		if math.Abs(p.lat1+p.lat2) < 1e-9 || math.Abs(p.lat1) > 89.999 || math.Abs(p.lat2) > 89.999 {
			return nil, fmt.Errorf("%w: %s: standard parallels %g, %g", ErrUnknownCRS, method, p.lat1, p.lat2)
		}
		return newAlbers(el, p.lat0, p.lon0, p.lat1, p.lat2, p.fe, p.fn), nil
	}
	return nil, fmt.Errorf("%w: projection method %q is not supported (supported: %s)",
		ErrUnknownCRS, method, supportedMethods)
}

// newProjected assembles a projected CRS; p's angles are in degrees from
// the prime meridian pm, its distances in metres, and unit is metres per
// unit of the coordinates.
func newProjected(code int, name string, d *datum, pm float64, method string, p projParams, unit float64) (*CRS, error) {
	if !(unit > 0) || math.IsInf(unit, 0) {
		return nil, fmt.Errorf("%w: %s: linear unit %g", ErrUnknownCRS, name, unit)
	}
	g := p
	g.lon0 = math.Remainder(p.lon0+pm, 360)
	proj, err := newProjection(d.ell, method, g)
	if err != nil {
		return nil, err
	}
	return &CRS{Code: code, Name: name, Lon0: g.lon0, datum: d, proj: proj, unit: unit,
		pm: pm, method: method, params: p}, nil
}
