package server

import (
	"context"
	"fmt"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// rejectErr is a refusal of one operation: it is answered Rejected with
// its reason while the push's other operations apply. Rules about a
// record's values and whereabouts refuse this way, never the whole push,
// so that one edit a laptop may not make cannot block its sync for ever.
type rejectErr struct{ error }

func (e rejectErr) Unwrap() error { return e.error }

func reject(format string, args ...any) error {
	return rejectErr{gis.Errorf(gis.EFORBIDDEN, format, args...)}
}

// checkReportScope keeps a TDP head to the field reports of its own TDP
// (DOMAIN.md): it files reports anywhere it sees a problem, but changes
// (assigns, answers, closes) only reports that lie in its TDP's area or
// that it filed itself, and deletes none. rec is the record before the
// change (Rev 0 for a new one); next and deleted are what it becomes.
func (s *Service) checkReportScope(ctx context.Context, tx WardTx, u *User, rec *Record, op *wire.Op, next map[string]any, deleted bool) error {
	if u.Role != TDPHead || op.Kind != string(gis.Report) {
		return nil
	}
	if op.Op == wire.OpDelete || deleted && !rec.Deleted {
		return reject("tổ trưởng không được xóa phản ánh (a TDP head may not delete a field report)")
	}
	if rec.Rev == 0 || rec.CreatedBy == u.Name {
		return nil
	}
	area, err := tdpArea(ctx, tx, u.TDP)
	if err != nil {
		return err
	}
	for _, fields := range []map[string]any{rec.Fields, next} {
		if !inArea(area, fields["geom"]) {
			return reject("tổ trưởng chỉ xử lý phản ánh trong tổ dân phố của mình (a TDP head handles only the field reports in its own TDP)")
		}
	}
	return nil
}

// tdpArea is the polygon of a TDP record of the ward (nil when the ward
// has no such TDP, which leaves its head only the reports it filed).
func tdpArea(ctx context.Context, tx WardTx, id string) (orb.Polygon, error) {
	if !gis.ValidID(id) {
		return nil, nil
	}
	r, err := tx.Record(ctx, id)
	if err != nil || r == nil || r.Deleted || r.Kind != string(gis.TDP) {
		return nil, err
	}
	f, err := wire.Feature(gis.TDP, r.ID, map[string]any{"geom": r.Fields["geom"]})
	if err != nil {
		return nil, fmt.Errorf("server: TDP %s: %w", id, err)
	}
	p, _ := f.Geom.(orb.Polygon)
	return p, nil
}

func inArea(area orb.Polygon, geom any) bool {
	if area == nil || geom == nil {
		return false
	}
	f, err := wire.Feature(gis.Report, gis.NewID(), map[string]any{"geom": geom})
	if err != nil {
		return false
	}
	p, ok := f.Geom.(orb.Point)
	return ok && planar.PolygonContains(area, p)
}
