package gpkg

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"math"
	"strings"

	"github.com/paulmach/orb"

	"wardmap/data/sync/wire"
	"wardmap/gis"
	"wardmap/gis/render"
)

var _ render.PointSource = (*Store)(nil)

// Points implements render.PointSource, the map's fast path for point
// kinds: it reads only what drawing needs (position, status, and the
// fields of the title for the label) instead of decoding every attribute
// and the sync metadata of each record into a feature. A ward-scale frame
// of a million trees and lamps then holds a fraction of the memory (see
// cmd/wardmap's BenchmarkMemoryMillion).
func (s *Store) Points(ctx context.Context, k gis.Kind, b orb.Bound, dst []render.Item) ([]render.Item, error) {
	sc, ok := gis.Lookup(k)
	if !ok || sc.Geom != gis.Point {
		return dst, gis.Errorf(gis.EINVALID, "loại %s không phải điểm (kind %s is not a point kind)", k, k)
	}
	cols := []string{"t.geom"}
	status := render.StatusField[k]
	if status != "" {
		cols = append(cols, "t."+quoteIdent(status))
	}
	var title []*gis.Field
	for _, name := range sc.Title {
		if fd, ok := sc.Field(name); ok {
			title = append(title, fd)
			cols = append(cols, "t."+quoteIdent(name))
		}
	}
	stmt := fmt.Sprintf("SELECT %s FROM %s t JOIN %s r ON r.id = t.fid"+
		" WHERE r.maxx >= ? AND r.minx <= ? AND r.maxy >= ? AND r.miny <= ? AND t.deleted = 0 ORDER BY t.fid",
		strings.Join(cols, ", "), quoteIdent(sc.Table), quoteIdent("rtree_"+sc.Table+"_geom"))
	rows, err := s.r.QueryContext(ctx, stmt, b.Min[0], b.Max[0], b.Min[1], b.Max[1])
	if err != nil {
		return dst, fmt.Errorf("gpkg: query %s: %w", k, err)
	}
	defer rows.Close()
	var (
		geom    sql.RawBytes
		raw     = make([]any, len(cols)-1)
		ptrs    = make([]any, len(cols))
		intern  = map[string]string{} // status values, one string each
		scratch = gis.Feature{Kind: k, Attrs: make(map[string]any, len(title))}
	)
	ptrs[0] = &geom
	for i := range raw {
		ptrs[i+1] = &raw[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return dst, fmt.Errorf("gpkg: read %s: %w", k, err)
		}
		p, ok, err := pointOf(geom)
		if err != nil {
			return dst, err
		}
		if !ok || !b.Contains(p) {
			continue
		}
		it := render.Item{Geom: p, Point: p}
		i := 0
		if status != "" {
			if v, ok := asString(raw[i]); ok {
				if st, ok := intern[v]; ok {
					it.Status = st
				} else {
					intern[v], it.Status = v, v
				}
			}
			i++
		}
		clear(scratch.Attrs)
		for _, fd := range title {
			v, err := wire.FieldValue(fd, raw[i])
			if err != nil {
				return dst, fmt.Errorf("gpkg: %s: %w", k, err)
			}
			if v != nil {
				scratch.Attrs[fd.Name] = v
			}
			i++
		}
		if len(scratch.Attrs) > 0 {
			it.Label = scratch.Title("vi")
		}
		dst = append(dst, it)
	}
	return dst, rows.Err()
}

// pointOf reads a point blob without the general decoder's allocations:
// ok is false for an empty point.
func pointOf(b []byte) (orb.Point, bool, error) {
	if b == nil {
		return orb.Point{}, false, nil
	}
	h, err := parseHeader(b)
	if err != nil {
		return orb.Point{}, false, err
	}
	if h.empty {
		return orb.Point{}, false, nil
	}
	w := b[h.wkbStart:]
	if len(w) < 21 || (w[0] != 0 && w[0] != 1) {
		return pointSlow(b)
	}
	var bo binary.ByteOrder = binary.LittleEndian
	if w[0] == 0 {
		bo = binary.BigEndian
	}
	if bo.Uint32(w[1:]) != 1 { // not a 2D point (Z, M or another type)
		return pointSlow(b)
	}
	p := orb.Point{math.Float64frombits(bo.Uint64(w[5:])), math.Float64frombits(bo.Uint64(w[13:]))}
	if math.IsNaN(p[0]) || math.IsNaN(p[1]) {
		return orb.Point{}, false, nil
	}
	return p, true, nil
}

func pointSlow(b []byte) (orb.Point, bool, error) {
	g, err := decodeGeom(b)
	if err != nil {
		return orb.Point{}, false, err
	}
	p, ok := g.(orb.Point)
	return p, ok, nil
}
