package sqlstore

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"time"

	"wardmap/gis"
)

// PutChunk stores bytes [offset, offset+len(data)) of a blob of the given
// size. A chunk already received is accepted again (a retried request);
// one past what was received is refused with the received count, so the
// client resumes from there. The last chunk assembles the blob and checks
// its SHA-256; a mismatch discards the upload.
func (s *Store) PutChunk(ctx context.Context, ward, sha string, size, offset int64, data []byte) (int64, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, s.q(`SELECT count(*) FROM blobs WHERE ward_id = ? AND sha256 = ?`), ward, sha).Scan(&n); err != nil {
		return 0, err
	}
	if n > 0 {
		return size, nil
	}
	lock := `SELECT size, received FROM uploads WHERE ward_id = ? AND sha256 = ?`
	if s.pg {
		lock += ` FOR UPDATE`
	}
	var have, received int64
	err = tx.QueryRowContext(ctx, s.q(lock), ward, sha).Scan(&have, &received)
	if errors.Is(err, sql.ErrNoRows) {
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO uploads (ward_id, sha256, size, received, updated_at) VALUES (?, ?, ?, 0, ?)`), ward, sha, size, s.Now()); err != nil {
			return 0, err
		}
		have, received = size, 0
	} else if err != nil {
		return 0, err
	}
	if have != size {
		return received, gis.Errorf(gis.EINVALID, "kích thước %d khác lần tải trước %d (size differs from the upload begun)", size, have)
	}
	if offset+int64(len(data)) <= received {
		return received, tx.Commit()
	}
	if offset != received {
		return received, gis.Errorf(gis.ECONFLICT, "cần tải tiếp từ byte %d, không phải %d (resume from byte %d)", received, offset, received)
	}
	if offset+int64(len(data)) > size {
		return received, gis.Errorf(gis.EINVALID, "dữ liệu vượt kích thước %d (data beyond the declared size)", size)
	}
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO upload_chunks (ward_id, sha256, off, data) VALUES (?, ?, ?, ?)`), ward, sha, offset, data); err != nil {
		return received, err
	}
	received += int64(len(data))
	if received < size {
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE uploads SET received = ?, updated_at = ? WHERE ward_id = ? AND sha256 = ?`), received, s.Now(), ward, sha); err != nil {
			return 0, err
		}
		return received, tx.Commit()
	}
	rows, err := tx.QueryContext(ctx, s.q(`SELECT data FROM upload_chunks WHERE ward_id = ? AND sha256 = ? ORDER BY off`), ward, sha)
	if err != nil {
		return 0, err
	}
	var buf bytes.Buffer
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			rows.Close()
			return 0, err
		}
		buf.Write(b)
	}
	rows.Close()
	for _, q := range []string{`DELETE FROM upload_chunks WHERE ward_id = ? AND sha256 = ?`, `DELETE FROM uploads WHERE ward_id = ? AND sha256 = ?`} {
		if _, err := tx.ExecContext(ctx, s.q(q), ward, sha); err != nil {
			return 0, err
		}
	}
	sum := sha256.Sum256(buf.Bytes())
	if hex.EncodeToString(sum[:]) != sha {
		if err := tx.Commit(); err != nil {
			return 0, err
		}
		return 0, gis.Errorf(gis.EINVALID, "tệp nhận được có SHA-256 %x, không phải %s; đã bỏ, hãy tải lại (hash mismatch: upload discarded)", sum, sha)
	}
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO blobs (ward_id, sha256, size, data, created_at) VALUES (?, ?, ?, ?, ?)`), ward, sha, size, buf.Bytes(), s.Now()); err != nil {
		return 0, err
	}
	return size, tx.Commit()
}

// Received says how much of a blob the server holds.
func (s *Store) Received(ctx context.Context, ward, sha string) (int64, bool, error) {
	var size int64
	err := s.r.QueryRowContext(ctx, s.q(`SELECT size FROM blobs WHERE ward_id = ? AND sha256 = ?`), ward, sha).Scan(&size)
	if err == nil {
		return size, true, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, false, err
	}
	var received int64
	err = s.r.QueryRowContext(ctx, s.q(`SELECT received FROM uploads WHERE ward_id = ? AND sha256 = ?`), ward, sha).Scan(&received)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return received, false, err
}

// Blob returns a whole blob.
func (s *Store) Blob(ctx context.Context, ward, sha string) ([]byte, error) {
	var b []byte
	err := s.r.QueryRowContext(ctx, s.q(`SELECT data FROM blobs WHERE ward_id = ? AND sha256 = ?`), ward, sha).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("tệp " + sha)
	}
	return b, err
}

// HasBlobs reports which of shas the ward holds.
func (s *Store) HasBlobs(ctx context.Context, ward string, shas []string) (map[string]bool, error) {
	out := make(map[string]bool, len(shas))
	for _, sha := range shas {
		var n int
		if err := s.r.QueryRowContext(ctx, s.q(`SELECT count(*) FROM blobs WHERE ward_id = ? AND sha256 = ?`), ward, sha).Scan(&n); err != nil {
			return nil, err
		}
		out[sha] = n > 0
	}
	return out, nil
}

// ClaimUpload records that user begins uploading a blob of size bytes,
// refusing when the user already has maxCount partial uploads or
// maxBytes declared in them. A blob already held or already begun (a
// resumed upload, or the same photo from another laptop) is always
// accepted.
func (s *Store) ClaimUpload(ctx context.Context, ward, user, sha string, size int64, maxCount int, maxBytes int64) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, s.q(`SELECT (SELECT count(*) FROM blobs WHERE ward_id = ? AND sha256 = ?) + (SELECT count(*) FROM uploads WHERE ward_id = ? AND sha256 = ?)`),
		ward, sha, ward, sha).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	var count int
	var declared int64
	if err := tx.QueryRowContext(ctx, s.q(`SELECT count(*), coalesce(sum(size), 0) FROM uploads WHERE ward_id = ? AND user_id = ?`), ward, user).Scan(&count, &declared); err != nil {
		return err
	}
	if count+1 > maxCount || declared+size > maxBytes {
		return gis.Errorf(gis.ECONFLICT, "đã có %d tệp tải dở (%d MB); hãy tải xong chúng trước, tối đa %d tệp, %d MB (too many partial uploads: finish them first)",
			count, declared>>20, maxCount, maxBytes>>20)
	}
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO uploads (ward_id, sha256, size, received, user_id, updated_at) VALUES (?, ?, ?, 0, ?, ?) ON CONFLICT DO NOTHING`),
		ward, sha, size, user, s.Now()); err != nil {
		return err
	}
	return tx.Commit()
}

// ExpireUploads deletes partial uploads that have not grown since before
// (and their chunks), and returns how many.
func (s *Store) ExpireUploads(ctx context.Context, before time.Time) (int, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	// Uploads begun before the column existed have no time: they are
	// counted from the first sweep.
	if _, err := tx.ExecContext(ctx, s.q(`UPDATE /* all wards: expiry sweep */ uploads SET updated_at = ? WHERE updated_at IS NULL`), s.Now()); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, s.q(`DELETE /* all wards: expiry sweep */ FROM upload_chunks WHERE EXISTS (SELECT 1 FROM uploads u
		WHERE u.ward_id = upload_chunks.ward_id AND u.sha256 = upload_chunks.sha256 AND u.updated_at < ?)`), before); err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, s.q(`DELETE /* all wards: expiry sweep */ FROM uploads WHERE updated_at < ?`), before)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return int(n), tx.Commit()
}
