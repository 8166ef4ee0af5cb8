package gpkg

// The catalogue tables on the wire (issue 6): the plan's targets
// (wm_targets), formula parameters (wm_target_params), reported figures
// (wm_reported), inspection cycles (wm_cycles) and work assignments
// (wm_assignments) travel as sync records like the map's features.
//
// Targets, parameters, cycles and figures are keyed by their natural key
// (code and valid_from, name and valid_from, kind and class, and for a
// figure who entered what when): their record ID is a UUID (version 5)
// of that key, so two laptops that make the same version offline make the
// same record, which the server merges field by field. Key fields never
// change; a new version is a new record. A reported figure is never
// changed: a correction is a new figure, and the old one stays as history.
// Assignments have their own random IDs.

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"wardmap/data/wire"
	"wardmap/gis"
)

// Catalogue kinds on the wire.
const (
	KindTarget     = "target"
	KindParam      = "target_param"
	KindReported   = "reported"
	KindCycle      = "cycle"
	KindAssignment = "assignment"
)

// CatalogueKinds lists the catalogue kinds.
var CatalogueKinds = []string{KindTarget, KindParam, KindReported, KindCycle, KindAssignment}

// IsCatalogue reports whether kind is a catalogue kind.
func IsCatalogue(kind string) bool { return slices.Contains(CatalogueKinds, kind) }

type colType int

const (
	cText colType = iota
	cReal
	cInt
	cBool // 0 or 1 on the wire, as the feature tables' booleans
	cDate // "YYYY-MM-DD"
	cTime // timeFormat, UTC
)

type catCol struct {
	name     string
	typ      colType
	optional bool     // may be null (or, for text with a default, absent)
	enum     []string // allowed values of a text
	min, max float64  // bounds of a number (when max > min)
}

type catTable struct {
	kind, table string
	key         []string // natural key; nil: the table has an id column
	cols        []catCol
	insertOnly  bool
}

var catTables = map[string]*catTable{
	KindTarget: {kind: KindTarget, table: "wm_targets", key: []string{"code", "valid_from"}, cols: []catCol{
		{name: "code"}, {name: "valid_from", typ: cDate}, {name: "name_vi"}, {name: "name_en"},
		{name: "grp", enum: []string{"environment", "urban_order", "culture", "digital"}},
		{name: "unit"}, {name: "baseline", typ: cReal, optional: true}, {name: "baseline_period", optional: true},
		{name: "target", typ: cReal}, {name: "direction", enum: []string{"at_least", "at_most"}},
		{name: "frequency", enum: []string{"month", "quarter", "year", "plan"}}, {name: "scopes"},
		{name: "kind", enum: []string{"computed", "reported"}}, {name: "cumulative", typ: cBool}, {name: "ramp", typ: cBool},
		{name: "min_value", typ: cReal}, {name: "max_value", typ: cReal}, {name: "method", optional: true},
	}},
	KindParam: {kind: KindParam, table: "wm_target_params", key: []string{"name", "valid_from"}, cols: []catCol{
		{name: "name"}, {name: "value", typ: cReal, min: 0, max: math.MaxFloat64}, {name: "valid_from", typ: cDate}, {name: "note", optional: true},
	}},
	KindCycle: {kind: KindCycle, table: "wm_cycles", key: []string{"kind", "class"}, cols: []catCol{
		{name: "kind"}, {name: "class", optional: true}, {name: "days", typ: cInt, min: 0, max: 3650},
		{name: "season", optional: true}, {name: "note", optional: true},
	}},
	KindReported: {kind: KindReported, table: "wm_reported", insertOnly: true,
		key: []string{"code", "scope", "scope_id", "period", "entered_by", "entered_at"}, cols: []catCol{
			{name: "code"}, {name: "scope", enum: []string{"ward", "tdp", "street", "organisation"}}, {name: "scope_id", optional: true},
			{name: "period"}, {name: "value", typ: cReal}, {name: "note", optional: true},
			{name: "entered_by"}, {name: "entered_at", typ: cTime}, {name: "entered_as", optional: true},
		}},
	KindAssignment: {kind: KindAssignment, table: "wm_assignments", cols: []catCol{
		{name: "assignee"}, {name: "day", typ: cDate}, {name: "targets", optional: true}, {name: "note", optional: true},
		{name: "status", enum: []string{"open", "done", "cancelled"}},
	}},
}

// catalogueNS is the namespace of the catalogue's record IDs.
var catalogueNS = uuid.MustParse("5f0c2d1e-7a4b-4c36-9a51-6b8e3f2d9c10")

// CatalogueID is the record ID of a keyed catalogue record (fields in wire
// form), "" for kinds without a natural key.
func CatalogueID(kind string, fields map[string]any) string {
	ct := catTables[kind]
	if ct == nil || ct.key == nil {
		return ""
	}
	parts := []string{kind}
	for _, k := range ct.key {
		s, _ := fields[keyField(kind, k, fields)].(string)
		parts = append(parts, s)
	}
	return uuid.NewSHA1(catalogueNS, []byte(strings.Join(parts, "\x00"))).String()
}

// keyField is the field holding key part k: a reported figure's name is
// entered_as once the server has put its account in entered_by, so that
// the figure keeps the ID the laptop made.
func keyField(kind, k string, fields map[string]any) string {
	if kind == KindReported && k == "entered_by" {
		if as, _ := fields["entered_as"].(string); as != "" {
			return "entered_as"
		}
	}
	return k
}

// InsertOnly reports whether records of kind never change once made (a
// reported figure: a correction is a new one).
func InsertOnly(kind string) bool { ct := catTables[kind]; return ct != nil && ct.insertOnly }

// CheckCatalogue checks a catalogue record's complete fields (wire form):
// every required field present with the right type and range, nothing
// unknown, and a keyed record's ID made from its key.
func CheckCatalogue(kind, id string, fields map[string]any) error {
	ct := catTables[kind]
	if ct == nil {
		return gis.Errorf(gis.EINVALID, "loại không rõ %q (unknown kind)", kind)
	}
	for f := range fields {
		if !slices.ContainsFunc(ct.cols, func(c catCol) bool { return c.name == f }) {
			return gis.Errorf(gis.EINVALID, "%s không có trường %q (no such field)", kind, f)
		}
	}
	for _, c := range ct.cols {
		v, has := fields[c.name]
		v = wire.Normalize(v)
		if !has || v == nil {
			if c.optional {
				continue
			}
			return gis.Errorf(gis.EINVALID, "%s: thiếu trường %s (missing field)", kind, c.name)
		}
		if err := checkValue(c, v); err != nil {
			return gis.Errorf(gis.EINVALID, "%s.%s: %v", kind, c.name, err)
		}
	}
	if want := CatalogueID(kind, fields); want != "" && id != want {
		return gis.Errorf(gis.EINVALID, "%s %s: mã bản ghi phải là %s, lập từ khóa %s; không đổi được khóa, hãy tạo phiên bản mới (the record ID must be made from its key; a key does not change, make a new version)",
			kind, id, want, strings.Join(ct.key, ", "))
	}
	if kind == KindAssignment {
		if s, _ := fields["targets"].(string); s != "" {
			for _, t := range strings.Split(s, ",") {
				if !gis.ValidID(strings.TrimSpace(t)) {
					return gis.Errorf(gis.EINVALID, "assignment.targets: %q không phải UUID (not a UUID)", t)
				}
			}
		}
	}
	return nil
}

func checkValue(c catCol, v any) error {
	switch c.typ {
	case cText, cDate, cTime:
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("cần chuỗi (want a string), có (got) %T", v)
		}
		switch c.typ {
		case cDate:
			if _, err := gis.ParseDate(s); err != nil || len(s) != 10 {
				return fmt.Errorf("ngày %q không hợp lệ, cần YYYY-MM-DD (bad date)", s)
			}
		case cTime:
			if t, err := time.Parse(timeFormat, s); err != nil || t.Format(timeFormat) != s {
				return fmt.Errorf("thời điểm %q không hợp lệ, cần %s (bad time)", s, timeFormat)
			}
		}
		if c.enum != nil && !slices.Contains(c.enum, s) {
			return fmt.Errorf("%q không thuộc (not one of) %s", s, strings.Join(c.enum, ", "))
		}
		if !c.optional && c.typ == cText && s == "" && c.enum == nil {
			return fmt.Errorf("không được rỗng (must not be empty)")
		}
	case cReal, cInt, cBool:
		var x float64
		switch n := v.(type) {
		case int64:
			x = float64(n)
		case float64:
			x = n
		default:
			return fmt.Errorf("cần số (want a number), có (got) %T", v)
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("số không hợp lệ (not a finite number)")
		}
		if (c.typ == cInt || c.typ == cBool) && x != math.Trunc(x) {
			return fmt.Errorf("cần số nguyên (want a whole number): %v", x)
		}
		if c.typ == cBool && x != 0 && x != 1 {
			return fmt.Errorf("cần 0 hoặc 1 (want 0 or 1): %v", x)
		}
		if c.max > c.min && (x < c.min || x > c.max) {
			return fmt.Errorf("%v ngoài khoảng (out of range) %v–%v", x, c.min, c.max)
		}
	}
	return nil
}

// wireValue turns a stored column value into its wire form.
func (c catCol) wireValue(v any) any {
	if v == nil {
		return nil
	}
	switch c.typ {
	case cDate:
		if t, ok := v.(time.Time); ok {
			return t.UTC().Format(time.DateOnly)
		}
		s, _ := asString(v)
		if len(s) > 10 {
			s = s[:10]
		}
		return s
	case cTime:
		t, err := scanTime(v)
		if err != nil {
			s, _ := asString(v)
			return s
		}
		return t.UTC().Format(timeFormat)
	case cBool:
		switch x := v.(type) {
		case bool:
			if x {
				return int64(1)
			}
			return int64(0)
		}
	case cReal:
		switch x := v.(type) {
		case int64:
			return float64(x)
		}
	case cText:
		if s, ok := asString(v); ok {
			return s
		}
	}
	return v
}

func (ct *catTable) names() []string {
	out := make([]string, len(ct.cols))
	for i, c := range ct.cols {
		out[i] = c.name
	}
	return out
}

// where is the SQL condition and arguments finding a record's row.
func (ct *catTable) where(id string, fields map[string]any) (string, []any) {
	if ct.key == nil {
		return "id = ?", []any{id}
	}
	conds := make([]string, len(ct.key))
	args := make([]any, len(ct.key))
	for i, k := range ct.key {
		conds[i] = quoteIdent(k) + " = ?"
		args[i] = fields[keyField(ct.kind, k, fields)]
		if ct.kind == KindReported && k == "entered_by" {
			// The name the figure was entered under, before or after the
			// server stamped its account (keyField).
			conds[i] = "(CASE WHEN entered_as <> '' THEN entered_as ELSE entered_by END) = ?"
		}
	}
	return strings.Join(conds, " AND "), args
}

type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// catRows reads rows of a catalogue table as wire records (fields, rev,
// updated at and by).
func catRows(ctx context.Context, db querier, ct *catTable, where string, args ...any) ([]wire.Record, error) {
	sel := joinIdents(ct.names()) + ", rev, updated_at, updated_by"
	if ct.key == nil {
		sel += ", id, created_at, created_by"
	} else if ct.kind == KindReported {
		sel = joinIdents(ct.names()) + ", rev, entered_at, entered_by"
	}
	q := "SELECT " + sel + " FROM " + quoteIdent(ct.table)
	if where != "" {
		q += " WHERE " + where
	}
	rows, err := db.QueryContext(ctx, q+" ORDER BY fid", args...)
	if err != nil {
		return nil, fmt.Errorf("gpkg: %s: %w", ct.table, err)
	}
	defer rows.Close()
	var out []wire.Record
	for rows.Next() {
		vals := make([]any, len(ct.cols)+3, len(ct.cols)+6)
		if ct.key == nil {
			vals = vals[:len(ct.cols)+6]
		}
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		r := wire.Record{Kind: ct.kind, Fields: map[string]any{}}
		for i, c := range ct.cols {
			if v := c.wireValue(vals[i]); v != nil {
				r.Fields[c.name] = v
			}
		}
		n := len(ct.cols)
		r.Rev, _ = vals[n].(int64)
		r.UpdatedAt, _ = scanTime(vals[n+1])
		r.UpdatedBy, _ = asString(vals[n+2])
		r.ID = CatalogueID(ct.kind, r.Fields)
		if ct.key == nil {
			r.ID, _ = asString(vals[n+3])
			r.CreatedAt, _ = scanTime(vals[n+4])
			r.CreatedBy, _ = asString(vals[n+5])
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// CatalogueRecords returns every catalogue row of the store as wire
// records (for tests, and the server's seed).
func (s *Store) CatalogueRecords(ctx context.Context) ([]wire.Record, error) {
	var out []wire.Record
	for _, k := range CatalogueKinds {
		recs, err := catRows(ctx, s.r, catTables[k], "")
		if err != nil {
			return nil, err
		}
		out = append(out, recs...)
	}
	return out, nil
}

var seed struct {
	once sync.Once
	recs map[string]wire.Record
	err  error
}

// SeedCatalogue returns, by record ID, the catalogue every new GeoPackage
// starts with (migrations 0004 and 0005: the plan's targets, parameters
// and cycles). The server uses it as the base that every laptop already
// holds: a laptop's first change to a seeded row needs no copy of it.
func SeedCatalogue(ctx context.Context) (map[string]wire.Record, error) {
	seed.once.Do(func() {
		dir, err := os.MkdirTemp("", "wardmap-seed-")
		if err != nil {
			seed.err = err
			return
		}
		defer os.RemoveAll(dir)
		st, err := Open(ctx, filepath.Join(dir, "seed.gpkg"), Options{Create: true})
		if err != nil {
			seed.err = err
			return
		}
		defer st.Close()
		recs, err := st.CatalogueRecords(ctx)
		if err != nil {
			seed.err = err
			return
		}
		seed.recs = map[string]wire.Record{}
		for _, r := range recs {
			r.UpdatedAt, r.UpdatedBy = time.Time{}, ""
			seed.recs[r.ID] = r
		}
	})
	return seed.recs, seed.err
}

// catalogueExec runs a write (q, args) to a catalogue row identified by
// its key fields, and queues what it changed for the server, in one
// transaction as user.
func (s *Store) catalogueExec(ctx context.Context, user, kind, id string, key map[string]any, q string, args ...any) error {
	ct := catTables[kind]
	return s.Update(ctx, user, func(t *Tx) error {
		where, wargs := ct.where(id, key)
		old, err := catRows(ctx, t.tx, ct, where, wargs...)
		if err != nil {
			return err
		}
		if _, err := t.tx.ExecContext(ctx, q, args...); err != nil {
			return err
		}
		now, err := catRows(ctx, t.tx, ct, where, wargs...)
		if err != nil {
			return err
		}
		if len(now) == 0 {
			return fmt.Errorf("gpkg: %s: row not written", ct.table)
		}
		if ct.insertOnly && len(old) > 0 {
			old = old[:0] // each figure is its own record
			now = now[len(now)-1:]
		}
		return t.queueCatalogue(ctx, ct, old, &now[0])
	})
}

// queueCatalogue writes the outbox entry of a catalogue change: the whole
// record when new, else the fields that changed, based on the revision
// last pulled.
func (t *Tx) queueCatalogue(ctx context.Context, ct *catTable, old []wire.Record, now *wire.Record) error {
	op, fields, base := wire.OpInsert, now.Fields, int64(0)
	if len(old) > 0 {
		op, fields, base = wire.OpUpdate, map[string]any{}, old[0].Rev
		for _, c := range ct.cols {
			ov, nv := old[0].Fields[c.name], now.Fields[c.name]
			if !wire.Same(ov, nv) {
				fields[c.name] = nv
			}
		}
		if len(fields) == 0 {
			return nil
		}
	}
	body, err := json.Marshal(fields)
	if err != nil {
		return err
	}
	_, err = t.tx.ExecContext(ctx, queueSQL, gis.NewID(), ct.kind, now.ID, op, string(body), base, t.s.Now().Format(timeFormat), t.user)
	return err
}

// applyCatalogue writes a pulled catalogue record; fields with local
// changes still in the outbox keep their local value.
func (t *Tx) applyCatalogue(ctx context.Context, r *wire.Record, pending bool) error {
	ct := catTables[r.Kind]
	fields := make(map[string]any, len(r.Fields))
	for k, v := range r.Fields {
		fields[k] = wire.Normalize(v)
	}
	if err := CheckCatalogue(r.Kind, r.ID, fields); err != nil && !r.Deleted {
		return fmt.Errorf("gpkg: pulled %s %s: %w", r.Kind, r.ID, err)
	}
	where, wargs := ct.where(r.ID, fields)
	if r.Deleted {
		_, err := t.tx.ExecContext(ctx, "DELETE FROM "+quoteIdent(ct.table)+" WHERE "+where, wargs...)
		return err
	}
	if pending {
		rows, err := t.tx.QueryContext(ctx, `SELECT fields FROM wm_outbox WHERE record_id = ? ORDER BY fid`, r.ID)
		if err != nil {
			return err
		}
		var bodies []string
		for rows.Next() {
			var b string
			if err := rows.Scan(&b); err != nil {
				rows.Close()
				return err
			}
			bodies = append(bodies, b)
		}
		rows.Close()
		for _, b := range bodies {
			var m map[string]any
			dec := json.NewDecoder(strings.NewReader(b))
			dec.UseNumber()
			if err := dec.Decode(&m); err != nil {
				return err
			}
			for k, v := range m {
				fields[k] = wire.Normalize(v)
			}
		}
	}
	cols := ct.names()
	vals := make([]any, 0, len(cols)+6)
	for _, c := range ct.cols {
		v := fields[c.name]
		if v == nil && c.optional && c.typ == cText {
			v = ""
		}
		vals = append(vals, v)
	}
	meta := []string{"rev", "updated_at", "updated_by"}
	mvals := []any{r.Rev, r.UpdatedAt.UTC().Format(timeFormat), r.UpdatedBy}
	switch {
	case ct.key == nil:
		meta = append(meta, "id", "created_at", "created_by")
		mvals = append(mvals, r.ID, r.CreatedAt.UTC().Format(timeFormat), r.CreatedBy)
	case ct.kind == KindReported:
		meta, mvals = []string{"rev"}, []any{r.Rev}
	}
	cols = append(cols, meta...)
	vals = append(vals, mvals...)
	var n int
	if err := t.tx.QueryRowContext(ctx, "SELECT count(*) FROM "+quoteIdent(ct.table)+" WHERE "+where, wargs...).Scan(&n); err != nil {
		return err
	}
	q := fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", quoteIdent(ct.table), joinIdents(cols), placeholders(len(cols)))
	if n > 0 {
		sets := make([]string, len(cols))
		for i, c := range cols {
			sets[i] = quoteIdent(c) + " = ?"
		}
		q = fmt.Sprintf("UPDATE %s SET %s WHERE %s", quoteIdent(ct.table), strings.Join(sets, ", "), where)
		vals = append(vals, wargs...)
	}
	if _, err := t.tx.ExecContext(ctx, q, vals...); err != nil {
		return fmt.Errorf("gpkg: apply %s %s: %w", r.Kind, r.ID, err)
	}
	return nil
}

// Assignment is a piece of work given to a person: the records (targets)
// to inspect on a day.
type Assignment struct {
	ID       string
	Assignee string
	Day      gis.Date
	Targets  []string // record IDs
	Note     string
	Status   string // open, done, cancelled
	Rev      int64
	By       string
	At       time.Time
}

// SetAssignment adds (empty ID) or changes an assignment as user.
func (s *Store) SetAssignment(ctx context.Context, user string, a *Assignment) error {
	if a.ID == "" {
		a.ID = gis.NewID()
	}
	if a.Status == "" {
		a.Status = "open"
	}
	fields := map[string]any{"assignee": a.Assignee, "day": a.Day.String(), "targets": strings.Join(a.Targets, ","), "note": a.Note, "status": a.Status}
	if err := CheckCatalogue(KindAssignment, a.ID, fields); err != nil {
		return err
	}
	now := s.Now().Format(timeFormat)
	return s.catalogueExec(ctx, user, KindAssignment, a.ID, nil, `INSERT INTO wm_assignments (id, assignee, day, targets, note, status, created_at, created_by, updated_at, updated_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET assignee = excluded.assignee, day = excluded.day, targets = excluded.targets, note = excluded.note,
		  status = excluded.status, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
		a.ID, a.Assignee, a.Day.String(), fields["targets"], a.Note, a.Status, now, user, now, user)
}

// Assignments lists the assignments, by day.
func (s *Store) Assignments(ctx context.Context) ([]Assignment, error) {
	recs, err := catRows(ctx, s.r, catTables[KindAssignment], "")
	if err != nil {
		return nil, err
	}
	out := make([]Assignment, 0, len(recs))
	for _, r := range recs {
		a := Assignment{ID: r.ID, Rev: r.Rev, By: r.UpdatedBy, At: r.UpdatedAt}
		a.Assignee, _ = r.Fields["assignee"].(string)
		day, _ := r.Fields["day"].(string)
		a.Day, _ = gis.ParseDate(day)
		if t, _ := r.Fields["targets"].(string); t != "" {
			a.Targets = strings.Split(t, ",")
		}
		a.Note, _ = r.Fields["note"].(string)
		a.Status, _ = r.Fields["status"].(string)
		out = append(out, a)
	}
	slices.SortStableFunc(out, func(x, y Assignment) int { return strings.Compare(x.Day.String(), y.Day.String()) })
	return out, nil
}

// resolveCatalogue writes a conflict's chosen value into a catalogue row
// and queues it, based on the server's revision the laptop now holds.
func (t *Tx) resolveCatalogue(ctx context.Context, c Conflict, value any) error {
	ct := catTables[string(c.Kind)]
	if ct.insertOnly {
		return gis.Errorf(gis.EINVALID, "số liệu báo cáo không sửa được; hãy nhập số liệu điều chỉnh (a reported figure does not change; enter a correction)")
	}
	if slices.Contains(ct.key, c.Field) || c.Field == wire.FieldDeleted {
		return gis.Errorf(gis.EINVALID, "%s: không đổi được khóa %s (a key field does not change)", c.Kind, c.Field)
	}
	recs, err := catRows(ctx, t.tx, ct, "")
	if err != nil {
		return err
	}
	i := slices.IndexFunc(recs, func(r wire.Record) bool { return r.ID == c.RecordID })
	if i < 0 {
		return gis.Errorf(gis.ENOTFOUND, "không có %s %s trên máy này (not on this laptop)", c.Kind, c.RecordID)
	}
	old := recs[i]
	if old.Rev < c.TheirsRev {
		return gis.Errorf(gis.ECONFLICT, "hãy đồng bộ trước để nhận bản của máy chủ (sync first to get the server's version): %s %s", c.Kind, c.RecordID)
	}
	now := old
	now.Fields = copyMap(old.Fields)
	now.Fields[c.Field] = wire.Normalize(value)
	if err := CheckCatalogue(ct.kind, old.ID, now.Fields); err != nil {
		return err
	}
	where, wargs := ct.where(old.ID, old.Fields)
	if _, err := t.tx.ExecContext(ctx, "UPDATE "+quoteIdent(ct.table)+" SET "+quoteIdent(c.Field)+" = ? WHERE "+where, append([]any{now.Fields[c.Field]}, wargs...)...); err != nil {
		return err
	}
	return t.queueCatalogue(ctx, ct, []wire.Record{old}, &now)
}

func copyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// CatalogueKey names the key fields of a catalogue kind (nil when its
// records have their own IDs).
func CatalogueKey(kind string) []string {
	if ct := catTables[kind]; ct != nil {
		return slices.Clone(ct.key)
	}
	return nil
}
