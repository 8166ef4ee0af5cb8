package ward

import (
	"context"
	"time"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
	"wardmap/gis/casework"
	"wardmap/gis/inspect"
)

// MoveReport moves the field report id by one step (casework.Apply; a
// duplicate without a reason is merged into the original), in one
// transaction by user. An answer is passed on to the reports merged into
// this one as duplicates: followers are those.
func MoveReport(ctx context.Context, s *gpkg.Store, user, id string, step casework.Step) (r *gis.Feature, followers []*gis.Feature, err error) {
	err = s.Update(ctx, user, func(tx *gpkg.Tx) error {
		if r, err = tx.Get(ctx, gis.Report, id); err != nil {
			return err
		}
		if r.Deleted {
			return gis.Errorf(gis.ENOTFOUND, "phản ánh %s đã bị xóa (deleted)", id)
		}
		switch step.To {
		case casework.Duplicate:
			err = markDuplicate(ctx, tx, r, step)
		case casework.Answered:
			if err = casework.Apply(r, step); err == nil {
				followers, err = passAnswer(ctx, s, tx, r)
			}
		default:
			err = casework.Apply(r, step)
		}
		if err != nil {
			return err
		}
		return tx.Save(ctx, r)
	})
	if err != nil {
		return nil, nil, err
	}
	return r, followers, nil
}

// markDuplicate marks r a duplicate of step.DuplicateOf: merged into it
// (its reporter follows the original) unless a reason is given.
func markDuplicate(ctx context.Context, tx *gpkg.Tx, r *gis.Feature, step casework.Step) error {
	if step.DuplicateOf == "" {
		return gis.Errorf(gis.EINVALID, "reports duplicate cần --of ID của phản ánh gốc (needs --of ORIGINAL_ID)")
	}
	orig, err := tx.Get(ctx, gis.Report, step.DuplicateOf)
	if err != nil {
		return err
	}
	if step.Reason == "" {
		return casework.Merge(r, orig, step.At)
	}
	return casework.Apply(r, step)
}

// passAnswer gives r's public answer to the reports merged into it.
func passAnswer(ctx context.Context, s *gpkg.Store, tx *gpkg.Tx, r *gis.Feature) ([]*gis.Feature, error) {
	all, err := s.Find(ctx, gpkg.Query{Kind: gis.Report})
	if err != nil {
		return nil, err
	}
	var out []*gis.Feature
	for _, o := range all {
		if o.Text("status") != casework.Duplicate || o.Text("duplicate_of") != r.ID {
			continue
		}
		f, err := tx.Get(ctx, gis.Report, o.ID)
		if err != nil {
			return nil, err
		}
		f.Attrs["public_answer"] = r.Text("public_answer")
		if err := tx.Save(ctx, f); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// RecordViolation makes violation id's record (casework.RecordIt: number
// no, day on, correction days or the kind's, the violator), in one
// transaction by user.
func RecordViolation(ctx context.Context, s *gpkg.Store, user, id, no string, on gis.Date, days int, violator string) (*gis.Feature, error) {
	return updateViolation(ctx, s, user, id, func(tx *gpkg.Tx, v *gis.Feature) error {
		if err := casework.RecordIt(v, no, on, days, violator); err != nil {
			return err
		}
		return tx.Save(ctx, v)
	})
}

// ReinspectViolation applies a re-inspection's outcome on day on
// (casework.Reinspect) and records the inspection (at noon of that ward
// day, by user, with note), in one transaction.
func ReinspectViolation(ctx context.Context, s *gpkg.Store, user, id string, on gis.Date, out casework.Outcome, note string) (*gis.Feature, error) {
	return updateViolation(ctx, s, user, id, func(tx *gpkg.Tx, v *gis.Feature) error {
		if err := casework.Reinspect(v, on, out); err != nil {
			return err
		}
		if err := tx.Save(ctx, v); err != nil {
			return err
		}
		at := time.Date(on.Year, on.Month, on.Day, 12, 0, 0, 0, gis.VietnamTime)
		in, _ := inspect.Record(inspect.Visit{Target: v, At: at, Inspector: user, Issue: out != casework.Fixed, Notes: note})
		in.Attrs["violation_id"] = v.ID
		return tx.Insert(ctx, in)
	})
}

// updateViolation runs change on the live violation id in one transaction.
func updateViolation(ctx context.Context, s *gpkg.Store, user, id string, change func(*gpkg.Tx, *gis.Feature) error) (*gis.Feature, error) {
	var v *gis.Feature
	err := s.Update(ctx, user, func(tx *gpkg.Tx) error {
		var err error
		if v, err = tx.Get(ctx, gis.Violation, id); err != nil {
			return err
		}
		if v.Deleted {
			return gis.Errorf(gis.ENOTFOUND, "vi phạm %s đã bị xóa (deleted)", v.ID)
		}
		return change(tx, v)
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}
