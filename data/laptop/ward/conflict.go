package ward

import (
	"context"
	"encoding/json"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// ResolveConflict settles sync conflict id as a person chose: gpkg.Mine,
// gpkg.Theirs, or gpkg.Edit with text, read as the conflicting field's
// type (JSON for the geometry and the deleted flag). `wardmap conflicts
// resolve` and the window's conflicts dialog both call it.
func ResolveConflict(ctx context.Context, s *gpkg.Store, user, id, choice, text string) error {
	var v any
	if choice == gpkg.Edit {
		var err error
		if v, err = conflictValue(ctx, s, id, text); err != nil {
			return err
		}
	}
	return s.ResolveConflict(ctx, user, id, choice, v)
}

// conflictValue reads text as the type of conflict id's field, in the
// wire's form.
func conflictValue(ctx context.Context, s *gpkg.Store, id, text string) (any, error) {
	cs, err := s.Conflicts(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if c.ID != id {
			continue
		}
		if c.Field == "geom" || c.Field == wire.FieldDeleted {
			var v any
			if err := json.Unmarshal([]byte(text), &v); err != nil {
				return nil, gis.Errorf(gis.EINVALID, "giá trị cần JSON cho %s (the value must be JSON for %s)", c.Field, c.Field)
			}
			return v, nil
		}
		sc, ok := gis.Lookup(c.Kind)
		if !ok {
			return text, nil
		}
		fd, ok := sc.Field(c.Field)
		if !ok {
			return text, nil
		}
		v, err := fd.Parse(text)
		if err != nil {
			return nil, err
		}
		return wire.Fields(&gis.Feature{Kind: c.Kind, Attrs: map[string]any{c.Field: v}})[c.Field], nil
	}
	return nil, gis.Errorf(gis.ENOTFOUND, "không có xung đột %s (no such conflict)", id)
}

// ConflictValue turns a conflict's wire value of field into the value a
// gis.Feature holds (the geometry as orb.Geometry, "deleted" as a bool),
// for a form to show beside the record; a value that does not decode is
// kept as it is.
func ConflictValue(k gis.Kind, field string, v any) any {
	if v == nil {
		return nil
	}
	if field == wire.FieldDeleted {
		b, _ := wire.Normalize(v).(bool)
		return b
	}
	f, err := wire.Feature(k, "", map[string]any{field: v})
	if err != nil {
		return v
	}
	if field == "geom" {
		if f.Geom == nil {
			return nil
		}
		return f.Geom
	}
	return f.Attrs[field]
}

// Conflict is an open sync conflict as a person is shown it: beside the
// stored one, its values as a form holds them (ConflictValue; none for an
// operation the server refused, Field "*") and the record as it is on
// this laptop (nil when its kind or the record is unknown here).
type Conflict struct {
	gpkg.Conflict
	MineValue, TheirsValue any
	Record                 *gis.Feature
}

// Conflicts lists st's open conflicts, oldest first, for the window's
// conflicts dialog.
func Conflicts(ctx context.Context, st *gpkg.Store) ([]Conflict, error) {
	cs, err := st.Conflicts(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Conflict, len(cs))
	for i, c := range cs {
		out[i].Conflict = c
		if c.Field != "*" {
			out[i].MineValue, out[i].TheirsValue = ConflictValue(c.Kind, c.Field, c.Mine), ConflictValue(c.Kind, c.Field, c.Theirs)
		}
		if f, err := st.Get(ctx, c.Kind, c.RecordID); err == nil {
			out[i].Record = f
		}
	}
	return out, nil
}
