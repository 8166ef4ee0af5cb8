package ogcapi

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"wardmap/data/server"
	"wardmap/gis"
)

// The ward thinks in residential groups (TDP): "tdp" is a queryable of
// every spatial kind but the TDPs themselves, naming a TDP by its code,
// name (case and diacritics aside) or ID; it selects the features whose
// geometry meets the TDP's polygon.
const tdpParam = "tdp"

func hasTDPFilter(s *gis.Schema) bool { return s.Spatial() && s.Kind != gis.TDP }

var errFound = errors.New("found")

// tdpArea finds the ward's TDP named by arg and returns its polygon.
func tdpArea(ctx context.Context, st server.Store, ward, arg string) (orb.Polygon, error) {
	want := gis.FoldSearch(arg)
	var area orb.Polygon
	for after := int64(0); ; {
		n := 0
		err := st.ChangesRaw(ctx, ward, server.ChangesQuery{After: after, Limit: scanPage, Kinds: []string{string(gis.TDP)}}, func(r *server.RawRecord) error {
			n++
			after = r.Rev
			if r.Deleted {
				return nil
			}
			var f struct {
				Name, Code string
				Geom       json.RawMessage
			}
			if json.Unmarshal(r.Fields, &f) != nil {
				return nil
			}
			if r.ID != arg && (f.Code == "" || gis.FoldSearch(f.Code) != want) && (f.Name == "" || gis.FoldSearch(f.Name) != want) {
				return nil
			}
			g, err := geojson.UnmarshalGeometry(f.Geom)
			if err != nil {
				return nil
			}
			if p, ok := g.Geometry().(orb.Polygon); ok && len(p) > 0 {
				area = p
				return errFound
			}
			return nil
		})
		if errors.Is(err, errFound) {
			return area, nil
		}
		if err != nil {
			return nil, err
		}
		if n < scanPage {
			return nil, badParam("không có tổ dân phố %q (no such TDP: give its code, name or ID)", arg)
		}
	}
}

// meetsArea reports whether a stored geometry meets a TDP's polygon: a
// position inside it, an edge crossing its edge, or (for a polygon) the
// TDP inside the feature.
func meetsArea(raw json.RawMessage, area orb.Polygon) bool {
	if len(raw) == 0 || string(raw) == "null" {
		return false
	}
	g, err := geojson.UnmarshalGeometry(raw)
	if err != nil {
		return false
	}
	geom := g.Geometry()
	if p, ok := geom.(orb.Point); ok {
		return planar.PolygonContains(area, p)
	}
	inside := false
	each(geom, func(p *orb.Point) { inside = inside || planar.PolygonContains(area, *p) })
	if inside {
		return true
	}
	var paths [][]orb.Point
	switch x := geom.(type) {
	case orb.LineString:
		paths = append(paths, x)
	case orb.Polygon:
		if len(x) > 0 && planar.PolygonContains(x, area[0][0]) {
			return true
		}
		for _, r := range x {
			paths = append(paths, r)
		}
	}
	for _, path := range paths {
		for _, ring := range area {
			if pathsCross(path, ring) {
				return true
			}
		}
	}
	return false
}

func pathsCross(a, b []orb.Point) bool {
	for i := 1; i < len(a); i++ {
		for j := 1; j < len(b); j++ {
			if segmentsCross(a[i-1], a[i], b[j-1], b[j]) {
				return true
			}
		}
	}
	return false
}

func segmentsCross(p1, p2, p3, p4 orb.Point) bool {
	d1, d2 := orient(p3, p4, p1), orient(p3, p4, p2)
	d3, d4 := orient(p1, p2, p3), orient(p1, p2, p4)
	return (d1 > 0) != (d2 > 0) && d1 != 0 && d2 != 0 && (d3 > 0) != (d4 > 0) && d3 != 0 && d4 != 0
}

func orient(a, b, c orb.Point) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
}

// tdpSchema is the tdp queryable as JSON Schema.
func tdpSchema() map[string]any {
	return map[string]any{"title": "Tổ dân phố (residential group)", "type": "string",
		"description": "mã, tên hoặc ID của tổ dân phố: các đối tượng trong vùng của tổ (a TDP's code, name or ID: the features in its area)"}
}
