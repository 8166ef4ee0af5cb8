package gpkg

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"wardmap/gis"
)

// AddBlob stores a file's contents under their SHA-256 inside the
// transaction, so a record and its photos commit together. sha, when not
// empty, must match the contents. Storing the same contents twice keeps
// one copy. It returns the hash.
func (t *Tx) AddBlob(ctx context.Context, sha string, data []byte) (string, error) {
	sum := sha256.Sum256(data)
	got := hex.EncodeToString(sum[:])
	if sha != "" && !strings.EqualFold(sha, got) {
		return "", gis.Errorf(gis.EINVALID, "tệp hỏng: SHA-256 %s, cần %s (corrupt file: hash mismatch)", got, sha)
	}
	_, err := t.tx.ExecContext(ctx, `INSERT INTO wm_blob (sha256, size_bytes, data) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING`, got, len(data), data)
	return got, err
}
