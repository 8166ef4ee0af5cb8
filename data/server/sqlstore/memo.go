package sqlstore

import (
	"context"
	"database/sql"
	"errors"
)

// Memo returns the ward's memo of key (server.Memos); ok is false when
// there is none.
func (s *Store) Memo(ctx context.Context, ward, key string) (rev int64, body []byte, ok bool, err error) {
	err = s.r.QueryRowContext(ctx, s.q(`SELECT rev, body FROM memos WHERE ward_id = ? AND key = ?`), ward, key).Scan(&rev, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil, false, nil
	}
	return rev, body, err == nil, err
}

// SetMemo keeps body as the ward's memo of key, computed at revision rev.
// A memo of an older revision never replaces a newer one: two processes
// computing the same page after different pushes leave the later one.
func (s *Store) SetMemo(ctx context.Context, ward, key string, rev int64, body []byte) error {
	_, err := s.w.ExecContext(ctx, s.q(`INSERT INTO memos (ward_id, key, rev, body, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (ward_id, key) DO UPDATE SET rev = excluded.rev, body = excluded.body, updated_at = excluded.updated_at
		WHERE memos.rev <= excluded.rev`), ward, key, rev, body, s.Now())
	return err
}
