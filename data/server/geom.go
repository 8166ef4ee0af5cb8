package server

import (
	"bytes"
	"encoding/json"
	"math"

	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// checkWireGeom checks a geometry as pushed (GeoJSON decoded from JSON)
// before it is decoded: the decoder reads "coordinates":[] as the point
// (0, 0) and drops a third number, and the store keeps the value as sent,
// so without this an empty point was stored at (0, 0) and a 3-D one kept
// its 1e308 elevation for every laptop to pull. wardmap keeps 2-D
// positions: each is [longitude, latitude], two finite numbers, and no
// list of positions or rings is empty.
func checkWireGeom(v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		// A geometry value of an in-process push (Open311's intake hands
		// over wire.Fields): read it as the wire would.
		if b, err := json.Marshal(v); err == nil {
			var x any
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.UseNumber()
			if dec.Decode(&x) == nil {
				m, ok = wire.Normalize(x).(map[string]any)
			}
		}
	}
	if !ok {
		return geomErr("không phải đối tượng GeoJSON", "not a GeoJSON object")
	}
	c, ok := m["coordinates"]
	if !ok {
		return geomErr("thiếu coordinates", "coordinates missing")
	}
	depth := map[any]int{"Point": 0, "LineString": 1, "Polygon": 2}
	d, known := depth[m["type"]]
	if !known {
		return nil // the schema check names the wrong type
	}
	return checkPositions(c, d)
}

func checkPositions(v any, depth int) error {
	list, ok := v.([]any)
	if !ok {
		return geomErr("coordinates không đúng cấu trúc", "coordinates are not nested lists of positions")
	}
	if depth == 0 {
		if len(list) != 2 {
			return geomErr("mỗi vị trí cần đúng 2 số [kinh độ, vĩ độ], có %d", "each position needs exactly 2 numbers [lon, lat], got %d", len(list))
		}
		for _, x := range list {
			var f float64
			switch n := x.(type) {
			case float64:
				f = n
			case int64:
				f = float64(n)
			default:
				return geomErr("tọa độ không phải số", "a coordinate is not a number")
			}
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return geomErr("tọa độ không phải số hữu hạn", "a coordinate is not a finite number")
			}
		}
		return nil
	}
	if len(list) == 0 {
		return geomErr("danh sách tọa độ rỗng", "an empty list of coordinates")
	}
	for _, e := range list {
		if err := checkPositions(e, depth-1); err != nil {
			return err
		}
	}
	return nil
}

func geomErr(vi, en string, args ...any) error {
	return gis.Errorf(gis.EINVALID, "geom: "+vi+" ("+en+")", append(args, args...)...)
}
