package crs

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// WKT returns the CRS as OGC WKT 1 in GDAL's flavour, the text of a .prj or
// a GeoPackage's gpkg_spatial_ref_sys: the definition's own parameters,
// TOWGS84 for a shifted datum (Position Vector; for a datum with several
// transformations, the one PROJ ranks first) and AUTHORITY when the CRS
// has an EPSG code. Parse reads it back to the same conversions.
func (c *CRS) WKT() string {
	if c.Code == 3857 {
		return wkt3857
	}
	var b strings.Builder
	geog := c.geogWKT()
	if c.IsGeographic() {
		return geog
	}
	fmt.Fprintf(&b, "PROJCS[%s,%s,PROJECTION[%s]", quoteWKT(c.Name), geog, quoteWKT(wkt1Projection[c.method]))
	p := c.params
	u := c.unit
	param := func(name string, v float64) {
		fmt.Fprintf(&b, ",PARAMETER[%s,%s]", quoteWKT(name), fmtNum(v))
	}
	switch c.method {
	case methodTM, methodLCC1SP:
		param("latitude_of_origin", p.lat0)
		param("central_meridian", p.lon0)
		param("scale_factor", p.k0)
	case methodLCC2SP:
		param("standard_parallel_1", p.lat1)
		param("standard_parallel_2", p.lat2)
		param("latitude_of_origin", p.lat0)
		param("central_meridian", p.lon0)
	case methodMercatorA:
		param("central_meridian", p.lon0)
		param("scale_factor", p.k0)
	case methodMercatorB:
		param("standard_parallel_1", p.lat1)
		param("central_meridian", p.lon0)
	case methodAlbers:
		param("standard_parallel_1", p.lat1)
		param("standard_parallel_2", p.lat2)
		param("latitude_of_center", p.lat0)
		param("longitude_of_center", p.lon0)
	}
	param("false_easting", p.fe/u)
	param("false_northing", p.fn/u)
	fmt.Fprintf(&b, `,UNIT[%s,%s],AXIS["Easting",EAST],AXIS["Northing",NORTH]`, quoteWKT(unitName(u)), fmtNum(u))
	if c.Code != 0 {
		fmt.Fprintf(&b, `,AUTHORITY["EPSG","%d"]`, c.Code)
	}
	b.WriteString("]")
	return b.String()
}

// wkt1Projection names the methods as WKT 1 (OGC, GDAL) does.
var wkt1Projection = map[string]string{
	methodTM: "Transverse_Mercator", methodLCC1SP: "Lambert_Conformal_Conic_1SP",
	methodLCC2SP: "Lambert_Conformal_Conic_2SP", methodMercatorA: "Mercator_1SP",
	methodMercatorB: "Mercator_2SP", methodAlbers: "Albers_Conic_Equal_Area",
}

func (c *CRS) geogWKT() string {
	d := c.datum
	var b strings.Builder
	name := c.Name
	if !c.IsGeographic() {
		name = d.name
	}
	invf := 0.0
	if d.ell.f != 0 {
		invf = 1 / d.ell.f
	}
	fmt.Fprintf(&b, "GEOGCS[%s,DATUM[%s,SPHEROID[%s,%s,%s]", quoteWKT(name), quoteWKT(d.name),
		quoteWKT(ellipsoidName(d.ell)), fmtNum(d.ell.a), fmtNum(invf))
	h := d.shift
	if len(d.cands) > 0 {
		h = d.cands[0].h
	}
	if h != nil {
		v := make([]string, 7)
		for i, x := range h.params {
			v[i] = fmtNum(x)
		}
		fmt.Fprintf(&b, ",TOWGS84[%s]", strings.Join(v, ","))
	}
	fmt.Fprintf(&b, `],PRIMEM["Greenwich",%s],UNIT["degree",0.0174532925199433]`, fmtNum(c.pm))
	if c.IsGeographic() {
		b.WriteString(`,AXIS["Longitude",EAST],AXIS["Latitude",NORTH]`)
		if c.Code != 0 {
			fmt.Fprintf(&b, `,AUTHORITY["EPSG","%d"]`, c.Code)
		}
	}
	b.WriteString("]")
	return b.String()
}

func ellipsoidName(el *ellipsoid) string {
	switch {
	case el.same(wgs84Ell):
		return "WGS 84"
	case el.same(grs80Ell):
		return "GRS 1980"
	}
	return "unnamed"
}

func unitName(u float64) string {
	switch {
	case u == 1:
		return "metre"
	case u == 0.3048:
		return "foot"
	case math.Abs(u-1200.0/3937) < 1e-15:
		return "US survey foot"
	}
	return "unit"
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// quoteWKT quotes s for WKT, doubling any quote inside.
func quoteWKT(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

const wkt3857 = `PROJCS["WGS 84 / Pseudo-Mercator",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]],PROJECTION["Mercator_1SP"],PARAMETER["central_meridian",0],PARAMETER["scale_factor",1],PARAMETER["false_easting",0],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],EXTENSION["PROJ4","+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs"],AUTHORITY["EPSG","3857"]]`
