package app

import (
	"math"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/gis"
)

// distanceTo measures on the project's one local plane; the WGS 84
// geodesic to the foot of the perpendicular is its referee (the sphere
// would be 0.5% off north–south here, as the app's own 111,320 m per
// degree was).
func TestDistanceToAgainstGeodesic(t *testing.T) {
	p := orb.Point{106.6305, 20.8110}
	cases := []struct {
		name string
		g    orb.Geometry
		foot orb.Point
	}{
		{"point 30 m east", orb.Point{106.6305 + 30/104000.0, 20.8110}, orb.Point{106.6305 + 30/104000.0, 20.8110}},
		{"street 40 m north", orb.LineString{{106.6300, 20.8110 + 40/110700.0}, {106.6310, 20.8110 + 40/110700.0}}, orb.Point{106.6305, 20.8110 + 40/110700.0}},
		{"street ending west of p", orb.LineString{{106.6290, 20.8110}, {106.6300, 20.8110}}, orb.Point{106.6300, 20.8110}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := gis.GeodesicDistance(p, c.foot)
			if got := distanceTo(p, c.g); math.Abs(got-want) > want*0.0005 {
				t.Errorf("distanceTo = %.3f m, geodesic %.3f m", got, want)
			}
		})
	}
}
