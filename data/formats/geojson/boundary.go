package geojson

import (
	"io"
	"os"

	"github.com/paulmach/orb"
	orbjson "github.com/paulmach/orb/geojson"

	"wardmap/gis"
)

// ReadBoundaryFile reads the boundary in the file at path (ReadBoundary);
// the errors name the file: ENOTFOUND when it cannot be opened, EINVALID
// when it holds no valid area.
func ReadBoundaryFile(path string) (orb.Geometry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, gis.Errorf(gis.ENOTFOUND, "không mở được ranh giới %s (cannot open the boundary): %v", path, err)
	}
	defer f.Close()
	g, err := ReadBoundary(f)
	if err != nil {
		return nil, gis.Errorf(gis.EINVALID, "ranh giới %s: %v", path, err)
	}
	return g, nil
}

// ReadBoundary reads an area from GeoJSON in WGS 84: a Polygon or
// MultiPolygon geometry, a Feature, or a FeatureCollection whose polygons
// are joined (other geometries are ignored). It returns an orb.Polygon for
// one polygon, else an orb.MultiPolygon; every polygon passes
// gis.CheckGeometry (closed rings, no self-crossing, coordinates in range).
func ReadBoundary(r io.Reader) (orb.Geometry, error) {
	b, err := io.ReadAll(io.LimitReader(r, 256<<20))
	if err != nil {
		return nil, err
	}
	var geoms []orb.Geometry
	if fc, err := orbjson.UnmarshalFeatureCollection(b); err == nil && fc.Type == "FeatureCollection" {
		for _, f := range fc.Features {
			geoms = append(geoms, f.Geometry)
		}
	} else if f, err := orbjson.UnmarshalFeature(b); err == nil && f.Type == "Feature" {
		geoms = append(geoms, f.Geometry)
	} else if g, err := orbjson.UnmarshalGeometry(b); err == nil && g.Coordinates != nil {
		geoms = append(geoms, g.Geometry())
	} else {
		return nil, gis.Errorf(gis.EINVALID, "không phải GeoJSON (not GeoJSON)")
	}
	var mp orb.MultiPolygon
	for _, g := range geoms {
		switch x := g.(type) {
		case orb.Polygon:
			mp = append(mp, x)
		case orb.MultiPolygon:
			mp = append(mp, x...)
		}
	}
	if len(mp) == 0 {
		return nil, gis.Errorf(gis.EINVALID, "không có vùng (Polygon/MultiPolygon) nào (no polygon in the file)")
	}
	for _, p := range mp {
		if err := gis.CheckGeometry(p); err != nil {
			return nil, gis.Errorf(gis.EINVALID, "%v", err)
		}
	}
	if len(mp) == 1 {
		return mp[0], nil
	}
	return mp, nil
}
