// Package sqlstore keeps the ward server's data in SQLite (one file, the
// default) or PostgreSQL 15 + PostGIS 3 (a city): one implementation of
// server.Store over database/sql with a small dialect (placeholders, the
// ward lock, the spatial filter) and a migration set per database.
package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver "pgx"
	_ "github.com/mattn/go-sqlite3"    // SQLite driver "sqlite3"

	"wardmap/data/server"
	"wardmap/data/sync/wire"
	"wardmap/gis"
)

//go:embed migrations
var migrations embed.FS

// Store is a server.Store over SQLite or PostgreSQL.
type Store struct {
	w, r *sql.DB // SQLite: one writer, many readers; PostgreSQL: one pool twice
	pg   bool
	Now  func() time.Time
}

var _ server.Store = (*Store)(nil)

// Open opens (creating and migrating) the store named by dsn: a
// postgres:// URL, or a SQLite file path.
func Open(ctx context.Context, dsn string) (*Store, error) {
	s := &Store{Now: func() time.Time { return time.Now().UTC() }}
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		s.pg = true
		if s.w, err = sql.Open("pgx", dsn); err != nil {
			return nil, err
		}
		s.w.SetMaxOpenConns(32)
		s.r = s.w
	} else {
		if dsn == "" {
			return nil, gis.Errorf(gis.EINVALID, "cần --db FILE hoặc postgres://… (--db is required)")
		}
		q := url.Values{"_foreign_keys": {"on"}, "_busy_timeout": {"10000"}, "_journal_mode": {"WAL"}, "_synchronous": {"NORMAL"}}
		wq := url.Values{}
		for k, v := range q {
			wq[k] = v
		}
		wq.Set("_txlock", "immediate")
		path := (&url.URL{Path: dsn}).EscapedPath()
		if s.w, err = sql.Open("sqlite3", "file:"+path+"?"+wq.Encode()); err != nil {
			return nil, err
		}
		s.w.SetMaxOpenConns(1)
		if s.r, err = sql.Open("sqlite3", "file:"+path+"?"+q.Encode()); err != nil {
			s.w.Close()
			return nil, err
		}
		s.r.SetMaxOpenConns(8)
	}
	if err := s.w.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("sqlstore: connect: %w", err)
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("sqlstore: migrate: %w", err)
	}
	if s.pg {
		if err := s.ensureLayers(ctx); err != nil {
			s.Close()
			return nil, fmt.Errorf("sqlstore: layers: %w", err)
		}
		if err := s.distribute(ctx); err != nil {
			s.Close()
			return nil, fmt.Errorf("sqlstore: citus: %w", err)
		}
	}
	return s, nil
}

// DB is the writer pool, for operators' queries and tests.
func (s *Store) DB() *sql.DB { return s.w }

// Postgres reports whether the store is PostgreSQL.
func (s *Store) Postgres() bool { return s.pg }

// Close closes the connections.
func (s *Store) Close() error {
	err := s.w.Close()
	if s.r != s.w && s.r != nil {
		err = errors.Join(err, s.r.Close())
	}
	return err
}

// q rewrites ? placeholders as $1, $2 … for PostgreSQL.
func (s *Store) q(query string) string {
	if !s.pg {
		return query
	}
	var b strings.Builder
	n := 0
	for _, c := range query {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

func (s *Store) migrate(ctx context.Context) error {
	dir := "migrations/sqlite"
	if s.pg {
		dir = "migrations/postgres"
	}
	if _, err := s.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	names, err := fs.Glob(migrations, dir+"/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		if err := s.migrateFile(ctx, name); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

func (s *Store) migrateFile(ctx context.Context, name string) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if s.pg {
		// Two servers starting at once migrate one after the other.
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7276372)`); err != nil {
			return err
		}
	}
	base := name[strings.LastIndex(name, "/")+1:]
	var n int
	if err := tx.QueryRowContext(ctx, s.q(`SELECT count(*) FROM schema_migrations WHERE name = ?`), base).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	body, err := migrations.ReadFile(name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`), base, s.Now().Format(time.RFC3339)); err != nil {
		return err
	}
	return tx.Commit()
}

// Ping runs a query on the wards table: the health probe. A connection
// that answers but a schema that is gone is not healthy either.
func (s *Store) Ping(ctx context.Context) error {
	var n int
	return s.r.QueryRowContext(ctx, `SELECT /* all wards: health probe */ count(*) FROM (SELECT 1 FROM wards LIMIT 1) AS w`).Scan(&n)
}

// storable reports whether PostgreSQL can hold s in a text column: valid
// UTF-8 without NUL (U+0000). A lookup key that is not is nothing the
// store can hold, so it is "not found" on both stores, never a driver
// error (a 500) on one of them.
func storable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

func notFound(what string) error {
	return gis.Errorf(gis.ENOTFOUND, "không tìm thấy %s (not found)", what)
}

func isUnique(err error) bool {
	if err == nil {
		return false
	}
	m := err.Error()
	return strings.Contains(m, "UNIQUE constraint") || strings.Contains(m, "SQLSTATE 23505")
}

// EnsureWard creates a ward if it does not exist.
func (s *Store) EnsureWard(ctx context.Context, ward, name string) error {
	_, err := s.w.ExecContext(ctx, s.q(`INSERT INTO wards (id, name, rev, created_at) VALUES (?, ?, 0, ?) ON CONFLICT (id) DO NOTHING`), ward, name, s.Now())
	return err
}

// --- users and tokens

const userCols = `ward_id, id, name, role, tdp_id, pass_hash, disabled, created_at`

func scanUser(row interface{ Scan(...any) error }) (*server.User, error) {
	u := &server.User{}
	err := row.Scan(&u.Ward, &u.ID, &u.Name, &u.Role, &u.TDP, &u.PassHash, &u.Disabled, &u.Created)
	return u, err
}

func (s *Store) CreateUser(ctx context.Context, u *server.User) error {
	_, err := s.w.ExecContext(ctx, s.q(`INSERT INTO users (`+userCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
		u.Ward, u.ID, u.Name, u.Role, u.TDP, u.PassHash, u.Disabled, u.Created)
	if isUnique(err) {
		return gis.Errorf(gis.ECONFLICT, "người dùng %s đã có (user already exists)", u.Name)
	}
	return err
}

func (s *Store) UpdateUser(ctx context.Context, u *server.User) error {
	_, err := s.w.ExecContext(ctx, s.q(`UPDATE users SET role = ?, tdp_id = ?, pass_hash = ?, disabled = ? WHERE ward_id = ? AND id = ?`),
		u.Role, u.TDP, u.PassHash, u.Disabled, u.Ward, u.ID)
	return err
}

func (s *Store) UserByName(ctx context.Context, name string) (*server.User, error) {
	if !storable(name) {
		return nil, notFound("người dùng")
	}
	u, err := scanUser(s.r.QueryRowContext(ctx, s.q(`SELECT `+userCols+` FROM users WHERE name = ?`), name))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("người dùng " + name)
	}
	return u, err
}

func (s *Store) UserByID(ctx context.Context, ward, id string) (*server.User, error) {
	if !storable(ward) || !storable(id) {
		return nil, notFound("người dùng")
	}
	u, err := scanUser(s.r.QueryRowContext(ctx, s.q(`SELECT `+userCols+` FROM users WHERE ward_id = ? AND id = ?`), ward, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("người dùng " + id)
	}
	return u, err
}

func (s *Store) CreateToken(ctx context.Context, t *server.Token) error {
	_, err := s.w.ExecContext(ctx, s.q(`INSERT INTO tokens (ward_id, hash, user_id, expires_at, revoked, created_at) VALUES (?, ?, ?, ?, ?, ?)`),
		t.Ward, t.Hash, t.UserID, t.Expires, t.Revoked, t.Created)
	return err
}

func (s *Store) TokenByHash(ctx context.Context, ward, hash string) (*server.Token, error) {
	if !storable(ward) || !storable(hash) {
		return nil, notFound("phiên")
	}
	t := &server.Token{}
	err := s.r.QueryRowContext(ctx, s.q(`SELECT ward_id, hash, user_id, expires_at, revoked, created_at FROM tokens WHERE ward_id = ? AND hash = ?`), ward, hash).
		Scan(&t.Ward, &t.Hash, &t.UserID, &t.Expires, &t.Revoked, &t.Created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("phiên")
	}
	return t, err
}

func (s *Store) RevokeToken(ctx context.Context, ward, hash string) error {
	if !storable(ward) {
		return nil // no such token
	}
	_, err := s.w.ExecContext(ctx, s.q(`UPDATE tokens SET revoked = ? WHERE ward_id = ? AND hash = ?`), true, ward, hash)
	return err
}

func (s *Store) RevokeUserTokens(ctx context.Context, ward, userID string) error {
	_, err := s.w.ExecContext(ctx, s.q(`UPDATE tokens SET revoked = ? WHERE ward_id = ? AND user_id = ?`), true, ward, userID)
	return err
}

// --- records

type wardTx struct {
	s    *Store
	tx   *sql.Tx
	ward string
}

// Write runs fn in one transaction holding the ward's row lock
// (PostgreSQL) or the database's write lock (SQLite, BEGIN IMMEDIATE).
func (s *Store) Write(ctx context.Context, ward string, fn func(server.WardTx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	lock := `SELECT rev FROM wards WHERE id = ?`
	if s.pg {
		lock += ` FOR UPDATE`
	}
	var rev int64
	if err := tx.QueryRowContext(ctx, s.q(lock), ward).Scan(&rev); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("phường " + ward)
		}
		return err
	}
	if err := fn(&wardTx{s: s, tx: tx, ward: ward}); err != nil {
		return err
	}
	return tx.Commit()
}

func (t *wardTx) OpResult(ctx context.Context, opID string) (*server.AppliedOp, error) {
	var body string
	a := &server.AppliedOp{}
	err := t.tx.QueryRowContext(ctx, t.s.q(`SELECT result`+t.s.text()+`, user_id, op_sum FROM applied_ops WHERE ward_id = ? AND op_id = ?`), t.ward, opID).
		Scan(&body, &a.UserID, &a.Sum)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return a, json.Unmarshal([]byte(body), &a.Result)
}

func (t *wardTx) SaveOpResult(ctx context.Context, a *server.AppliedOp) error {
	b, err := json.Marshal(&a.Result)
	if err != nil {
		return err
	}
	_, err = t.tx.ExecContext(ctx, t.s.q(`INSERT INTO applied_ops (ward_id, op_id, result, applied_at, user_id, op_sum) VALUES (?, ?, ?, ?, ?, ?)`),
		t.ward, a.Result.OpID, string(b), t.s.Now(), a.UserID, a.Sum)
	return err
}

const recordCols = `kind, id, rev, fields, field_revs, origins, deleted, created_at, created_by, updated_at, updated_by`

func scanRecord(row interface{ Scan(...any) error }) (*wire.Record, error) {
	r := &wire.Record{}
	var fields, revs, origins string
	if err := row.Scan(&r.Kind, &r.ID, &r.Rev, &fields, &revs, &origins, &r.Deleted, &r.CreatedAt, &r.CreatedBy, &r.UpdatedAt, &r.UpdatedBy); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(strings.NewReader(fields))
	dec.UseNumber()
	if err := dec.Decode(&r.Fields); err != nil {
		return nil, err
	}
	wire.Normalize(r.Fields)
	if err := json.Unmarshal([]byte(revs), &r.FieldRevs); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(origins), &r.Origins); err != nil {
		return nil, err
	}
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return r, nil
}

func (t *wardTx) Record(ctx context.Context, id string) (*server.Record, error) {
	r, err := scanRecord(t.tx.QueryRowContext(ctx, t.s.q(`SELECT `+recordCols+` FROM records WHERE ward_id = ? AND id = ?`), t.ward, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &server.Record{Ward: t.ward, Record: *r}, nil
}

func (t *wardTx) Records(ctx context.Context, kind string) ([]*server.Record, error) {
	rows, err := t.tx.QueryContext(ctx, t.s.q(`SELECT `+recordCols+` FROM records WHERE ward_id = ? AND kind = ? AND NOT deleted ORDER BY rev`), t.ward, kind)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*server.Record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, &server.Record{Ward: t.ward, Record: *r})
	}
	return out, rows.Err()
}

func (t *wardTx) NextRev(ctx context.Context) (int64, error) {
	var rev int64
	err := t.tx.QueryRowContext(ctx, t.s.q(`UPDATE wards SET rev = rev + 1 WHERE id = ? RETURNING rev`), t.ward).Scan(&rev)
	return rev, err
}

func (t *wardTx) PutRecord(ctx context.Context, r *server.Record) error {
	fields, err := json.Marshal(r.Fields)
	if err != nil {
		return err
	}
	revs, _ := json.Marshal(r.FieldRevs)
	origins, _ := json.Marshal(r.Origins)
	var b [4]any
	if r.Bound != nil {
		for i, v := range r.Bound {
			b[i] = v
		}
	}
	cols := `ward_id, kind, id, rev, fields, field_revs, origins, deleted, minx, miny, maxx, maxy, created_at, created_by, updated_at, updated_by`
	vals := `?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?`
	set := `rev = excluded.rev, fields = excluded.fields, field_revs = excluded.field_revs, origins = excluded.origins, deleted = excluded.deleted,
		minx = excluded.minx, miny = excluded.miny, maxx = excluded.maxx, maxy = excluded.maxy, updated_at = excluded.updated_at, updated_by = excluded.updated_by`
	if t.s.pg {
		cols += `, bbox`
		vals += `, CASE WHEN ?::float8 IS NULL THEN NULL ELSE ST_MakeEnvelope(?, ?, ?, ?, 4326) END`
		set += `, bbox = excluded.bbox`
	}
	args := []any{t.ward, r.Kind, r.ID, r.Rev, string(fields), string(revs), string(origins), r.Deleted, b[0], b[1], b[2], b[3], r.CreatedAt, r.CreatedBy, r.UpdatedAt, r.UpdatedBy}
	if t.s.pg {
		args = append(args, b[0], b[0], b[1], b[2], b[3])
	}
	stmt := t.s.q(`INSERT INTO records (` + cols + `) VALUES (` + vals + `) ON CONFLICT (ward_id, id) DO UPDATE SET ` + set)
	if l := layers[r.Kind]; t.s.pg && l != nil {
		stmt = l.write(stmt, r.Deleted) // $1 is the ward, $3 the record's ID
	}
	_, err = t.tx.ExecContext(ctx, stmt, args...)
	return err
}

func (t *wardTx) AddChange(ctx context.Context, c *wire.Change) error {
	var old, nw any
	if c.Old != nil {
		b, _ := json.Marshal(c.Old)
		old = string(b)
	}
	if c.New != nil {
		b, _ := json.Marshal(c.New)
		nw = string(b)
	}
	_, err := t.tx.ExecContext(ctx, t.s.q(`INSERT INTO history (ward_id, rev, record_id, kind, action, by_user, at, old, new, op_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		t.ward, c.Rev, c.ID, c.Kind, c.Action, c.By, c.At, old, nw, c.OpID)
	return err
}

// ChangesRaw hands fn the records changed after q.After in revision
// order, each with its fields as the JSON text stored, not decoded: a
// pull page goes out without a decode and encode of every record.
func (s *Store) ChangesRaw(ctx context.Context, ward string, q server.ChangesQuery, fn func(*server.RawRecord) error) error {
	where, args := s.changesWhere(ward, q)
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT kind, id, rev, fields`+s.text()+`, deleted, created_at, created_by, updated_at, updated_by
		FROM records WHERE `+where+` ORDER BY rev LIMIT ?`), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var r server.RawRecord
	for rows.Next() {
		if err := rows.Scan(&r.Kind, &r.ID, &r.Rev, &r.Fields, &r.Deleted, &r.CreatedAt, &r.CreatedBy, &r.UpdatedAt, &r.UpdatedBy); err != nil {
			return err
		}
		r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
		if err := fn(&r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Changes returns the records changed after q.After in revision order.
func (s *Store) Changes(ctx context.Context, ward string, q server.ChangesQuery) ([]wire.Record, error) {
	where, args := s.changesWhere(ward, q)
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT `+recordCols+` FROM records WHERE `+where+` ORDER BY rev LIMIT ?`), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []wire.Record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}

func (s *Store) changesWhere(ward string, q server.ChangesQuery) (string, []any) {
	where := `ward_id = ? AND rev > ?`
	args := []any{ward, q.After}
	if len(q.Kinds) > 0 {
		where += ` AND kind IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(q.Kinds)), ", ") + `)`
		for _, k := range q.Kinds {
			args = append(args, k)
		}
	}
	if b := q.Bound; b != nil {
		if s.pg {
			where += ` AND (bbox IS NULL OR bbox && ST_MakeEnvelope(?, ?, ?, ?, 4326))`
			args = append(args, b[0], b[1], b[2], b[3])
		} else {
			where += ` AND (minx IS NULL OR (maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ?))`
			args = append(args, b[0], b[2], b[1], b[3])
		}
	}
	return where, append(args, q.Limit)
}

// Head is the ward's last revision.
func (s *Store) Head(ctx context.Context, ward string) (int64, error) {
	var rev int64
	err := s.r.QueryRowContext(ctx, s.q(`SELECT rev FROM wards WHERE id = ?`), ward).Scan(&rev)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, notFound("phường " + ward)
	}
	return rev, err
}

// History returns a record's changes, oldest first.
func (s *Store) History(ctx context.Context, ward, id string) ([]wire.Change, error) {
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT rev, kind, record_id, action, by_user, at, coalesce(old`+s.text()+`, ''), coalesce(new`+s.text()+`, ''), op_id
		FROM history WHERE ward_id = ? AND record_id = ? ORDER BY seq`), ward, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []wire.Change{}
	for rows.Next() {
		var c wire.Change
		var old, nw string
		if err := rows.Scan(&c.Rev, &c.Kind, &c.ID, &c.Action, &c.By, &c.At, &old, &nw, &c.OpID); err != nil {
			return nil, err
		}
		c.At = c.At.UTC()
		if old != "" {
			json.Unmarshal([]byte(old), &c.Old)
		}
		if nw != "" {
			json.Unmarshal([]byte(nw), &c.New)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func (s *Store) text() string {
	if s.pg {
		return "::text"
	}
	return ""
}

// Revs returns the revisions in the ward's history (conflict entries
// aside), in order.
func (s *Store) Revs(ctx context.Context, ward string) ([]int64, error) {
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT rev FROM history WHERE ward_id = ? AND action <> 'conflict' ORDER BY rev`), ward)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var r int64
		if err := rows.Scan(&r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
