package gpkg

// The laptop's side of sync (issue 6): the outbox read as wire operations,
// acknowledgements, records pulled from the server applied without new
// outbox entries, conflicts kept until a person resolves them, the pull
// cursor, and the photos held in wm_blob.

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"wardmap/data/sync/catalogue"
	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// Outbox returns up to limit pending operations, oldest first. A lazy
// insert (a bulk load's) is expanded from the record's row after every
// entry read is marked sent, so that a later edit of the record is either
// in the row read here or queued as an update of its own.
func (s *Store) Outbox(ctx context.Context, limit int) ([]wire.Op, error) {
	s.pushGate.Lock() // no edit folds while entries are marked and read
	defer s.pushGate.Unlock()
	rows, err := s.r.QueryContext(ctx, `SELECT fid, op_id, kind, record_id, op, fields, base_rev, created_at, created_by
		FROM wm_outbox ORDER BY fid LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	var ops []wire.Op
	var bodies []string
	for rows.Next() {
		var op wire.Op
		var fields string
		var at any
		var fid int64
		if err := rows.Scan(&fid, &op.OpID, &op.Kind, &op.ID, &op.Op, &fields, &op.BaseRev, &at, &op.By); err != nil {
			rows.Close()
			return nil, err
		}
		s.markSent(fid)
		op.At, _ = scanTime(at)
		ops = append(ops, op)
		bodies = append(bodies, fields)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range ops {
		op := &ops[i]
		fields, err := insertBody(ctx, s.r, op.Kind, op.ID, op.Op, bodies[i])
		if err != nil {
			return nil, err
		}
		dec := json.NewDecoder(strings.NewReader(fields))
		dec.UseNumber()
		if err := dec.Decode(&op.Fields); err != nil {
			return nil, fmt.Errorf("gpkg: outbox %s: %w", op.OpID, err)
		}
		wire.Normalize(op.Fields)
	}
	return ops, nil
}

// Pending counts the operations waiting for the server.
func (s *Store) Pending(ctx context.Context) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM wm_outbox`).Scan(&n)
	return n, err
}

// Acknowledge removes answered operations from the outbox in one
// transaction, keeping every conflict and every refusal in wm_conflicts.
func (s *Store) Acknowledge(ctx context.Context, ops []wire.Op, results []wire.OpResult) error {
	byID := make(map[string]wire.Op, len(ops))
	for _, op := range ops {
		byID[op.OpID] = op
	}
	return s.update(ctx, "", false, func(t *Tx) error {
		now := t.s.Now().Format(timeFormat)
		for _, r := range results {
			op, ok := byID[r.OpID]
			if !ok {
				continue
			}
			switch r.Status {
			case wire.Applied:
			case wire.Conflicted:
				for _, c := range r.Conflicts {
					mine, _ := json.Marshal(c.Mine)
					theirs, _ := json.Marshal(c.Theirs)
					if _, err := t.tx.ExecContext(ctx, `INSERT INTO wm_conflicts (id, kind, record_id, field, mine, theirs, theirs_rev, theirs_by, op_id, created_at)
						VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, gis.NewID(), op.Kind, op.ID, c.Field, string(mine), string(theirs), c.TheirsRev, c.TheirsBy, op.OpID, now); err != nil {
						return err
					}
				}
			case wire.Rejected:
				mine, _ := json.Marshal(op.Fields)
				if _, err := t.tx.ExecContext(ctx, `INSERT INTO wm_conflicts (id, kind, record_id, field, mine, op_id, message, created_at)
					VALUES (?, ?, ?, '*', ?, ?, ?, ?)`, gis.NewID(), op.Kind, op.ID, string(mine), op.OpID, op.Op+": "+r.Error, now); err != nil {
					return err
				}
			default:
				continue // unknown answer: keep the operation for the next push
			}
			if _, err := t.tx.ExecContext(ctx, `DELETE FROM wm_outbox WHERE op_id = ?`, op.OpID); err != nil {
				return err
			}
		}
		return nil
	})
}

// ApplyRemote writes records pulled from the server, creating no outbox
// entries, and stores the pull cursor in the same transaction so that an
// interrupted pull resumes where it stopped. Fields with local changes
// still waiting in the outbox keep their local value. Kinds this laptop
// has no table for are skipped; it returns how many records it wrote.
func (s *Store) ApplyRemote(ctx context.Context, recs []wire.Record, cursor int64) (int, error) {
	return s.ApplyRemoteAt(ctx, "pull_rev", recs, cursor)
}

// ApplyRemoteAt is ApplyRemote keeping the cursor under key: a pull of
// only an area or some kinds has its own cursor, so that it never makes a
// later full pull skip what it filtered out.
func (s *Store) ApplyRemoteAt(ctx context.Context, key string, recs []wire.Record, cursor int64) (int, error) {
	n := 0
	err := s.update(ctx, "", false, func(t *Tx) error {
		pending := map[string]bool{}
		rows, err := t.tx.QueryContext(ctx, `SELECT DISTINCT record_id FROM wm_outbox`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			pending[id] = true
		}
		rows.Close()
		bulk, err := t.deferRTrees(ctx, recs)
		if err != nil {
			return err
		}
		stmts := map[string]*sql.Stmt{}
		defer func() {
			for _, st := range stmts {
				st.Close()
			}
		}()
		for i := range recs {
			ok, err := t.applyRemote(ctx, &recs[i], pending[recs[i].ID], stmts, bulk)
			if err != nil {
				return err
			}
			if ok {
				n++
			}
		}
		return t.setState(ctx, key, fmt.Sprint(cursor))
	})
	return n, err
}

// prepared returns a statement prepared once per page.
func (t *Tx) prepared(ctx context.Context, stmts map[string]*sql.Stmt, q string) (*sql.Stmt, error) {
	if st, ok := stmts[q]; ok {
		return st, nil
	}
	st, err := t.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	stmts[q] = st
	return st, nil
}

// applyRemote writes one pulled record (a catalogue row, or a feature
// with the local edits not yet pushed laid over it when pending); false
// for a kind this wardmap does not know.
func (t *Tx) applyRemote(ctx context.Context, r *wire.Record, pending bool, stmts map[string]*sql.Stmt, bulk map[string]bool) (bool, error) {
	if catalogue.IsKind(r.Kind) {
		return true, t.applyCatalogue(ctx, r, pending)
	}
	sc, ok := gis.Lookup(gis.Kind(r.Kind))
	if !ok {
		return false, nil
	}
	f, err := wire.Feature(sc.Kind, r.ID, r.Fields)
	if err != nil {
		return false, fmt.Errorf("gpkg: pulled %s %s: %w", r.Kind, r.ID, err)
	}
	f.Meta = gis.Meta{CreatedAt: r.CreatedAt, CreatedBy: r.CreatedBy, UpdatedAt: r.UpdatedAt, UpdatedBy: r.UpdatedBy, Rev: r.Rev, Deleted: r.Deleted}
	if pending {
		// Local edits not yet pushed stay on top of the server's state.
		if err := t.overlayPending(ctx, sc, f); err != nil {
			return false, err
		}
	}
	gis.Derive(f)
	vals, err := rowValues(sc, f)
	if err != nil {
		return false, err
	}
	return true, t.writePulled(ctx, sc, f, vals, pending, stmts, bulk)
}

// overlayPending lays the local edits of f's record not yet pushed (its
// outbox entries, in order) over f, the server's state of it.
func (t *Tx) overlayPending(ctx context.Context, sc *gis.Schema, f *gis.Feature) error {
	type pend struct{ op, fields string }
	var ps []pend
	rows, err := t.tx.QueryContext(ctx, `SELECT op, fields FROM wm_outbox WHERE record_id = ? ORDER BY fid`, f.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var p pend
		if err := rows.Scan(&p.op, &p.fields); err != nil {
			rows.Close()
			return err
		}
		ps = append(ps, p)
	}
	rows.Close()
	for _, p := range ps {
		if p.op == wire.OpDelete {
			f.Deleted = true
			continue
		}
		body, err := insertBody(ctx, t.tx, string(f.Kind), f.ID, p.op, p.fields)
		if err != nil {
			return err
		}
		var fields map[string]any
		dec := json.NewDecoder(strings.NewReader(body))
		dec.UseNumber()
		if err := dec.Decode(&fields); err != nil {
			return err
		}
		for k, v := range fields {
			if k == wire.FieldDeleted {
				b, _ := wire.Normalize(v).(bool)
				f.Deleted = b
				continue
			}
			if err := wire.SetField(sc, f, k, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// writePulled writes a pulled record's row values: inserted, or updated
// where the record is already here. Into a layer being filled by a first
// pull (bulk), it is inserted straight away.
func (t *Tx) writePulled(ctx context.Context, sc *gis.Schema, f *gis.Feature, vals []any, pending bool, stmts map[string]*sql.Stmt, bulk map[string]bool) error {
	// Not an UPSERT: its conflict clause would override the R-tree
	// triggers' INSERT OR REPLACE and fail them.
	qs := applyQueries(sc)
	if bulk[sc.Table] && !pending {
		// A first pull into an empty layer: the record is new but for a
		// rare repeat (a cut pull resumed), which the key refuses.
		ins, err := t.prepared(ctx, stmts, qs.insert)
		if err != nil {
			return err
		}
		_, err = ins.ExecContext(ctx, vals...)
		if err == nil {
			return nil
		}
		if !strings.Contains(err.Error(), "UNIQUE constraint failed") {
			return fmt.Errorf("gpkg: apply %s %s: %w", f.Kind, f.ID, err)
		}
	}
	var n int
	exists, err := t.prepared(ctx, stmts, qs.exists)
	if err != nil {
		return err
	}
	if err := exists.QueryRowContext(ctx, f.ID).Scan(&n); err != nil {
		return err
	}
	q := qs.insert
	if n > 0 {
		q = qs.update
		vals = append(vals, f.ID)
	}
	write, err := t.prepared(ctx, stmts, q)
	if err != nil {
		return err
	}
	if _, err := write.ExecContext(ctx, vals...); err != nil {
		return fmt.Errorf("gpkg: apply %s %s: %w", f.Kind, f.ID, err)
	}
	return nil
}

type applySQL struct{ exists, insert, update string }

var applySQLs sync.Map // gis.Kind → *applySQL

// applyQueries returns the statements that write a pulled record of a
// kind, built once per kind.
func applyQueries(sc *gis.Schema) *applySQL {
	if q, ok := applySQLs.Load(sc.Kind); ok {
		return q.(*applySQL)
	}
	cols := columns(sc)
	sets := make([]string, len(cols))
	for i, c := range cols {
		sets[i] = quoteIdent(c) + " = ?"
	}
	q := &applySQL{
		exists: fmt.Sprintf("SELECT count(*) FROM %s WHERE id = ?", quoteIdent(sc.Table)),
		insert: fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", quoteIdent(sc.Table), joinIdents(cols), placeholders(len(cols))),
		update: fmt.Sprintf("UPDATE %s SET %s WHERE id = ?", quoteIdent(sc.Table), strings.Join(sets, ", ")),
	}
	applySQLs.Store(sc.Kind, q)
	return q
}

// SyncState returns a value of wm_sync_state ("" when unset).
func (s *Store) SyncState(ctx context.Context, key string) (string, error) {
	var v string
	err := s.r.QueryRowContext(ctx, `SELECT value FROM wm_sync_state WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetSyncState stores a value in wm_sync_state.
func (s *Store) SetSyncState(ctx context.Context, key, value string) error {
	return s.update(ctx, "", false, func(t *Tx) error { return t.setState(ctx, key, value) })
}

func (t *Tx) setState(ctx context.Context, key, value string) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO wm_sync_state (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

// Conflict is a field edited here and on the server, waiting for a person,
// or (Field "*") an operation the server refused.
type Conflict struct {
	ID        string
	Kind      gis.Kind
	RecordID  string
	Field     string
	Mine      any
	Theirs    any
	TheirsRev int64
	TheirsBy  string
	Message   string
	CreatedAt time.Time
}

// Conflicts lists the open conflicts, oldest first.
func (s *Store) Conflicts(ctx context.Context) ([]Conflict, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, kind, record_id, field, coalesce(mine, 'null'), coalesce(theirs, 'null'), theirs_rev, theirs_by, message, created_at
		FROM wm_conflicts ORDER BY fid`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Conflict
	for rows.Next() {
		var c Conflict
		var mine, theirs string
		var at any
		if err := rows.Scan(&c.ID, &c.Kind, &c.RecordID, &c.Field, &mine, &theirs, &c.TheirsRev, &c.TheirsBy, &c.Message, &at); err != nil {
			return nil, err
		}
		json.Unmarshal([]byte(mine), &c.Mine)
		json.Unmarshal([]byte(theirs), &c.Theirs)
		c.CreatedAt, _ = scanTime(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// Resolution choices.
const (
	Mine   = "mine"
	Theirs = "theirs"
	Edit   = "edit"
)

// ResolveConflict settles one conflict as user: "theirs" keeps the
// server's value, "mine" writes the local value again (a new outbox entry
// based on the server's revision, so the next push applies it), "edit"
// writes value. The record must have been pulled since the conflict.
func (s *Store) ResolveConflict(ctx context.Context, user, id, choice string, value any) error {
	return s.Update(ctx, user, func(t *Tx) error {
		var c Conflict
		var mine string
		err := t.tx.QueryRowContext(ctx, `SELECT kind, record_id, field, coalesce(mine, 'null'), theirs_rev FROM wm_conflicts WHERE id = ?`, id).
			Scan(&c.Kind, &c.RecordID, &c.Field, &mine, &c.TheirsRev)
		if errors.Is(err, sql.ErrNoRows) {
			return gis.Errorf(gis.ENOTFOUND, "không có xung đột %s (no such conflict)", id)
		}
		if err != nil {
			return err
		}
		if c.Field == "*" && choice != Theirs {
			return gis.Errorf(gis.EINVALID, "máy chủ đã từ chối thao tác này; chỉ có thể bỏ qua bằng theirs (the server refused this operation; only `theirs` dismisses it)")
		}
		switch choice {
		case Theirs:
		case Mine, Edit:
			if choice == Mine {
				dec := json.NewDecoder(strings.NewReader(mine))
				dec.UseNumber()
				if err := dec.Decode(&value); err != nil {
					return err
				}
			}
			if err := t.resolveWith(ctx, c, value); err != nil {
				return err
			}
		default:
			return gis.Errorf(gis.EINVALID, "chọn mine, theirs hoặc edit (choose mine, theirs or edit): %q", choice)
		}
		_, err = t.tx.ExecContext(ctx, `DELETE FROM wm_conflicts WHERE id = ?`, id)
		return err
	})
}

func (t *Tx) resolveWith(ctx context.Context, c Conflict, value any) error {
	if catalogue.IsKind(string(c.Kind)) {
		return t.resolveCatalogue(ctx, c, value)
	}
	sc, ok := gis.Lookup(c.Kind)
	if !ok {
		return gis.Errorf(gis.EINVALID, "loại %s không có trên máy này (kind not on this laptop)", c.Kind)
	}
	f, err := t.get(ctx, sc, c.RecordID)
	if err != nil {
		return err
	}
	if f.Rev < c.TheirsRev {
		return gis.Errorf(gis.ECONFLICT, "hãy đồng bộ trước để nhận bản của máy chủ (sync first to get the server's version): %s %s", c.Kind, c.RecordID)
	}
	if c.Field == wire.FieldDeleted {
		if del, _ := wire.Normalize(value).(bool); del {
			return t.Delete(ctx, c.Kind, c.RecordID)
		}
		return t.Restore(ctx, c.Kind, c.RecordID)
	}
	if f.Deleted {
		if err := t.Restore(ctx, c.Kind, c.RecordID); err != nil {
			return err
		}
		f.Deleted = false
	}
	if err := wire.SetField(sc, f, c.Field, value); err != nil {
		return err
	}
	// Save writes only what differs from the stored row; a value equal to
	// the server's needs no operation at all.
	return t.Save(ctx, f)
}

// BlobHashes lists the SHA-256 of every blob held locally.
func (s *Store) BlobHashes(ctx context.Context) ([]string, error) {
	return s.strings(ctx, `SELECT sha256 FROM wm_blob ORDER BY fid`)
}

// MissingBlobs lists the SHA-256 of live attachments whose contents are
// not held locally.
func (s *Store) MissingBlobs(ctx context.Context) ([]string, error) {
	return s.strings(ctx, `SELECT DISTINCT a.sha256 FROM attachment a WHERE NOT a.deleted AND a.sha256 IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM wm_blob b WHERE b.sha256 = a.sha256)`)
}

func (s *Store) strings(ctx context.Context, q string) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Blob returns the contents of a blob.
func (s *Store) Blob(ctx context.Context, sha string) ([]byte, error) {
	var b []byte
	err := s.r.QueryRowContext(ctx, `SELECT data FROM wm_blob WHERE sha256 = ?`, sha).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, gis.Errorf(gis.ENOTFOUND, "không có tệp %s (no such blob)", sha)
	}
	return b, err
}

// PutBlob stores contents under their SHA-256, which must match sha ("" to
// compute it). It returns the hash.
func (s *Store) PutBlob(ctx context.Context, sha string, data []byte) (string, error) {
	sum := sha256.Sum256(data)
	got := hex.EncodeToString(sum[:])
	if sha != "" && !strings.EqualFold(sha, got) {
		return "", gis.Errorf(gis.EINVALID, "tệp hỏng: SHA-256 %s, cần %s (corrupt blob: hash mismatch)", got, sha)
	}
	if s.w == nil {
		return "", errReadOnly
	}
	_, err := s.w.ExecContext(ctx, `INSERT INTO wm_blob (sha256, size_bytes, data) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING`, got, len(data), data)
	return got, err
}
