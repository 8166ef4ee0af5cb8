package osmimport

import "github.com/paulmach/osm"

// highwayClass maps OSM highway values to street classes. Motorways and
// trunks are rare inside a ward but, when present, are main roads; tertiary
// roads are the ward's collector streets, hence secondary; everything a car
// or motorbike can still enter below that is an alley (ngõ, hẻm).
var highwayClass = map[string]Class{
	"motorway": ClassMain, "motorway_link": ClassMain,
	"trunk": ClassMain, "trunk_link": ClassMain,
	"primary": ClassMain, "primary_link": ClassMain,
	"secondary": ClassSecondary, "secondary_link": ClassSecondary,
	"tertiary": ClassSecondary, "tertiary_link": ClassSecondary,
	"residential": ClassAlley, "unclassified": ClassAlley,
	"living_street": ClassAlley, "service": ClassAlley,
	"pedestrian": ClassAlley, "track": ClassAlley, "road": ClassAlley,
	"footway": ClassPath, "path": ClassPath, "cycleway": ClassPath,
	"bridleway": ClassPath, "steps": ClassPath,
}

// areaKeys are the keys that make a closed way an area, as in GDAL's
// osmconf.ini (closed_ways_are_polygons). A closed highway way carrying one
// (a market square tagged highway=pedestrian + amenity=marketplace) is a
// place, not a street centre line. Keeping GDAL's rule lets tests compare
// way counts with ogr2ogr exactly.
var areaKeys = map[string]bool{
	"aeroway": true, "amenity": true, "boundary": true, "building": true,
	"craft": true, "geological": true, "historic": true, "landuse": true,
	"leisure": true, "military": true, "natural": true, "office": true,
	"place": true, "shop": true, "sport": true, "tourism": true,
}

// streetClass returns the class of a way if it is a street to import.
func streetClass(w *osm.Way, paths bool) (Class, bool) {
	c, ok := highwayClass[w.Tags.Find("highway")]
	if !ok || (c == ClassPath && !paths) {
		return "", false
	}
	if isClosed(w) && isArea(w.Tags) {
		return "", false
	}
	return c, true
}

// isArea applies GDAL's rule for closed ways: area=yes or an area key,
// unless area=no.
func isArea(tags osm.Tags) bool {
	switch tags.Find("area") {
	case "yes":
		return true
	case "no":
		return false
	}
	for _, t := range tags {
		if areaKeys[t.Key] {
			return true
		}
		if (t.Key == "highway" || t.Key == "public_transport") && t.Value == "platform" {
			return true
		}
	}
	return false
}

func isClosed(w *osm.Way) bool {
	n := len(w.Nodes)
	return n >= 4 && w.Nodes[0].ID == w.Nodes[n-1].ID
}

// oneway reads the oneway tag; without one, roundabouts and motorways are
// one-way by OSM convention. "reversible" and "alternating" change with time
// of day and are treated as two-way.
func oneway(tags osm.Tags) int {
	switch tags.Find("oneway") {
	case "yes", "true", "1":
		return 1
	case "-1", "reverse":
		return -1
	case "no", "false", "0", "reversible", "alternating":
		return 0
	}
	switch tags.Find("junction") {
	case "roundabout", "circular":
		return 1
	}
	if tags.Find("highway") == "motorway" {
		return 1
	}
	return 0
}

// polygonKind returns the basemap kind and subkind of a closed way, if any.
// Water wins over land use (landuse=reservoir is water) and buildings win
// over both (a building is drawn on top anyway).
func polygonKind(w *osm.Way) (kind, sub string, ok bool) {
	if !isClosed(w) {
		return "", "", false
	}
	return areaKind(w.Tags)
}

// areaKind returns the basemap kind and subkind that area tags (of a closed
// way or a multipolygon relation) give, if any.
func areaKind(t osm.Tags) (kind, sub string, ok bool) {
	if b := t.Find("building"); b != "" && b != "no" {
		return KindBuilding, b, true
	}
	if t.Find("natural") == "water" || t.Find("waterway") == "riverbank" || t.Find("landuse") == "reservoir" {
		if s := t.Find("water"); s != "" {
			return KindWater, s, true
		}
		return KindWater, firstNonEmpty(t.Find("natural"), t.Find("waterway"), t.Find("landuse")), true
	}
	if l := t.Find("landuse"); l != "" {
		return KindLanduse, l, true
	}
	if t.Find("leisure") == "park" {
		return KindLanduse, "park", true
	}
	return "", "", false
}

// address returns a house number and street if the tags have both.
func address(tags osm.Tags) (number, street string, ok bool) {
	number, street = tags.Find("addr:housenumber"), tags.Find("addr:street")
	return number, street, number != "" && street != ""
}

// hasBuildingAddress reports a building way whose centroid is an address.
func hasBuildingAddress(w *osm.Way) bool {
	kind, _, ok := polygonKind(w)
	if !ok || kind != KindBuilding {
		return false
	}
	_, _, ok = address(w.Tags)
	return ok
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
