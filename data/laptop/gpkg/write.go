package gpkg

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// Tx is a write transaction: every change made through it, and its outbox
// entries, commit together or not at all.
type Tx struct {
	s    *Store
	tx   *sql.Tx
	user string
	// outbox controls whether changes are queued for the server.
	outbox bool
	// batch, when set, is the Loader whose transaction this is: outbox
	// entries join its batches (in order) instead of one INSERT each.
	batch *Loader
}

const queueSQL = `INSERT INTO wm_outbox (op_id, kind, record_id, op, fields, base_rev, created_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`

// Update runs fn in one write transaction as user. Changes are recorded in
// the outbox for sync. fn's error rolls everything back.
func (s *Store) Update(ctx context.Context, user string, fn func(*Tx) error) error {
	return s.update(ctx, user, true, fn)
}

func (s *Store) update(ctx context.Context, user string, outbox bool, fn func(*Tx) error) error {
	if s.w == nil {
		return errReadOnly
	}
	s.pushGate.RLock()
	defer s.pushGate.RUnlock()
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("gpkg: begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(&Tx{s: s, tx: tx, user: user, outbox: outbox}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("gpkg: commit: %w", err)
	}
	return nil
}

// Insert adds new records in one transaction.
func (s *Store) Insert(ctx context.Context, user string, fs ...*gis.Feature) error {
	return s.Update(ctx, user, func(tx *Tx) error {
		for _, f := range fs {
			if err := tx.Insert(ctx, f); err != nil {
				return err
			}
		}
		return nil
	})
}

// Save writes the changed fields of an existing record.
func (s *Store) Save(ctx context.Context, user string, f *gis.Feature) error {
	return s.Update(ctx, user, func(tx *Tx) error { return tx.Save(ctx, f) })
}

// Delete leaves a tombstone for the record.
func (s *Store) Delete(ctx context.Context, user string, k gis.Kind, id string) error {
	return s.Update(ctx, user, func(tx *Tx) error { return tx.Delete(ctx, k, id) })
}

// Insert validates and adds one new record. Derived fields are recomputed,
// times and users set.
func (t *Tx) Insert(ctx context.Context, f *gis.Feature) error {
	s, err := gis.SchemaFor(f.Kind)
	if err != nil {
		return err
	}
	if f.Attrs == nil {
		f.Attrs = map[string]any{}
	}
	if f.ID == "" {
		f.ID = gis.NewID()
	}
	gis.Derive(f)
	if err := gis.Validate(f); err != nil {
		return err
	}
	now := t.s.Now()
	if f.CreatedAt.IsZero() {
		f.CreatedAt, f.CreatedBy = now, t.user
	}
	if f.UpdatedAt.IsZero() {
		f.UpdatedAt, f.UpdatedBy = now, t.user
	}
	vals, err := rowValues(s, f)
	if err != nil {
		return err
	}
	cols := columns(s)
	q := fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", quoteIdent(s.Table), joinIdents(cols), placeholders(len(cols)))
	if _, err := t.tx.ExecContext(ctx, q, vals...); err != nil {
		return translate(err, f)
	}
	return t.queue(ctx, f, "insert", wire.Changed(s, f, nil))
}

// Save validates f and writes what changed against the stored record. It is
// an error if the record does not exist or was deleted.
func (t *Tx) Save(ctx context.Context, f *gis.Feature) error {
	s, err := gis.SchemaFor(f.Kind)
	if err != nil {
		return err
	}
	old, err := t.get(ctx, s, f.ID)
	if err != nil {
		return err
	}
	if old.Deleted {
		return gis.Errorf(gis.ECONFLICT, "%s %s đã bị xóa (was deleted)", f.Kind, f.ID)
	}
	gis.Derive(f)
	if err := gis.Validate(f); err != nil {
		return err
	}
	changed := wire.Changed(s, f, old)
	if len(changed) == 0 {
		return nil
	}
	f.CreatedAt, f.CreatedBy, f.Rev = old.CreatedAt, old.CreatedBy, old.Rev
	f.UpdatedAt, f.UpdatedBy = t.s.Now(), t.user
	vals, err := rowValues(s, f)
	if err != nil {
		return err
	}
	cols := columns(s)
	sets := make([]string, len(cols))
	for i, c := range cols {
		sets[i] = quoteIdent(c) + " = ?"
	}
	q := fmt.Sprintf("UPDATE %s SET %s WHERE id = ?", quoteIdent(s.Table), strings.Join(sets, ", "))
	if _, err := t.tx.ExecContext(ctx, q, append(vals, f.ID)...); err != nil {
		return translate(err, f)
	}
	return t.queue(ctx, f, "update", changed)
}

// Delete marks a record deleted (a tombstone) so the deletion syncs and can
// be undone; queries no longer return it.
func (t *Tx) Delete(ctx context.Context, k gis.Kind, id string) error {
	s, err := gis.SchemaFor(k)
	if err != nil {
		return err
	}
	f, err := t.get(ctx, s, id)
	if err != nil {
		return err
	}
	if f.Deleted {
		return nil
	}
	f.UpdatedAt, f.UpdatedBy, f.Deleted = t.s.Now(), t.user, true
	q := fmt.Sprintf("UPDATE %s SET deleted = 1, updated_at = ?, updated_by = ? WHERE id = ?", quoteIdent(s.Table))
	if _, err := t.tx.ExecContext(ctx, q, f.UpdatedAt.Format(timeFormat), t.user, id); err != nil {
		return err
	}
	return t.queue(ctx, f, "delete", nil)
}

// Restore undoes a Delete.
func (t *Tx) Restore(ctx context.Context, k gis.Kind, id string) error {
	s, err := gis.SchemaFor(k)
	if err != nil {
		return err
	}
	f, err := t.get(ctx, s, id)
	if err != nil {
		return err
	}
	if !f.Deleted {
		return nil
	}
	f.UpdatedAt, f.UpdatedBy, f.Deleted = t.s.Now(), t.user, false
	q := fmt.Sprintf("UPDATE %s SET deleted = 0, updated_at = ?, updated_by = ? WHERE id = ?", quoteIdent(s.Table))
	if _, err := t.tx.ExecContext(ctx, q, f.UpdatedAt.Format(timeFormat), t.user, id); err != nil {
		return err
	}
	return t.queue(ctx, f, "update", map[string]any{"deleted": false})
}

// Get reads a record inside the transaction, tombstones included.
func (t *Tx) Get(ctx context.Context, k gis.Kind, id string) (*gis.Feature, error) {
	s, err := gis.SchemaFor(k)
	if err != nil {
		return nil, err
	}
	return t.get(ctx, s, id)
}

func (t *Tx) get(ctx context.Context, s *gis.Schema, id string) (*gis.Feature, error) {
	return getFeature(ctx, t.tx, s, id)
}

// queue writes the outbox entry of a change.
func (t *Tx) queue(ctx context.Context, f *gis.Feature, op string, fields map[string]any) error {
	if !t.outbox {
		return nil
	}
	if fields == nil {
		fields = map[string]any{}
	}
	body, err := appendFields(nil, fields)
	if err != nil {
		return fmt.Errorf("gpkg: outbox: %w", err)
	}
	created := t.s.Now().Format(timeFormat)
	if t.batch == nil {
		if folded, err := t.fold(ctx, f, op, body, created); folded || err != nil {
			return err
		}
	}
	if t.batch != nil {
		return t.batch.enqueue(ctx, gis.NewID(), f.Kind, f.ID, op, string(body), f.Rev, created, t.user)
	}
	_, err = t.tx.ExecContext(ctx, queueSQL, gis.NewID(), string(f.Kind), f.ID, op, string(body), f.Rev, created, t.user)
	return err
}

func translate(err error, f *gis.Feature) error {
	if err == nil {
		return nil
	}
	if strings.Contains(err.Error(), "UNIQUE constraint failed") {
		return gis.Errorf(gis.ECONFLICT, "%s %s đã tồn tại (already exists)", f.Kind, f.ID)
	}
	return fmt.Errorf("gpkg: write %s %s: %w", f.Kind, f.ID, err)
}

func joinIdents(cols []string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = quoteIdent(c)
	}
	return strings.Join(q, ", ")
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// errNotFound builds the ENOTFOUND error of a record.
func errNotFound(k gis.Kind, id string) error {
	return gis.Errorf(gis.ENOTFOUND, "không tìm thấy %s %s (not found)", k, id)
}
