package gpkg

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
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
	// pend holds each kind's rows until a batch is full: one multi-row
	// INSERT per batch instead of one statement per row.
	pend map[gis.Kind]*pendingRows
	// queued holds outbox entries until a batch is full, in the order they
	// were queued (rows of every kind, and Tx changes made through the
	// loader's transaction), as the eight bound values of each row of one
	// multi-row INSERT. (Measured against one JSON array of entries read
	// through json_each: SQLite's JSON parse and unescaping of the fields
	// cost more than binding eight values, 60,000 entries 465–709 ms
	// against 199–276 ms.)
	queued   []any
	queueN   int
	queueIns *multiInsert
	created  string // the load's time as the outbox writes it
	// boxes wait for Commit, which inserts them into the R-trees in
	// Hilbert order: neighbours in space go in together, which is several
	// times faster than random order and makes a tighter tree.
	boxes map[gis.Kind][]box
	n     int
	// lastFID is the fid of the last spatial record written.
	lastFID int64
	// err is the first write error: after it the load can only be closed.
	err    error
	done   bool
	now    time.Time
	nowSQL *sqlTime // now as rows store it
	folds  foldMemo // the search texts folded so far
}

// Batch sizes: rows per multi-row INSERT (SQLite takes up to 32766
// parameters a statement; past ~100 rows a batch gains nothing), outbox
// entries per INSERT.
var (
	batchRows   = 100
	outboxBatch = 100
)

// pendingRows are a kind's rows waiting for their INSERT.
type pendingRows struct {
	sc     *gis.Schema
	ncol   int
	rows   int // rows per full batch
	ins    *multiInsert
	vals   []any
	fs     []*gis.Feature
	bounds [][4]float64
}

// LoadOptions tune a Loader.
type LoadOptions struct {
	User string
	// Outbox queues every record for the server, as edits are; an initial
	// load from the server or the demo does not need it.
	Outbox bool
	// Direct writes a Load straight into the file through a rollback
	// journal when no other connection has the file open (see
	// Store.directJournal); otherwise, or for a Loader, through the WAL.
	Direct bool
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
	now := s.Now()
	return &Loader{s: s, tx: tx, user: opt.User, outbox: opt.Outbox,
		ins: map[gis.Kind]*sql.Stmt{}, rtree: map[gis.Kind]*sql.Stmt{}, trigger: map[gis.Kind]string{},
		pend: map[gis.Kind]*pendingRows{}, boxes: map[gis.Kind][]box{}, now: now, nowSQL: newSQLTime(now), folds: foldMemo{}, created: now.Format(timeFormat)}, nil
}

// Add validates and writes one record. Rows go to SQLite in batches, so a
// write error (a duplicate ID) may be returned by a later Add or by Commit;
// either way the load is then rolled back by Close.
func (l *Loader) Add(ctx context.Context, f *gis.Feature) error {
	r, err := l.prepareRow(f)
	if err != nil {
		return err
	}
	return l.write(ctx, r)
}

// row is a record made ready for SQLite: the Go-side half of a write.
type row struct {
	f     *gis.Feature
	sc    *gis.Schema
	vals  []any
	bound [4]float64   // minx, maxx, miny, maxy
	entry *outboxEntry // the row's outbox entry, when the load queues
}

// outboxEntry is one wm_outbox row.
type outboxEntry struct {
	opID, kind, id, op, fields string
	rev                        int64
	created, user              string
}

// prepareRow does everything but SQL: derived fields, validation, meta and
// encoding, and the outbox entry. It touches nothing write uses, so Load
// runs it on another core; one goroutine at a time prepares (the fold memo
// is its own).
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
	vals, err := rowValuesAt(sc, f, l.nowSQL, l.folds)
	if err != nil {
		return row{}, err
	}
	r := row{f: f, sc: sc, vals: vals}
	if sc.Spatial() {
		b := f.Geom.Bound()
		r.bound = [4]float64{b.Min[0], b.Max[0], b.Min[1], b.Max[1]}
	}
	if l.outbox {
		if err := r.queueInsert(l.created, l.user); err != nil {
			return row{}, err
		}
	}
	return r, nil
}

// queueInsert makes the row's outbox entry: write queues it with the row.
// It is a lazy insert (lazyFields): the push reads the fields from the row.
func (r *row) queueInsert(created, user string) error {
	r.entry = &outboxEntry{gis.NewID(), string(r.f.Kind), r.f.ID, "insert", lazyFields, r.f.Rev, created, user}
	return nil
}

// fieldOrders caches fieldOrder per kind (prepareRow runs on several
// goroutines).
var fieldOrders sync.Map

func fieldOrderOf(sc *gis.Schema) []int {
	if o, ok := fieldOrders.Load(sc.Kind); ok {
		return o.([]int)
	}
	o := fieldOrder(sc)
	fieldOrders.Store(sc.Kind, o)
	return o
}

// write queues a prepared row for its kind's next batch.
func (l *Loader) write(ctx context.Context, r row) error {
	if l.err != nil {
		return l.err
	}
	p, err := l.pending(ctx, r.sc)
	if err != nil {
		return l.fail(err)
	}
	p.vals = append(p.vals, r.vals...)
	p.fs = append(p.fs, r.f)
	p.bounds = append(p.bounds, r.bound)
	if r.entry != nil {
		if err := l.enqueueEntry(ctx, r.entry); err != nil {
			return err
		}
	}
	l.n++
	if len(p.fs) >= p.rows {
		return l.flushRows(ctx, p)
	}
	return nil
}

func (l *Loader) fail(err error) error {
	if l.err == nil {
		l.err = err
	}
	return err
}

// pending returns the batch of sc's kind, preparing its statements and
// suspending its R-tree trigger the first time.
func (l *Loader) pending(ctx context.Context, sc *gis.Schema) (*pendingRows, error) {
	if p, ok := l.pend[sc.Kind]; ok {
		return p, nil
	}
	if _, err := l.prepare(ctx, sc); err != nil {
		return nil, err
	}
	ncol := len(columns(sc))
	p := &pendingRows{sc: sc, ncol: ncol, rows: max(1, min(batchRows, 30000/ncol))}
	p.ins = newMultiInsert(sc.Table, columns(sc), p.rows)
	l.pend[sc.Kind] = p
	return p, nil
}

// flushRows inserts a kind's pending rows. Their fids are consecutive:
// one INSERT of n rows into a rowid table numbers them max(fid)+1 … +n
// (AUTOINCREMENT or not), and the last is LastInsertId.
func (l *Loader) flushRows(ctx context.Context, p *pendingRows) error {
	n := len(p.fs)
	if n == 0 {
		return nil
	}
	if l.err != nil {
		return l.err
	}
	var res sql.Result
	var err error
	if n == 1 {
		res, err = l.ins[p.sc.Kind].ExecContext(ctx, p.vals...)
	} else {
		res, err = p.ins.exec(ctx, l.tx, p.vals)
	}
	if err != nil {
		// The failed statement left nothing behind; find the row to blame
		// by inserting one at a time (the load fails either way).
		return l.fail(l.blame(ctx, p, err))
	}
	if p.sc.Spatial() {
		last, err := res.LastInsertId()
		if err != nil {
			return l.fail(err)
		}
		first := last - int64(n) + 1
		bs := l.boxes[p.sc.Kind]
		for i := range n {
			bs = append(bs, box{first + int64(i), p.bounds[i]})
		}
		l.boxes[p.sc.Kind] = bs
		l.lastFID = last
	}
	clear(p.vals)
	clear(p.fs)
	p.vals, p.fs, p.bounds = p.vals[:0], p.fs[:0], p.bounds[:0]
	return nil
}

func (l *Loader) blame(ctx context.Context, p *pendingRows, batchErr error) error {
	one := l.ins[p.sc.Kind]
	for i, f := range p.fs {
		if _, err := one.ExecContext(ctx, p.vals[i*p.ncol:(i+1)*p.ncol]...); err != nil {
			return translate(err, f)
		}
	}
	return fmt.Errorf("gpkg: write %s: %w", p.sc.Kind, batchErr)
}

// enqueue adds an outbox entry to the batch.
func (l *Loader) enqueue(ctx context.Context, opID string, kind gis.Kind, id, op, fields string, rev int64, created, user string) error {
	return l.enqueueEntry(ctx, &outboxEntry{opID, string(kind), id, op, fields, rev, created, user})
}

// enqueueEntry adds an entry to the batch, in queueSQL's column order.
func (l *Loader) enqueueEntry(ctx context.Context, e *outboxEntry) error {
	if l.err != nil {
		return l.err
	}
	l.queued = append(l.queued, e.opID, e.kind, e.id, e.op, e.fields, e.rev, e.created, e.user)
	l.queueN++
	if l.queueN >= outboxBatch {
		return l.flushQueue(ctx)
	}
	return nil
}

// outboxCols are wm_outbox's columns in the order entries are queued.
var outboxCols = []string{"op_id", "kind", "record_id", "op", "fields", "base_rev", "created_at", "created_by"}

func (l *Loader) flushQueue(ctx context.Context) error {
	if l.queueN == 0 {
		return nil
	}
	if l.err != nil {
		return l.err
	}
	if l.queueIns == nil {
		l.queueIns = newMultiInsert("wm_outbox", outboxCols, outboxBatch)
	}
	if _, err := l.queueIns.exec(ctx, l.tx, l.queued); err != nil {
		return l.fail(fmt.Errorf("gpkg: outbox: %w", err))
	}
	clear(l.queued)
	l.queued, l.queueN = l.queued[:0], 0
	return nil
}

// flush writes every pending row and outbox entry, so that the
// transaction's reads see them.
func (l *Loader) flush(ctx context.Context) error {
	kinds := make([]gis.Kind, 0, len(l.pend))
	for k := range l.pend {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool { return kinds[i] < kinds[j] })
	for _, k := range kinds {
		if err := l.flushRows(ctx, l.pend[k]); err != nil {
			return err
		}
	}
	return l.flushQueue(ctx)
}

// flushKind writes the pending rows of one kind.
func (l *Loader) flushKind(ctx context.Context, k gis.Kind) error {
	if p, ok := l.pend[k]; ok {
		return l.flushRows(ctx, p)
	}
	return nil
}

// txn is a Tx on the load's transaction whose outbox entries join the
// load's batches, in order.
func (l *Loader) txn() *Tx {
	return &Tx{s: l.s, tx: l.tx, user: l.user, outbox: true, batch: l}
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
	if err := l.flush(context.Background()); err != nil {
		l.Close()
		return err
	}
	for k, bs := range l.boxes {
		// Into an empty R-tree (a new database, init --demo) the tree is
		// built whole, several times faster than row by row; into a tree
		// that holds few boxes compared with the load, the tree is rebuilt
		// whole with its old boxes; otherwise the boxes go in through
		// SQLite's R*Tree.
		name := "rtree_" + gis.MustLookup(k).Table + "_geom"
		done, err := bulkIndex(context.Background(), l.tx, name, bs)
		if err == nil && !done {
			done, err = l.rebuildIndex(context.Background(), k, name, bs)
		}
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
	// No automatic checkpoint at this commit: it would copy the load's
	// pages into the file and sync it twice, once per load; the WAL is
	// checkpointed by the next ordinary commit past the limit or by Close,
	// one copy and one pair of syncs for a run of loads (the eight LA
	// cities: 430 → 140 ms of commits). The connection's setting is put
	// back right after.
	prev := -1
	if err := l.tx.QueryRow("PRAGMA wal_autocheckpoint").Scan(&prev); err == nil {
		if _, err := l.tx.Exec("PRAGMA wal_autocheckpoint = 0"); err != nil {
			prev = -1
		}
	}
	l.done = true
	err := l.tx.Commit()
	if prev >= 0 {
		// The writer pool holds one connection: this is the load's.
		if _, rerr := l.s.w.Exec(fmt.Sprintf("PRAGMA wal_autocheckpoint = %d", prev)); rerr != nil && err == nil {
			err = rerr
		}
	}
	if err != nil {
		return fmt.Errorf("gpkg: commit load: %w", err)
	}
	return nil
}

// rebuildRatio: an R-tree holding up to rebuildRatio times as many boxes
// as a load adds is rebuilt whole. Measured on the eight LA cities loaded
// one after another: SQLite's R*Tree inserts a box (Hilbert-sorted) in
// ~4.5 µs; reading, packing and writing one box of a rebuilt tree takes
// ~0.65 µs, so a rebuild of old+new pays while old < ~6 × new. Measured
// again in one profile at load ~2 (nine LA runs): 9 µs a box inserted,
// 0.8 µs a box rebuilt, break-even ~10 ×; 8 lies between the two (Malibu,
// loaded onto 5.6 times its size, is now rebuilt).
const rebuildRatio = 8

// rebuildIndex rebuilds the R-tree name of kind k with its boxes and bs, when it
// holds few enough boxes, and reports whether it did. The stored boxes are
// float32 already, so packing them again rounds nothing.
func (l *Loader) rebuildIndex(ctx context.Context, k gis.Kind, name string, bs []box) (bool, error) {
	q := func(suffix string) string { return quoteIdent(name + suffix) }
	var n int
	if err := l.tx.QueryRowContext(ctx, "SELECT count(*) FROM "+q("_rowid")).Scan(&n); err != nil {
		return false, fmt.Errorf("gpkg: rebuild %s: %w", name, err)
	}
	if n > rebuildRatio*len(bs) {
		return false, nil
	}
	all, err := treeBoxes(ctx, l.tx, name, n, make([]box, 0, n+len(bs)))
	if err != nil {
		return false, fmt.Errorf("gpkg: rebuild %s: %w", name, err)
	}
	all = append(all, bs...)
	// bulkIndex wants fid order (the rowid table is written in it).
	slices.SortFunc(all, func(a, b box) int { return cmp.Compare(a.fid, b.fid) })
	// Empty the tree as SQLite makes a new one: a zeroed root, no other
	// node, no rowid or parent entries.
	for _, stmt := range []string{
		"DELETE FROM " + q("_rowid"),
		"DELETE FROM " + q("_parent"),
		"DELETE FROM " + q("_node") + " WHERE nodeno <> 1",
		"UPDATE " + q("_node") + " SET data = zeroblob(length(data)) WHERE nodeno = 1",
	} {
		if _, err := l.tx.ExecContext(ctx, stmt); err != nil {
			return false, fmt.Errorf("gpkg: rebuild %s: %w", name, err)
		}
	}
	done, err := bulkIndex(ctx, l.tx, name, all)
	if err == nil && !done {
		// Too deep to pack (never with 51 cells a node): back to row by
		// row, every box.
		err = l.index(l.rtree[k], all)
	}
	return err == nil, err
}

// treeBoxes appends the n boxes of the R-tree name to all. It reads them
// from the tree's node blobs (a few hundred blobs, walked from the root;
// the layout is described in rtree_bulk.go) rather than through the
// virtual table, which hands over five values a box (a call into SQLite
// each: ~1 µs a box, a third of a rebuild). The values are the same
// float32 SQLite returns widened to float64. A tree that does not read as
// expected (not n leaf cells) is read through the virtual table.
func treeBoxes(ctx context.Context, tx *sql.Tx, name string, n int, all []box) ([]box, error) {
	if got, ok, err := nodeBoxes(ctx, tx, name, n, all); err != nil || ok {
		return got, err
	}
	rows, err := tx.QueryContext(ctx, "SELECT id, minx, maxx, miny, maxy FROM "+quoteIdent(name))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var b box
		if err := rows.Scan(&b.fid, &b.b[0], &b.b[1], &b.b[2], &b.b[3]); err != nil {
			return nil, err
		}
		all = append(all, b)
	}
	return all, rows.Err()
}

func nodeBoxes(ctx context.Context, tx *sql.Tx, name string, n int, all []box) ([]box, bool, error) {
	rows, err := tx.QueryContext(ctx, "SELECT nodeno, data FROM "+quoteIdent(name+"_node"))
	if err != nil {
		return nil, false, err
	}
	nodes := map[int64][]byte{}
	for rows.Next() {
		var no int64
		var data []byte
		if err := rows.Scan(&no, &data); err != nil {
			rows.Close()
			return nil, false, err
		}
		nodes[no] = data
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	root := nodes[1]
	if len(root) < 4 {
		return nil, false, nil
	}
	depth := int(binary.BigEndian.Uint16(root))
	if depth > rtreeMaxDepth {
		return nil, false, nil
	}
	start, visited, ok := len(all), 0, true
	var walk func(no int64, h int)
	walk = func(no int64, h int) {
		data, found := nodes[no]
		visited++
		if !found || len(data) < 4 || visited > len(nodes) {
			ok = false
			return
		}
		cells := int(binary.BigEndian.Uint16(data[2:]))
		if 4+cells*rtreeCellSize > len(data) {
			ok = false
			return
		}
		for i := range cells {
			p := data[4+i*rtreeCellSize:]
			id := int64(binary.BigEndian.Uint64(p))
			if h > 0 {
				walk(id, h-1)
				if !ok {
					return
				}
				continue
			}
			b := box{fid: id}
			for d := range b.b {
				b.b[d] = float64(math.Float32frombits(binary.BigEndian.Uint32(p[8+4*d:])))
			}
			all = append(all, b)
		}
	}
	walk(1, depth)
	if !ok || len(all)-start != n {
		return all[:start], false, nil
	}
	return all, true, nil
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
	for _, p := range l.pend {
		p.ins.close()
	}
	l.ins, l.rtree, l.pend = map[gis.Kind]*sql.Stmt{}, map[gis.Kind]*sql.Stmt{}, map[gis.Kind]*pendingRows{}
	if l.queueIns != nil {
		l.queueIns.close()
		l.queueIns = nil
	}
}

// Load writes fs in one transaction through a Loader. Preparing rows
// (validation, encoding) runs on another goroutine, beside SQLite's work.
func (s *Store) Load(ctx context.Context, fs []*gis.Feature, opt LoadOptions) error {
	if opt.Direct {
		defer s.directJournal(ctx)()
	}
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

// multiInsert writes full batches of rows into one table with one
// statement, binding once the columns whose value is the same in every row
// of the batch: every row of a load shares its times, user, revision and
// kind, and the columns a source leaves empty are NULL in all of them.
// Each bound value costs a call into SQLite (and a copy of a text), about
// half of a row's insert, so a tree row binds ~10 values instead of ~30.
// The rows stored are the same: the same values are bound, only fewer
// times. Statements are prepared once per pattern of shared columns.
type multiInsert struct {
	head  string // INSERT INTO t (cols) VALUES
	ncol  int
	rows  int // rows of a full batch
	stmts map[uint64]*sql.Stmt
	args  []any
}

// maxShareStmts caps the statements prepared per table; past it a batch
// binds every value.
const maxShareStmts = 32

func newMultiInsert(table string, cols []string, rows int) *multiInsert {
	return &multiInsert{head: fmt.Sprintf("INSERT INTO %s (%s) VALUES ", quoteIdent(table), joinIdents(cols)),
		ncol: len(cols), rows: rows, stmts: map[uint64]*sql.Stmt{}}
}

// sql is the statement of n rows with the columns in shared bound once, as
// ?1… in column order, before the other values row by row.
func (m *multiInsert) sql(n int, shared uint64) string {
	var b strings.Builder
	b.WriteString(m.head)
	pos := make([]int, m.ncol)
	next := 1
	for c := range m.ncol {
		if shared&(1<<c) != 0 {
			pos[c] = next
			next++
		}
	}
	for r := range n {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range m.ncol {
			if c > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('?')
			if shared&(1<<c) != 0 {
				b.WriteString(strconv.Itoa(pos[c]))
			} else {
				b.WriteString(strconv.Itoa(next))
				next++
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}

// shared is the set of columns holding the same value in every row of vals.
func (m *multiInsert) shared(vals []any) uint64 {
	if m.ncol > 64 {
		return 0
	}
	var mask uint64
	for c := range m.ncol {
		v := vals[c]
		same := true
		for i := c + m.ncol; i < len(vals); i += m.ncol {
			if !sameValue(v, vals[i]) {
				same = false
				break
			}
		}
		if same {
			mask |= 1 << c
		}
	}
	return mask
}

// sameValue reports whether a and b bind as the same SQLite value: nil,
// strings, integers, booleans, and floats with the same bits (0 and -0
// differ). Anything else (a blob) is never shared.
func sameValue(a, b any) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case string:
		y, ok := b.(string)
		return ok && x == y
	case int64:
		y, ok := b.(int64)
		return ok && x == y
	case int:
		y, ok := b.(int)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case float64:
		y, ok := b.(float64)
		return ok && math.Float64bits(x) == math.Float64bits(y)
	}
	return false
}

// exec inserts the rows of vals (ncol values a row, in column order).
func (m *multiInsert) exec(ctx context.Context, tx *sql.Tx, vals []any) (sql.Result, error) {
	n := len(vals) / m.ncol
	if n != m.rows {
		return tx.ExecContext(ctx, m.sql(n, 0), vals...)
	}
	mask := m.shared(vals)
	st, ok := m.stmts[mask]
	if !ok {
		if len(m.stmts) >= maxShareStmts {
			mask = 0
			st, ok = m.stmts[0]
		}
		if !ok {
			var err error
			if st, err = tx.PrepareContext(ctx, m.sql(n, mask)); err != nil {
				return nil, err
			}
			m.stmts[mask] = st
		}
	}
	if mask == 0 {
		return st.ExecContext(ctx, vals...)
	}
	args := m.args[:0]
	for c := range m.ncol {
		if mask&(1<<c) != 0 {
			args = append(args, vals[c])
		}
	}
	for r := range n {
		for c, v := range vals[r*m.ncol : (r+1)*m.ncol] {
			if mask&(1<<c) == 0 {
				args = append(args, v)
			}
		}
	}
	res, err := st.ExecContext(ctx, args...)
	clear(args)
	m.args = args[:0]
	return res, err
}

func (m *multiInsert) close() {
	for _, st := range m.stmts {
		st.Close()
	}
	m.stmts = map[uint64]*sql.Stmt{}
}
