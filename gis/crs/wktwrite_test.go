package crs_test

import (
	"math"
	"testing"

	"wardmap/gis/crs"
)

// TestWKTRoundTrip: what WKT writes, Parse reads back to the same
// conversions, and cs2cs reading it agrees with us to 1 mm (it is what a
// .prj or a GeoPackage export would carry).
func TestWKTRoundTrip(t *testing.T) {
	cases := []refereeCase{
		{def: "EPSG:2229", lon: -118.25, lat: 34.05, d: 1},
		{def: "EPSG:32733", lon: 15, lat: -10, d: 2},
		{def: "EPSG:9210", lon: 106.6, lat: 20.8, d: 0.5},
		{def: "EPSG:27700", lon: -1.5, lat: 52.5, d: 1},
		{def: "EPSG:3577", lon: 135, lat: -25, d: 5},
		{def: "EPSG:3395", lon: 10, lat: 50, d: 5},
		{def: krassMercB, lon: 106, lat: 21, d: 3},
		{def: vnLCC1SP, lon: 106.6, lat: 20.8, d: 1},
		{def: clarkeTMft, lon: -81, lat: 30, d: 1.5},
	}
	wgs := mustLookup(t, "4326")
	for _, c := range cases {
		orig, err := crs.Parse(c.def)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(orig.Name, func(t *testing.T) {
			w := orig.WKT()
			back, err := crs.Parse(w)
			if err != nil {
				t.Fatalf("Parse(WKT()): %v\n%s", err, w)
			}
			if back.Code != orig.Code || back.Method() != orig.Method() || back.Unit() != orig.Unit() {
				t.Errorf("read back as %v %s %v", back, back.Method(), back.Unit())
			}
			t1, _ := crs.NewTransform(wgs, orig)
			t2, _ := crs.NewTransform(wgs, back)
			for _, p := range grid(c.lon, c.lat, c.d) {
				x1, y1, err1 := t1.Forward(p[0], p[1])
				x2, y2, err2 := t2.Forward(p[0], p[1])
				if err1 != nil || err2 != nil || math.Hypot(x1-x2, y1-y2) > 1e-6 {
					t.Fatalf("%v: %v %v, %v %v (%v, %v)", p, x1, y1, x2, y2, err1, err2)
				}
			}
			c.def, c.referee = w, w
			checkReferee(t, c)
		})
	}
	for _, code := range []int{4326, 4756, 3857} {
		c, _ := crs.ByCode(code)
		back, err := crs.Parse(c.WKT())
		if err != nil || back != c {
			t.Errorf("EPSG:%d read back as %v, %v", code, back, err)
		}
	}
}
