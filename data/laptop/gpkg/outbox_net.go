package gpkg

import (
	"context"
	"encoding/json"
	"fmt"

	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// The outbox holds the net change of each record, not the history of the
// desktop's undo stack (issue 12): an edit undone and redone is one
// update, an insert undone before any push is nothing. Only entries not yet
// handed to a push are folded (fid > Store.sentUpTo): an entry the server
// may already hold is never rewritten, so an answer to it can never
// acknowledge a change the server did not see.

// pendingOp is an outbox entry of one record still waiting for a push.
type pendingOp struct {
	fid    int64
	op     string
	fields string
}

// markSent notes that the entry fid is on its way to the server (Outbox
// read it for a push).
func (s *Store) markSent(fid int64) {
	for {
		old := s.sentUpTo.Load()
		if fid <= old || s.sentUpTo.CompareAndSwap(old, fid) {
			return
		}
	}
}

// fold merges a change of f into its waiting entries, reporting whether
// nothing more is to be queued: an update folds into the last insert or
// update, a restore cancels a waiting delete, a delete of a record whose
// insert never left cancels them all, and the restore of such a record
// queues its insert again. An update of a record whose lazy insert is
// still waiting needs nothing.
func (t *Tx) fold(ctx context.Context, f *gis.Feature, op string, body []byte, created string) (bool, error) {
	ops, err := t.pending(ctx, f)
	if err != nil {
		return false, err
	}
	restore := op == "update" && string(body) == `{"deleted":false}`
	switch {
	case len(ops) == 0:
		if restore && f.Rev == 0 && !t.everQueued(ctx, f) {
			return true, t.requeueInsert(ctx, f, created)
		}
		return false, nil
	case restore && ops[len(ops)-1].op == "delete":
		return true, t.dropOps(ctx, ops[len(ops)-1:])
	case op == "delete" && ops[0].op == "insert":
		return true, t.dropOps(ctx, ops)
	case op == "update" && !restore && ops[len(ops)-1].op == "insert" && ops[len(ops)-1].fields == lazyFields:
		// The lazy insert pushes the row as it will be then: the change
		// is in it already. (An update queued after it, by a load's own
		// transaction, takes the merge below: it would be pushed after
		// the insert and must carry the newest values.)
		return true, nil
	case op == "update" && !restore && ops[len(ops)-1].op != "delete":
		last := ops[len(ops)-1]
		merged, err := mergeFields(last.fields, body)
		if err != nil {
			return false, err
		}
		_, err = t.tx.ExecContext(ctx, `UPDATE wm_outbox SET fields = ?, created_at = ?, created_by = ? WHERE fid = ?`, merged, created, t.user, last.fid)
		return true, err
	}
	return false, nil
}

func (t *Tx) pending(ctx context.Context, f *gis.Feature) ([]pendingOp, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT fid, op, fields FROM wm_outbox WHERE record_id = ? AND kind = ? AND fid > ? ORDER BY fid`,
		f.ID, string(f.Kind), t.s.sentUpTo.Load())
	if err != nil {
		return nil, fmt.Errorf("gpkg: outbox: %w", err)
	}
	defer rows.Close()
	var ops []pendingOp
	for rows.Next() {
		var p pendingOp
		if err := rows.Scan(&p.fid, &p.op, &p.fields); err != nil {
			return nil, err
		}
		ops = append(ops, p)
	}
	return ops, rows.Err()
}

// everQueued reports whether f has any outbox entry, sent or not.
func (t *Tx) everQueued(ctx context.Context, f *gis.Feature) bool {
	var n int
	err := t.tx.QueryRowContext(ctx, `SELECT count(*) FROM wm_outbox WHERE record_id = ?`, f.ID).Scan(&n)
	return err != nil || n > 0
}

// requeueInsert queues the whole record again: its first insert was
// cancelled by a delete before it left, so the server has never seen it.
func (t *Tx) requeueInsert(ctx context.Context, f *gis.Feature, created string) error {
	s, err := gis.SchemaFor(f.Kind)
	if err != nil {
		return err
	}
	body, err := appendFields(nil, wire.Changed(s, f, nil))
	if err != nil {
		return fmt.Errorf("gpkg: outbox: %w", err)
	}
	_, err = t.tx.ExecContext(ctx, queueSQL, gis.NewID(), string(f.Kind), f.ID, "insert", string(body), f.Rev, created, t.user)
	return err
}

func (t *Tx) dropOps(ctx context.Context, ops []pendingOp) error {
	for _, p := range ops {
		if _, err := t.tx.ExecContext(ctx, `DELETE FROM wm_outbox WHERE fid = ?`, p.fid); err != nil {
			return fmt.Errorf("gpkg: outbox: %w", err)
		}
	}
	return nil
}

// mergeFields lays the fields of a later change over an earlier one's.
func mergeFields(earlier string, later []byte) (string, error) {
	m := map[string]json.RawMessage{}
	if err := json.Unmarshal([]byte(earlier), &m); err != nil {
		return "", fmt.Errorf("gpkg: outbox fields: %w", err)
	}
	var add map[string]json.RawMessage
	if err := json.Unmarshal(later, &add); err != nil {
		return "", fmt.Errorf("gpkg: outbox fields: %w", err)
	}
	for k, v := range add {
		m[k] = v
	}
	b, err := json.Marshal(m)
	return string(b), err
}

// A bulk load's inserts are queued without their fields (lazyFields): the
// entry stands for "the record as it is when pushed". Building and storing
// each record's JSON was most of the outbox's cost of an import (~10% of
// the whole command), and the record's own row already holds every value.
// Readers expand such an entry from the row (insertBody); an update of a
// record whose lazy insert is still waiting is already in it (fold).
const lazyFields = ""

// insertBody returns the fields of an outbox entry as JSON: its stored
// fields, or for a lazy insert, every set field of the record's current
// row, the bytes an eager insert of that row would have stored.
func insertBody(ctx context.Context, db queryer, kind, id, op, fields string) (string, error) {
	if fields != lazyFields || op != "insert" {
		return fields, nil
	}
	sc, ok := gis.Lookup(gis.Kind(kind))
	if !ok {
		return "", fmt.Errorf("gpkg: outbox: lazy insert of unknown kind %q", kind)
	}
	f, err := getFeature(ctx, db, sc, id)
	if err != nil {
		// Records of queued kinds are tombstoned, never removed: a missing
		// row is a damaged file, which must not be pushed as an empty record.
		return "", fmt.Errorf("gpkg: outbox: insert of %s %s: %w", kind, id, err)
	}
	b, err := appendInsertFields(nil, sc, f, fieldOrderOf(sc))
	if err != nil {
		return "", fmt.Errorf("gpkg: outbox: %w", err)
	}
	return string(b), nil
}
