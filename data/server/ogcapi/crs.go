package ogcapi

import (
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/crs"
)

// refSys is a CRS the API serves (Part 2, "CRS by reference"): CRS84, and
// the ward's EPSG codes (crs.Codes: WGS 84, VN-2000 and its zones, Web
// Mercator). Coordinates go out in the CRS's own axis order, as Part 2
// requires: latitude first for EPSG:4326 and EPSG:4756, easting first for
// the projected codes (EPSG declares E, N for all of them).
type refSys struct {
	URI  string
	code int // 0: CRS84
	swap bool
	fwd  *crs.Transform // WGS 84 lon, lat → this CRS's x, y
	inv  *crs.Transform
}

const (
	crs84URI   = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
	epsgPrefix = "http://www.opengis.net/def/crs/EPSG/0/"
)

var crs84 = &refSys{URI: crs84URI}

// refSystems are the CRSs offered, CRS84 first (the default), built once.
var refSystems = func() []*refSys {
	out := []*refSys{crs84}
	wgs, err := crs.ByCode(4326)
	if err != nil {
		panic(err)
	}
	for _, code := range crs.Codes() {
		c, err := crs.ByCode(code)
		if err != nil {
			panic(err)
		}
		fwd, err := crs.NewTransform(wgs, c)
		if err != nil {
			panic(err)
		}
		out = append(out, &refSys{URI: epsgPrefix + strconv.Itoa(code), code: code, swap: c.IsGeographic(), fwd: fwd, inv: fwd.Inverse()})
	}
	return out
}()

// crsURIs lists the URIs of the CRSs offered (a collection's "crs").
func crsURIs() []string {
	out := make([]string, len(refSystems))
	for i, r := range refSystems {
		out[i] = r.URI
	}
	return out
}

// lookupRefSys reads a CRS URI (http or https), or the short forms people
// type ("EPSG:9210", "[EPSG:9210]", "CRS84").
func lookupRefSys(s string) (*refSys, error) {
	t := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s), "["), "]")
	t = strings.Replace(t, "https://", "http://", 1)
	code := -1
	switch {
	case t == crs84URI || strings.EqualFold(t, "CRS84") || strings.EqualFold(t, "OGC:CRS84"):
		code = 0
	case strings.HasPrefix(t, epsgPrefix):
		code = atoiStrict(strings.TrimPrefix(t, epsgPrefix))
	case len(t) > 5 && strings.EqualFold(t[:5], "EPSG:"):
		code = atoiStrict(t[5:])
	}
	for _, r := range refSystems {
		if r.code == code {
			return r, nil
		}
	}
	return nil, badParam("hệ tọa độ %q không được phục vụ; có (CRS not offered; offered): %s", s, strings.Join(crsURIs(), ", "))
}

func atoiStrict(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 || strconv.Itoa(n) != s {
		return -1
	}
	return n
}

// fromAxes puts a box given in the CRS's axis order into x, y order.
func (r *refSys) fromAxes(b [4]float64) [4]float64 {
	if r.swap {
		return [4]float64{b[1], b[0], b[3], b[2]}
	}
	return b
}

// boundToCRS84 converts a box in this CRS to a lon/lat box that covers it
// (its edges sampled: a projected box's edges are curves in lon/lat) and
// checks it lies on the globe.
func (r *refSys) boundToCRS84(b [4]float64) (*[4]float64, error) {
	if r.code != 0 && r.code != 4326 {
		out := [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
		const steps = 8
		for i := 0; i <= steps; i++ {
			f := float64(i) / steps
			x, y := b[0]+f*(b[2]-b[0]), b[1]+f*(b[3]-b[1])
			for _, p := range [][2]float64{{x, b[1]}, {x, b[3]}, {b[0], y}, {b[2], y}} {
				lon, lat, err := r.inv.Forward(p[0], p[1])
				if err != nil {
					return nil, badParam("bbox nằm ngoài miền của %s (bbox outside the CRS's domain)", r.URI)
				}
				out = [4]float64{min(out[0], lon), min(out[1], lat), max(out[2], lon), max(out[3], lat)}
			}
		}
		b = out
	}
	if b[0] < -180 || b[2] > 180 || b[1] < -90 || b[3] > 90 {
		return nil, badParam("bbox ngoài phạm vi kinh độ ±180, vĩ độ ±90 (bbox outside longitude ±180, latitude ±90)")
	}
	return &b, nil
}

// project converts a CRS84 geometry to this CRS, in the CRS's axis order
// (in place, but a Point is a value: use the geometry returned).
func (r *refSys) project(g orb.Geometry) (orb.Geometry, error) {
	if r.code == 0 {
		return g, nil
	}
	var err error
	conv := func(p *orb.Point) {
		if err != nil {
			return
		}
		x, y, e := r.fwd.Forward(p[0], p[1])
		if e != nil {
			err = gis.Errorf(gis.EINVALID, "không đổi được sang %s (cannot convert to %s): %v", r.URI, r.URI, e)
			return
		}
		if r.swap {
			x, y = y, x
		}
		*p = orb.Point{x, y}
	}
	switch x := g.(type) {
	case orb.Point:
		conv(&x)
		return x, err
	case orb.Collection:
		for i := range x {
			if x[i], err = r.project(x[i]); err != nil {
				return g, err
			}
		}
		return x, nil
	}
	each(g, conv)
	return g, err
}

// each calls fn on every position of g.
func each(g orb.Geometry, fn func(*orb.Point)) {
	switch g := g.(type) {
	case orb.MultiPoint:
		for i := range g {
			fn(&g[i])
		}
	case orb.LineString:
		for i := range g {
			fn(&g[i])
		}
	case orb.Ring:
		for i := range g {
			fn(&g[i])
		}
	case orb.Polygon:
		for _, r := range g {
			each(r, fn)
		}
	case orb.MultiLineString:
		for _, l := range g {
			each(l, fn)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			each(p, fn)
		}
	}
}
