// Package inventory imports third-party inventories (street trees, lamps…)
// from GeoJSON and CSV files into a ward database, through a Mapping that
// says which source field feeds which attribute of the kind's schema, with
// value maps, unit conversions, size classes and date layouts.
//
// Real inventories are messy, so every row that cannot become a record is
// rejected with its record number and a reason, and the rest import in one
// transaction: a row that fails validation, lies at (0, 0), has its
// longitude's sign flipped, lies far from the rest of the file, is one of a
// pile of rows stacked on one point, or repeats a record already in the
// database (same kind within 1 m and the same key attributes). A fatal
// problem (an unreadable file, a mapping naming a field the file does not
// have, an unsupported CRS) writes nothing.
package inventory

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkt"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
	"wardmap/gis/crs"
)

// Reasons a row is rejected, the report's reason column.
const (
	ReasonUnreadable = "unreadable"     // the row or feature itself is broken
	ReasonSkipped    = "skipped"        // a skip rule of the mapping
	ReasonValue      = "value"          // a source value the mapping cannot convert
	ReasonPosition   = "no_position"    // no coordinates, or unreadable ones
	ReasonCRS        = "crs"            // the coordinates do not convert
	ReasonInvalid    = "invalid"        // gis.Validate refused the record
	ReasonZero       = "zero"           // at (0, 0)
	ReasonFlipped    = "flipped"        // a sign flipped or lon/lat swapped
	ReasonOutlier    = "outlier"        // far from the rest of the file
	ReasonExtent     = "outside_extent" // outside --extent
	ReasonStacked    = "stacked"        // one of many rows on one point
	ReasonDuplicate  = "duplicate"      // repeats a record in the database or the file
)

// Options say what to import and how.
type Options struct {
	Kind gis.Kind
	// Mapping is nil for an automatic one: same-named fields, guessed
	// coordinate columns.
	Mapping *Mapping
	// CRS overrides the mapping's and the file's CRS ("EPSG:9210").
	CRS string
	// Layer and Encoding override the mapping's source options: the
	// GeoPackage layer or Excel sheet, the Shapefile's text encoding.
	Layer, Encoding string
	// Extent, when set, rejects rows outside it (WGS 84).
	Extent *orb.Bound
	// DryRun checks and reports everything but writes nothing.
	DryRun bool
	// Direct writes the records straight into the file, not through its
	// WAL, when nothing else has the file open (gpkg.LoadOptions.Direct):
	// for a command that is alone with the file. A window reading the
	// file while it imports keeps the WAL, whose readers never wait.
	Direct bool
	// Strict imports nothing when any row is rejected for another reason
	// than the mapping's own skip rules.
	Strict bool
	// User is recorded as the creator of the records.
	User string
	// Progress, when set, is called every few thousand rows of each phase.
	Progress func(Progress)
}

// Progress is how far an import is.
type Progress struct {
	Phase       string // "đọc (read)", "kiểm tra (check)", "trùng (duplicates)", "ghi (write)"
	Done, Total int
}

// Rejection is one row that was not imported.
type Rejection struct {
	Record int // 1-based record number in the file (header excluded)
	Line   int // CSV line the row starts on; 0 for GeoJSON
	// SourceID is the row's own identity as the file writes it (the
	// mapped code's field, the duplicate key's, or an id column), and X, Y
	// its coordinates as written (source CRS): what a person looks the
	// row up by.
	SourceID string
	X, Y     string
	Reason   string // one of the Reason constants
	Message  string // Vietnamese (English)
	// rec is set only on the quick rejections of positions' first pass,
	// described in full once they are known to stand.
	rec *record
}

// Result says what an import did.
type Result struct {
	File     string
	Kind     gis.Kind
	Format   string // "geojson", "csv", "shapefile", "xlsx", "gpkg", "kml", "gpx"
	CRS      string // the source CRS used
	Read     int    // records in the file
	Imported int    // records written (or, in a dry run, that would be)
	Rejected []Rejection
	// Unused lists source fields the mapping does not read.
	Unused []string
	// Mapped says which source field feeds each attribute (for the
	// automatic mapping, what was guessed).
	Mapped map[string]string
	DryRun bool
	// Approximate counts the records kept at an address-level point shared
	// with others, flagged position_approximate.
	Approximate int
	// Fallback counts the records placed by the mapping's geometry fallback.
	Fallback int
	// Warnings are problems that lose nothing by themselves but may mean
	// the mapping is wrong (a placeholder geometry beside lon/lat columns,
	// a property written twice in a feature), and what a reader left out
	// or assumed (a memo field, the .dbf encoding used).
	Warnings []string
	// Mapping is the mapping used when its fields were guessed (no --map,
	// or a mapping without fields): to print, edit and pass back.
	Mapping *Mapping
	// Sample holds the first records as they are (or would be) stored.
	Sample []*gis.Feature
	// Duration is how long the import took.
	Duration time.Duration
}

// sampleSize is how many records Result.Sample holds.
const sampleSize = 5

// Unintended counts the rejections the mapping did not ask for: every
// reason but its own skip rules.
func (r *Result) Unintended() int {
	n := 0
	for _, x := range r.Rejected {
		if x.Reason != ReasonSkipped {
			n++
		}
	}
	return n
}

// ByReason counts the rejections per reason.
func (r *Result) ByReason() map[string]int {
	m := map[string]int{}
	for _, x := range r.Rejected {
		m[x.Reason]++
	}
	return m
}

// candidate is a record made from a row, not yet checked for position and
// duplicates.
type candidate struct {
	rec *record
	f   *gis.Feature
	at  orb.Point // representative point (WGS 84)
	// fallback is set when the position came from the mapping's geometry
	// fallback.
	fallback bool
}

// Import reads path, maps it, checks it and, unless DryRun, writes the
// accepted records in one transaction. st may be nil for a dry run
// without duplicate checks against a database.
func Import(ctx context.Context, st *gpkg.Store, path string, opt Options) (*Result, error) {
	start := time.Now()
	sc, m, err := importPlan(st, opt)
	if err != nil {
		return nil, err
	}
	t, res, err := readMapped(path, m, sc, opt)
	if err != nil {
		return res, err
	}
	b, err := newBuilder(t, m, sc, res, opt)
	if err != nil {
		return nil, err
	}
	cands, err := b.build(ctx)
	if err != nil {
		return nil, err
	}
	cands = b.positions(cands, opt.Extent)
	cands, err = b.checkDuplicates(ctx, st, cands)
	if err != nil {
		return nil, err
	}
	b.warnPlaceholder()
	res.tally(cands)
	if n := res.Unintended(); opt.Strict && n > 0 {
		res.Imported = 0
		res.Duration = time.Since(start)
		return res, gis.Errorf(gis.EINVALID, "--strict: %d dòng bị loại ngoài quy tắc bỏ qua của ánh xạ, không nhập gì (%d rows rejected other than by the mapping's skip rules; nothing imported)", n, n)
	}
	if !opt.DryRun && len(cands) > 0 {
		// The file's rows are not read again: let the collector free them
		// (a million-tree file holds ~0.5 GB of them) before the write
		// allocates its SQL values and outbox entries.
		t.recs, b.t = nil, nil
		for i := range cands {
			cands[i].rec = nil
		}
		if err := write(ctx, st, cands, opt); err != nil {
			return nil, err
		}
	}
	res.Duration = time.Since(start)
	return res, nil
}

// importPlan checks the options before the file is read: a kind with a
// position, a sane extent, a mapping for that kind (the automatic one
// when none is given), a store unless it is a dry run.
func importPlan(st *gpkg.Store, opt Options) (*gis.Schema, *Mapping, error) {
	sc, ok := gis.Lookup(opt.Kind)
	if !ok {
		_, err := gis.ParseKind(string(opt.Kind))
		return nil, nil, err
	}
	if !sc.Spatial() {
		return nil, nil, gis.Errorf(gis.EINVALID, "loại %s không có vị trí trên bản đồ, không nhập bằng lệnh này được (kind %s has no geometry)", opt.Kind, opt.Kind)
	}
	if opt.Extent != nil {
		e := opt.Extent
		if err := checkExtent([]float64{e.Min[0], e.Min[1], e.Max[0], e.Max[1]}); err != nil {
			return nil, nil, gis.Errorf(gis.EINVALID, "--extent: %v", err)
		}
	}
	m := opt.Mapping
	if m == nil {
		m = &Mapping{Auto: true}
		if err := m.prepare(opt.Kind); err != nil {
			return nil, nil, err
		}
	} else if m.Kind != opt.Kind {
		return nil, nil, gis.Errorf(gis.EINVALID, "ánh xạ dành cho loại %q, không phải %q (the mapping is for kind %q, not %q)", m.Kind, opt.Kind, m.Kind, opt.Kind)
	}
	if st == nil && !opt.DryRun {
		return nil, nil, fmt.Errorf("inventory: no store to write to")
	}
	return sc, m, nil
}

// readMapped reads the file (the options' layer and encoding over the
// mapping's), completes a guessed mapping from its columns and checks the
// mapping against them. The result so far is returned with an error
// that the user settles by editing the guessed mapping (units it could
// not tell).
func readMapped(path string, m *Mapping, sc *gis.Schema, opt Options) (*table, *Result, error) {
	src := m.Source
	if opt.Layer != "" {
		src.Layer = opt.Layer
	}
	if opt.Encoding != "" {
		src.Encoding = opt.Encoding
	}
	t, err := readFile(path, m, src)
	if err != nil {
		return nil, nil, err
	}
	res := &Result{File: path, Kind: opt.Kind, Format: t.format, Read: len(t.recs), DryRun: opt.DryRun}
	guessed := m.Auto || len(m.Fields) == 0
	if guessed {
		// No fields named: same-named fields, as without a mapping.
		if err := m.guess(t, sc); err != nil {
			return nil, nil, err
		}
	}
	if err := m.check(t); err != nil {
		return nil, nil, err
	}
	if guessed {
		res.Mapping = m
		if err := m.checkGuessedUnits(sc); err != nil {
			return nil, res, err
		}
	}
	res.Mapped = m.describe()
	res.Unused = m.unused(t)
	res.Warnings = append(res.Warnings, t.warnings...)
	return t, res, nil
}

// newBuilder sets up the mapping of t's records: the source CRS (the
// result names it), the position readers with their transforms to WGS
// 84, the duplicate rule and the columns that name a row.
func newBuilder(t *table, m *Mapping, sc *gis.Schema, res *Result, opt Options) (*builder, error) {
	from, err := m.sourceCRS(t, opt.CRS)
	if err != nil {
		return nil, err
	}
	res.CRS = from.ID()
	tr, err := toWGS84(from)
	if err != nil {
		return nil, err
	}
	dup, err := m.dupRule(sc, t)
	if err != nil {
		return nil, err
	}
	b := &builder{t: t, m: m, sc: sc, res: res, progress: opt.Progress, dup: dup}
	b.primary = newGeomReader(t, m.Geometry, tr)
	if fb := m.Geometry.Fallback; fb != nil {
		c, err := m.fallbackCRS()
		if err != nil {
			return nil, err
		}
		ftr, err := toWGS84(c)
		if err != nil {
			return nil, err
		}
		b.fallback = newGeomReader(t, *fb, ftr)
	}
	b.idCols = m.idColumns(t, dup)
	return b, nil
}

// tally counts the accepted candidates (and those placed by the
// fallback), orders the rejections by record and keeps a sample.
func (res *Result) tally(cands []candidate) {
	for _, c := range cands {
		if c.fallback {
			res.Fallback++
		}
	}
	sort.Slice(res.Rejected, func(i, j int) bool { return res.Rejected[i].Record < res.Rejected[j].Record })
	res.Imported = len(cands)
	for _, c := range cands[:min(len(cands), sampleSize)] {
		res.Sample = append(res.Sample, c.f)
	}
}

// write adds the records in one transaction: all of them, or on any error
// none. Each is queued for sync like an edit. The store's Load validates
// and encodes rows on one core while SQLite writes on the other.
func write(ctx context.Context, st *gpkg.Store, cands []candidate, opt Options) error {
	report(opt.Progress, "ghi (write)", 0, len(cands))
	fs := make([]*gis.Feature, len(cands))
	for i, c := range cands {
		c.f.ID = "" // the store makes IDs and times
		fs[i] = c.f
	}
	if err := st.Load(ctx, fs, gpkg.LoadOptions{User: opt.User, Outbox: true, Direct: opt.Direct}); err != nil {
		return fmt.Errorf("ghi thất bại, không nhập gì (writing failed; nothing was imported): %w", err)
	}
	report(opt.Progress, "ghi (write)", len(cands), len(cands))
	return nil
}

func report(p func(Progress), phase string, done, total int) {
	if p != nil {
		p(Progress{Phase: phase, Done: done, Total: total})
	}
}

// toWGS84 is the transform from c to WGS 84 (nil when c is WGS 84).
func toWGS84(c *crs.CRS) (*crs.Transform, error) {
	if c.Code == 4326 {
		return nil, nil
	}
	to, _ := crs.ByCode(4326)
	tr, err := crs.NewTransform(c, to)
	if err != nil {
		return nil, gis.Errorf(gis.EINVALID, "không chuyển được từ %s (cannot convert from %s): %v", c, c, err)
	}
	return tr, nil
}

// builder turns records into candidate features.
type builder struct {
	t        *table
	m        *Mapping
	sc       *gis.Schema
	res      *Result
	progress func(Progress)
	dup      *dupRule
	// primary reads the mapping's position, fallback (nil without one)
	// the position used when the primary gives none or a placeholder.
	primary, fallback *geomReader
	// idCols are the columns naming a row in the report.
	idCols []int
	// quick: rejections are not described yet (positions' first pass).
	quick bool
}

func (b *builder) reject(r *record, reason, msg string) {
	b.res.Rejected = append(b.res.Rejected, b.rejection(r, reason, msg))
}

// rejection describes a rejected row with what the file says it is and
// where.
func (b *builder) rejection(r *record, reason, msg string) Rejection {
	x := Rejection{Record: r.n, Line: r.line, Reason: reason, Message: msg}
	if b.quick {
		x.rec = r
		return x
	}
	var ids []string
	for _, i := range b.idCols {
		if v := collapseSpace(r.val(i)); v != "" {
			ids = append(ids, v)
		}
	}
	x.SourceID = strings.Join(ids, " ")
	if r.fallback && b.fallback != nil {
		x.X, x.Y = b.fallback.written(r)
	} else {
		x.X, x.Y = b.primary.written(r)
	}
	return x
}

// buildChunk is how many records a goroutine maps at a time.
const buildChunk = 2048

// placeholderID lets a record be validated before the store gives it its
// real ID.
const placeholderID = "00000000-0000-7000-8000-000000000000"

// build maps every record to a candidate feature, or to a rejection, on
// several goroutines; candidates and rejections keep the file's order.
func (b *builder) build(ctx context.Context) ([]candidate, error) {
	return b.mapRecords(ctx, b.newRowMapper().candidate)
}

// rowMapper maps one record by the mapping; the columns it reads are
// looked up once, for all records.
type rowMapper struct {
	b        *builder
	skipCols []int    // the column of each of the mapping's skip rules
	names    []string // the mapped fields, sorted: the order values are converted (and the first error reported) in
	cols     map[string]int
}

func (b *builder) newRowMapper() *rowMapper {
	m := &rowMapper{b: b, skipCols: make([]int, len(b.m.Skip)), names: make([]string, 0, len(b.m.Fields)), cols: map[string]int{}}
	for i, s := range b.m.Skip {
		m.skipCols[i], _ = b.t.col(s.Field)
	}
	for name := range b.m.Fields {
		m.names = append(m.names, name)
	}
	sort.Strings(m.names)
	for _, fm := range b.m.Fields {
		for _, s := range fm.sources() {
			m.cols[s], _ = b.t.col(s)
		}
	}
	return m
}

// candidate maps r to a candidate, or appends its rejection to rej.
func (m *rowMapper) candidate(r *record, rej *[]Rejection, fc *foldCache) (candidate, bool) {
	reject := func(reason, msg string) (candidate, bool) {
		*rej = append(*rej, m.b.rejection(r, reason, msg))
		return candidate{}, false
	}
	if r.bad != "" {
		return reject(ReasonUnreadable, r.bad)
	}
	if why := m.skipped(r, fc); why != "" {
		return reject(ReasonSkipped, "bỏ qua theo ánh xạ (skipped by the mapping): "+why)
	}
	geom, usedFallback, reason, msg := m.b.position(r)
	if reason != "" {
		return reject(reason, msg)
	}
	f, reason, msg := m.feature(r, geom, fc)
	if reason != "" {
		return reject(reason, msg)
	}
	return candidate{rec: r, f: f, at: representative(geom), fallback: usedFallback}, true
}

// skipped is why the mapping's skip rules leave r out ("" to keep it):
// the rule's own reason, or the field and the value that matched.
func (m *rowMapper) skipped(r *record, fc *foldCache) string {
	for k, s := range m.b.m.Skip {
		if s.set[fc.fold(r.val(m.skipCols[k]))] {
			if s.Reason != "" {
				return s.Reason
			}
			return fmt.Sprintf("%s = %q", s.Field, strings.TrimSpace(r.val(m.skipCols[k])))
		}
	}
	return ""
}

// position reads r's geometry from the primary source, or from the
// fallback where the primary gives none (and marks r as placed by it);
// reason and msg say why neither gave one.
func (b *builder) position(r *record) (geom orb.Geometry, usedFallback bool, reason, msg string) {
	geom, reason, msg = b.primary.position(r)
	if reason != "" && b.fallback != nil {
		g2, reason2, msg2 := b.fallback.position(r)
		if reason2 == "" {
			r.fallback = true
			return g2, true, "", msg
		}
		msg += "; fallback: " + msg2
	}
	return geom, false, reason, msg
}

// feature is r's feature at geom with the mapped fields' values, derived
// and validated; reason and msg say why r is rejected instead.
func (m *rowMapper) feature(r *record, geom orb.Geometry, fc *foldCache) (f *gis.Feature, reason, msg string) {
	f = &gis.Feature{ID: placeholderID, Kind: m.b.sc.Kind, Geom: geom, Attrs: make(map[string]any, len(m.names))}
	for _, name := range m.names {
		v, err := m.b.m.Fields[name].convert(r, m.cols, m.b.m, fc)
		if err != nil {
			return nil, ReasonValue, err.Error()
		}
		if v != nil {
			f.Attrs[name] = v
		}
	}
	gis.Derive(f)
	if err := gis.Validate(f); err != nil {
		var ve gis.ValidationErrors
		if !errors.As(err, &ve) {
			return nil, ReasonInvalid, err.Error()
		}
		msgs := make([]string, len(ve))
		for i, e := range ve {
			msgs[i] = e.Error()
		}
		return nil, ReasonInvalid, strings.Join(msgs, "; ")
	}
	return f, "", ""
}

// mapRecords runs one over every record: records are independent, so
// chunks of them are mapped on several goroutines and gathered in file
// order, with the progress reported as each chunk is gathered.
func (b *builder) mapRecords(ctx context.Context, one func(*record, *[]Rejection, *foldCache) (candidate, bool)) ([]candidate, error) {
	type chunk struct {
		cands []candidate
		rej   []Rejection
		done  chan struct{}
	}
	const size = buildChunk
	n := len(b.t.recs)
	cands := make([]candidate, 0, n)
	chunks := make([]*chunk, (n+size-1)/size)
	for c := range chunks {
		chunks[c] = &chunk{done: make(chan struct{})}
	}
	work := make(chan int)
	var wg sync.WaitGroup
	for range max(1, min(runtime.GOMAXPROCS(0), 4)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fc := newFoldCache()
			for c := range work {
				ch := chunks[c]
				for i := c * size; i < min(n, (c+1)*size); i++ {
					if cd, ok := one(&b.t.recs[i], &ch.rej, fc); ok {
						ch.cands = append(ch.cands, cd)
					}
				}
				close(ch.done)
			}
		}()
	}
	go func() {
		defer close(work)
		for c := range chunks {
			if ctx.Err() != nil {
				return
			}
			work <- c
		}
	}()
	var err error
	for c, ch := range chunks {
		if err == nil {
			select {
			case <-ch.done:
			case <-ctx.Done():
				err = ctx.Err()
			}
		}
		if err != nil {
			continue
		}
		cands = append(cands, ch.cands...)
		b.res.Rejected = append(b.res.Rejected, ch.rej...)
		chunks[c] = nil
		report(b.progress, "kiểm tra (check)", min(n, (c+1)*size), n)
	}
	wg.Wait()
	if err != nil {
		return nil, err
	}
	report(b.progress, "kiểm tra (check)", n, n)
	return cands, nil
}

// geomReader reads a record's position from one source: columns x/y, a
// WKT column, or the file's own geometry.
type geomReader struct {
	src        GeometrySource
	xi, yi, wi int
	tr         *crs.Transform // to WGS 84; nil for WGS 84
}

func newGeomReader(t *table, g GeometrySource, tr *crs.Transform) *geomReader {
	gr := &geomReader{src: g, xi: -1, yi: -1, wi: -1, tr: tr}
	if g.X != "" {
		gr.xi, _ = t.col(g.X)
		gr.yi, _ = t.col(g.Y)
	}
	if g.WKT != "" {
		gr.wi, _ = t.col(g.WKT)
	}
	return gr
}

// written is a record's position as the file writes it (source CRS; a
// line or polygon by the centre of its bounds), for a person to find it.
func (gr *geomReader) written(r *record) (x, y string) {
	if gr.xi >= 0 {
		return strings.TrimSpace(r.val(gr.xi)), strings.TrimSpace(r.val(gr.yi))
	}
	g := r.geom
	if gr.wi >= 0 {
		g, _ = unmarshalWKT(strings.TrimSpace(r.val(gr.wi)))
	}
	if g == nil {
		return "", ""
	}
	p := representative(g)
	return strconv.FormatFloat(p[0], 'f', -1, 64), strconv.FormatFloat(p[1], 'f', -1, 64)
}

// position reads a record's geometry and converts it to WGS 84.
func (gr *geomReader) position(r *record) (orb.Geometry, string, string) {
	var g orb.Geometry
	xi, yi, wi := gr.xi, gr.yi, gr.wi
	switch {
	case xi >= 0:
		xs, ys := strings.TrimSpace(r.val(xi)), strings.TrimSpace(r.val(yi))
		if xs == "" || ys == "" {
			return nil, ReasonPosition, fmt.Sprintf("thiếu tọa độ (no coordinates in %s/%s)", gr.src.X, gr.src.Y)
		}
		x, okx := parseCoord(xs)
		y, oky := parseCoord(ys)
		if !okx || !oky {
			return nil, ReasonPosition, fmt.Sprintf("tọa độ không phải số (coordinates are not numbers): %q, %q", xs, ys)
		}
		g = orb.Point{x, y}
	case wi >= 0:
		s := strings.TrimSpace(r.val(wi))
		if s == "" {
			return nil, ReasonPosition, fmt.Sprintf("thiếu hình học (no geometry in %s)", gr.src.WKT)
		}
		var err error
		if g, err = unmarshalWKT(s); err != nil {
			return nil, ReasonPosition, fmt.Sprintf("WKT hỏng (broken WKT): %v", err)
		}
	default:
		if r.badGeom != "" {
			return nil, ReasonUnreadable, r.badGeom
		}
		if r.geom == nil {
			return nil, ReasonPosition, "không có hình học (no geometry)"
		}
		g = r.geom
	}
	tr := gr.tr
	if mp, ok := g.(orb.MultiPoint); ok && len(mp) == 1 {
		g = mp[0]
	}
	if p, ok := g.(orb.Point); ok && tr != nil && !tr.From().IsGeographic() && math.Abs(p[0]) <= 180 && math.Abs(p[1]) <= 90 {
		return nil, ReasonCRS, fmt.Sprintf("(%g, %g) trông như độ, không phải mét của %s (looks like degrees, not the metres of %s): sai --crs? (wrong --crs?)", p[0], p[1], tr.From(), tr.From())
	}
	if p, ok := g.(orb.Point); ok && tr != nil {
		x, y, err := tr.Forward(p[0], p[1])
		if err != nil {
			return nil, ReasonCRS, fmt.Sprintf("không chuyển được tọa độ từ %s (cannot convert from %s): %v", tr.From(), tr.From(), err)
		}
		return orb.Point{x, y}, "", ""
	}
	if tr != nil {
		g = orb.Clone(g)
		if err := transformGeom(tr, g); err != nil {
			return nil, ReasonCRS, fmt.Sprintf("không chuyển được tọa độ từ %s (cannot convert from %s): %v", tr.From(), tr.From(), err)
		}
	}
	return g, "", ""
}

func unmarshalWKT(s string) (g orb.Geometry, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return wkt.Unmarshal(s)
}

func parseCoord(s string) (float64, bool) {
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1) // a decimal comma (";"-separated files)
	}
	// strconv first: fmt.Sscan costs ~1 µs and allocates, twice a row of a
	// file with coordinate columns (Downey's 18,544). Sscan stays for what
	// it reads and ParseFloat does not (a number followed by other text).
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		_, err = fmt.Sscan(s, &x)
	}
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, false
	}
	return x, true
}

func transformGeom(tr *crs.Transform, g orb.Geometry) error {
	switch g := g.(type) {
	case orb.Point:
		return fmt.Errorf("inventory: point not transformed in place")
	case orb.LineString:
		return tr.Points(g)
	case orb.Ring:
		return tr.Points(g)
	case orb.Polygon:
		for _, r := range g {
			if err := tr.Points(r); err != nil {
				return err
			}
		}
	case orb.MultiPoint:
		return tr.Points(g)
	case orb.MultiLineString:
		for _, l := range g {
			if err := tr.Points(l); err != nil {
				return err
			}
		}
	case orb.MultiPolygon:
		for _, p := range g {
			if err := transformGeom(tr, p); err != nil {
				return err
			}
		}
	}
	return nil
}

// representative is the point duplicate and position checks use.
func representative(g orb.Geometry) orb.Point {
	if p, ok := g.(orb.Point); ok {
		return p
	}
	return g.Bound().Center()
}

// convert gives the attribute's value from a record, nil for no value.
// foldCache remembers gis.FoldSearch of the values a goroutine has met:
// an inventory repeats the same few conditions, species and "---" on
// every row, and folding (lower case, no diacritics) costs ~1 µs a value,
// where a map lookup costs a few tens of ns. It holds at most
// foldCacheMax values (addresses and codes do not repeat).
type foldCache struct {
	m map[string]string
	// buf holds the key of the last tmp call.
	buf []byte
}

const foldCacheMax = 4096

func newFoldCache() *foldCache { return &foldCache{m: make(map[string]string, 256)} }

func (c *foldCache) fold(s string) string {
	if k, ok := c.m[s]; ok {
		return k
	}
	k := gis.FoldSearch(s)
	if len(c.m) < foldCacheMax {
		c.m[s] = k
	}
	return k
}

// tmp is fold(s) for a key that is only looked up (m[string(b)] does not
// allocate): valid until the next call. An ASCII value is folded in
// place without the cache; addresses and codes, which do not repeat, were
// a string each.
func (c *foldCache) tmp(s string) []byte {
	if isASCII(s) {
		c.buf = gis.AppendFoldSearch(c.buf[:0], s)
		return c.buf
	}
	c.buf = append(c.buf[:0], c.fold(s)...)
	return c.buf
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// collapseSpace trims s and collapses its inner runs of white space into
// one space (strings.Fields joined by " "), without allocating when s is
// already so.
func collapseSpace(s string) string {
	prevSpace := true // a leading space is to trim
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return strings.Join(strings.Fields(s), " ") // Unicode spaces
		}
		sp := c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
		if sp && (prevSpace || c != ' ') {
			return strings.Join(strings.Fields(s), " ")
		}
		prevSpace = sp
	}
	if prevSpace && len(s) > 0 {
		return strings.Join(strings.Fields(s), " ") // a trailing space
	}
	return s
}

func (fm *FieldMap) convert(r *record, cols map[string]int, m *Mapping, fc *foldCache) (any, error) {
	v, err := fm.convertOne(r, cols, m, fc)
	if v == nil && err == nil && fm.Fallback != nil {
		return fm.Fallback.convertOne(r, cols, m, fc)
	}
	return v, err
}

func (fm *FieldMap) convertOne(r *record, cols map[string]int, m *Mapping, fc *foldCache) (any, error) {
	fd := fm.field
	var s string
	switch {
	case fm.Value != nil:
		s = *fm.Value
	case fm.From != "":
		s = r.val(cols[fm.From])
	default:
		var sb strings.Builder
		for _, p := range fm.tmpl {
			if p.field != "" {
				sb.WriteString(r.val(cols[p.field]))
			} else {
				sb.WriteString(p.lit)
			}
		}
		s = sb.String()
	}
	s = collapseSpace(s)
	if s == "" {
		return nil, nil
	}
	var key []byte
	if len(m.emptySet) > 0 || fm.values != nil {
		key = fc.tmp(s)
	}
	if m.emptySet[string(key)] {
		return nil, nil
	}
	if fm.values != nil {
		if v, ok := fm.values[string(key)]; ok {
			if v == "" {
				return nil, nil
			}
			return fd.Parse(v)
		}
	}
	v, err := fm.parse(s)
	if err != nil {
		if fm.Unknown == "empty" {
			return nil, nil
		}
		return nil, err
	}
	return v, nil
}

func (fm *FieldMap) parse(s string) (any, error) {
	fd := fm.field
	bad := func(vi, en string) error {
		return &gis.FieldError{Field: fd.Name, Label: fd.Label, VI: fmt.Sprintf(vi, s), EN: fmt.Sprintf(en, s)}
	}
	switch fd.Type {
	case gis.Real, gis.Int:
		x, ok := number(s, fm.Range)
		if !ok {
			return nil, bad("không phải số hay khoảng số: %q", "not a number or a size class: %q")
		}
		if fm.Unit != "" {
			k, _ := unitFactor(fm.Unit, fd.Unit)
			x *= k
		}
		if fd.Type == gis.Int {
			if x != math.Trunc(x) || math.Abs(x) > 1e15 {
				return nil, bad("không phải số nguyên: %q", "not a whole number: %q")
			}
			return int64(x), nil
		}
		return math.Round(x*100) / 100, nil
	case gis.DateType, gis.TimeType:
		if len(fm.layouts) == 0 {
			return fd.Parse(s)
		}
		for _, l := range fm.layouts {
			t, err := time.Parse(l, s)
			if err != nil {
				continue
			}
			if fd.Type == gis.DateType {
				return gis.DateOf(t), nil
			}
			return t.UTC(), nil
		}
		return nil, &gis.FieldError{Field: fd.Name, Label: fd.Label,
			VI: fmt.Sprintf("ngày %q không theo mẫu %s", s, strings.Join(fm.Date, ", ")),
			EN: fmt.Sprintf("date %q matches none of %s", s, strings.Join(fm.Date, ", "))}
	}
	return fd.Parse(s)
}
