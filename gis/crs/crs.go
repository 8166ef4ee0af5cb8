// Package crs converts coordinates between the reference systems a ward in
// Hai Phong meets: WGS 84 (EPSG:4326, what GPS and OSM give), VN-2000
// geographic (EPSG:4756), VN-2000 / UTM 48N and 49N (EPSG:3405, 3406), the
// VN-2000 provincial TM-3 zones EPSG:9205-9218 (Hai Phong is EPSG:9210,
// central meridian 105°45′, k0 = 0.9999) and Web Mercator (EPSG:3857) for
// the map.
//
// It is pure Go and reproduces PROJ's results for these codes: the datum
// shift is EPSG:6960 (VN-2000 to WGS 84 (2), a 7-parameter Coordinate Frame
// Helmert on the shared WGS 84 ellipsoid) and the Transverse Mercator is
// Krüger's series to order n^6 (Karney 2011), as PROJ's default "exact"
// tmerc. Geographic coordinates are always x = longitude, y = latitude in
// degrees (GeoJSON and orb order, not EPSG:4326's official lat,lon);
// projected ones are x = easting, y = northing in metres.
package crs

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Sentinel errors; wrapped errors say which code or coordinate was wrong.
var (
	ErrUnknownCRS = errors.New("crs: unknown or unsupported CRS")
	ErrOutOfRange = errors.New("crs: coordinate out of range")
	ErrBadLine    = errors.New("crs: bad input line")
)

// datum is a geodetic datum: its ellipsoid and its shift to WGS 84.
type datum struct {
	name string
	ell  *ellipsoid
	// shift is the Helmert transformation to WGS 84; nil for WGS 84 itself,
	// for datums that PROJ takes as equal to it (NAD83, ETRS89, GDA94…:
	// EPSG's null transformations) and for datums with no known shift, whose
	// coordinates then pass unchanged like PROJ's "ballpark" operation.
	shift *helmert
	// note says how the shift may differ from PROJ's (see ShiftNote).
	note string
	// cands, when PROJ has several transformations for the datum, are
	// chosen from point by point as PROJ does (pick); shift is the first.
	cands []candidate
}

// candidate is one of PROJ's transformations to WGS 84 with its area of
// use and accuracy; h nil is no shift (a null or ballpark transformation,
// or one of a kind not implemented).
type candidate struct {
	box      [4]float64 // W, S, E, N degrees; W > E crosses the antimeridian
	acc      float64    // metres, -1 unknown
	offshore bool
	h        *helmert
}

func (c *candidate) contains(lon, lat float64) bool {
	if lat < c.box[1] || lat > c.box[3] {
		return false
	}
	if c.box[0] <= c.box[2] {
		return lon >= c.box[0] && lon <= c.box[2]
	}
	return lon >= c.box[0] || lon <= c.box[2]
}

// within reports whether c's box lies inside o's and is smaller (two
// candidates over one area keep PROJ's order: GDA94's null transformation
// before its 7-parameter one).
func (c *candidate) within(o *candidate) bool {
	return c.box[0] >= o.box[0] && c.box[1] >= o.box[1] && c.box[2] <= o.box[2] && c.box[3] <= o.box[3] &&
		c.box != o.box
}

// pick returns the shift for a point, as PROJ's proj_trans chooses among
// its candidate operations (pj_get_suggested_operation in 4D_api.cpp): of
// those whose area holds the point, the first, replaced by any later one of
// known, better accuracy (or equal accuracy and an area inside the
// chosen's) that is not offshore; with none, the first candidate.
func (d *datum) pick(g geo) *helmert {
	if len(d.cands) == 0 {
		return d.shift
	}
	lon, lat := g.degrees()
	best := -1
	bestAcc := math.MaxFloat64
	for i := range d.cands {
		c := &d.cands[i]
		if !c.contains(lon, lat) {
			continue
		}
		if best < 0 || (c.acc >= 0 && (c.acc < bestAcc || c.acc == bestAcc && c.within(&d.cands[best])) && !c.offshore) {
			best, bestAcc = i, c.acc
		}
	}
	if best < 0 {
		return d.cands[0].h
	}
	return d.cands[best].h
}

var (
	datumWGS84  = &datum{name: "WGS 84", ell: wgs84Ell}
	datumVN2000 = &datum{name: "Vietnam 2000", ell: wgs84Ell, shift: &vn2000ToWGS84}
)

// same reports whether coordinates on d and o need no datum shift.
func (d *datum) same(o *datum) bool {
	return d == o || (d.ell.same(o.ell) && d.shift.same(o.shift) && len(d.cands) == 0 && len(o.cands) == 0)
}

// CRS is one coordinate reference system. Values come from Lookup, ByCode
// or Parse; those from Lookup and ByCode are shared: do not modify them.
type CRS struct {
	Code int    // EPSG code; 0 for a definition without one
	Name string // EPSG name, or the definition's
	// Lon0 is the central meridian (longitude of origin) in degrees for
	// projected systems (0 otherwise); the UI shows it beside the name.
	Lon0 float64

	datum *datum
	proj  projection // nil for geographic systems
	// unit is metres per unit of x and y for projected systems (0.3048 for
	// the international foot, 1200/3937 for the US survey foot).
	unit float64
	// pm is the prime meridian in degrees east of Greenwich; geographic
	// coordinates are counted from it, projections have it folded in.
	pm float64
	// method names the projection method (EPSG's name) for messages and
	// for writing the definition back.
	method string
	params projParams
}

// projection turns geodetic positions on the WGS 84 ellipsoid into plane
// coordinates and back.
type projection interface {
	forward(g geo) (x, y float64)
	inverse(x, y float64) (geo, error)
}

// IsGeographic reports whether coordinates are longitude/latitude degrees
// (true) or easting/northing metres (false).
func (c *CRS) IsGeographic() bool { return c.proj == nil }

// String gives "EPSG:9210 VN-2000 / TM-3 105-45", or the name alone for a
// definition without an EPSG code.
func (c *CRS) String() string {
	if c.Code == 0 {
		return c.Name
	}
	return fmt.Sprintf("EPSG:%d %s", c.Code, c.Name)
}

// ID is "EPSG:9210", or the name for a definition without a code.
func (c *CRS) ID() string {
	if c.Code == 0 {
		return c.Name
	}
	return fmt.Sprintf("EPSG:%d", c.Code)
}

// ShiftNote is empty when the datum shift to WGS 84 is the one cs2cs
// applies everywhere; otherwise it says how it may differ (PROJ picks
// among several transformations by position, prefers a grid, or uses a
// kind of transformation not implemented here).
func (c *CRS) ShiftNote() string { return c.datum.note }

// Method is the projection method's EPSG name ("Transverse Mercator",
// "Lambert Conic Conformal (2SP)"…), empty for geographic systems.
func (c *CRS) Method() string { return c.method }

// Unit is metres per unit of projected coordinates (1, 0.3048, 1200/3937),
// and 0 for geographic systems.
func (c *CRS) Unit() float64 {
	if c.IsGeographic() {
		return 0
	}
	return c.unit
}

// Axes says what x and y are, for a person: "lon lat (°)", "E N (m)", or
// "E N (ftUS)", "E N (ft)", "E N (0.3047997102 m)" for other units.
func (c *CRS) Axes() string {
	if c.IsGeographic() {
		return "lon lat (°)"
	}
	unit := "m"
	switch u := c.Unit(); {
	case u == 1:
	case math.Abs(u-1200.0/3937) < 1e-12:
		unit = "ftUS"
	case u == 0.3048:
		unit = "ft"
	default:
		unit = fmt.Sprintf("%.10g m", u)
	}
	return "E N (" + unit + ")"
}

// Decimals is how many decimals keep a coordinate to about 0.1 mm: 8 for
// degrees, 4 for metres.
func (c *CRS) Decimals() int {
	if c.IsGeographic() {
		return 8
	}
	return 4
}

// tm3Zones lists the VN-2000 provincial 3° zones (Thông tư 973/2001,
// EPSG:9205-9218). Central meridians are from PROJ 9.1.1's projinfo for each
// code; all have k0 = 0.9999 and FE = 500 000 m.
var tm3Zones = []struct {
	code int
	name string
	lon0 float64
}{
	{9205, "VN-2000 / TM-3 103-00", 103},
	{9206, "VN-2000 / TM-3 104-00", 104},
	{9207, "VN-2000 / TM-3 104-30", 104.5},
	{9208, "VN-2000 / TM-3 104-45", 104.75},
	{9209, "VN-2000 / TM-3 105-30", 105.5},
	{9210, "VN-2000 / TM-3 105-45", 105.75},
	{9211, "VN-2000 / TM-3 106-00", 106},
	{9212, "VN-2000 / TM-3 106-15", 106.25},
	{9213, "VN-2000 / TM-3 106-30", 106.5},
	{9214, "VN-2000 / TM-3 107-00", 107},
	{9215, "VN-2000 / TM-3 107-15", 107.25},
	{9216, "VN-2000 / TM-3 107-30", 107.5},
	{9217, "VN-2000 / TM-3 108-15", 108.25},
	{9218, "VN-2000 / TM-3 108-30", 108.5},
}

// registry holds every supported CRS by EPSG code; built once at start-up.
var registry = buildRegistry()

func buildRegistry() map[int]*CRS {
	r := map[int]*CRS{
		4326: {Code: 4326, Name: "WGS 84", datum: datumWGS84},
		4756: {Code: 4756, Name: "VN-2000", datum: datumVN2000},
		3857: {Code: 3857, Name: "WGS 84 / Pseudo-Mercator", datum: datumWGS84, proj: webMercator{},
			unit: 1, method: methodPseudoMercator},
	}
	tm := func(code int, name string, lon0, k0 float64) {
		p := projParams{lon0: lon0, k0: k0, fe: 500000}
		r[code] = &CRS{Code: code, Name: name, Lon0: lon0, datum: datumVN2000,
			proj: newTMerc(lon0, k0, 500000, 0), unit: 1, method: methodTM, params: p}
	}
	tm(3405, "VN-2000 / UTM zone 48N", 105, 0.9996)
	tm(3406, "VN-2000 / UTM zone 49N", 111, 0.9996)
	for _, z := range tm3Zones {
		tm(z.code, z.name, z.lon0, 0.9999)
	}
	return r
}

// Codes returns the ward's own EPSG codes in ascending order (WGS 84,
// VN-2000 and its zones, Web Mercator); ByCode and Parse know many more
// (EPSGCodes).
func Codes() []int {
	codes := make([]int, 0, len(registry))
	for c := range registry {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	return codes
}

// ByCode returns the CRS with the given EPSG code: one of Codes, or a
// projected or geographic CRS of the generated EPSG table (epsg.go).
func ByCode(code int) (*CRS, error) {
	if c, ok := registry[code]; ok {
		return c, nil
	}
	return epsgCRS(code)
}

// Lookup parses "EPSG:9210", "epsg:9210" or "9210" (surrounding spaces
// allowed) and returns that CRS; Parse also reads URNs and WKT.
func Lookup(code string) (*CRS, error) {
	n, ok := codeOf(strings.TrimSpace(code))
	if !ok || strings.Contains(strings.ToUpper(code), "URN:") || strings.Contains(strings.ToUpper(code), "CRS84") ||
		strings.Contains(code, "/") {
		return nil, fmt.Errorf("%w: %q", ErrUnknownCRS, code)
	}
	return ByCode(n)
}
