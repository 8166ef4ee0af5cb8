package gpkg

import (
	"context"
	"fmt"
	"strings"
	"time"

	"wardmap/data/sync/wire"
	"wardmap/gis"
	"wardmap/gis/indicator"
)

// IndicatorModel loads, once, everything the indicators are computed from
// (every version of the targets and parameters, the cycles, the reported
// figures, the live features of the kinds the formulas read) into a model
// that then follows the edits: after each write, hand the model the
// record as stored (IndicatorChange) and recompute from memory.
func (s *Store) IndicatorModel(ctx context.Context) (*indicator.Model, error) {
	var src indicator.Source
	var err error
	if src.Targets, err = s.TargetVersions(ctx); err != nil {
		return nil, err
	}
	if src.Params, err = s.ParamVersions(ctx); err != nil {
		return nil, err
	}
	if src.Cycles, err = s.Cycles(ctx); err != nil {
		return nil, err
	}
	if src.Entries, err = s.Entries(ctx); err != nil {
		return nil, err
	}
	m := indicator.NewModel(src)
	// The records go to the model as they are read: those no formula can
	// count are dropped at once (indicator.Inert).
	if err := s.readIndicatorFeatures(ctx, false, m.Load); err != nil {
		return nil, err
	}
	return m, nil
}

// IndicatorChange reads a record as it is stored now, tombstone included,
// as the change a Model applies after the record was inserted, saved,
// deleted or restored. A record that does not exist is a deletion.
func (s *Store) IndicatorChange(ctx context.Context, k gis.Kind, id string) (indicator.Change, error) {
	sc, err := gis.SchemaFor(k)
	if err != nil {
		return indicator.Change{}, err
	}
	f, err := getFeature(ctx, s.r, sc, id)
	if gis.ErrorCode(err) == gis.ENOTFOUND {
		return indicator.Deleted(k, id), nil
	}
	if err != nil {
		return indicator.Change{}, err
	}
	return indicator.Upserted(f), nil
}

// indicatorFeatures reads every attribute of the live records of the kinds
// the formulas read (IndicatorInput's, whose callers also draw them).
func (s *Store) indicatorFeatures(ctx context.Context) ([]*gis.Feature, error) {
	var out []*gis.Feature
	err := s.readIndicatorFeatures(ctx, true, func(f *gis.Feature) { out = append(out, f) })
	return out, err
}

// readIndicatorFeatures reads the live records of the kinds the formulas read,
// kind by kind in fid order (what Find returns), faster than Find: date
// and time columns come as text parsed here rather than by the driver,
// which tries its layouts one after the other and builds an error for
// each miss, and the search column is left out. Unless all, only the
// attributes the formulas read and the title fields (indicator.Reads)
// are read, and the records have no CreatedBy, UpdatedBy or Rev: what the
// model keeps for a million features.
func (s *Store) readIndicatorFeatures(ctx context.Context, all bool, emit func(*gis.Feature)) error {
	for _, k := range indicator.Kinds {
		sc, err := gis.SchemaFor(k)
		if err != nil {
			return err
		}
		if err := s.scanLean(ctx, sc, all, emit); err != nil {
			return err
		}
	}
	return nil
}

// scanLean reads every live record of one kind with the lean column list
// and hands each to emit.
func (s *Store) scanLean(ctx context.Context, sc *gis.Schema, all bool, emit func(*gis.Feature)) error {
	var cols []string
	if sc.Spatial() {
		cols = append(cols, "geom")
	}
	cols = append(cols, "id")
	var fields []*gis.Field
	for i := range sc.Fields {
		fd := &sc.Fields[i]
		if !all && !indicator.Reads(sc.Kind, fd.Name) {
			continue
		}
		fields = append(fields, fd)
		c := quoteIdent(fd.Name)
		if fd.Type == gis.DateType || fd.Type == gis.TimeType {
			c = "CAST(" + c + " AS TEXT)"
		}
		cols = append(cols, c)
	}
	cols = append(cols, "CAST(created_at AS TEXT)", "CAST(updated_at AS TEXT)")
	if all {
		cols = append(cols, "created_by", "updated_by", "rev")
	}
	stmt := fmt.Sprintf("SELECT %s FROM %s WHERE deleted = 0 ORDER BY fid", strings.Join(cols, ", "), quoteIdent(sc.Table))
	rows, err := s.r.QueryContext(ctx, stmt)
	if err != nil {
		return fmt.Errorf("gpkg: query %s: %w", sc.Kind, err)
	}
	defer rows.Close()
	raw := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	for rows.Next() {
		clear(raw)
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		f := &gis.Feature{Kind: sc.Kind, Attrs: make(map[string]any, len(fields))}
		i := 0
		if sc.Spatial() {
			b, _ := raw[0].([]byte)
			if f.Geom, err = decodeGeom(b); err != nil {
				return err
			}
			i++
		}
		f.ID, _ = asString(raw[i])
		i++
		for _, fd := range fields {
			var v any
			if str, ok := raw[i].(string); ok && fd.Type == gis.TimeType {
				v, err = fastTime(str)
			} else {
				v, err = wire.FieldValue(fd, raw[i])
			}
			if err != nil {
				return fmt.Errorf("gpkg: %s %s: %w", sc.Kind, f.ID, err)
			}
			if v != nil {
				f.Attrs[fd.Name] = v
			}
			i++
		}
		str, _ := asString(raw[i])
		f.CreatedAt, _ = fastTime(str)
		str, _ = asString(raw[i+1])
		f.UpdatedAt, _ = fastTime(str)
		if all {
			f.CreatedBy, _ = asString(raw[i+2])
			f.UpdatedBy, _ = asString(raw[i+3])
			f.Rev, _ = raw[i+4].(int64)
		}
		emit(f)
	}
	return rows.Err()
}

// fastTime parses the store's own layout (2006-01-02T15:04:05.000Z)
// without the time package's general parser, and any other through it.
func fastTime(s string) (time.Time, error) {
	if len(s) == len(timeFormat) && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' && s[16] == ':' && s[19] == '.' && s[23] == 'Z' {
		n := func(a, b int) (int, bool) {
			x := 0
			for _, c := range s[a:b] {
				if c < '0' || c > '9' {
					return 0, false
				}
				x = x*10 + int(c-'0')
			}
			return x, true
		}
		y, ok1 := n(0, 4)
		mo, ok2 := n(5, 7)
		d, ok3 := n(8, 10)
		h, ok4 := n(11, 13)
		mi, ok5 := n(14, 16)
		se, ok6 := n(17, 19)
		ms, ok7 := n(20, 23)
		if ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h < 24 && mi < 60 && se < 60 {
			t := time.Date(y, time.Month(mo), d, h, mi, se, ms*1e6, time.UTC)
			if t.Day() == d {
				return t, nil
			}
		}
	}
	if s == "" {
		return time.Time{}, nil
	}
	return wire.ParseTime(s)
}
