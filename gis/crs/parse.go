package crs

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Parse reads a CRS from any of the ways a file or a person names one:
//
//   - an EPSG code: "EPSG:2229", "epsg:2229", "2229",
//     "urn:ogc:def:crs:EPSG::2229", "urn:ogc:def:crs:EPSG:9.1:2229",
//     "http://www.opengis.net/def/crs/EPSG/0/2229"; OGC's CRS84 is WGS 84;
//   - WKT 1, OGC or ESRI flavour (a Shapefile's .prj, a GeoPackage's
//     gpkg_spatial_ref_sys definition): PROJCS or GEOGCS, with or without
//     AUTHORITY and TOWGS84;
//   - WKT 2 (ISO 19162): PROJCRS, GEOGCRS, and BOUNDCRS carrying a Helmert
//     ABRIDGEDTRANSFORMATION to WGS 84.
//
// A definition's own parameters are used as written (a WKT's AUTHORITY
// only names it). Projected x, y are always easting, northing, whatever
// axis order the definition declares, as in GIS files. The datum shift is
// the definition's TOWGS84; without one, the shift of the datum named (by
// EPSG code, then by name, ESRI's "D_" names included) in the EPSG table;
// a datum known nowhere is taken as WGS 84 if it is on the WGS 84 or GRS
// 1980 ellipsoid, otherwise coordinates pass unshifted (PROJ's "ballpark").
func Parse(def string) (*CRS, error) {
	s := strings.TrimSpace(def)
	if s == "" {
		return nil, fmt.Errorf("%w: empty definition", ErrUnknownCRS)
	}
	if code, ok := codeOf(s); ok {
		return ByCode(code)
	}
	if i := strings.IndexAny(s, "[("); i > 0 && isKeyword(s[:i]) {
		n, err := parseWKT(s)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrUnknownCRS, err)
		}
		c, err := fromWKT(n)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrUnknownCRS, err)
		}
		return c, nil
	}
	return nil, fmt.Errorf("%w: %q is neither an EPSG code nor a WKT definition", ErrUnknownCRS, clipDef(s))
}

func clipDef(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

func isKeyword(s string) bool {
	s = strings.TrimSpace(s)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_' || c >= '0' && c <= '9' && i > 0) {
			return false
		}
	}
	return s != ""
}

// codeOf reads the EPSG code forms Parse accepts.
func codeOf(s string) (int, bool) {
	up := strings.ToUpper(s)
	if up == "CRS84" || up == "OGC:CRS84" || strings.HasPrefix(up, "URN:OGC:DEF:CRS:OGC:") && strings.HasSuffix(up, ":CRS84") ||
		up == "HTTP://WWW.OPENGIS.NET/DEF/CRS/OGC/1.3/CRS84" {
		return 4326, true
	}
	var num string
	switch {
	case strings.HasPrefix(up, "EPSG:"):
		num = s[5:]
	case strings.HasPrefix(up, "URN:OGC:DEF:CRS:EPSG:"):
		rest := s[len("urn:ogc:def:crs:EPSG:"):] // version, then the code
		i := strings.IndexByte(rest, ':')
		if i < 0 {
			return 0, false
		}
		num = rest[i+1:]
	case strings.HasPrefix(up, "HTTP://WWW.OPENGIS.NET/DEF/CRS/EPSG/"):
		rest := s[len("http://www.opengis.net/def/crs/EPSG/"):]
		i := strings.IndexByte(rest, '/')
		if i < 0 {
			return 0, false
		}
		num = rest[i+1:]
	default:
		num = s
	}
	for i := 0; i < len(num); i++ {
		if num[i] < '0' || num[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(num)
	if err != nil || n <= 0 {
		return 0, false
	}
	return n, true
}

// fromWKT interprets a parsed WKT element.
func fromWKT(n *wktNode) (*CRS, error) {
	switch n.key {
	case "PROJCS":
		if n.epsgID() == 3857 { // its WKT 1 spells it as an ellipsoidal Mercator
			return registry[3857], nil
		}
		return projcs(n)
	case "GEOGCS":
		d, pm, unit, err := geogcs(n)
		if err != nil {
			return nil, err
		}
		return geographicCRS(n, d, pm, unit)
	case "PROJCRS", "PROJECTEDCRS":
		return projcrs(n, nil)
	case "GEOGCRS", "GEOGRAPHICCRS", "GEODCRS", "GEODETICCRS":
		if cs := n.child("CS"); cs != nil && !strings.EqualFold(cs.name(), "ellipsoidal") {
			return nil, fmt.Errorf("%s: %s coordinate system is not supported", n.name(), cs.name())
		}
		d, pm, unit, err := geogcrs(n, nil)
		if err != nil {
			return nil, err
		}
		return geographicCRS(n, d, pm, unit)
	case "BOUNDCRS":
		return boundcrs(n)
	case "COMPD_CS", "COMPOUNDCRS":
		// A horizontal CRS plus heights: the horizontal part is what a 2D
		// file's coordinates are in.
		for _, a := range n.args {
			if a.node != nil && a.node.key != "VERT_CS" && a.node.key != "VERTCRS" && a.node.key != "VERTICALCRS" &&
				a.node.key != "AUTHORITY" && a.node.key != "ID" {
				return fromWKT(a.node)
			}
		}
	}
	return nil, fmt.Errorf("%s definitions are not supported (want PROJCS, GEOGCS, PROJCRS, GEOGCRS or BOUNDCRS)", n.key)
}

// geographicCRS finishes a geographic CRS: only degrees are accepted as
// coordinates, since files give longitude and latitude in degrees.
func geographicCRS(n *wktNode, d *datum, pm, unit float64) (*CRS, error) {
	if math.Abs(unit-1) > 1e-9 {
		return nil, fmt.Errorf("%s: geographic coordinates in units of %g° are not supported, only degrees", n.name(), unit)
	}
	code := n.epsgID()
	if code != 0 {
		if known, err := ByCode(code); err == nil && known.IsGeographic() && known.datum.same(d) && known.pm == pm {
			return known, nil
		}
	}
	if code == 0 && d == datumWGS84 && pm == 0 {
		return registry[4326], nil
	}
	name := n.name()
	if name == "" {
		name = d.name
	}
	return &CRS{Code: code, Name: name, datum: d, pm: pm}, nil
}

// snapDegree makes a degree written as 0.0174532925199433 rad exactly one
// degree: otherwise a central meridian of 105.75 would come out 1e-14°
// off (harmless, but needlessly not what was written).
func snapDegree(v float64) float64 {
	if math.Abs(v-1) < 1e-12 {
		return 1
	}
	return v
}

// ---- WKT 1 ----

// geogcs returns the datum, the prime meridian (degrees) and the angular
// unit (degrees per unit) of a WKT 1 GEOGCS.
func geogcs(n *wktNode) (*datum, float64, float64, error) {
	unit := 1.0
	if u := n.child("UNIT"); u != nil {
		f, err := u.num(1)
		if err != nil || !(f > 0) {
			return nil, 0, 0, fmt.Errorf("GEOGCS %q: bad UNIT", n.name())
		}
		unit = snapDegree(f / deg)
	}
	pm := 0.0
	if p := n.child("PRIMEM"); p != nil {
		v, err := p.num(1)
		if err != nil {
			return nil, 0, 0, err
		}
		pm = v * unit
	}
	dn := n.child("DATUM")
	if dn == nil {
		return nil, 0, 0, fmt.Errorf("GEOGCS %q has no DATUM", n.name())
	}
	sp := dn.child("SPHEROID", "ELLIPSOID")
	if sp == nil {
		return nil, 0, 0, fmt.Errorf("DATUM %q has no SPHEROID", dn.name())
	}
	el, err := spheroid(sp, 1)
	if err != nil {
		return nil, 0, 0, err
	}
	var towgs []float64
	if tw := dn.child("TOWGS84"); tw != nil {
		for i := range tw.args {
			v, err := tw.num(i)
			if err != nil {
				return nil, 0, 0, err
			}
			towgs = append(towgs, v)
		}
	}
	d, err := resolveDatum(dn.name(), dn.epsgID(), n.epsgID(), el, towgs)
	return d, pm, unit, err
}

// spheroid reads SPHEROID/ELLIPSOID[name, a, 1/f] with a in unit metres.
func spheroid(sp *wktNode, unit float64) (*ellipsoid, error) {
	a, err := sp.num(1)
	if err != nil {
		return nil, err
	}
	invf, err := sp.num(2)
	if err != nil {
		return nil, err
	}
	if lu := sp.child("LENGTHUNIT"); lu != nil {
		if unit, err = lu.num(1); err != nil {
			return nil, err
		}
	}
	f := 0.0
	if invf != 0 {
		f = 1 / invf
	}
	return newEllipsoid(a*unit, f)
}

// resolveDatum picks the shift of a datum: its TOWGS84, else the EPSG
// table's for its datum code, its geographic CRS code or its name.
func resolveDatum(name string, datumCode, geogCode int, el *ellipsoid, towgs []float64) (*datum, error) {
	if len(towgs) > 0 {
		if len(towgs) != 3 && len(towgs) != 7 {
			return nil, fmt.Errorf("TOWGS84 needs 3 or 7 values, got %d", len(towgs))
		}
		return datumFrom(name, el, towgs)
	}
	t := epsg()
	var g *geogEntry
	switch {
	case datumCode != 0 && t.byDatumCode[datumCode] != nil:
		g = t.byDatumCode[datumCode]
	case geogCode != 0 && t.geog[geogCode] != nil:
		g = t.geog[geogCode]
	default:
		g = t.byDatumName[datumKey(name)]
	}
	if g != nil {
		if d, err := t.datumOf(g); err == nil && d.ell.same(el) {
			return d, nil
		}
	}
	if el.same(wgs84Ell) || el.same(grs80Ell) {
		// WGS 84 itself, or one of the many GRS 1980 datums that EPSG and
		// PROJ take as equal to WGS 84 at the metre level.
		return datumFrom(name, el, nil)
	}
	return &datum{name: name, ell: el}, nil
}

// grs80Ell is EPSG:7019, the ellipsoid of NAD83, ETRS89, GDA94 and most
// modern national datums.
var grs80Ell = mustEllipsoid(6378137, 1/298.257222101)

// projcs reads a WKT 1 PROJCS.
func projcs(n *wktNode) (*CRS, error) {
	g := n.child("GEOGCS")
	if g == nil {
		return nil, fmt.Errorf("PROJCS %q has no GEOGCS", n.name())
	}
	d, pm, angUnit, err := geogcs(g)
	if err != nil {
		return nil, err
	}
	unit := 1.0
	if u := n.child("UNIT"); u != nil {
		if unit, err = u.num(1); err != nil {
			return nil, err
		}
	}
	pr := n.child("PROJECTION")
	if pr == nil {
		return nil, fmt.Errorf("PROJCS %q has no PROJECTION", n.name())
	}
	params := map[string]float64{}
	for _, p := range n.children("PARAMETER") {
		v, err := p.num(1)
		if err != nil {
			return nil, err
		}
		params[paramKey(p.name())] = v
	}
	return buildProjected(n, pr.name(), params, d, pm, func(key string, v float64) float64 {
		if isAngleParam(key) {
			return v * angUnit
		}
		if isLengthParam(key) {
			return v * unit
		}
		return v
	}, unit)
}

// paramKey normalises a parameter name: "False_Easting", "false easting"
// and "FalseEasting" are one.
func paramKey(s string) string { return datumKey(s) }

func isLengthParam(k string) bool {
	switch k {
	case "falseeasting", "falsenorthing", "eastingatfalseorigin", "northingatfalseorigin":
		return true
	}
	return false
}

func isAngleParam(k string) bool {
	return strings.Contains(k, "latitude") || strings.Contains(k, "longitude") ||
		strings.Contains(k, "meridian") || strings.Contains(k, "parallel")
}

// paramField maps a normalised parameter name or EPSG parameter code to
// its projParams field.
var paramField = map[string]string{
	"latitudeoforigin": "lat0", "latitudeofcenter": "lat0", "latitudeofnaturalorigin": "lat0",
	"latitudeoffalseorigin": "lat0", "latitudeofprojectioncentre": "lat0",
	"centralmeridian": "lon0", "longitudeofcenter": "lon0", "longitudeoforigin": "lon0",
	"longitudeofnaturalorigin": "lon0", "longitudeoffalseorigin": "lon0",
	"scalefactor": "k0", "scalefactoratnaturalorigin": "k0",
	"falseeasting": "fe", "eastingatfalseorigin": "fe",
	"falsenorthing": "fn", "northingatfalseorigin": "fn",
	"standardparallel1": "lat1", "latitudeof1ststandardparallel": "lat1", "latitudeofstandardparallel": "lat1",
	"standardparallel2": "lat2", "latitudeof2ndstandardparallel": "lat2",
	"8801": "lat0", "8821": "lat0", "8802": "lon0", "8822": "lon0", "8805": "k0",
	"8806": "fe", "8826": "fe", "8807": "fn", "8827": "fn", "8823": "lat1", "8824": "lat2",
}

// methodOf maps a normalised projection or method name to a method; ESRI's
// "Lambert_Conformal_Conic" and "Mercator" cover both variants and are told
// apart by their parameters.
func methodOf(key string, has func(string) bool) string {
	switch key {
	case "transversemercator", "gausskruger", "9807":
		return methodTM
	case "lambertconformalconic1sp", "lambertconicconformal1sp", "9801":
		return methodLCC1SP
	case "lambertconformalconic2sp", "lambertconicconformal2sp", "9802":
		return methodLCC2SP
	case "lambertconformalconic":
		if has("lat2") || !has("k0") {
			return methodLCC2SP
		}
		return methodLCC1SP
	case "mercator1sp", "mercatorvarianta", "9804":
		return methodMercatorA
	case "mercator2sp", "mercatorvariantb", "9805":
		return methodMercatorB
	case "mercator":
		if has("lat1") && !has("k0") {
			return methodMercatorB
		}
		return methodMercatorA
	case "albersconicequalarea", "albers", "albersequalarea", "9822":
		return methodAlbers
	case "popularvisualisationpseudomercator", "mercatorauxiliarysphere", "1024":
		return methodPseudoMercator
	}
	return ""
}

// buildProjected turns a method name and raw parameters (keyed by
// normalised name or EPSG code) into a CRS; conv brings a value to degrees
// or metres.
func buildProjected(n *wktNode, methodName string, raw map[string]float64, d *datum, pm float64,
	conv func(key string, v float64) float64, unit float64) (*CRS, error) {
	vals := map[string]float64{}
	for k, v := range raw {
		if f, ok := paramField[k]; ok {
			vals[f] = conv(k, v)
		}
	}
	has := func(f string) bool { _, ok := vals[f]; return ok }
	method := methodOf(paramKey(methodName), has)
	if method == "" {
		return nil, fmt.Errorf("%s: projection method %q is not supported (supported: %s)", n.name(), methodName, supportedMethods)
	}
	p := projParams{k0: 1, lat0: vals["lat0"], lon0: vals["lon0"], fe: vals["fe"], fn: vals["fn"],
		lat1: vals["lat1"], lat2: vals["lat2"]}
	if has("k0") {
		p.k0 = vals["k0"]
	}
	switch method {
	case methodLCC1SP:
		if !has("lat0") && has("lat1") { // ESRI writes the one parallel as Standard_Parallel_1
			p.lat0 = p.lat1
		}
	case methodLCC2SP, methodAlbers:
		if !has("lat2") {
			p.lat2 = p.lat1
		}
	case methodMercatorA:
		if p.lat0 != 0 {
			return nil, fmt.Errorf("%s: Mercator with latitude of origin %g is not supported", n.name(), p.lat0)
		}
	case methodPseudoMercator:
		if d != datumWGS84 || p.lon0 != 0 || p.fe != 0 || p.fn != 0 || unit != 1 {
			return nil, fmt.Errorf("%s: a Pseudo-Mercator other than EPSG:3857 is not supported", n.name())
		}
		return registry[3857], nil
	}
	name := n.name()
	c, err := newProjected(n.epsgID(), name, d, pm, method, p, unit)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return c, nil
}

// ---- WKT 2 ----

// unitFactor reads a WKT 2 unit element: metres or radians per unit.
func unitFactor(u *wktNode) (float64, error) {
	v, err := u.num(1)
	if err != nil {
		return 0, err
	}
	if !(v > 0) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%s %q: bad factor", u.key, u.name())
	}
	return v, nil
}

// geogcrs reads a WKT 2 geographic CRS (or BASEGEOGCRS) and returns its
// datum, prime meridian (degrees) and angular unit (degrees per unit).
// towgs is a shift given around it (BOUNDCRS), nil if none.
func geogcrs(n *wktNode, towgs []float64) (*datum, float64, float64, error) {
	unit := 1.0
	if cs := n.child("CS"); cs != nil || n.child("ANGLEUNIT", "UNIT") != nil {
		if u := n.child("ANGLEUNIT", "UNIT"); u != nil {
			f, err := unitFactor(u)
			if err != nil {
				return nil, 0, 0, err
			}
			unit = snapDegree(f / deg)
		}
	}
	for _, ax := range n.children("AXIS") {
		if u := ax.child("ANGLEUNIT", "UNIT"); u != nil {
			f, err := unitFactor(u)
			if err != nil {
				return nil, 0, 0, err
			}
			unit = snapDegree(f / deg)
		}
	}
	dn := n.child("DATUM", "GEODETICDATUM", "TRF", "ENSEMBLE")
	if dn == nil {
		return nil, 0, 0, fmt.Errorf("%s %q has no DATUM", n.key, n.name())
	}
	sp := dn.child("ELLIPSOID", "SPHEROID")
	if sp == nil {
		return nil, 0, 0, fmt.Errorf("DATUM %q has no ELLIPSOID", dn.name())
	}
	el, err := spheroid(sp, 1)
	if err != nil {
		return nil, 0, 0, err
	}
	pm := 0.0
	if p := n.child("PRIMEM", "PRIMEMERIDIAN"); p != nil {
		v, err := p.num(1)
		if err != nil {
			return nil, 0, 0, err
		}
		pu := unit
		if u := p.child("ANGLEUNIT", "UNIT"); u != nil {
			f, err := unitFactor(u)
			if err != nil {
				return nil, 0, 0, err
			}
			pu = snapDegree(f / deg)
		}
		pm = v * pu
	}
	d, err := resolveDatum(dn.name(), dn.epsgID(), n.epsgID(), el, towgs)
	return d, pm, unit, err
}

// projcrs reads a WKT 2 PROJCRS.
func projcrs(n *wktNode, towgs []float64) (*CRS, error) {
	base := n.child("BASEGEOGCRS", "BASEGEODCRS", "GEOGCRS", "GEODCRS")
	if base == nil {
		return nil, fmt.Errorf("PROJCRS %q has no BASEGEOGCRS", n.name())
	}
	d, pm, angUnit, err := geogcrs(base, towgs)
	if err != nil {
		return nil, err
	}
	conv := n.child("CONVERSION", "DERIVINGCONVERSION")
	if conv == nil {
		return nil, fmt.Errorf("PROJCRS %q has no CONVERSION", n.name())
	}
	m := conv.child("METHOD", "PROJECTION")
	if m == nil {
		return nil, fmt.Errorf("CONVERSION %q has no METHOD", conv.name())
	}
	methodName := m.name()
	if id := m.epsgID(); id != 0 {
		if _, ok := methodCodes[id]; ok || id == 1024 {
			methodName = strconv.Itoa(id)
		}
	}
	// Coordinates' unit: the CS's LENGTHUNIT after the axes, or the axes'.
	unit := 1.0
	if u := n.child("LENGTHUNIT", "UNIT"); u != nil {
		if unit, err = unitFactor(u); err != nil {
			return nil, err
		}
	}
	for _, ax := range n.children("AXIS") {
		if u := ax.child("LENGTHUNIT", "UNIT"); u != nil {
			if unit, err = unitFactor(u); err != nil {
				return nil, err
			}
		}
	}
	raw := map[string]float64{}
	factor := map[string]float64{}
	for _, p := range conv.children("PARAMETER") {
		v, err := p.num(1)
		if err != nil {
			return nil, err
		}
		key := paramKey(p.name())
		if id := p.epsgID(); id != 0 {
			key = strconv.Itoa(id)
		}
		raw[key] = v
		if u := p.child("ANGLEUNIT", "LENGTHUNIT", "SCALEUNIT", "UNIT"); u != nil {
			f, err := unitFactor(u)
			if err != nil {
				return nil, err
			}
			if u.key == "ANGLEUNIT" {
				f = snapDegree(f / deg)
			}
			factor[key] = f
		}
	}
	return buildProjected(n, methodName, raw, d, pm, func(key string, v float64) float64 {
		if f, ok := factor[key]; ok {
			return v * f
		}
		if isAngleParam(key) || key == "8801" || key == "8802" || key == "8821" || key == "8822" || key == "8823" || key == "8824" {
			return v * angUnit
		}
		return v
	}, unit)
}

// boundcrs reads a WKT 2 BOUNDCRS: a source CRS with its Helmert shift to
// WGS 84 (what GDAL writes for a TOWGS84).
func boundcrs(n *wktNode) (*CRS, error) {
	src := n.child("SOURCECRS")
	tgt := n.child("TARGETCRS")
	tr := n.child("ABRIDGEDTRANSFORMATION")
	if src == nil || tgt == nil || tr == nil || len(src.args) == 0 || src.args[0].node == nil {
		return nil, fmt.Errorf("BOUNDCRS needs SOURCECRS, TARGETCRS and ABRIDGEDTRANSFORMATION")
	}
	towgs, err := abridged(tr)
	if err != nil {
		return nil, err
	}
	inner := src.args[0].node
	switch inner.key {
	case "PROJCRS", "PROJECTEDCRS":
		return projcrs(inner, towgs)
	case "GEOGCRS", "GEOGRAPHICCRS", "GEODCRS", "GEODETICCRS":
		d, pm, unit, err := geogcrs(inner, towgs)
		if err != nil {
			return nil, err
		}
		return geographicCRS(inner, d, pm, unit)
	}
	return nil, fmt.Errorf("BOUNDCRS of a %s is not supported", inner.key)
}

// abridged returns the TOWGS84 values (Position Vector) of a Helmert
// ABRIDGEDTRANSFORMATION.
func abridged(tr *wktNode) ([]float64, error) {
	m := tr.child("METHOD")
	if m == nil {
		return nil, fmt.Errorf("ABRIDGEDTRANSFORMATION has no METHOD")
	}
	key := paramKey(m.name())
	sign := 1.0
	switch {
	case m.epsgID() == 9606 || m.epsgID() == 1033 || strings.HasPrefix(key, "positionvector"):
	case m.epsgID() == 9607 || m.epsgID() == 1032 || strings.HasPrefix(key, "coordinateframe"):
		sign = -1
	case m.epsgID() == 9603 || m.epsgID() == 1031 || strings.HasPrefix(key, "geocentrictranslation"):
	default:
		return nil, fmt.Errorf("transformation method %q is not supported (a Helmert is)", m.name())
	}
	codes := map[string]int{"xaxistranslation": 0, "yaxistranslation": 1, "zaxistranslation": 2,
		"xaxisrotation": 3, "yaxisrotation": 4, "zaxisrotation": 5, "scaledifference": 6,
		"8605": 0, "8606": 1, "8607": 2, "8608": 3, "8609": 4, "8610": 5, "8611": 6}
	var pv [7]float64
	for _, p := range tr.children("PARAMETER") {
		key := paramKey(p.name())
		if id := p.epsgID(); id != 0 {
			key = strconv.Itoa(id)
		}
		i, ok := codes[key]
		if !ok {
			continue
		}
		v, err := p.num(1)
		if err != nil {
			return nil, err
		}
		if u := p.child("ANGLEUNIT", "LENGTHUNIT", "SCALEUNIT", "UNIT"); u != nil {
			f, err := unitFactor(u)
			if err != nil {
				return nil, err
			}
			switch {
			case i >= 3 && i <= 5:
				v *= f / arcs // to arc-seconds
			case i == 6:
				v *= f / 1e-6 // to ppm
			default:
				v *= f
			}
		}
		// Without a unit PROJ writes the scale as the factor 1 + ds (ISO
		// 19162 §15.3 abridged form); a plain ppm value is far from 1.
		if i == 6 && p.child("SCALEUNIT", "UNIT") == nil && math.Abs(v-1) < 0.01 {
			v = (v - 1) * 1e6
		}
		if i >= 3 && i <= 5 {
			v *= sign
		}
		pv[i] = v
	}
	return pv[:], nil
}
