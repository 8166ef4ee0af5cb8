package crs_test

import (
	"fmt"
	"testing"
)

// Hand-written definitions of the kinds a ward meets: VN-2000 on a Lambert
// conic (as provincial maps were drawn) and a TM in US feet on an old
// datum, each with its own TOWGS84, which cs2cs reads from the same text.
const (
	vn2000GeogWKT = `GEOGCS["VN-2000",DATUM["Vietnam_2000",SPHEROID["WGS 84",6378137,298.257223563],` +
		`TOWGS84[-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278]],` +
		`PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]`
	vnLCC2SP = `PROJCS["VN-2000 / LCC 2SP test",` + vn2000GeogWKT + `,PROJECTION["Lambert_Conformal_Conic_2SP"],` +
		`PARAMETER["standard_parallel_1",11],PARAMETER["standard_parallel_2",23],PARAMETER["latitude_of_origin",16],` +
		`PARAMETER["central_meridian",106],PARAMETER["false_easting",500000],PARAMETER["false_northing",500000],UNIT["metre",1]]`
	vnLCC1SP = `PROJCS["VN-2000 / LCC 1SP test",` + vn2000GeogWKT + `,PROJECTION["Lambert_Conformal_Conic_1SP"],` +
		`PARAMETER["latitude_of_origin",21],PARAMETER["central_meridian",106.5],PARAMETER["scale_factor",0.9999],` +
		`PARAMETER["false_easting",500000],PARAMETER["false_northing",500000],UNIT["metre",1]]`
	// Krassowsky 1940 with a 3-parameter shift, Mercator variant B.
	krassMercB = `PROJCS["Mercator 2SP test",GEOGCS["Pulkovo-like",DATUM["test_datum",SPHEROID["Krassowsky 1940",6378245,298.3],` +
		`TOWGS84[23.92,-141.27,-80.9]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Mercator_2SP"],` +
		`PARAMETER["standard_parallel_1",20],PARAMETER["central_meridian",105],PARAMETER["false_easting",0],` +
		`PARAMETER["false_northing",0],UNIT["metre",1]]`
	// Clarke 1866, 7 parameters, TM with a latitude of origin, international feet.
	clarkeTMft = `PROJCS["TM feet test",GEOGCS["Clarke-like",DATUM["test_datum2",SPHEROID["Clarke 1866",6378206.4,294.978698213898],` +
		`TOWGS84[-8,160,176,0.1,-0.2,0.3,1.5]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],` +
		`PARAMETER["latitude_of_origin",31],PARAMETER["central_meridian",-81],PARAMETER["scale_factor",0.9999],` +
		`PARAMETER["false_easting",656166.667],PARAMETER["false_northing",0],UNIT["foot",0.3048]]`
	// Albers on Krassowsky, with a 7-parameter shift.
	krassAlbers = `PROJCS["Albers test",GEOGCS["Krass",DATUM["test_datum3",SPHEROID["Krassowsky 1940",6378245,298.3],` +
		`TOWGS84[15.8,-154.4,-82.3,0,0,-0.6,-0.3]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],` +
		`PROJECTION["Albers_Conic_Equal_Area"],PARAMETER["standard_parallel_1",25],PARAMETER["standard_parallel_2",47],` +
		`PARAMETER["latitude_of_center",0],PARAMETER["longitude_of_center",105],PARAMETER["false_easting",0],` +
		`PARAMETER["false_northing",0],UNIT["metre",1]]`
)

func TestParseAgainstCs2cs(t *testing.T) {
	ftUS := 1200.0 / 3937
	cases := []refereeCase{
		// UTM, both hemispheres, both ends of the zone numbers.
		{name: "UTM 48N", def: "EPSG:32648", lon: 106.6, lat: 20.8, d: 2, method: "Transverse Mercator", unit: 1},
		{name: "UTM 1N", def: "EPSG:32601", lon: -177, lat: 62, d: 2},
		{name: "UTM 60S", def: "EPSG:32760", lon: 177, lat: -40, d: 2},
		{name: "UTM 33S", def: "urn:ogc:def:crs:EPSG::32733", referee: "EPSG:32733", lon: 15, lat: -10, d: 2},
		{name: "UTM 19S", def: "EPSG:32719", lon: -69, lat: -33, d: 2},
		// California zone 5, US survey feet, every way it is written.
		{name: "2229 code", def: "EPSG:2229", lon: -118.25, lat: 34.05, d: 1, method: "Lambert Conic Conformal (2SP)", unit: ftUS},
		{name: "2229 ESRI prj", def: projinfo(t, 2229, "WKT1_ESRI"), referee: "EPSG:2229", lon: -118.25, lat: 34.05, d: 1, unit: 0.304800609601219},
		{name: "2229 OGC WKT1", def: projinfo(t, 2229, "WKT1_GDAL"), referee: "EPSG:2229", lon: -118.25, lat: 34.05, d: 1},
		{name: "2229 WKT2", def: projinfo(t, 2229, "WKT2_2019"), referee: "EPSG:2229", lon: -118.25, lat: 34.05, d: 1},
		// VN-2000: an ESRI .prj without TOWGS84 (the datum found by name),
		// a GDAL WKT1 and a WKT2 BOUNDCRS with it, and Lambert conics.
		{name: "9210 ESRI prj", def: projinfo(t, 9210, "WKT1_ESRI"), referee: "EPSG:9210", lon: 106.6, lat: 20.8, d: 0.5},
		{name: "3405 WKT1 TOWGS84", def: projinfo(t, 3405, "WKT1_GDAL", "--boundcrs-to-wgs84"), lon: 106.6, lat: 20.8, d: 1},
		{name: "3405 WKT2 BOUNDCRS", def: projinfo(t, 3405, "WKT2_2019", "--boundcrs-to-wgs84"), lon: 106.6, lat: 20.8, d: 1},
		// Into WGS 84 VN-2000 is the exact inverse of the other direction,
		// which differs from cs2cs's by up to 0.82 mm over Hai Phong and
		// grows to 1.4 mm at the country's ends (README, "Datum shift"):
		// these grids stay around the city. The conics themselves agree to
		// 1e-4 mm (forward columns, and the grids below without VN-2000).
		{name: "VN-2000 LCC 2SP", def: vnLCC2SP, lon: 106.6, lat: 20.8, d: 1, method: "Lambert Conic Conformal (2SP)"},
		{name: "VN-2000 LCC 1SP", def: vnLCC1SP, lon: 106.6, lat: 20.8, d: 1, method: "Lambert Conic Conformal (1SP)"},
		{name: "Lambert-93", def: "EPSG:2154", lon: 2.35, lat: 46.5, d: 3},
		// Mercator A and B.
		{name: "World Mercator", def: "EPSG:3395", lon: 10, lat: 50, d: 5, method: "Mercator (variant A)"},
		{name: "Mercator B Krassowsky", def: krassMercB, lon: 106, lat: 21, d: 3, method: "Mercator (variant B)"},
		// Albers.
		{name: "Australian Albers", def: "EPSG:3577", lon: 135, lat: -25, d: 5, method: "Albers Equal Area"},
		{name: "Conus Albers", def: "EPSG:5070", lon: -96, lat: 38, d: 5},
		{name: "Albers Krassowsky", def: krassAlbers, lon: 105, lat: 35, d: 5},
		// TM with a Helmert shift: British National Grid (7 parameters on
		// Airy) and a hand-written one in feet with a latitude of origin.
		{name: "British National Grid", def: "EPSG:27700", lon: -1.5, lat: 52.5, d: 1},
		{name: "TM feet Clarke", def: clarkeTMft, lon: -81, lat: 30, d: 1.5, unit: 0.3048},
		// Datums for which PROJ picks a Helmert per point by area and
		// accuracy: NAD27 (3 parameters), NAD83(HARN) (7 parameters),
		// chosen as cs2cs does. (Not ED50 here: near 3°E 45°N cs2cs's own
		// inverse picks another transformation than its forward, a 2.5 m
		// round trip; we follow the forward choice both ways.)
		{name: "NAD27 UTM 11N", def: "EPSG:26711", lon: -117.5, lat: 34, d: 1},
		{name: "NAD27 Maine West", def: "EPSG:26784", lon: -70.2, lat: 44.8, d: 0.3},
		{name: "NAD83(HARN) California 3", def: "EPSG:2872", lon: -120.4, lat: 37.7, d: 0.5},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkReferee(t, c) })
	}
}

// TestStatePlaneSample: every NAD83 State Plane zone in US feet agrees
// with cs2cs at its own origin area (a sample of the table, not a copy).
func TestStatePlaneSample(t *testing.T) {
	for _, c := range []struct {
		code     int
		lon, lat float64
	}{{2227, -122, 37.5}, {2263, -74, 40.7}, {2240, -84.4, 33.7}, {2276, -97, 32.8}, {2283, -77.5, 38.5}, {2249, -71, 42.3}} {
		t.Run(fmt.Sprint(c.code), func(t *testing.T) {
			checkReferee(t, refereeCase{def: fmt.Sprintf("EPSG:%d", c.code), lon: c.lon, lat: c.lat, d: 0.5})
		})
	}
}
