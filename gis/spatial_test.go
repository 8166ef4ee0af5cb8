package gis_test

import (
	"math"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/gis"
)

// The local scale against the ellipsoidal distance (itself checked against
// PROJ's geod) of a short step east and north, from the equator to Hà Giang.
func TestMetresPerDegreeAgainstGeodesic(t *testing.T) {
	const step = 1e-3 // degrees: ~100 m, a ward's scale
	for _, lat := range []float64{0, 10.8, 20.81, 23.3} {
		kx, ky := gis.MetresPerDegree(lat)
		east := gis.GeodesicDistance(orb.Point{106, lat}, orb.Point{106 + step, lat}) / step
		north := gis.GeodesicDistance(orb.Point{106, lat - step/2}, orb.Point{106, lat + step/2}) / step
		if math.Abs(kx/east-1) > 1e-5 || math.Abs(ky/north-1) > 1e-5 {
			t.Errorf("lat %g: kx %.3f ky %.3f, geodesic %.3f %.3f", lat, kx, ky, east, north)
		}
	}
}

// DistanceM keeps its promise of well under 0.1% at a ward's scale, in
// every direction.
func TestDistanceMAgainstGeodesic(t *testing.T) {
	p := orb.Point{106.6265, 20.8085}
	for _, q := range []orb.Point{{106.6285, 20.8085}, {106.6265, 20.8105}, {106.6240, 20.8060}, {106.6300, 20.8120}} {
		got, want := gis.DistanceM(q, p), gis.GeodesicDistance(p, q)
		if math.Abs(got/want-1) > 1e-4 {
			t.Errorf("%v: %.4f m, geodesic %.4f m", q, got, want)
		}
	}
}
