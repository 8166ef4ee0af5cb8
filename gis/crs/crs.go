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
	"slices"
	"strconv"
	"strings"
)

// Sentinel errors; wrapped errors say which code or coordinate was wrong.
var (
	ErrUnknownCRS = errors.New("crs: unknown or unsupported CRS")
	ErrOutOfRange = errors.New("crs: coordinate out of range")
	ErrBadLine    = errors.New("crs: bad input line")
)

// datum names the geodetic datum a CRS is based on. Both use the WGS 84
// ellipsoid; only their position and orientation differ (EPSG:6960).
type datum int

const (
	datumWGS84 datum = iota
	datumVN2000
)

// CRS is one supported coordinate reference system. Values come from Lookup
// or ByCode and are shared: do not modify them.
type CRS struct {
	Code int    // EPSG code
	Name string // EPSG name
	// Lon0 is the central meridian in degrees for Transverse Mercator
	// systems (0 otherwise); the UI shows it beside the name.
	Lon0 float64

	datum datum
	proj  projection // nil for geographic systems
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

// String gives "EPSG:9210 VN-2000 / TM-3 105-45".
func (c *CRS) String() string { return fmt.Sprintf("EPSG:%d %s", c.Code, c.Name) }

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
		3857: {Code: 3857, Name: "WGS 84 / Pseudo-Mercator", datum: datumWGS84, proj: webMercator{}},
	}
	utm := func(code int, name string, lon0 float64) {
		r[code] = &CRS{Code: code, Name: name, Lon0: lon0, datum: datumVN2000,
			proj: newTMerc(lon0, 0.9996, 500000, 0)}
	}
	utm(3405, "VN-2000 / UTM zone 48N", 105)
	utm(3406, "VN-2000 / UTM zone 49N", 111)
	for _, z := range tm3Zones {
		r[z.code] = &CRS{Code: z.code, Name: z.name, Lon0: z.lon0, datum: datumVN2000,
			proj: newTMerc(z.lon0, 0.9999, 500000, 0)}
	}
	return r
}

// Codes returns the supported EPSG codes in ascending order.
func Codes() []int {
	codes := make([]int, 0, len(registry))
	for c := range registry {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	return codes
}

// ByCode returns the CRS with the given EPSG code.
func ByCode(code int) (*CRS, error) {
	c, ok := registry[code]
	if !ok {
		return nil, fmt.Errorf("%w: EPSG:%d", ErrUnknownCRS, code)
	}
	return c, nil
}

// Lookup parses "EPSG:9210", "epsg:9210" or "9210" (surrounding spaces
// allowed) and returns that CRS.
func Lookup(code string) (*CRS, error) {
	s := strings.TrimSpace(code)
	if len(s) >= 5 && strings.EqualFold(s[:5], "EPSG:") {
		s = s[5:]
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return nil, fmt.Errorf("%w: %q", ErrUnknownCRS, code)
	}
	return ByCode(n)
}
