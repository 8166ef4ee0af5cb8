package gpkg

// The catalogue tables (targets, parameters, reported figures, cycles,
// assignments) as sync records: the rules, keys and seed are in
// data/sync/catalogue, shared with the server; here is their SQL.

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"wardmap/data/sync/catalogue"
	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// wireValue turns a stored column value into its wire form.
func wireValue(c catalogue.Col, v any) any {
	if v == nil {
		return nil
	}
	switch c.Type {
	case catalogue.Date:
		if t, ok := v.(time.Time); ok {
			return t.UTC().Format(time.DateOnly)
		}
		s, _ := asString(v)
		if len(s) > 10 {
			s = s[:10]
		}
		return s
	case catalogue.Time:
		t, err := scanTime(v)
		if err != nil {
			s, _ := asString(v)
			return s
		}
		return t.UTC().Format(timeFormat)
	case catalogue.Bool:
		switch x := v.(type) {
		case bool:
			if x {
				return int64(1)
			}
			return int64(0)
		}
	case catalogue.Real:
		switch x := v.(type) {
		case int64:
			return float64(x)
		}
	case catalogue.Text:
		if s, ok := asString(v); ok {
			return s
		}
	}
	return v
}

// keyWhere is the SQL condition and arguments finding a record's row.
func keyWhere(ct *catalogue.Table, id string, fields map[string]any) (string, []any) {
	if ct.Key == nil {
		return "id = ?", []any{id}
	}
	conds := make([]string, len(ct.Key))
	args := make([]any, len(ct.Key))
	for i, k := range ct.Key {
		conds[i] = quoteIdent(k) + " = ?"
		args[i] = fields[catalogue.KeyField(ct.Kind, k, fields)]
		if ct.Kind == catalogue.KindFigure && k == "entered_by" {
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
func catRows(ctx context.Context, db querier, ct *catalogue.Table, where string, args ...any) ([]wire.Record, error) {
	sel := joinIdents(ct.Names()) + ", rev, updated_at, updated_by"
	if ct.Key == nil {
		sel += ", id, created_at, created_by"
	} else if ct.Kind == catalogue.KindFigure {
		sel = joinIdents(ct.Names()) + ", rev, entered_at, entered_by"
	}
	q := "SELECT " + sel + " FROM " + quoteIdent(ct.Table)
	if where != "" {
		q += " WHERE " + where
	}
	rows, err := db.QueryContext(ctx, q+" ORDER BY fid", args...)
	if err != nil {
		return nil, fmt.Errorf("gpkg: %s: %w", ct.Table, err)
	}
	defer rows.Close()
	var out []wire.Record
	for rows.Next() {
		vals := make([]any, len(ct.Cols)+3, len(ct.Cols)+6)
		if ct.Key == nil {
			vals = vals[:len(ct.Cols)+6]
		}
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		r := wire.Record{Kind: ct.Kind, Fields: map[string]any{}}
		for i, c := range ct.Cols {
			if v := wireValue(c, vals[i]); v != nil {
				r.Fields[c.Name] = v
			}
		}
		n := len(ct.Cols)
		r.Rev, _ = vals[n].(int64)
		r.UpdatedAt, _ = scanTime(vals[n+1])
		r.UpdatedBy, _ = asString(vals[n+2])
		r.ID = catalogue.ID(ct.Kind, r.Fields)
		if ct.Key == nil {
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
	for _, k := range catalogue.Kinds {
		recs, err := catRows(ctx, s.r, catalogue.Lookup(k), "")
		if err != nil {
			return nil, err
		}
		out = append(out, recs...)
	}
	return out, nil
}

// catalogueExec runs a write (q, args) to a catalogue row identified by
// its key fields, and queues what it changed for the server, in one
// transaction as user.
func (s *Store) catalogueExec(ctx context.Context, user, kind, id string, key map[string]any, q string, args ...any) error {
	ct := catalogue.Lookup(kind)
	return s.Update(ctx, user, func(t *Tx) error {
		where, wargs := keyWhere(ct, id, key)
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
			return fmt.Errorf("gpkg: %s: row not written", ct.Table)
		}
		if ct.InsertOnly && len(old) > 0 {
			old = old[:0] // each figure is its own record
			now = now[len(now)-1:]
		}
		return t.queueCatalogue(ctx, ct, old, &now[0])
	})
}

// queueCatalogue writes the outbox entry of a catalogue change: the whole
// record when new, else the fields that changed, based on the revision
// last pulled.
func (t *Tx) queueCatalogue(ctx context.Context, ct *catalogue.Table, old []wire.Record, now *wire.Record) error {
	op, fields, base := wire.OpInsert, now.Fields, int64(0)
	if len(old) > 0 {
		op, fields, base = wire.OpUpdate, map[string]any{}, old[0].Rev
		for _, c := range ct.Cols {
			ov, nv := old[0].Fields[c.Name], now.Fields[c.Name]
			if !wire.Same(ov, nv) {
				fields[c.Name] = nv
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
	_, err = t.tx.ExecContext(ctx, queueSQL, gis.NewID(), ct.Kind, now.ID, op, string(body), base, t.s.Now().Format(timeFormat), t.user)
	return err
}

// applyCatalogue writes a pulled catalogue record; fields with local
// changes still in the outbox keep their local value.
func (t *Tx) applyCatalogue(ctx context.Context, r *wire.Record, pending bool) error {
	ct := catalogue.Lookup(r.Kind)
	fields := make(map[string]any, len(r.Fields))
	for k, v := range r.Fields {
		fields[k] = wire.Normalize(v)
	}
	if err := catalogue.Check(r.Kind, r.ID, fields); err != nil && !r.Deleted {
		return fmt.Errorf("gpkg: pulled %s %s: %w", r.Kind, r.ID, err)
	}
	where, wargs := keyWhere(ct, r.ID, fields)
	if r.Deleted {
		_, err := t.tx.ExecContext(ctx, "DELETE FROM "+quoteIdent(ct.Table)+" WHERE "+where, wargs...)
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
	cols := ct.Names()
	vals := make([]any, 0, len(cols)+6)
	for _, c := range ct.Cols {
		v := fields[c.Name]
		if v == nil && c.Optional && c.Type == catalogue.Text {
			v = ""
		}
		vals = append(vals, v)
	}
	meta := []string{"rev", "updated_at", "updated_by"}
	mvals := []any{r.Rev, r.UpdatedAt.UTC().Format(timeFormat), r.UpdatedBy}
	switch {
	case ct.Key == nil:
		meta = append(meta, "id", "created_at", "created_by")
		mvals = append(mvals, r.ID, r.CreatedAt.UTC().Format(timeFormat), r.CreatedBy)
	case ct.Kind == catalogue.KindFigure:
		meta, mvals = []string{"rev"}, []any{r.Rev}
	}
	cols = append(cols, meta...)
	vals = append(vals, mvals...)
	var n int
	if err := t.tx.QueryRowContext(ctx, "SELECT count(*) FROM "+quoteIdent(ct.Table)+" WHERE "+where, wargs...).Scan(&n); err != nil {
		return err
	}
	q := fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", quoteIdent(ct.Table), joinIdents(cols), placeholders(len(cols)))
	if n > 0 {
		sets := make([]string, len(cols))
		for i, c := range cols {
			sets[i] = quoteIdent(c) + " = ?"
		}
		q = fmt.Sprintf("UPDATE %s SET %s WHERE %s", quoteIdent(ct.Table), strings.Join(sets, ", "), where)
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
	if err := catalogue.Check(catalogue.KindAssignment, a.ID, fields); err != nil {
		return err
	}
	now := s.Now().Format(timeFormat)
	return s.catalogueExec(ctx, user, catalogue.KindAssignment, a.ID, nil, `INSERT INTO wm_assignments (id, assignee, day, targets, note, status, created_at, created_by, updated_at, updated_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET assignee = excluded.assignee, day = excluded.day, targets = excluded.targets, note = excluded.note,
		  status = excluded.status, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
		a.ID, a.Assignee, a.Day.String(), fields["targets"], a.Note, a.Status, now, user, now, user)
}

// Assignments lists the assignments, by day.
func (s *Store) Assignments(ctx context.Context) ([]Assignment, error) {
	recs, err := catRows(ctx, s.r, catalogue.Lookup(catalogue.KindAssignment), "")
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
	ct := catalogue.Lookup(string(c.Kind))
	if ct.InsertOnly {
		return gis.Errorf(gis.EINVALID, "số liệu báo cáo không sửa được; hãy nhập số liệu điều chỉnh (a reported figure does not change; enter a correction)")
	}
	if slices.Contains(ct.Key, c.Field) || c.Field == wire.FieldDeleted {
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
	if err := catalogue.Check(ct.Kind, old.ID, now.Fields); err != nil {
		return err
	}
	where, wargs := keyWhere(ct, old.ID, old.Fields)
	if _, err := t.tx.ExecContext(ctx, "UPDATE "+quoteIdent(ct.Table)+" SET "+quoteIdent(c.Field)+" = ? WHERE "+where, append([]any{now.Fields[c.Field]}, wargs...)...); err != nil {
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
