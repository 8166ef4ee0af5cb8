package crs_test

import (
	"errors"
	"fmt"
	"math"
	"os/exec"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/gis/crs"
	"wardmap/gis/gistest"
)

func TestParseCodes(t *testing.T) {
	cases := []struct {
		in   string
		want int
	}{
		{"EPSG:2229", 2229},
		{"epsg:32648", 32648},
		{"32733", 32733},
		{" urn:ogc:def:crs:EPSG::2229 ", 2229},
		{"urn:ogc:def:crs:EPSG:9.1:9210", 9210},
		{"http://www.opengis.net/def/crs/EPSG/0/3405", 3405},
		{"urn:ogc:def:crs:OGC:1.3:CRS84", 4326},
		{"OGC:CRS84", 4326},
		{"EPSG:4269", 4269},
		{"EPSG:5897", 5897}, // VN-2000 / TM-3 zone 482, from the table
	}
	for _, c := range cases {
		got, err := crs.Parse(c.in)
		if err != nil || got.Code != c.want {
			t.Errorf("Parse(%q) = %v, %v; want EPSG:%d", c.in, got, err, c.want)
		}
	}
}

// TestEveryUTMZone: all 120 WGS 84 UTM zones are there, with the right
// central meridian and false northing.
func TestEveryUTMZone(t *testing.T) {
	wgs := mustLookup(t, "4326")
	for z := 1; z <= 60; z++ {
		for _, south := range []bool{false, true} {
			code := 32600 + z
			if south {
				code += 100
			}
			c, err := crs.ByCode(code)
			if err != nil {
				t.Fatalf("EPSG:%d: %v", code, err)
			}
			lon0 := float64(6*z - 183)
			tr, _ := crs.NewTransform(wgs, c)
			lat := 10.0
			if south {
				lat = -10
			}
			e, n, err := tr.Forward(lon0, lat)
			if err != nil || math.Abs(e-500000) > 1e-6 || (south != (n > 8e6)) {
				t.Errorf("EPSG:%d: (%v, %v) → %.3f %.3f %v", code, lon0, lat, e, n, err)
			}
		}
	}
}

// TestEveryVN2000Code: every projected VN-2000 CRS of the EPSG dataset is
// accepted and carries EPSG:6960's shift.
func TestEveryVN2000Code(t *testing.T) {
	n := 0
	for _, code := range crs.EPSGCodes() {
		c, _ := crs.ByCode(code)
		if !strings.HasPrefix(c.Name, "VN-2000") {
			continue
		}
		n++
		tr, err := crs.NewTransform(mustLookup(t, "4756"), c)
		if err != nil {
			t.Fatal(err)
		}
		if c.IsGeographic() {
			continue
		}
		// On the VN-2000 datum itself no shift applies: the central meridian
		// gives the false easting exactly.
		if e, _, err := tr.Forward(c.Lon0, 16); err != nil || math.Abs(e-500000) > 1e-6 {
			t.Errorf("%v: %.6f %v", c, e, err)
		}
	}
	// 4756, UTM 48N and 49N, TM-3 zones 481, 482, 491 and 107-45, and
	// the fourteen provincial TM-3 zones 9205-9218.
	if n != 21 {
		t.Errorf("%d VN-2000 codes, want 21", n)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", "empty"},
		{"EPSG:1234", "EPSG:1234"},
		{"EPSG:2046", "Transverse Mercator (South Orientated)"}, // the method is named
		{"EPSG:3031", "Polar Stereographic (variant B) is not supported"},
		{"hello", "neither an EPSG code nor a WKT"},
		{`PROJCS["x",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Polyconic"],UNIT["metre",1]]`, `"Polyconic" is not supported`},
		{`PROJCS["x",GEOGCS["WGS 84"`, "not closed"},
		{`GEOGCS["x",DATUM["d",SPHEROID["s",10,298]],UNIT["degree",0.0174532925199433]]`, "not an earth ellipsoid"},
		{`PROJCS["x",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["scale_factor",0],UNIT["metre",1]]`, "scale factor"},
	}
	for _, c := range cases {
		_, err := crs.Parse(c.in)
		if !errors.Is(err, crs.ErrUnknownCRS) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%.40q) = %v; want ErrUnknownCRS mentioning %q", c.in, err, c.want)
		}
	}
}

// projinfo writes the definition of an EPSG code in a WKT flavour, as GDAL,
// ArcGIS or QGIS would write it into a .prj or a GeoPackage.
func projinfo(tb testing.TB, code int, format string, extra ...string) string {
	tb.Helper()
	args := append([]string{fmt.Sprintf("EPSG:%d", code), "-o", format, "--single-line", "-q"}, extra...)
	out, err := exec.Command(gistest.Referee(tb, "projinfo", "proj-bin"), args...).Output()
	if err != nil {
		tb.Fatalf("projinfo %v: %v", args, err)
	}
	return strings.TrimSpace(string(out))
}

// cs2csDef converts pts with cs2cs between two CRS definitions given as
// text (codes or WKT): from EPSG:4326 (which cs2cs reads lat, lon) to a
// projected CRS, or back when inverse.
func cs2csDef(tb testing.TB, from, to string, pts []orb.Point, inverse bool) []orb.Point {
	tb.Helper()
	return runCs2cs(tb, from, to, pts, !inverse, inverse)
}

// grid is 7 × 7 points over ±d degrees around (lon, lat).
func grid(lon, lat, d float64) []orb.Point {
	var pts []orb.Point
	for i := range 7 {
		for j := range 7 {
			pts = append(pts, orb.Point{lon - d + 2*d*float64(j)/6, lat - d + 2*d*float64(i)/6})
		}
	}
	return pts
}

// refereeCase is one CRS definition and where to test it.
type refereeCase struct {
	name     string
	def      string  // what Parse gets
	referee  string  // what cs2cs gets; def when empty
	lon, lat float64 // centre of the test grid
	d        float64 // half-width in degrees
	method   string
	unit     float64
}

// checkReferee converts a grid from WGS 84 into c and back with Parse's
// CRS and with cs2cs: both directions agree to 1 mm (in projected metres;
// into WGS 84 in metres on the ground), and our own round trip returns to
// the start within 1 mm.
func checkReferee(t *testing.T, c refereeCase) {
	got, err := crs.Parse(c.def)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if c.method != "" && got.Method() != c.method {
		t.Errorf("method %q, want %q", got.Method(), c.method)
	}
	if c.unit != 0 && math.Abs(got.Unit()-c.unit) > 1e-15 {
		t.Errorf("unit %v, want %v", got.Unit(), c.unit)
	}
	ref := c.referee
	if ref == "" {
		ref = c.def
	}
	wgs := mustLookup(t, "4326")
	fwd, _ := crs.NewTransform(wgs, got)
	inv := fwd.Inverse()
	pts := grid(c.lon, c.lat, c.d)
	want := cs2csDef(t, "EPSG:4326", ref, pts, false)
	unit := got.Unit()
	worst, worstBack, worstTrip := 0.0, 0.0, 0.0
	var proj []orb.Point
	for i, p := range pts {
		x, y, err := fwd.Forward(p[0], p[1])
		if err != nil {
			t.Fatalf("%v: %v", p, err)
		}
		proj = append(proj, orb.Point{x, y})
		worst = max(worst, math.Hypot(x-want[i][0], y-want[i][1])*unit)
		lon, lat, err := inv.Forward(x, y)
		if err != nil {
			t.Fatalf("back %v: %v", p, err)
		}
		worstTrip = max(worstTrip, metresApart(lon, lat, p[0], p[1]))
	}
	back := cs2csDef(t, ref, "EPSG:4326", proj, true)
	// PROJ's datum shifts are not exact inverses of each other (README,
	// "Datum shift"): our round trip may drift as much as cs2cs's own.
	refTrip := 0.0
	for i, q := range cs2csDef(t, ref, "EPSG:4326", want, true) {
		refTrip = max(refTrip, metresApart(q[0], q[1], pts[i][0], pts[i][1]))
	}
	for i, q := range proj {
		lon, lat, _ := inv.Forward(q[0], q[1])
		worstBack = max(worstBack, metresApart(lon, lat, back[i][0], back[i][1]))
	}
	if worst > 1e-3 || worstBack > 1e-3 || worstTrip > max(1e-3, refTrip+1e-5) {
		t.Errorf("%s: worst %.3g mm from cs2cs forward, %.3g mm inverse, round trip %.3g mm (cs2cs's %.3g mm)",
			got, worst*1e3, worstBack*1e3, worstTrip*1e3, refTrip*1e3)
	}
	t.Logf("%s: %.2g mm forward, %.2g mm inverse, round trip %.2g mm (cs2cs's %.2g mm)", got, worst*1e3, worstBack*1e3, worstTrip*1e3, refTrip*1e3)
}

// metresApart is the distance between two nearby lon, lat points.
func metresApart(lon1, lat1, lon2, lat2 float64) float64 {
	const r = 6371000.0
	dy := (lat1 - lat2) * math.Pi / 180 * r
	dx := math.Remainder(lon1-lon2, 360) * math.Pi / 180 * r * math.Cos(lat1*math.Pi/180)
	return math.Hypot(dx, dy)
}

// FuzzParse: any text gives a CRS or an error wrapping ErrUnknownCRS, never
// a panic; a CRS it gives converts a point or says it is out of range.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"EPSG:2229", "urn:ogc:def:crs:EPSG::3405", "4326", vnLCC2SP, vnLCC1SP, krassMercB,
		clarkeTMft, krassAlbers, vn2000GeogWKT, `PROJCRS["a",BASEGEOGCRS["b",DATUM["c",ELLIPSOID["d",6378137,298.257223563]]],` +
			`CONVERSION["e",METHOD["Transverse Mercator",ID["EPSG",9807]],PARAMETER["k",0.9996,SCALEUNIT["unity",1],ID["EPSG",8805]]],` +
			`CS[Cartesian,2],AXIS["E",east],AXIS["N",north],LENGTHUNIT["US survey foot",0.304800609601219]]`,
		`BOUNDCRS[SOURCECRS[GEOGCRS["x",DATUM["y",ELLIPSOID["z",6377397.155,299.1528128]]]],TARGETCRS[GEOGCRS["WGS 84"]],` +
			`ABRIDGEDTRANSFORMATION["t",METHOD["Position Vector transformation (geog2D domain)"],PARAMETER["X-axis translation",598.1]]]`,
		`PROJCS["x",GEOGCS["y",DATUM["z",SPHEROID["s",6378137,0]],UNIT["grad",0.015707963267949]],PROJECTION["Mercator_2SP"],PARAMETER["standard_parallel_1",95]]`,
	} {
		f.Add(s)
	}
	wgs, _ := crs.ByCode(4326)
	f.Fuzz(func(t *testing.T, def string) {
		c, err := crs.Parse(def)
		if err != nil {
			if !errors.Is(err, crs.ErrUnknownCRS) {
				t.Fatalf("Parse(%q): %v does not wrap ErrUnknownCRS", def, err)
			}
			return
		}
		tr, err := crs.NewTransform(wgs, c)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range [][2]float64{{106.6, 20.8}, {-118, 34}, {0, 0}} {
			x, y, err := tr.Forward(p[0], p[1])
			if err != nil {
				if !errors.Is(err, crs.ErrOutOfRange) {
					t.Fatalf("%v: %v", c, err)
				}
				continue
			}
			if _, _, err := tr.Inverse().Forward(x, y); err != nil && !errors.Is(err, crs.ErrOutOfRange) {
				t.Fatalf("%v back: %v", c, err)
			}
		}
	})
}
