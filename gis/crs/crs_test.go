package crs_test

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/gis/crs"
)

func mustLookup(t testing.TB, code string) *crs.CRS {
	t.Helper()
	c, err := crs.Lookup(code)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func mustTransform(t testing.TB, from, to string) *crs.Transform {
	t.Helper()
	tr, err := crs.NewTransform(mustLookup(t, from), mustLookup(t, to))
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestLookup(t *testing.T) {
	cases := []struct {
		name, in string
		want     int // 0: error expected
	}{
		{"prefixed", "EPSG:9210", 9210},
		{"lower case prefix", "epsg:9210", 9210},
		{"mixed case prefix", "Epsg:3405", 3405},
		{"bare number", "9210", 9210},
		{"spaces around", "  EPSG:4326 ", 4326},
		{"web mercator", "EPSG:3857", 3857},
		{"first TM-3 zone", "9205", 9205},
		{"last TM-3 zone", "9218", 9218},
		{"unknown code", "EPSG:1234", 0},
		{"next to the zones", "9219", 0},
		{"empty", "", 0},
		{"prefix only", "EPSG:", 0},
		{"not a number", "EPSG:abc", 0},
		{"negative", "-9210", 0},
		{"other authority", "ESRI:9210", 0},
		{"trailing junk", "9210x", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := crs.Lookup(c.in)
			if c.want == 0 {
				if !errors.Is(err, crs.ErrUnknownCRS) {
					t.Fatalf("Lookup(%q) = %v, %v; want ErrUnknownCRS", c.in, got, err)
				}
				return
			}
			if err != nil || got.Code != c.want {
				t.Fatalf("Lookup(%q) = %v, %v; want EPSG:%d", c.in, got, err, c.want)
			}
		})
	}
}

func TestCodes(t *testing.T) {
	want := []int{3405, 3406, 3857, 4326, 4756}
	for c := 9205; c <= 9218; c++ {
		want = append(want, c)
	}
	if got := crs.Codes(); !slices.Equal(got, want) {
		t.Fatalf("Codes() = %v, want %v", got, want)
	}
}

func TestKinds(t *testing.T) {
	cases := []struct {
		code       string
		geographic bool
		decimals   int
		lon0       float64
	}{
		{"4326", true, 8, 0},
		{"4756", true, 8, 0},
		{"3857", false, 4, 0},
		{"3405", false, 4, 105},
		{"3406", false, 4, 111},
		{"9207", false, 4, 104.5},
		{"9210", false, 4, 105.75},
		{"9217", false, 4, 108.25},
	}
	for _, c := range cases {
		t.Run(c.code, func(t *testing.T) {
			k := mustLookup(t, c.code)
			if k.IsGeographic() != c.geographic || k.Decimals() != c.decimals || k.Lon0 != c.lon0 {
				t.Errorf("%v: geographic %v decimals %d lon0 %v", k, k.IsGeographic(), k.Decimals(), k.Lon0)
			}
		})
	}
}

// TestCentralMeridian: on its central meridian a TM zone puts every point
// at the false easting, which pins down each zone's lon0 independently of
// the table it was typed from.
func TestCentralMeridian(t *testing.T) {
	for _, code := range crs.Codes() {
		c, _ := crs.ByCode(code)
		if c.IsGeographic() || code == 3857 {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			tr := mustTransform(t, "4756", c.String()[:9])
			e, _, err := tr.Forward(c.Lon0, 21)
			if err != nil || math.Abs(e-500000) > 1e-6 {
				t.Errorf("easting on the central meridian = %.6f, %v", e, err)
			}
		})
	}
}

// haiPhongGrid covers the city, 20.6–21.1 N, 106.4–107.1 E, 21 × 29 points.
func haiPhongGrid() []orb.Point {
	var pts []orb.Point
	for i := range 21 {
		for j := range 29 {
			pts = append(pts, orb.Point{106.4 + 0.7*float64(j)/28, 20.6 + 0.5*float64(i)/20})
		}
	}
	return pts
}

// TestRoundTrip: WGS 84 → X → WGS 84 returns the start within 1e-9° for
// every supported X, the datum shift included.
func TestRoundTrip(t *testing.T) {
	for _, code := range crs.Codes() {
		c, _ := crs.ByCode(code)
		t.Run(c.String(), func(t *testing.T) {
			fwd, err := crs.NewTransform(mustLookup(t, "4326"), c)
			if err != nil {
				t.Fatal(err)
			}
			back := fwd.Inverse()
			worst := 0.0
			for _, p := range haiPhongGrid() {
				x, y, err := fwd.Forward(p[0], p[1])
				if err != nil {
					t.Fatal(err)
				}
				lon, lat, err := back.Forward(x, y)
				if err != nil {
					t.Fatal(err)
				}
				worst = max(worst, math.Abs(lon-p[0]), math.Abs(lat-p[1]))
			}
			if worst > 1e-9 {
				t.Errorf("worst round-trip error %.3g°", worst)
			}
		})
	}
}

// TestProjectedRoundTrip starts from metres: 9210 → 4326 → 9210.
func TestProjectedRoundTrip(t *testing.T) {
	fwd := mustTransform(t, "EPSG:9210", "EPSG:4326")
	back := fwd.Inverse()
	for e := 560000.0; e <= 640000; e += 8000 {
		for n := 2280000.0; n <= 2340000; n += 6000 {
			lon, lat, err := fwd.Forward(e, n)
			if err != nil {
				t.Fatal(err)
			}
			e2, n2, err := back.Forward(lon, lat)
			if err != nil {
				t.Fatal(err)
			}
			if d := math.Hypot(e2-e, n2-n); d > 1e-6 {
				t.Errorf("%v,%v came back %.3g m away", e, n, d)
			}
		}
	}
}

func TestInvalidInput(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	cases := []struct {
		name, from, to string
		x, y           float64
	}{
		{"latitude 95", "4326", "9210", 106.6, 95},
		{"latitude -90.5", "4326", "4756", 106.6, -90.5},
		{"longitude 181", "4326", "9210", 181, 20.8},
		{"NaN longitude", "4326", "9210", nan, 20.8},
		{"NaN latitude", "4756", "4326", 106.6, nan},
		{"infinite latitude", "4326", "3405", 106.6, inf},
		{"same CRS still checked", "4326", "4326", 106.6, 95},
		{"NaN easting", "9210", "4326", nan, 2300000},
		{"infinite northing", "3405", "4326", 600000, -inf},
		{"easting beyond the TM domain", "9210", "4326", 5e7, 2300000},
		{"northing beyond the pole", "9210", "4326", 500000, 3e7},
		{"longitude 90 from a TM zone", "4326", "9210", -164.25, 0},
		{"web mercator of the pole", "4326", "3857", 0, 90},
		{"NaN web mercator", "3857", "4326", nan, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x, y, err := mustTransform(t, c.from, c.to).Forward(c.x, c.y)
			if !errors.Is(err, crs.ErrOutOfRange) {
				t.Fatalf("got %v, %v, %v; want ErrOutOfRange", x, y, err)
			}
		})
	}
}

func TestNewTransformNil(t *testing.T) {
	if _, err := crs.NewTransform(nil, mustLookup(t, "4326")); !errors.Is(err, crs.ErrUnknownCRS) {
		t.Fatalf("got %v", err)
	}
}

// TestEdges: valid extremes give finite, known answers rather than errors.
func TestEdges(t *testing.T) {
	cases := []struct {
		name, from, to string
		x, y, wx, wy   float64
		tol            float64
	}{
		{"identity keeps input exactly", "9210", "9210", 591400.66081, 2303276.87181, 591400.66081, 2303276.87181, 0},
		{"equator on central meridian", "4756", "9210", 105.75, 0, 500000, 0, 1e-9},
		{"north pole in a TM zone", "4756", "9210", 105.75, 90, 500000, 10001965.729 * 0.9999, 1e-3},
		// The shift tilts the pole by ~6 m; cs2cs gives 89.9982403247, -168.3793977900.
		{"north pole to WGS 84", "4756", "4326", 0, 90, -168.37939779, 89.9982403247, 1e-6},
		{"web mercator origin", "4326", "3857", 0, 0, 0, 0, 1e-9},
		{"web mercator antimeridian", "4326", "3857", 180, 0, 20037508.342789244, 0, 1e-6},
		{"web mercator 85.0511°", "3857", "4326", 0, 20037508.342789244, 0, 85.0511287798066, 1e-9},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x, y, err := mustTransform(t, c.from, c.to).Forward(c.x, c.y)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(x-c.wx) > c.tol || math.Abs(y-c.wy) > c.tol {
				t.Errorf("got %.9f %.9f, want %.9f %.9f", x, y, c.wx, c.wy)
			}
		})
	}
}

func TestPoints(t *testing.T) {
	tr := mustTransform(t, "4326", "9210")
	pts := []orb.Point{{106.63, 20.82}, {106.6, 20.8}}
	if err := tr.Points(pts); err != nil {
		t.Fatal(err)
	}
	for i, want := range []orb.Point{{591400.6608, 2303276.8718}, {588289.5538, 2301045.8685}} {
		if math.Hypot(pts[i][0]-want[0], pts[i][1]-want[1]) > 0.001 {
			t.Errorf("point %d = %v, want %v", i, pts[i], want)
		}
	}

	bad := []orb.Point{{106.63, 20.82}, {106.6, 95}, {106.6, 20.8}}
	err := tr.Points(bad)
	if !errors.Is(err, crs.ErrOutOfRange) || err.Error()[:7] != "point 1" {
		t.Fatalf("got %v, want an error naming point 1", err)
	}
	if bad[0][0] < 1000 || bad[2] != (orb.Point{106.6, 20.8}) {
		t.Errorf("before the bad point converted, after it untouched: %v", bad)
	}
}

// FuzzForward throws arbitrary numbers at every pair of systems: no panic,
// errors only of the documented kind, and every success finite.
func FuzzForward(f *testing.F) {
	f.Add(106.63, 20.82, uint8(0), uint8(5))
	f.Add(591400.66, 2303276.87, uint8(19), uint8(3))
	f.Add(0.0, 90.0, uint8(3), uint8(2))
	f.Add(-180.0, -90.0, uint8(4), uint8(1))
	f.Add(1e308, -1e308, uint8(2), uint8(4))
	codes := crs.Codes()
	f.Fuzz(func(t *testing.T, x, y float64, from, to uint8) {
		a, _ := crs.ByCode(codes[int(from)%len(codes)])
		b, _ := crs.ByCode(codes[int(to)%len(codes)])
		tr, err := crs.NewTransform(a, b)
		if err != nil {
			t.Fatal(err)
		}
		ox, oy, err := tr.Forward(x, y)
		if err != nil {
			if !errors.Is(err, crs.ErrOutOfRange) {
				t.Fatalf("%v→%v (%v, %v): unexpected error %v", a, b, x, y, err)
			}
			return
		}
		if math.IsNaN(ox) || math.IsInf(ox, 0) || math.IsNaN(oy) || math.IsInf(oy, 0) {
			t.Fatalf("%v→%v (%v, %v) = %v, %v", a, b, x, y, ox, oy)
		}
		if b.IsGeographic() && (math.Abs(ox) > 180 || math.Abs(oy) > 90) {
			t.Fatalf("%v→%v (%v, %v) = %v, %v: not a longitude, latitude", a, b, x, y, ox, oy)
		}
	})
}

// TestAxes: what `wardmap crs list` says x and y are, for each kind of unit.
func TestAxes(t *testing.T) {
	for code, want := range map[int]string{4326: "lon lat (°)", 9210: "E N (m)", 2204: "E N (ftUS)",
		2222: "E N (ft)", 2136: "E N (0.3047997102 m)", 27291: "E N (0.9143984146 m)"} {
		c, err := crs.ByCode(code)
		if err != nil {
			t.Fatal(err)
		}
		if c.Axes() != want {
			t.Errorf("EPSG:%d: axes %q, want %q", code, c.Axes(), want)
		}
	}
}
