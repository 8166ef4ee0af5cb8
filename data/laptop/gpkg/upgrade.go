package gpkg

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"wardmap/gis"
)

// pending lists the embedded migrations that db has not recorded.
func pending(ctx context.Context, db *sql.DB) ([]string, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	rows, err := db.QueryContext(ctx, `SELECT name FROM wm_migrations`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	done := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		done[n] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []string
	for _, n := range names {
		if !done[n] {
			out = append(out, n)
		}
	}
	return out, nil
}

// backupBeforeMigrate copies an existing file that has migrations to apply
// (an older release wrote it) to NAME.before-NNNN.gpkg beside it, so that
// an upgrade that goes wrong, or a person who must go back to the older
// release, loses nothing. Each migration runs in its own transaction, so
// the file itself is never left half-migrated either; the copy is for going
// back. VACUUM INTO writes a consistent snapshot, -wal content included.
func (s *Store) backupBeforeMigrate(ctx context.Context) (string, error) {
	todo, err := pending(ctx, s.w)
	if err != nil || len(todo) == 0 {
		return "", err
	}
	first := strings.TrimSuffix(filepath.Base(todo[0]), ".sql")
	num, _, _ := strings.Cut(first, "_")
	ext := filepath.Ext(s.path)
	backup := strings.TrimSuffix(s.path, ext) + ".before-" + num + ext
	if _, err := os.Stat(backup); err == nil {
		return backup, nil // kept from an earlier attempt: that is the older state
	}
	if _, err := s.w.ExecContext(ctx, `VACUUM INTO ?`, backup); err != nil {
		os.Remove(backup)
		return "", gis.Errorf(gis.EINTERNAL, "không sao lưu được %s trước khi nâng cấp (could not back up before upgrading): %v", s.path, err)
	}
	return backup, nil
}

// upgradeOld migrates a file that an older release wrote, before a
// read-only command reads it. A file that cannot be written is refused in
// plain words instead of failing later on a missing table.
func upgradeOld(ctx context.Context, path string) (string, error) {
	db, err := sql.Open(driverName, dsn(path, true))
	if err != nil {
		return "", err
	}
	todo, err := pending(ctx, db)
	db.Close()
	if err != nil || len(todo) == 0 {
		return "", err
	}
	if !writable(path) {
		return "", gis.Errorf(gis.EINVALID, "%s được tạo bởi phiên bản wardmap cũ hơn và cần nâng cấp một lần, nhưng tệp hoặc thư mục chỉ đọc; "+
			"hãy chép tệp sang nơi ghi được rồi chạy lại (written by an older wardmap; it must be upgraded once, but the file or its folder is read-only: copy it somewhere writable and run again)", path)
	}
	w, err := Open(ctx, path, Options{})
	if err != nil {
		return "", fmt.Errorf("nâng cấp (upgrading) %s: %w", path, err)
	}
	backup := w.Backup
	return backup, w.Close()
}

// writable: SQLite needs the file and, for its -wal and -shm, the folder.
func writable(path string) bool {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return false
	}
	f.Close()
	probe, err := os.CreateTemp(filepath.Dir(path), ".wardmap-probe-*")
	if err != nil {
		return false
	}
	probe.Close()
	os.Remove(probe.Name())
	return true
}

// removeEmptyWAL removes the empty -wal and -shm files that a read-only
// store's readers made beside a file that had none: SQLite deletes them
// when the last connection closes, but only a connection that may write
// can. A brief read-write connection is that last connection. With another
// program holding the file open, SQLite leaves them, as it should.
func removeEmptyWAL(path string) error {
	fi, err := os.Stat(path + "-wal")
	if err != nil || fi.Size() > 0 || !writable(path) {
		return nil
	}
	db, err := sql.Open(driverName, "file:"+(&url.URL{Path: path}).EscapedPath()+"?_busy_timeout=1000")
	if err != nil {
		return nil
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_master`).Scan(&n); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	return nil
}
