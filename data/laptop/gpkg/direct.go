package gpkg

import (
	"context"
	"strings"
)

// directJournal switches the file from its write-ahead log to a rollback
// journal for one bulk load, when no other connection has it open, and
// returns what switches it back.
//
// Through the WAL a load's pages are written twice and synced twice: into
// the log at commit, then copied into the file and both synced by the
// checkpoint at Close. Through a rollback journal they are written once,
// into the file, and synced once; the journal holds only the few pages
// that existed before (the schema, the tables' right edges, a rebuilt
// R-tree's nodes). An LA city's file is ~8 MB: the second write and
// sync were the largest wait of `wardmap import features` that
// `ogr2ogr` does not have (it makes no sync at all), 40-100 ms of a
// 0.5-1 s command, and for a million trees ~600 MB copied again.
//
// Atomicity is SQLite's either way: a crash mid-commit leaves a hot
// journal, which the next opening rolls back (the file as before the
// load). Leaving WAL needs the only connection to the file, so a desktop
// that has it open keeps the load in the WAL (the switch fails at once:
// the busy timeout is 0 for it, not the store's 10 s); the read pool's
// idle connections, which would hold it, are closed first. Another
// process opening the file during a direct load waits for it, as any
// writer does. The file is back in WAL mode when the load ends, as every
// wardmap connection expects it.
func (s *Store) directJournal(ctx context.Context) (restore func()) {
	nothing := func() {}
	if s.w == nil {
		return nothing
	}
	s.r.SetMaxIdleConns(0) // closes the idle readers
	s.r.SetMaxIdleConns(2) // database/sql's default
	if _, err := s.w.ExecContext(ctx, "PRAGMA busy_timeout = 0"); err != nil {
		return nothing
	}
	timeout := func() { s.w.ExecContext(context.Background(), "PRAGMA busy_timeout = 10000") }
	var mode string
	if err := s.w.QueryRowContext(ctx, "PRAGMA journal_mode = DELETE").Scan(&mode); err != nil || !strings.EqualFold(mode, "delete") {
		timeout()
		return nothing
	}
	timeout()
	return func() {
		// Another process that opened the file meanwhile may hold it: wait
		// for it as for any writer (the busy timeout is back).
		s.w.ExecContext(context.Background(), "PRAGMA journal_mode = WAL")
	}
}
