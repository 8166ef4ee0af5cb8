package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/argon2"

	"wardmap/data/sync/catalogue"
	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// Catalogue kinds live on the server (the plan's targets and formula
// parameters, reported figures, inspection cycles, assignments) and flow
// to every laptop of the ward (data/sync/catalogue holds their rules).
const (
	KindTarget     = catalogue.KindTarget
	KindParam      = catalogue.KindParam
	KindFigure     = catalogue.KindFigure
	KindCycle      = catalogue.KindCycle
	KindAssignment = catalogue.KindAssignment
)

// seedOrigin marks the fields of a catalogue record materialised from the
// seed every laptop starts with: no laptop's change conflicts with them.
const seedOrigin = "seed"

// Service is the server's behaviour over a Store.
type Service struct {
	Store Store
	Now   func() time.Time
	// TokenTTL is how long a login lasts.
	TokenTTL time.Duration
	// HashSlots bounds the password hashes run at once and HashWait how
	// long a login waits for one (0: DefaultHashSlots, DefaultHashWait).
	HashSlots int
	HashWait  time.Duration
	// OnPush, if set, is told the ward after a push that changed records
	// (the dashboard recomputes its kept views). It must not block.
	OnPush   func(ward string)
	throttle throttle
	gate     hashGate
}

// NewService returns a Service with a 7-day token lifetime.
func NewService(st Store) *Service {
	return &Service{Store: st, Now: func() time.Time { return time.Now().UTC() }, TokenTTL: 7 * 24 * time.Hour}
}

// MaxOps is the most operations one push may carry.
const MaxOps = 1000

// --- permissions

var fieldKinds = []string{"street", "tree", "lamp", "plate", "alley-sign", "drain", "flood-point", "violation", "report", "inspection", "attachment"}

// CanWrite reports whether a role may change records of a kind. The
// plan's catalogue (targets, parameters, cycles, assignments) is the
// planners', the leadership's and the admin's; reported figures are
// entered by their owners: units, TDP heads (for their own TDP only, see
// checkScope), and the office.
func CanWrite(role, kind string) bool {
	switch kind {
	case KindTarget, KindParam, KindCycle, KindAssignment:
		return role == Admin || role == Planner || role == Leader
	case KindFigure:
		return role == Admin || role == Planner || role == Leader || role == UnitOfficer || role == TDPHead
	}
	switch role {
	case Admin, Planner:
		return true
	case Inspector:
		return slices.Contains(fieldKinds, kind)
	case UnitOfficer:
		return slices.Contains([]string{"report", "violation", "inspection", "attachment"}, kind)
	case TDPHead:
		return slices.Contains([]string{"report", "attachment"}, kind)
	}
	return false
}

func forbidden(u *User, kind string) error {
	return gis.Errorf(gis.EFORBIDDEN, "vai trò %s không được sửa %s (role %s may not change %s)", u.Role, kind, u.Role, kind)
}

// --- push

var fieldName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

func checkOp(op *wire.Op) error {
	if !gis.ValidID(op.OpID) {
		return gis.Errorf(gis.EINVALID, "op_id %q không phải UUID (not a UUID)", op.OpID)
	}
	if !gis.ValidID(op.ID) {
		return gis.Errorf(gis.EINVALID, "id %q không phải UUID (not a UUID)", op.ID)
	}
	switch op.Op {
	case wire.OpInsert, wire.OpUpdate, wire.OpDelete:
	default:
		return gis.Errorf(gis.EINVALID, "op %q không hợp lệ (want insert, update or delete)", op.Op)
	}
	if _, ok := gis.Lookup(gis.Kind(op.Kind)); !ok && !catalogue.IsKind(op.Kind) {
		return gis.Errorf(gis.EINVALID, "loại không rõ %q (unknown kind)", op.Kind)
	}
	if op.BaseRev < 0 {
		return gis.Errorf(gis.EINVALID, "base_rev %d âm (a base revision is 0 or more)", op.BaseRev)
	}
	for k := range op.Fields {
		if !fieldName.MatchString(k) {
			return gis.Errorf(gis.EINVALID, "tên trường không hợp lệ %q (bad field name)", k)
		}
	}
	return nil
}

// cleanOp applies the text rule (gis.CleanText) to an operation's fields
// and laptop name, and returns a warning per field it changed.
func cleanOp(op *wire.Op) []string {
	var warnings []string
	for _, k := range op.CleanFields() {
		warnings = append(warnings, cleanedWarning(k))
	}
	if c := gis.CleanText(op.Client); c != op.Client {
		op.Client = c
		warnings = append(warnings, cleanedWarning("client"))
	}
	op.By = gis.CleanText(op.By)
	return warnings
}

func cleanedWarning(field string) string {
	return fmt.Sprintf("%s: ký tự NUL hoặc byte không phải UTF-8 đã được thay bằng %s (a NUL or bytes that are not UTF-8 were replaced by %s)",
		field, gis.Replacement, gis.Replacement)
}

// Push applies operations as u, each at most once, and answers each. A
// malformed operation or one u's role may not do refuses the whole push
// (nothing written); an operation that is well formed but cannot apply
// (invalid values, unknown record) is answered Rejected.
func (s *Service) Push(ctx context.Context, u *User, ops []wire.Op) ([]wire.OpResult, error) {
	if len(ops) > MaxOps {
		return nil, gis.Errorf(gis.EINVALID, "quá nhiều thao tác: %d > %d (too many operations)", len(ops), MaxOps)
	}
	for i := range ops {
		if err := checkOp(&ops[i]); err != nil {
			return nil, fmt.Errorf("ops[%d]: %w", i, err)
		}
		if !CanWrite(u.Role, ops[i].Kind) {
			return nil, forbidden(u, ops[i].Kind)
		}
	}
	var results []wire.OpResult
	err := s.Store.Write(ctx, u.Ward, func(tx WardTx) error {
		results = results[:0]
		for i := range ops {
			r, err := s.apply(ctx, tx, u, &ops[i])
			if err != nil {
				return err
			}
			results = append(results, *r)
		}
		return nil
	})
	if err == nil && s.OnPush != nil && slices.ContainsFunc(results, func(r wire.OpResult) bool { return r.Status == wire.Applied }) {
		s.OnPush(u.Ward)
	}
	return results, err
}

func (s *Service) apply(ctx context.Context, tx WardTx, u *User, op *wire.Op) (*wire.OpResult, error) {
	sum := OpSum(op)
	prev, err := tx.OpResult(ctx, op.OpID)
	if err != nil {
		return nil, err
	}
	if prev != nil {
		return reused(prev, u, op, sum), nil
	}
	// The service changes what it stores (cleaned text, the stamped
	// account), never the caller's operation: a retry must digest the same.
	o := *op
	o.Fields = deepCopy(op.Fields).(map[string]any)
	op = &o
	warnings := cleanOp(op)
	res, err := s.merge(ctx, tx, u, op)
	if err != nil {
		var ge *gis.Error
		var rj rejectErr
		if !errors.As(err, &rj) && errors.As(err, &ge) && ge.Code == gis.EFORBIDDEN {
			return nil, err
		}
		if gis.ErrorCode(err) == gis.EINTERNAL {
			return nil, err
		}
		res = &wire.OpResult{OpID: op.OpID, Status: wire.Rejected, Error: gis.CleanText(err.Error())}
	}
	if res.Status != wire.Rejected {
		res.Warnings = append(res.Warnings, warnings...)
	}
	hidePrivateConflicts(u, op.Kind, res)
	return res, tx.SaveOpResult(ctx, &AppliedOp{Result: *res, UserID: u.ID, Sum: sum})
}

// reused answers an op_id already applied: the kept result when the same
// user sends the same operation again (a retry), a rejection when another
// user or another change carries it (a laptop's bug or someone's attack:
// answering "applied" would tell a laptop that a change is on the server
// that is not).
func reused(prev *AppliedOp, u *User, op *wire.Op, sum string) *wire.OpResult {
	switch {
	case prev.UserID != "" && prev.UserID != u.ID:
		return &wire.OpResult{OpID: op.OpID, Status: wire.Rejected,
			Error: "op_id này đã được người dùng khác gửi; hãy tạo thao tác mới (this op_id was sent by another user: make a new operation)"}
	case prev.Sum != "" && prev.Sum != sum:
		return &wire.OpResult{OpID: op.OpID, Status: wire.Rejected,
			Error: "op_id này đã dùng cho một thay đổi khác; hãy tạo thao tác mới (this op_id was used for another change: make a new operation)"}
	}
	r := prev.Result
	return &r
}

// OpSum is a digest of what an operation asks (kind, record, action, base
// revision and fields), to tell a retry from another operation reusing
// its op_id.
func OpSum(op *wire.Op) string {
	b, _ := json.Marshal(struct {
		Kind, ID, Op string
		BaseRev      int64
		Fields       map[string]any
	}{op.Kind, op.ID, op.Op, op.BaseRev, op.Fields})
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:16])
}

// merge applies one operation to the record it names: it refuses what u
// may not do, sorts the operation's fields into changes and conflicts by
// the record's field revisions, and writes what changed as a new revision.
func (s *Service) merge(ctx context.Context, tx WardTx, u *User, op *wire.Op) (*wire.OpResult, error) {
	stampEnteredBy(u, op)
	rec, err := s.target(ctx, tx, u, op)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	res := &wire.OpResult{OpID: op.OpID, Status: wire.Applied}
	if rec == nil {
		if op.Op != wire.OpInsert {
			return nil, gis.Errorf(gis.ENOTFOUND, "không có bản ghi %s (no such record)", op.ID)
		}
		rec = &Record{Ward: u.Ward, Record: wire.Record{Kind: op.Kind, ID: op.ID, Fields: map[string]any{}, FieldRevs: map[string]int64{},
			CreatedAt: now, CreatedBy: u.Name}}
	}
	var d delta
	if op.Op == wire.OpDelete {
		if rec.Deleted {
			res.Rev = rec.Rev
			return res, nil
		}
		if c, ok := deleteConflict(rec, op); ok {
			res.Status = wire.Conflicted
			res.Rev = rec.Rev
			res.Conflicts = []wire.Conflict{c}
			return res, s.keepRejected(ctx, tx, u, rec, op, map[string]any{wire.FieldDeleted: true})
		}
		d = delta{old: map[string]any{wire.FieldDeleted: false}, changed: map[string]any{wire.FieldDeleted: true}, deleted: true}
	} else {
		d = diffFields(rec, op)
		if len(d.conflicts) > 0 {
			res.Status = wire.Conflicted
			res.Conflicts = d.conflicts
			if err := s.keepRejected(ctx, tx, u, rec, op, d.rejected); err != nil {
				return nil, err
			}
		}
	}
	if len(d.changed) == 0 && rec.Rev > 0 {
		res.Rev = rec.Rev
		return res, nil
	}
	if res.Rev, err = s.commit(ctx, tx, u, rec, op, d, now); err != nil {
		return nil, err
	}
	return res, nil
}

// target is the record op acts on (nil for a new one), after the checks
// that refuse the operation before anything is kept: the kind, a seed
// row taken as the record's first version, reported figures that never
// change, key fields, and u's scope over the record as it stands.
func (s *Service) target(ctx context.Context, tx WardTx, u *User, op *wire.Op) (*Record, error) {
	rec, err := tx.Record(ctx, op.ID)
	if err != nil {
		return nil, err
	}
	if rec != nil && rec.Kind != op.Kind {
		return nil, gis.Errorf(gis.EINVALID, "bản ghi %s là %s, không phải %s (record is another kind)", op.ID, rec.Kind, op.Kind)
	}
	if rec == nil && catalogue.IsKind(op.Kind) && op.Op != wire.OpInsert {
		// A laptop changes a row of the seed it was created with: the
		// server takes the seed as the record's first version.
		if rec, err = s.seedRecord(ctx, tx, u, op); err != nil {
			return nil, err
		}
	}
	if rec != nil && catalogue.InsertOnly(op.Kind) && (op.Op != wire.OpInsert || !sameFields(rec.Fields, op.Fields)) {
		return nil, gis.Errorf(gis.EINVALID, "số liệu báo cáo không sửa, không xóa được; hãy nhập số liệu điều chỉnh (a reported figure does not change: enter a correction)")
	}
	if rec != nil {
		for _, k := range catalogue.Key(op.Kind) {
			if v, ok := op.Fields[k]; ok && !wire.Same(wire.Normalize(v), rec.Fields[k]) {
				return nil, gis.Errorf(gis.EINVALID, "%s: không đổi được khóa %s; hãy tạo phiên bản mới (a key field does not change: make a new version)", op.Kind, k)
			}
		}
	}
	if err := s.checkScope(u, rec, op); err != nil {
		return nil, err
	}
	if rec != nil {
		// Before anything is kept (a conflict's losing side goes to
		// history): may u act on this report at all?
		del, _ := op.Fields[wire.FieldDeleted].(bool)
		if err := s.checkReportScope(ctx, tx, u, rec, op, rec.Fields, del || rec.Deleted); err != nil {
			return nil, err
		}
	}
	return rec, nil
}

// delta is what an operation does to a record: the fields it changes
// (old and new values; wire.FieldDeleted for a deletion or restore),
// whether the record ends deleted, and the fields refused as conflicts
// with the values the operation asked for them.
type delta struct {
	old, changed map[string]any
	deleted      bool
	conflicts    []wire.Conflict
	rejected     map[string]any
}

// deleteConflict tells whether deleting rec conflicts: someone else
// changed it since this laptop saw it, and the edit stays until a person
// decides.
func deleteConflict(rec *Record, op *wire.Op) (wire.Conflict, bool) {
	for f, rv := range rec.FieldRevs { //nolint
		if rv > op.BaseRev && !sameClient(rec, f, op) {
			return wire.Conflict{Field: wire.FieldDeleted, Mine: true, Theirs: false, TheirsRev: rec.Rev, TheirsBy: rec.UpdatedBy}, true
		}
	}
	return wire.Conflict{}, false
}

// diffFields sorts an insert's or update's fields: a value the record
// already holds is no change; a field someone else changed since the
// laptop's base revision is a conflict (unless the server only holds the
// seed's value); the rest are changes.
func diffFields(rec *Record, op *wire.Op) delta {
	d := delta{old: map[string]any{}, changed: map[string]any{}, deleted: rec.Deleted, rejected: map[string]any{}}
	for f, v := range op.Fields {
		v = wire.Normalize(v)
		if f == wire.FieldDeleted {
			b, _ := v.(bool)
			if rec.FieldRevs[f] > op.BaseRev && !sameClient(rec, f, op) && b != rec.Deleted {
				d.conflicts = append(d.conflicts, wire.Conflict{Field: f, Mine: b, Theirs: rec.Deleted, TheirsRev: rec.FieldRevs[f], TheirsBy: rec.UpdatedBy})
				d.rejected[f] = b
				continue
			}
			if b != rec.Deleted {
				d.old[f], d.changed[f], d.deleted = rec.Deleted, b, b
			}
			continue
		}
		cur, has := rec.Fields[f]
		if has && wire.Same(cur, v) || !has && v == nil {
			continue
		}
		if rec.FieldRevs[f] > op.BaseRev && !sameClient(rec, f, op) && rec.Origins[f] != seedOrigin {
			d.conflicts = append(d.conflicts, wire.Conflict{Field: f, Mine: v, Theirs: cur, TheirsRev: rec.FieldRevs[f], TheirsBy: rec.UpdatedBy})
			d.rejected[f] = v
			continue
		}
		d.old[f], d.changed[f] = cur, v
	}
	// An edit to a record deleted since the laptop saw it: the values
	// are kept (on the tombstone), the deletion is the conflict.
	if _, asked := op.Fields[wire.FieldDeleted]; !asked && rec.Deleted && rec.FieldRevs[wire.FieldDeleted] > op.BaseRev && !sameClient(rec, wire.FieldDeleted, op) {
		d.conflicts = append(d.conflicts, wire.Conflict{Field: wire.FieldDeleted, Mine: false, Theirs: true, TheirsRev: rec.FieldRevs[wire.FieldDeleted], TheirsBy: rec.UpdatedBy})
	}
	return d
}

// commit writes rec with d's changes as a new revision, after the checks
// that look at the record as it will be, and logs the change; it returns
// the revision.
func (s *Service) commit(ctx context.Context, tx WardTx, u *User, rec *Record, op *wire.Op, d delta, now time.Time) (int64, error) {
	next := copyFields(rec.Fields)
	for f, v := range d.changed {
		if f == wire.FieldDeleted {
			continue
		}
		if v == nil {
			delete(next, f)
		} else {
			next[f] = v
		}
	}
	bound, err := s.checkNext(ctx, tx, u, rec, op, next, d.deleted)
	if err != nil {
		return 0, err
	}
	rev, err := tx.NextRev(ctx)
	if err != nil {
		return 0, err
	}
	action := op.Op
	if rec.Rev == 0 {
		action = wire.OpInsert
	}
	if rec.FieldRevs == nil {
		rec.FieldRevs = map[string]int64{}
	}
	if rec.Origins == nil {
		rec.Origins = map[string]string{}
	}
	for f := range d.changed {
		rec.FieldRevs[f] = rev
		rec.Origins[f] = op.Client
	}
	rec.Fields, rec.Deleted, rec.Rev, rec.Bound = next, d.deleted, rev, bound
	rec.UpdatedAt, rec.UpdatedBy = now, u.Name
	if err := tx.PutRecord(ctx, rec); err != nil {
		return 0, err
	}
	old := d.old
	if action == wire.OpInsert {
		old = nil
	}
	if err := tx.AddChange(ctx, &wire.Change{Rev: rev, Kind: op.Kind, ID: op.ID, Action: action, By: u.Name, At: now, Old: old, New: d.changed, OpID: op.OpID}); err != nil {
		return 0, err
	}
	return rev, nil
}

// checkNext checks the record as the operation leaves it (its fields
// next): valid for its kind, still within u's scope (a report, a TDP's
// figure), a new figure admissible; it returns the geometry's
// bounding box.
func (s *Service) checkNext(ctx context.Context, tx WardTx, u *User, rec *Record, op *wire.Op, next map[string]any, deleted bool) (*[4]float64, error) {
	bound, err := validate(op.Kind, op.ID, next)
	if err != nil {
		return nil, err
	}
	if err := s.checkReportScope(ctx, tx, u, rec, op, next, deleted); err != nil {
		return nil, err
	}
	if op.Kind == KindFigure && rec.Rev == 0 {
		if err := s.checkReported(ctx, tx, u, next); err != nil {
			return nil, err
		}
	}
	if err := s.checkScope(u, &Record{Record: wire.Record{Kind: op.Kind, Fields: next}}, op); err != nil {
		return nil, err
	}
	return bound, nil
}

// keepRejected writes the losing side of a conflict to history, so that the
// value a person typed is never lost, even before the laptop resolves it.
func (s *Service) keepRejected(ctx context.Context, tx WardTx, u *User, rec *Record, op *wire.Op, vals map[string]any) error {
	if len(vals) == 0 {
		return nil
	}
	return tx.AddChange(ctx, &wire.Change{Rev: rec.Rev, Kind: op.Kind, ID: op.ID, Action: "conflict", By: u.Name, At: s.Now(), New: vals, OpID: op.OpID})
}

// checkScope keeps a TDP head to the figures of its own TDP.
func (s *Service) checkScope(u *User, rec *Record, op *wire.Op) error {
	if u.Role != TDPHead || op.Kind != KindFigure {
		return nil
	}
	own := func(m map[string]any) bool {
		scope, _ := m["scope"].(string)
		id, _ := m["scope_id"].(string)
		return scope == "tdp" && id == u.TDP
	}
	if rec != nil && rec.Fields != nil && !own(rec.Fields) || rec == nil && !own(op.Fields) {
		return gis.Errorf(gis.EFORBIDDEN, "tổ trưởng chỉ báo cáo cho tổ dân phố của mình (a TDP head reports only for its own TDP)")
	}
	return nil
}

// seedRecord writes the seed's version of a catalogue record the ward does
// not hold yet, as its first revision, and returns it (nil when the seed
// has no such record).
func (s *Service) seedRecord(ctx context.Context, tx WardTx, u *User, op *wire.Op) (*Record, error) {
	seeds, err := catalogue.Seed()
	if err != nil {
		return nil, err
	}
	sr, ok := seeds[op.ID]
	if !ok || sr.Kind != op.Kind {
		return nil, nil
	}
	rev, err := tx.NextRev(ctx)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	rec := &Record{Ward: u.Ward, Record: wire.Record{Kind: sr.Kind, ID: sr.ID, Rev: rev, Fields: copyFields(sr.Fields),
		FieldRevs: map[string]int64{}, Origins: map[string]string{}, CreatedAt: now, CreatedBy: seedOrigin, UpdatedAt: now, UpdatedBy: seedOrigin}}
	for f := range rec.Fields {
		rec.FieldRevs[f], rec.Origins[f] = rev, seedOrigin
	}
	if err := tx.PutRecord(ctx, rec); err != nil {
		return nil, err
	}
	return rec, tx.AddChange(ctx, &wire.Change{Rev: rev, Kind: sr.Kind, ID: sr.ID, Action: wire.OpInsert, By: seedOrigin, At: now, New: rec.Fields})
}

func sameFields(a, b map[string]any) bool {
	for k, v := range b {
		if !wire.Same(a[k], v) {
			return false
		}
	}
	return true
}

// sameClient reports whether field f was last changed by the laptop that
// sent op.
func sameClient(rec *Record, f string, op *wire.Op) bool {
	return op.Client != "" && rec.Origins[f] == op.Client
}

// deepCopy copies a decoded JSON value's maps and lists.
func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		if x == nil {
			return x
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = deepCopy(e)
		}
		return out
	}
	return v
}

func copyFields(m map[string]any) map[string]any {
	out := make(map[string]any, len(m)+4)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// validate checks a record's fields against its kind's schema and returns
// its geometry's bounding box.
func validate(kind, id string, fields map[string]any) (*[4]float64, error) {
	if catalogue.IsKind(kind) {
		return nil, catalogue.Check(kind, id, fields)
	}
	if g, ok := fields["geom"]; ok && g != nil {
		if err := checkWireGeom(g); err != nil {
			return nil, err
		}
	}
	f, err := wire.Feature(gis.Kind(kind), id, fields)
	if err != nil {
		return nil, err
	}
	gis.Derive(f)
	if err := gis.Validate(f); err != nil {
		return nil, gis.Errorf(gis.EINVALID, "%v", err)
	}
	if f.Geom == nil {
		return nil, nil
	}
	b := f.Geom.Bound()
	return &[4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}, nil
}

// --- pull and history

// ParseKinds reads the kinds a pull asks for: "kinds" query values, each
// a comma-separated list. Every kind must be one the ward keeps (so a
// list is at most as long as there are kinds, and never thousands of SQL
// parameters); a kind named twice counts once.
func ParseKinds(vals []string) ([]string, error) {
	var out []string
	for _, v := range vals {
		if v == "" {
			continue
		}
		for _, k := range strings.Split(v, ",") {
			if _, ok := gis.Lookup(gis.Kind(k)); !ok && !catalogue.IsKind(k) {
				if len(k) > 40 {
					k = k[:40] + "…"
				}
				return nil, gis.Errorf(gis.EINVALID, "kinds: loại không rõ %q (unknown kind)", k)
			}
			if !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	return out, nil
}

// MaxPage is the largest pull page.
const MaxPage = 5000

// Pull returns the records of u's ward changed after q.After.
func (s *Service) Pull(ctx context.Context, u *User, q ChangesQuery) (*wire.Page, error) {
	if q.Limit <= 0 || q.Limit > MaxPage {
		q.Limit = 1000
	}
	head, err := s.Store.Head(ctx, u.Ward)
	if err != nil {
		return nil, err
	}
	q.Limit++
	recs, err := s.Store.Changes(ctx, u.Ward, q)
	if err != nil {
		return nil, err
	}
	for i := range recs {
		hidePrivate(u, recs[i].Kind, recs[i].Fields)
	}
	p := &wire.Page{Records: recs, Next: q.After, Head: head}
	if len(recs) == q.Limit {
		p.Records, p.More = recs[:len(recs)-1], true
	}
	if p.Records == nil {
		p.Records = []wire.Record{}
	}
	if n := len(p.Records); n > 0 {
		p.Next = p.Records[n-1].Rev
	} else if !p.More && len(q.Kinds) == 0 && q.Bound == nil {
		p.Next = max(q.After, head)
	}
	return p, nil
}

// PullRaw streams the records of u's ward changed after q.After to fn
// (see Store.ChangesRaw) and returns the page's cursor, whether there is
// more, and the ward's head: Pull without decoding the records.
func (s *Service) PullRaw(ctx context.Context, u *User, q ChangesQuery, fn func(r *RawRecord) error) (next int64, more bool, head int64, err error) {
	if q.Limit <= 0 || q.Limit > MaxPage {
		q.Limit = 1000
	}
	if head, err = s.Store.Head(ctx, u.Ward); err != nil {
		return 0, false, 0, err
	}
	limit, n := q.Limit, 0
	q.Limit++
	next = q.After
	err = s.Store.ChangesRaw(ctx, u.Ward, q, func(r *RawRecord) error {
		if n == limit {
			more = true
			return nil
		}
		n++
		next = r.Rev
		if err := hidePrivateRaw(u, r); err != nil {
			return err
		}
		return fn(r)
	})
	if err != nil {
		return 0, false, 0, err
	}
	if n == 0 && !more && len(q.Kinds) == 0 && q.Bound == nil {
		next = max(q.After, head)
	}
	return next, more, head, nil
}

// History returns every change of one record.
func (s *Service) History(ctx context.Context, u *User, id string) ([]wire.Change, error) {
	if !gis.ValidID(id) {
		return nil, gis.Errorf(gis.EINVALID, "id %q không phải UUID (not a UUID)", id)
	}
	cs, err := s.Store.History(ctx, u.Ward, id)
	if err != nil {
		return nil, err
	}
	hidePrivateChanges(u, cs)
	return cs, nil
}

// --- users, passwords, tokens

// HashPassword returns an argon2id hash in the PHC string form.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	const t, m, p = 2, 64 * 1024, 2
	key := argon2.IDKey([]byte(pw), salt, t, m, p, 32)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, m, t, p, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches an argon2id hash.
func CheckPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	key, err2 := enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}

// MinPassword is the shortest password accepted.
const MinPassword = 8

// AddUser creates a user of a ward.
func (s *Service) AddUser(ctx context.Context, ward, name, role, tdp, pw string) (*User, error) {
	if !slices.Contains(Roles, role) {
		return nil, gis.Errorf(gis.EINVALID, "vai trò không rõ %q (unknown role); dùng (use): %s", role, strings.Join(Roles, ", "))
	}
	if !ValidUserName(name) {
		return nil, gis.Errorf(gis.EINVALID, "tên người dùng không hợp lệ %q (bad user name)", name)
	}
	if role == TDPHead && tdp == "" {
		return nil, gis.Errorf(gis.EINVALID, "tổ trưởng cần --tdp (a TDP head needs --tdp)")
	}
	if len(pw) < MinPassword || len(pw) > MaxPassword {
		return nil, gis.Errorf(gis.EINVALID, "mật khẩu cần %d–%d ký tự (password too short or too long)", MinPassword, MaxPassword)
	}
	h, err := HashPassword(pw)
	if err != nil {
		return nil, err
	}
	if err := s.Store.EnsureWard(ctx, ward, ward); err != nil {
		return nil, err
	}
	u := &User{Ward: ward, ID: gis.NewID(), Name: name, Role: role, TDP: tdp, PassHash: h, Created: s.Now()}
	return u, s.Store.CreateUser(ctx, u)
}

// SetPassword changes a password and ends the user's sessions.
func (s *Service) SetPassword(ctx context.Context, name, pw string) error {
	if len(pw) < MinPassword {
		return gis.Errorf(gis.EINVALID, "mật khẩu cần ít nhất %d ký tự (password too short)", MinPassword)
	}
	u, err := s.Store.UserByName(ctx, name)
	if err != nil {
		return err
	}
	if u.PassHash, err = HashPassword(pw); err != nil {
		return err
	}
	if err := s.Store.UpdateUser(ctx, u); err != nil {
		return err
	}
	return s.Store.RevokeUserTokens(ctx, u.Ward, u.ID)
}

// SetDisabled disables (or enables) a user; disabling ends its sessions.
func (s *Service) SetDisabled(ctx context.Context, name string, disabled bool) error {
	u, err := s.Store.UserByName(ctx, name)
	if err != nil {
		return err
	}
	u.Disabled = disabled
	if err := s.Store.UpdateUser(ctx, u); err != nil {
		return err
	}
	return s.Store.RevokeUserTokens(ctx, u.Ward, u.ID)
}

// Login checks a password and returns a new token. Failures are
// throttled per user and address, per address and per user from unknown
// addresses (see login.go).
func (s *Service) Login(ctx context.Context, name, pw, client string) (string, *User, time.Time, error) {
	now := s.Now()
	u, err := s.checkLogin(ctx, now, name, pw, client)
	if err != nil {
		return "", nil, time.Time{}, err
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", nil, time.Time{}, err
	}
	// The token names its ward, so that finding it never leaves the ward.
	tok := u.Ward + "." + base64.RawURLEncoding.EncodeToString(raw)
	exp := now.Add(s.TokenTTL)
	if err := s.Store.CreateToken(ctx, &Token{Hash: HashToken(tok), Ward: u.Ward, UserID: u.ID, Expires: exp, Created: now}); err != nil {
		return "", nil, time.Time{}, err
	}
	return tok, u, exp, nil
}

// dummyHash is made on first use, not when the package loads: argon2id
// takes seconds and 64 MB by design, and every wardmap command (the window
// too) links this package, so computing it at init delayed each start by ~3 s.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("wardmap-dummy-password")
	return h
})

// HashToken is what the store keeps of a token.
func HashToken(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

var errToken = gis.Errorf(gis.EUNAUTHORIZED, "cần đăng nhập: phiên không hợp lệ hoặc đã hết hạn (login needed: the token is missing, wrong, expired or revoked)")

// Authenticate returns the user of a live token.
func (s *Service) Authenticate(ctx context.Context, tok string) (*User, error) {
	if tok == "" {
		return nil, errToken
	}
	ward, _, ok := strings.Cut(tok, ".")
	if !ok {
		return nil, errToken
	}
	t, err := s.Store.TokenByHash(ctx, ward, HashToken(tok))
	if gis.ErrorCode(err) == gis.ENOTFOUND {
		return nil, errToken
	}
	if err != nil {
		return nil, err
	}
	if t.Revoked || !s.Now().Before(t.Expires) {
		return nil, errToken
	}
	u, err := s.Store.UserByID(ctx, t.Ward, t.UserID)
	if err != nil {
		if gis.ErrorCode(err) == gis.ENOTFOUND {
			return nil, errToken
		}
		return nil, err
	}
	if u.Disabled {
		return nil, errToken
	}
	return u, nil
}

// Logout revokes a token.
func (s *Service) Logout(ctx context.Context, tok string) error {
	ward, _, _ := strings.Cut(tok, ".")
	return s.Store.RevokeToken(ctx, ward, HashToken(tok))
}

// --- photos

// ChunkMax is the largest upload chunk.
const ChunkMax = 4 << 20

// BlobMax is the largest photo or document.
const BlobMax = 256 << 20

var shaRe = regexp.MustCompile(`^[0-9a-f]{64}$`)

// CheckSHA validates a blob name.
func CheckSHA(sha string) error {
	if !shaRe.MatchString(sha) {
		return gis.Errorf(gis.EINVALID, "%q không phải SHA-256 (not a lowercase hex SHA-256)", sha)
	}
	return nil
}
