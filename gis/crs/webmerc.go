package crs

import "math"

// webMercator is EPSG:3857 "WGS 84 / Pseudo-Mercator": WGS 84 longitude and
// latitude put on the spherical Mercator formulas with radius a, the tiling
// scheme of OSM and every web map.
type webMercator struct{}

// forward returns +Inf northing at the poles; the caller rejects it.
func (webMercator) forward(g geo) (x, y float64) {
	// asinh(tan φ) = atanh(sin φ), the isometric latitude on the sphere.
	return wgs84Ell.a * math.Atan2(g.slam, g.clam), wgs84Ell.a * math.Atanh(g.sphi)
}

func (webMercator) inverse(x, y float64) (geo, error) {
	if math.IsNaN(x) || math.IsInf(x, 0) || math.IsNaN(y) || math.IsInf(y, 0) {
		return geo{}, ErrOutOfRange
	}
	var g geo
	g.slam, g.clam = math.Sincos(x / wgs84Ell.a)
	g.sphi, g.cphi = math.Tanh(y/wgs84Ell.a), 1/math.Cosh(y/wgs84Ell.a)
	return g, nil
}
