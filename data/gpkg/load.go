package gpkg

import (
	"context"
	"database/sql"
	"fmt"

	"wardmap/gis"
)

// Loader writes many records in one transaction, fast: it holds one
// prepared statement per kind and, while it runs, fills each R-tree from Go
// instead of through the per-row trigger (five SQL function calls a row).
// The triggers are dropped and re-created inside the same transaction, so
// another process never sees the file without them, and a crash leaves the
// file as it was before the load.
type Loader struct {
	s       *Store
	tx      *sql.Tx
	user    string
	outbox  bool
	ins     map[gis.Kind]*sql.Stmt
	rtree   map[gis.Kind]*sql.Stmt
	trigger map[gis.Kind]string // the dropped insert trigger's SQL
	n       int
	done    bool
}

// LoadOptions tune a Loader.
type LoadOptions struct {
	User string
	// Outbox queues every record for the server, as edits are; an initial
	// load from the server or the demo does not need it.
	Outbox bool
}

// NewLoader starts a bulk load. Call Commit to keep it; Close without Commit
// rolls everything back.
func (s *Store) NewLoader(ctx context.Context, opt LoadOptions) (*Loader, error) {
	if s.w == nil {
		return nil, errReadOnly
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("gpkg: begin load: %w", err)
	}
	return &Loader{s: s, tx: tx, user: opt.User, outbox: opt.Outbox,
		ins: map[gis.Kind]*sql.Stmt{}, rtree: map[gis.Kind]*sql.Stmt{}, trigger: map[gis.Kind]string{}}, nil
}

// Add validates and writes one record.
func (l *Loader) Add(ctx context.Context, f *gis.Feature) error {
	sc, ok := gis.Lookup(f.Kind)
	if !ok {
		_, err := gis.ParseKind(string(f.Kind))
		return err
	}
	if f.Attrs == nil {
		f.Attrs = map[string]any{}
	}
	if f.ID == "" {
		f.ID = gis.NewID()
	}
	gis.Derive(f)
	if err := gis.Validate(f); err != nil {
		return err
	}
	now := l.s.Now()
	if f.CreatedAt.IsZero() {
		f.CreatedAt, f.CreatedBy = now, l.user
	}
	if f.UpdatedAt.IsZero() {
		f.UpdatedAt, f.UpdatedBy = now, l.user
	}
	ins, err := l.prepare(ctx, sc)
	if err != nil {
		return err
	}
	vals, err := rowValues(sc, f)
	if err != nil {
		return err
	}
	res, err := ins.ExecContext(ctx, vals...)
	if err != nil {
		return translate(err, f)
	}
	if sc.Spatial() {
		fid, err := res.LastInsertId()
		if err != nil {
			return err
		}
		b := f.Geom.Bound()
		if _, err := l.rtree[sc.Kind].ExecContext(ctx, fid, b.Min[0], b.Max[0], b.Min[1], b.Max[1]); err != nil {
			return fmt.Errorf("gpkg: index %s: %w", f.ID, err)
		}
	}
	if l.outbox {
		t := &Tx{s: l.s, tx: l.tx, user: l.user, outbox: true}
		if err := t.queue(ctx, f, "insert", fieldsOf(sc, f, nil)); err != nil {
			return err
		}
	}
	l.n++
	return nil
}

// Count is the number of records added so far.
func (l *Loader) Count() int { return l.n }

func (l *Loader) prepare(ctx context.Context, sc *gis.Schema) (*sql.Stmt, error) {
	if st, ok := l.ins[sc.Kind]; ok {
		return st, nil
	}
	if sc.Spatial() {
		if err := l.suspendTrigger(ctx, sc); err != nil {
			return nil, err
		}
		rt, err := l.tx.PrepareContext(ctx, fmt.Sprintf("INSERT INTO %s VALUES (?, ?, ?, ?, ?)", quoteIdent("rtree_"+sc.Table+"_geom")))
		if err != nil {
			return nil, err
		}
		l.rtree[sc.Kind] = rt
	}
	cols := columns(sc)
	st, err := l.tx.PrepareContext(ctx, fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", quoteIdent(sc.Table), joinIdents(cols), placeholders(len(cols))))
	if err != nil {
		return nil, err
	}
	l.ins[sc.Kind] = st
	return st, nil
}

func (l *Loader) suspendTrigger(ctx context.Context, sc *gis.Schema) error {
	name := "rtree_" + sc.Table + "_geom_insert"
	var body string
	if err := l.tx.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?`, name).Scan(&body); err != nil {
		return fmt.Errorf("gpkg: find trigger %s: %w", name, err)
	}
	if _, err := l.tx.ExecContext(ctx, "DROP TRIGGER "+quoteIdent(name)); err != nil {
		return err
	}
	l.trigger[sc.Kind] = body
	return nil
}

// Commit restores the triggers and commits the load.
func (l *Loader) Commit() error {
	if l.done {
		return fmt.Errorf("gpkg: load already finished")
	}
	l.closeStmts()
	for _, body := range l.trigger {
		if _, err := l.tx.Exec(body); err != nil {
			l.Close()
			return fmt.Errorf("gpkg: restore trigger: %w", err)
		}
	}
	l.done = true
	if err := l.tx.Commit(); err != nil {
		return fmt.Errorf("gpkg: commit load: %w", err)
	}
	return nil
}

// Close rolls back a load that was not committed; it is safe after Commit.
func (l *Loader) Close() error {
	if l.done {
		return nil
	}
	l.done = true
	l.closeStmts()
	return l.tx.Rollback()
}

func (l *Loader) closeStmts() {
	for _, st := range l.ins {
		st.Close()
	}
	for _, st := range l.rtree {
		st.Close()
	}
	l.ins, l.rtree = map[gis.Kind]*sql.Stmt{}, map[gis.Kind]*sql.Stmt{}
}

// Load writes fs in one transaction through a Loader.
func (s *Store) Load(ctx context.Context, fs []*gis.Feature, opt LoadOptions) error {
	l, err := s.NewLoader(ctx, opt)
	if err != nil {
		return err
	}
	defer l.Close()
	for _, f := range fs {
		if err := l.Add(ctx, f); err != nil {
			return err
		}
	}
	return l.Commit()
}
