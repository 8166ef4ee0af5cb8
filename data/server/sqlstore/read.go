package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"wardmap/data/server"
)

// RecordRaw reads one record of the ward by ID into r, its fields as the
// JSON text stored, outside any write transaction: a read by key (the
// OGC API's single item) must not wait for, or hold, the ward's write
// lock. It reports false when the ward has no such record.
func (s *Store) RecordRaw(ctx context.Context, ward, id string, r *server.RawRecord) (bool, error) {
	if !storable(ward) || !storable(id) {
		return false, nil
	}
	err := s.r.QueryRowContext(ctx, s.q(`SELECT kind, id, rev, fields`+s.text()+`, deleted, created_at, created_by, updated_at, updated_by
		FROM records WHERE ward_id = ? AND id = ?`), ward, id).
		Scan(&r.Kind, &r.ID, &r.Rev, &r.Fields, &r.Deleted, &r.CreatedAt, &r.CreatedBy, &r.UpdatedAt, &r.UpdatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return true, nil
}
