package gpkg

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"time"

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
	queue   *sql.Stmt           // the outbox insert, prepared once
	// boxes wait for Commit, which inserts them into the R-trees in
	// Hilbert order: neighbours in space go in together, which is several
	// times faster than random order and makes a tighter tree.
	boxes map[gis.Kind][]box
	n     int
	// lastFID is the fid of the last spatial record written.
	lastFID int64
	done    bool
	now     time.Time
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
		ins: map[gis.Kind]*sql.Stmt{}, rtree: map[gis.Kind]*sql.Stmt{}, trigger: map[gis.Kind]string{},
		boxes: map[gis.Kind][]box{}, now: s.Now()}, nil
}

// Add validates and writes one record.
func (l *Loader) Add(ctx context.Context, f *gis.Feature) error {
	r, err := l.prepareRow(f)
	if err != nil {
		return err
	}
	return l.write(ctx, r)
}

// row is a record made ready for SQLite: the Go-side half of a write.
type row struct {
	f    *gis.Feature
	sc   *gis.Schema
	vals []any
}

// prepareRow does everything but SQL: derived fields, validation, meta and
// encoding. It touches nothing shared, so Load runs it on another core.
func (l *Loader) prepareRow(f *gis.Feature) (row, error) {
	sc, err := gis.SchemaFor(f.Kind)
	if err != nil {
		return row{}, err
	}
	if f.Attrs == nil {
		f.Attrs = map[string]any{}
	}
	if f.ID == "" {
		f.ID = gis.NewID()
	}
	gis.Derive(f)
	if err := gis.Validate(f); err != nil {
		return row{}, fmt.Errorf("%s %s: %w", f.Kind, f.ID, err)
	}
	if f.CreatedAt.IsZero() {
		f.CreatedAt, f.CreatedBy = l.now, l.user
	}
	if f.UpdatedAt.IsZero() {
		f.UpdatedAt, f.UpdatedBy = l.now, l.user
	}
	vals, err := rowValues(sc, f)
	return row{f: f, sc: sc, vals: vals}, err
}

func (l *Loader) write(ctx context.Context, r row) error {
	ins, err := l.prepare(ctx, r.sc)
	if err != nil {
		return err
	}
	res, err := ins.ExecContext(ctx, r.vals...)
	if err != nil {
		return translate(err, r.f)
	}
	if r.sc.Spatial() {
		fid, err := res.LastInsertId()
		if err != nil {
			return err
		}
		l.lastFID = fid
		b := r.f.Geom.Bound()
		l.boxes[r.sc.Kind] = append(l.boxes[r.sc.Kind], box{fid, [4]float64{b.Min[0], b.Max[0], b.Min[1], b.Max[1]}})
	}
	if l.outbox {
		if l.queue == nil {
			if l.queue, err = l.tx.PrepareContext(ctx, queueSQL); err != nil {
				return err
			}
		}
		t := &Tx{s: l.s, tx: l.tx, user: l.user, outbox: true, queueStmt: l.queue}
		if err := t.queue(ctx, r.f, "insert", fieldsOf(r.sc, r.f, nil)); err != nil {
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
		// One statement inserts a whole batch of boxes handed over as a JSON
		// array: one call into SQLite per thousand rows instead of one per row.
		rt, err := l.tx.PrepareContext(ctx, fmt.Sprintf(`INSERT INTO %s
			SELECT value->>0, value->>1, value->>2, value->>3, value->>4 FROM json_each(?)`, quoteIdent("rtree_"+sc.Table+"_geom")))
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
	for k, bs := range l.boxes {
		// Into an empty R-tree (a new database, init --demo) the tree is
		// built whole, several times faster than row by row; otherwise
		// the boxes go in through SQLite's R*Tree.
		done, err := bulkIndex(context.Background(), l.tx, "rtree_"+gis.MustLookup(k).Table+"_geom", bs)
		if err == nil && !done {
			err = l.index(l.rtree[k], bs)
		}
		if err != nil {
			l.Close()
			return err
		}
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
	if l.queue != nil {
		l.queue.Close()
		l.queue = nil
	}
}

// Load writes fs in one transaction through a Loader. Preparing rows
// (validation, encoding) runs on another goroutine, beside SQLite's work.
func (s *Store) Load(ctx context.Context, fs []*gis.Feature, opt LoadOptions) error {
	l, err := s.NewLoader(ctx, opt)
	if err != nil {
		return err
	}
	defer l.Close()
	type prepared struct {
		r   row
		err error
	}
	ch := make(chan prepared, 256)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(ch)
		for _, f := range fs {
			r, err := l.prepareRow(f)
			select {
			case ch <- prepared{r, err}:
			case <-stop:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	for p := range ch {
		if p.err != nil {
			return p.err
		}
		if err := l.write(ctx, p.r); err != nil {
			return err
		}
	}
	return l.Commit()
}

// box is one row's bounding box for the R-tree: minx, maxx, miny, maxy.
type box struct {
	fid int64
	b   [4]float64
}

func (l *Loader) index(st *sql.Stmt, bs []box) error {
	if len(bs) == 0 {
		return nil
	}
	ext := [4]float64{bs[0].b[0], bs[0].b[1], bs[0].b[2], bs[0].b[3]}
	for _, x := range bs {
		ext[0], ext[1] = min(ext[0], x.b[0]), max(ext[1], x.b[1])
		ext[2], ext[3] = min(ext[2], x.b[2]), max(ext[3], x.b[3])
	}
	keys := make([]uint64, len(bs))
	for i, x := range bs {
		keys[i] = hilbert((x.b[0]+x.b[1])/2, (x.b[2]+x.b[3])/2, ext)
	}
	sort.Sort(byKey{bs, keys})
	const batch = 1000
	buf := make([]byte, 0, batch*80)
	for i := 0; i < len(bs); i += batch {
		buf = append(buf[:0], '[')
		for j, x := range bs[i:min(i+batch, len(bs))] {
			if j > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, '[')
			buf = strconv.AppendInt(buf, x.fid, 10)
			for _, v := range x.b {
				buf = append(buf, ',')
				buf = strconv.AppendFloat(buf, v, 'g', -1, 64)
			}
			buf = append(buf, ']')
		}
		buf = append(buf, ']')
		if _, err := st.Exec(string(buf)); err != nil {
			return fmt.Errorf("gpkg: index rows: %w", err)
		}
	}
	return nil
}

type byKey struct {
	bs   []box
	keys []uint64
}

func (s byKey) Len() int           { return len(s.bs) }
func (s byKey) Less(i, j int) bool { return s.keys[i] < s.keys[j] }
func (s byKey) Swap(i, j int) {
	s.bs[i], s.bs[j] = s.bs[j], s.bs[i]
	s.keys[i], s.keys[j] = s.keys[j], s.keys[i]
}

// hilbert maps a point inside ext (minx, maxx, miny, maxy) to its position
// along a Hilbert curve of order 16.
func hilbert(x, y float64, ext [4]float64) uint64 {
	const n = 1 << 16
	scale := func(v, lo, hi float64) uint64 {
		if hi <= lo {
			return 0
		}
		return uint64(min(n-1, max(0, (v-lo)/(hi-lo)*(n-1))))
	}
	hx, hy := scale(x, ext[0], ext[1]), scale(y, ext[2], ext[3])
	var d uint64
	for s := uint64(n / 2); s > 0; s /= 2 {
		var rx, ry uint64
		if hx&s > 0 {
			rx = 1
		}
		if hy&s > 0 {
			ry = 1
		}
		d += s * s * ((3 * rx) ^ ry)
		if ry == 0 {
			if rx == 1 {
				hx, hy = n-1-hx, n-1-hy
			}
			hx, hy = hy, hx
		}
	}
	return d
}
