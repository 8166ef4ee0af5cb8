// Package server is the ward server's core: users and roles, tokens, the
// sync operations (push with field-level merge, pull by revision, history)
// and photos, over one Store interface with a SQLite and a PostgreSQL
// implementation (package sqlstore). HTTP lives in data/sync/remote.
//
// Every table carries its ward and every query of a hot path names one
// ward: a city that outgrows one PostgreSQL machine can distribute the
// tables by ward_id (Citus) without a change here.
package server

import (
	"context"
	"time"

	"wardmap/data/sync/wire"
)

// Roles, per DOMAIN.md.
const (
	Admin       = "admin"
	Leader      = "leader"
	Planner     = "planner"
	Inspector   = "inspector"
	UnitOfficer = "unit_officer"
	TDPHead     = "tdp_head"
	Viewer      = "viewer"
)

// Roles lists every role.
var Roles = []string{Admin, Leader, Planner, Inspector, UnitOfficer, TDPHead, Viewer}

// User is an account on the server; names are unique on the server.
type User struct {
	Ward     string
	ID       string
	Name     string
	Role     string
	TDP      string // the TDP (record ID) a TDP head reports for
	PassHash string
	Disabled bool
	Created  time.Time
}

// AppliedOp is the answer kept for an applied operation, with who sent
// it and a digest of what it asked (OpSum): an op_id sent again by
// another user, or for another change, is not answered with this one's
// result.
type AppliedOp struct {
	Result wire.OpResult
	UserID string // "" for ops applied before the owner was kept
	Sum    string
}

// Token is a session: only its SHA-256 is stored.
type Token struct {
	Hash    string
	Ward    string
	UserID  string
	Expires time.Time
	Revoked bool
	Created time.Time
}

// Record is a record's current state on the server.
type Record struct {
	Ward string
	wire.Record
	// Bound is the geometry's bounding box (minx, miny, maxx, maxy), nil
	// for records without geometry.
	Bound *[4]float64
}

// RawRecord is a record as a pull page carries it: its fields as JSON
// text, without the field revisions and origins (the server's merge
// bookkeeping, which laptops do not use).
type RawRecord struct {
	Kind      string
	ID        string
	Rev       int64
	Fields    []byte
	Deleted   bool
	CreatedAt time.Time
	CreatedBy string
	UpdatedAt time.Time
	UpdatedBy string
}

// ChangesQuery selects a pull page.
type ChangesQuery struct {
	After int64
	Limit int
	Kinds []string
	Bound *[4]float64 // records without geometry always match
}

// LayerPager is an optional Store capability: a box page of one kind's
// live features read from a per-kind layer kept in spatial order (the
// PostGIS layers), not from the records, which stay in write order with
// every ward's rows interleaved (a box of a city of 100 wards read 4 to 6
// times the pages of one ward's: BenchmarkCity). The page is as ChangesRaw
// with q.Bound and one kind, except that deleted records are not in it and
// r.Fields holds only the kind's non-private fields (and geom), which is
// all that a caller who does not see private fields may get. ok is false
// when the store has no layer to read (SQLite): the caller then pages the
// records.
type LayerPager interface {
	LayerChangesRaw(ctx context.Context, ward string, q ChangesQuery, fn func(r *RawRecord) error) (ok bool, err error)
}

// Memos is an optional Store capability: a ward's derived results (the
// dashboard's computed boards) kept with the ward's data, so that a page
// of an unchanged ward costs one small read after a restart or when the
// process no longer holds the ward in memory, instead of reloading every
// record the result was computed from (100,000 records a ward:
// BenchmarkCity). A memo carries the head revision it was computed at; the
// caller compares it with Head and computes again when the ward moved.
// SetMemo replaces the ward's memo of the same key.
type Memos interface {
	Memo(ctx context.Context, ward, key string) (rev int64, body []byte, ok bool, err error)
	SetMemo(ctx context.Context, ward, key string, rev int64, body []byte) error
}

// Store is where the server keeps its data. Implementations must make
// Write transactions of one ward serial (each sees the last one's result).
type Store interface {
	// Ping answers nil when the database answers a query on its tables
	// (the health probe).
	Ping(ctx context.Context) error
	EnsureWard(ctx context.Context, ward, name string) error

	CreateUser(ctx context.Context, u *User) error
	UpdateUser(ctx context.Context, u *User) error
	UserByName(ctx context.Context, name string) (*User, error)
	UserByID(ctx context.Context, ward, id string) (*User, error)

	CreateToken(ctx context.Context, t *Token) error
	TokenByHash(ctx context.Context, ward, hash string) (*Token, error)
	RevokeToken(ctx context.Context, ward, hash string) error
	RevokeUserTokens(ctx context.Context, ward, userID string) error

	// Write runs fn in one transaction holding the ward's write lock.
	Write(ctx context.Context, ward string, fn func(WardTx) error) error
	Changes(ctx context.Context, ward string, q ChangesQuery) ([]wire.Record, error)
	// ChangesRaw is Changes handing each record to fn with its fields as
	// stored JSON; r is reused between calls.
	ChangesRaw(ctx context.Context, ward string, q ChangesQuery, fn func(r *RawRecord) error) error
	// RecordRaw reads one record by ID into r outside a write
	// transaction; false when the ward has none.
	RecordRaw(ctx context.Context, ward, id string, r *RawRecord) (bool, error)
	Head(ctx context.Context, ward string) (int64, error)
	History(ctx context.Context, ward, id string) ([]wire.Change, error)
	// Revs returns every record revision of the ward with its history
	// count, for the no-gap check of tests and operators.
	Revs(ctx context.Context, ward string) ([]int64, error)

	PutChunk(ctx context.Context, ward, sha string, size, offset int64, data []byte) (received int64, err error)
	Received(ctx context.Context, ward, sha string) (received int64, complete bool, err error)
	Blob(ctx context.Context, ward, sha string) ([]byte, error)
	HasBlobs(ctx context.Context, ward string, shas []string) (map[string]bool, error)
	// ClaimUpload and ExpireUploads bound partial uploads: a quota per
	// user, and an end to those left idle.
	ClaimUpload(ctx context.Context, ward, user, sha string, size int64, maxCount int, maxBytes int64) error
	ExpireUploads(ctx context.Context, before time.Time) (int, error)

	Close() error
}

// WardTx is a write transaction on one ward.
type WardTx interface {
	OpResult(ctx context.Context, opID string) (*AppliedOp, error) // nil when not applied
	SaveOpResult(ctx context.Context, a *AppliedOp) error
	Record(ctx context.Context, id string) (*Record, error) // nil when none
	// Records returns the ward's live records of a kind (the catalogue's
	// targets, the TDPs: small sets).
	Records(ctx context.Context, kind string) ([]*Record, error)
	NextRev(ctx context.Context) (int64, error)
	PutRecord(ctx context.Context, r *Record) error
	AddChange(ctx context.Context, c *wire.Change) error
}
