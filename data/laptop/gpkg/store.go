// Package gpkg is wardmap's local store: one OGC GeoPackage 1.3 file per
// laptop holding the ward registry. Every map layer is a feature table with
// an R-tree spatial index; the rest are attribute tables. QGIS and GDAL
// open the file as they open any GeoPackage.
//
// The store keeps one writer connection (SQLite allows one writer; queuing
// writers in Go rather than in busy-waits keeps edits in order) and a pool
// of readers, all in WAL mode with foreign keys on.
package gpkg

import (
	"bytes"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"wardmap/gis"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// applicationID is 'GPKG' as the GeoPackage spec requires in the header.
const applicationID = 0x47504B47

// Store is an open ward database.
type Store struct {
	path string
	w    *sql.DB // the single writer
	r    *sql.DB // readers
	// tidyWAL: a read-only store opened on a file without a -wal file
	// removes the empty -wal and -shm its readers made (see Close).
	tidyWAL bool
	// Backup is the copy of the file kept before an upgrade from an older
	// release migrated it ("" when none was needed).
	Backup string
	// Now is the clock, swappable in tests.
	Now func() time.Time
	// sentUpTo is the last outbox fid handed to a push (Outbox): entries up
	// to it may be at the server already and are never folded (outbox_net.go).
	sentUpTo atomic.Int64
	// pushGate closes the window between an edit's fold and a push's read:
	// every write transaction holds it shared from begin to commit, and
	// Outbox holds it alone while it marks entries sent and reads their
	// bodies. Without it an edit that found its record's insert not yet
	// sent could fold into it (queueing nothing) and commit after the push
	// had read the row: the edit would never reach the server.
	pushGate sync.RWMutex
}

// Options say how to open a store.
type Options struct {
	// Create makes a new, empty ward database when the file does not exist.
	// Without it a missing file is an error, so a typo in --db never
	// leaves an empty database behind.
	Create bool
	// ReadOnly opens for reading only (no migration, no writer).
	ReadOnly bool
}

// Open opens (and with Options.Create, creates) a ward GeoPackage and
// applies pending migrations. A file that is not a SQLite database, or a
// GeoPackage that wardmap did not make, is refused untouched.
func Open(ctx context.Context, path string, opt Options) (*Store, error) {
	if path == "" {
		return nil, gis.Errorf(gis.EINVALID, "chưa chỉ định tệp cơ sở dữ liệu (no database file given)")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	isNew, err := checkFile(abs, opt)
	if err != nil {
		return nil, err
	}
	s := &Store{path: abs, Now: func() time.Time { return time.Now().UTC() }}
	if opt.ReadOnly && !isNew {
		// A file an older release wrote lacks tables the reads need:
		// upgrade it once (a copy kept) before reading.
		_, err := os.Stat(abs + "-wal")
		s.tidyWAL = errors.Is(err, fs.ErrNotExist)
		if s.Backup, err = upgradeOld(ctx, abs); err != nil {
			return nil, err
		}
	}
	if !opt.ReadOnly {
		if s.w, err = sql.Open(driverName, dsn(abs, false)); err != nil {
			return nil, err
		}
		s.w.SetMaxOpenConns(1)
		s.w.SetConnMaxIdleTime(0)
	}
	if s.r, err = sql.Open(driverName, dsn(abs, true)); err != nil {
		s.Close()
		return nil, err
	}
	s.r.SetMaxOpenConns(4)
	if !isNew {
		if err := checkWardmap(ctx, abs); err != nil {
			s.Close()
			return nil, err
		}
	}
	if !opt.ReadOnly {
		if !isNew {
			if s.Backup, err = s.backupBeforeMigrate(ctx); err != nil {
				s.Close()
				return nil, err
			}
		}
		if err := s.migrate(ctx); err != nil {
			s.Close()
			if isNew {
				removeDB(abs)
			}
			return nil, fmt.Errorf("gpkg: migrate %s: %w", path, err)
		}
		// A first pull cut between pages leaves R-trees to build: build
		// them now, so that the map, queries and other tools (QGIS,
		// ogrinfo) see every pulled row without waiting for a sync.
		if err := s.FinishPull(ctx); err != nil {
			s.Close()
			return nil, fmt.Errorf("gpkg: finish the cut pull's spatial index in %s: %w", path, err)
		}
	}
	return s, nil
}

// checkFile reads the first bytes of path so that a file that is not SQLite
// is refused before SQLite touches it (and before a -wal file appears).
func checkFile(path string, opt Options) (isNew bool, err error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		if !opt.Create || opt.ReadOnly {
			return false, gis.Errorf(gis.ENOTFOUND, "không có tệp %s (file not found); tạo mới bằng (create one with) `wardmap init --db %s`", path, path)
		}
		if _, err := os.Stat(filepath.Dir(path)); err != nil {
			return false, gis.Errorf(gis.EINVALID, "thư mục không tồn tại (folder does not exist): %s", filepath.Dir(path))
		}
		return true, nil
	}
	if err != nil {
		return false, gis.Errorf(gis.EINVALID, "không mở được %s (cannot open): %v", path, err)
	}
	defer f.Close()
	head := make([]byte, 16)
	n, err := io.ReadFull(f, head)
	if n == 0 && (err == io.EOF || err == nil) {
		// An empty file (from touch or mktemp) is a new database.
		if opt.Create {
			return true, nil
		}
		return false, gis.Errorf(gis.EINVALID, "%s rỗng, không phải cơ sở dữ liệu wardmap (empty file, not a wardmap database)", path)
	}
	if !bytes.Equal(head[:n], []byte("SQLite format 3\x00")[:min(n, 16)]) || n < 16 {
		return false, gis.Errorf(gis.EINVALID, "%s không phải GeoPackage/SQLite (not a GeoPackage: the file does not start with the SQLite header)", path)
	}
	return false, nil
}

// checkWardmap looks inside an existing file before anything writes to it.
// Without a -wal file beside it, it reads the file as immutable, so that a
// file we refuse gets no -wal or -shm file either; with one (a wardmap
// database whose last writer was killed), SQLite must read the WAL too.
func checkWardmap(ctx context.Context, path string) error {
	q := url.Values{"mode": {"ro"}}
	if _, err := os.Stat(path + "-wal"); err != nil {
		q.Set("immutable", "1")
	}
	db, err := sql.Open(driverName, "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+q.Encode())
	if err != nil {
		return err
	}
	defer db.Close()
	var appID int64
	if err := db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return gis.Errorf(gis.EINVALID, "%s hỏng hoặc không phải cơ sở dữ liệu (corrupt or not a database): %v", path, err)
	}
	var n int
	err = db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE name = 'wm_migrations'").Scan(&n)
	if err != nil {
		return gis.Errorf(gis.EINVALID, "%s hỏng (corrupt): %v", path, err)
	}
	if appID != applicationID || n == 0 {
		return gis.Errorf(gis.EINVALID, "%s không phải cơ sở dữ liệu wardmap (not a wardmap database; a GeoPackage from another tool can be brought in with `wardmap import features`)", path)
	}
	return nil
}

func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", "10000")
	q.Set("_synchronous", "NORMAL") // safe in WAL mode: a crash loses no committed transaction's integrity
	// A bigger page cache keeps bulk loads and R-tree updates off the disk
	// until commit (the default 2 MB spills every few thousand rows).
	q.Set("_cache_size", "-65536")
	if readOnly {
		q.Set("mode", "ro")
	} else {
		q.Set("_journal_mode", "WAL")
		q.Set("_txlock", "immediate")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Path returns the database file's absolute path.
func (s *Store) Path() string { return s.path }

// Close closes every connection.
//
// The read pool closes first so that the writer is the file's last
// connection: SQLite then checkpoints the write-ahead log into the file and
// removes it, and the .gpkg alone holds everything (people copy and mail
// GeoPackages, and tools that copy only the file would lose the tail).
// A read-only connection closing last cannot checkpoint.
func (s *Store) Close() error {
	var errs []error
	if s.r != nil {
		errs = append(errs, s.r.Close())
	}
	if s.w != nil {
		errs = append(errs, s.w.Close())
	}
	if s.tidyWAL {
		errs = append(errs, removeEmptyWAL(s.path))
	}
	return errors.Join(errs...)
}

func removeDB(path string) {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
}

// migrate applies every embedded migration not yet recorded, each in its
// own transaction together with its record, in lexical order. Migrations
// only go forward: a shipped file is never edited.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS wm_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	applied := false
	for _, name := range names {
		did, err := s.migrateFile(ctx, name)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		applied = applied || did
	}
	if applied {
		// GDAL reads the application_id from the file's first bytes, not
		// through SQLite: move the header page out of the WAL now.
		if _, err := s.w.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) migrateFile(ctx context.Context, name string) (bool, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM wm_migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return false, err
	}
	if n > 0 {
		return false, nil
	}
	body, err := migrationFS.ReadFile(name)
	if err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO wm_migrations (name, applied_at) VALUES (?, ?)`, name, s.Now().Format(time.RFC3339)); err != nil {
		return false, err
	}
	return true, tx.Commit()
}

// Setting returns a value from wm_settings ("" when unset).
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.r.QueryRowContext(ctx, `SELECT value FROM wm_settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetSetting stores a value in wm_settings.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	if s.w == nil {
		return errReadOnly
	}
	_, err := s.w.ExecContext(ctx, `INSERT INTO wm_settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

var errReadOnly = gis.Errorf(gis.EINVALID, "cơ sở dữ liệu mở ở chế độ chỉ đọc (database opened read-only)")

// quoteIdent quotes an SQL identifier; table and column names come from the
// schema, never from users, but quoting keeps names like "alley_sign" safe.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// QueryRow runs a read-only SQL query and scans one row: for tests and
// diagnostics, never for users' input.
func (s *Store) QueryRow(ctx context.Context, query string, dest ...any) error {
	return s.r.QueryRowContext(ctx, query).Scan(dest...)
}

// Columns returns the column names and declared types of a table.
func (s *Store) Columns(ctx context.Context, table string) (map[string]string, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT name, type FROM pragma_table_info(?)", table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols := map[string]string{}
	for rows.Next() {
		var n, t string
		if err := rows.Scan(&n, &t); err != nil {
			return nil, err
		}
		cols[n] = t
	}
	return cols, rows.Err()
}
