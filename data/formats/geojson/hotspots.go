package geojson

import (
	orbjson "github.com/paulmach/orb/geojson"

	"wardmap/gis/casework"
)

// Hotspots is the hotspots as a FeatureCollection of points at their
// centres, with kind, count, open, address and ids as properties: a
// layer any GIS draws.
func Hotspots(hs []casework.Hotspot) *orbjson.FeatureCollection {
	fc := orbjson.NewFeatureCollection()
	for _, h := range hs {
		gf := orbjson.NewFeature(h.Center)
		gf.Properties = orbjson.Properties{"kind": h.Kind, "count": h.Count, "open": h.Open, "address": h.Address, "ids": h.IDs}
		fc.Append(gf)
	}
	return fc
}
