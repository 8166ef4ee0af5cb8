// Package storetest is the behaviour every server.Store must show, as one
// table of cases that each implementation's tests run (SQLite and
// PostgreSQL alike).
package storetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"wardmap/data/server"
	"wardmap/data/sync/catalogue"
	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// Ward is the ward the cases use.
const Ward = "kien-an"

// Run runs every case against fresh stores from open.
func Run(t *testing.T, open func(t *testing.T) server.Store) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := open(t)
			t.Cleanup(func() { st.Close() })
			svc := server.NewService(st)
			c.run(t, &env{t: t, svc: svc, st: st, ctx: context.Background()})
		})
	}
}

type env struct {
	t   *testing.T
	svc *server.Service
	st  server.Store
	ctx context.Context
	tdp string // the ID of the TDP record its TDP heads head
}

// TDPArea is the polygon of the TDP the cases' TDP heads head; the cases'
// trees stand in it.
var TDPArea = map[string]any{"type": "Polygon", "coordinates": []any{[]any{
	[]any{106.62, 20.80}, []any{106.64, 20.80}, []any{106.64, 20.82}, []any{106.62, 20.82}, []any{106.62, 20.80}}}}

// TDPOp is the insert of a TDP record with the area TDPArea.
func TDPOp(name string) wire.Op {
	return Op(string(gis.TDP), gis.NewID(), wire.OpInsert, 0, map[string]any{"geom": TDPArea, "name": name, "code": name, "head": "head"})
}

func (e *env) user(name, role string) *server.User {
	e.t.Helper()
	tdp := ""
	if role == server.TDPHead {
		if e.tdp == "" {
			admin, err := e.svc.AddUser(e.ctx, Ward, "ward-admin", server.Admin, "", "mật-khẩu-admin")
			if err != nil {
				e.t.Fatal(err)
			}
			op := TDPOp("Tổ 1")
			if r := e.push(admin, op); r[0].Status != wire.Applied {
				e.t.Fatalf("TDP: %+v", r)
			}
			e.tdp = op.ID
		}
		tdp = e.tdp
	}
	u, err := e.svc.AddUser(e.ctx, Ward, name, role, tdp, "mật-khẩu-"+name)
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

func (e *env) push(u *server.User, ops ...wire.Op) []wire.OpResult {
	e.t.Helper()
	res, err := e.svc.Push(e.ctx, u, ops)
	if err != nil {
		e.t.Fatalf("push: %v", err)
	}
	return res
}

func (e *env) record(u *server.User, id string) wire.Record {
	e.t.Helper()
	p, err := e.svc.Pull(e.ctx, u, server.ChangesQuery{Limit: 5000})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, r := range p.Records {
		if r.ID == id {
			return r
		}
	}
	e.t.Fatalf("record %s not pulled", id)
	return wire.Record{}
}

// Op builds an operation.
func Op(kind, id, op string, base int64, fields map[string]any) wire.Op {
	return wire.Op{OpID: gis.NewID(), Kind: kind, ID: id, Op: op, BaseRev: base, Fields: fields, At: time.Now().UTC()}
}

// CatalogueOp builds the insert of a catalogue record, its ID made from
// its key.
func CatalogueOp(kind string, fields map[string]any) wire.Op {
	return Op(kind, catalogue.ID(kind, fields), wire.OpInsert, 0, fields)
}

// TargetOp is a new version of a seeded target from a day, with a new
// target value.
func TargetOp(code, from string, value float64) wire.Op {
	seeds, err := catalogue.Seed()
	if err != nil {
		panic(err)
	}
	for _, r := range seeds {
		if r.Kind == server.KindTarget && r.Fields["code"] == code {
			f := map[string]any{}
			for k, v := range r.Fields {
				f[k] = v
			}
			f["valid_from"], f["target"] = from, value
			return CatalogueOp(server.KindTarget, f)
		}
	}
	panic("no seeded target " + code)
}

// FigureOp is a TDP's Green Sunday figure for October 2026.
func FigureOp(tdp string, value float64) wire.Op {
	return CatalogueOp(server.KindFigure, map[string]any{"code": "MT-02", "scope": "tdp", "scope_id": tdp, "period": "2026-10",
		"value": value, "entered_by": "head", "entered_at": time.Now().UTC().Format("2006-01-02T15:04:05.000Z")})
}

func tree(id string) wire.Op {
	return Op("tree", id, wire.OpInsert, 0, map[string]any{
		"geom": map[string]any{"type": "Point", "coordinates": []any{106.63, 20.81}}, "species_vi": "Bàng", "height_m": 5.0, "condition": "good"})
}

var cases = []struct {
	name string
	run  func(t *testing.T, e *env)
}{
	{"users and login", func(t *testing.T, e *env) {
		u := e.user("lan", server.Inspector)
		if _, err := e.svc.AddUser(e.ctx, Ward, "lan", server.Viewer, "", "12345678"); gis.ErrorCode(err) != gis.ECONFLICT {
			t.Fatalf("duplicate user: %v", err)
		}
		if _, err := e.svc.AddUser(e.ctx, Ward, "x", "boss", "", "12345678"); gis.ErrorCode(err) != gis.EINVALID {
			t.Fatalf("unknown role: %v", err)
		}
		tok, got, _, err := e.svc.Login(e.ctx, "lan", "mật-khẩu-lan", "127.0.0.1")
		if err != nil || got.ID != u.ID {
			t.Fatalf("login: %v %+v", err, got)
		}
		if a, err := e.svc.Authenticate(e.ctx, tok); err != nil || a.Name != "lan" || a.Role != server.Inspector {
			t.Fatalf("authenticate: %v %+v", err, a)
		}
		if _, _, _, err := e.svc.Login(e.ctx, "lan", "wrong-password", "127.0.0.1"); gis.ErrorCode(err) != gis.EUNAUTHORIZED {
			t.Fatalf("wrong password: %v", err)
		}
		if err := e.svc.Logout(e.ctx, tok); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Authenticate(e.ctx, tok); gis.ErrorCode(err) != gis.EUNAUTHORIZED {
			t.Fatalf("revoked token accepted: %v", err)
		}
		tok, _, _, _ = e.svc.Login(e.ctx, "lan", "mật-khẩu-lan", "127.0.0.1")
		now := e.svc.Now
		e.svc.Now = func() time.Time { return now().Add(8 * 24 * time.Hour) }
		if _, err := e.svc.Authenticate(e.ctx, tok); gis.ErrorCode(err) != gis.EUNAUTHORIZED {
			t.Fatalf("expired token accepted: %v", err)
		}
		e.svc.Now = now
		if err := e.svc.SetDisabled(e.ctx, "lan", true); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Authenticate(e.ctx, tok); gis.ErrorCode(err) != gis.EUNAUTHORIZED {
			t.Fatalf("disabled user's token accepted: %v", err)
		}
		if _, _, _, err := e.svc.Login(e.ctx, "lan", "mật-khẩu-lan", "127.0.0.2"); gis.ErrorCode(err) != gis.EUNAUTHORIZED {
			t.Fatalf("disabled user logged in: %v", err)
		}
	}},
	{"login throttled after failures", func(t *testing.T, e *env) {
		e.user("minh", server.Viewer)
		for i := 0; i < 5; i++ {
			e.svc.Login(e.ctx, "minh", "guess", "10.0.0.1")
		}
		_, _, _, err := e.svc.Login(e.ctx, "minh", "mật-khẩu-minh", "10.0.0.1")
		if _, ok := err.(*server.ErrThrottled); !ok {
			t.Fatalf("sixth try with the right password not throttled: %v", err)
		}
		// Someone else's guesses do not lock minh out of another address.
		if _, _, _, err := e.svc.Login(e.ctx, "minh", "mật-khẩu-minh", "127.0.0.9"); err != nil {
			t.Fatalf("minh locked out by another address's failures: %v", err)
		}
	}},
	{"push applies each op once", func(t *testing.T, e *env) {
		u := e.user("lan", server.Inspector)
		id := gis.NewID()
		op := tree(id)
		r1 := e.push(u, op)
		r2 := e.push(u, op)
		if r1[0].Status != wire.Applied || r1[0].Rev != 1 || r2[0].Rev != 1 || r2[0].Status != wire.Applied {
			t.Fatalf("results %+v %+v", r1, r2)
		}
		if h, _ := e.st.Head(e.ctx, Ward); h != 1 {
			t.Fatalf("head %d after a repeated op, want 1", h)
		}
		if hist, _ := e.svc.History(e.ctx, u, id); len(hist) != 1 || hist[0].Action != "insert" || hist[0].By != "lan" {
			t.Fatalf("history %+v", hist)
		}
	}},
	{"different fields merge, same field conflicts", func(t *testing.T, e *env) {
		a, b := e.user("a", server.Inspector), e.user("b", server.Inspector)
		id := gis.NewID()
		e.push(a, tree(id))
		opA := Op("tree", id, wire.OpUpdate, 1, map[string]any{"height_m": 7.5, "condition": "fair"})
		opA.Client = "laptop-a"
		opB := Op("tree", id, wire.OpUpdate, 1, map[string]any{"species_vi": "Sấu", "condition": "poor"})
		opB.Client = "laptop-b"
		if r := e.push(a, opA); r[0].Status != wire.Applied {
			t.Fatalf("a: %+v", r)
		}
		r := e.push(b, opB)
		if r[0].Status != wire.Conflicted || len(r[0].Conflicts) != 1 || r[0].Conflicts[0].Field != "condition" ||
			r[0].Conflicts[0].Mine != "poor" || r[0].Conflicts[0].Theirs != "fair" {
			t.Fatalf("b: %+v", r)
		}
		rec := e.record(a, id)
		if !wire.Same(rec.Fields["height_m"], 7.5) || rec.Fields["species_vi"] != "Sấu" || rec.Fields["condition"] != "fair" {
			t.Fatalf("merged %+v", rec.Fields)
		}
		hist, _ := e.svc.History(e.ctx, a, id)
		var last wire.Change
		for _, h := range hist {
			if h.Action == "conflict" {
				last = h
			}
		}
		if last.New["condition"] != "poor" || last.By != "b" {
			t.Fatalf("the losing value is not in history: %+v", hist)
		}
		// The same laptop changing its own field again is no conflict.
		opA2 := Op("tree", id, wire.OpUpdate, 1, map[string]any{"condition": "dead"})
		opA2.Client = "laptop-a"
		if r := e.push(a, opA2); r[0].Status != wire.Applied {
			t.Fatalf("own field: %+v", r)
		}
	}},
	{"delete against edit", func(t *testing.T, e *env) {
		a, b := e.user("a", server.Inspector), e.user("b", server.Inspector)
		id1, id2 := gis.NewID(), gis.NewID()
		e.push(a, tree(id1), tree(id2))
		// deleted first, edited second: the edit is kept, the deletion is the conflict
		e.push(a, Op("tree", id1, wire.OpDelete, 2, nil))
		r := e.push(b, Op("tree", id1, wire.OpUpdate, 2, map[string]any{"height_m": 9.0}))
		if r[0].Status != wire.Conflicted || r[0].Conflicts[0].Field != wire.FieldDeleted {
			t.Fatalf("edit of a deleted record: %+v", r)
		}
		if rec := e.record(a, id1); !rec.Deleted || !wire.Same(rec.Fields["height_m"], 9) {
			t.Fatalf("record %+v", rec)
		}
		// edited first, deleted second: the deletion waits for a person
		e.push(b, Op("tree", id2, wire.OpUpdate, 2, map[string]any{"height_m": 3.0}))
		r = e.push(a, Op("tree", id2, wire.OpDelete, 2, nil))
		if r[0].Status != wire.Conflicted || r[0].Conflicts[0].Field != wire.FieldDeleted || r[0].Conflicts[0].Mine != true {
			t.Fatalf("delete of an edited record: %+v", r)
		}
		if rec := e.record(a, id2); rec.Deleted {
			t.Fatalf("edited record deleted: %+v", rec)
		}
	}},
	{"invalid op rejected, nothing written", func(t *testing.T, e *env) {
		u := e.user("a", server.Inspector)
		bad := Op("lamp", gis.NewID(), wire.OpInsert, 0, map[string]any{"power_w": 40.0}) // status missing
		unknown := Op("tree", gis.NewID(), wire.OpUpdate, 0, map[string]any{"height_m": 1.0})
		r := e.push(u, bad, unknown)
		if r[0].Status != wire.Rejected || r[1].Status != wire.Rejected || r[0].Error == "" {
			t.Fatalf("%+v", r)
		}
		if h, _ := e.st.Head(e.ctx, Ward); h != 0 {
			t.Fatalf("head %d", h)
		}
		if _, err := e.svc.Push(e.ctx, u, []wire.Op{Op("nonsense", gis.NewID(), wire.OpInsert, 0, nil)}); gis.ErrorCode(err) != gis.EINVALID {
			t.Fatalf("unknown kind: %v", err)
		}
	}},
	{"catalogue", func(t *testing.T, e *env) {
		plan, lead, insp := e.user("plan", server.Planner), e.user("lead", server.Leader), e.user("insp", server.Inspector)
		head, unit := e.user("head", server.TDPHead), e.user("unit", server.UnitOfficer)
		seeds, err := catalogue.Seed()
		if err != nil {
			t.Fatal(err)
		}
		var mt05 string
		for id, r := range seeds {
			if r.Kind == server.KindTarget && r.Fields["code"] == "MT-05" {
				mt05 = id
			}
		}
		// An inspector may not change the catalogue: 403, nothing written.
		for _, op := range []wire.Op{TargetOp("MT-01", "2027-01-01", 95), Op(server.KindTarget, mt05, wire.OpUpdate, 0, map[string]any{"target": 1200.0})} {
			if _, err := e.svc.Push(e.ctx, insp, []wire.Op{op}); gis.ErrorCode(err) != gis.EFORBIDDEN {
				t.Fatalf("inspector changed a target: %v", err)
			}
		}
		if h, _ := e.st.Head(e.ctx, Ward); h != 1 { // the TDP
			t.Fatalf("a refused push wrote: head %d", h)
		}
		// A laptop's change to a seeded row: the server takes the seed as
		// the first version; nobody's seed values conflict.
		a := Op(server.KindTarget, mt05, wire.OpUpdate, 0, map[string]any{"target": 1200.0})
		a.Client = "laptop-a"
		if r := e.push(plan, a); r[0].Status != wire.Applied {
			t.Fatalf("planner's change of a seeded target: %+v", r)
		}
		b := Op(server.KindTarget, mt05, wire.OpUpdate, 0, map[string]any{"method": "đếm cây còn sống"})
		b.Client = "laptop-b"
		if r := e.push(lead, b); r[0].Status != wire.Applied {
			t.Fatalf("leader's change of another field: %+v", r)
		}
		c := Op(server.KindTarget, mt05, wire.OpUpdate, 0, map[string]any{"target": 1500.0})
		c.Client = "laptop-c"
		if r := e.push(lead, c); r[0].Status != wire.Conflicted || r[0].Conflicts[0].Field != "target" {
			t.Fatalf("same field from a laptop that did not see it: %+v", r)
		}
		got := e.record(plan, mt05)
		if !wire.Same(got.Fields["target"], 1200.0) || got.Fields["method"] != "đếm cây còn sống" || got.Fields["name_vi"] != seeds[mt05].Fields["name_vi"] {
			t.Fatalf("merged target: %v", got.Fields)
		}
		if hs, _ := e.svc.History(e.ctx, plan, mt05); len(hs) != 4 || hs[0].By != "seed" || hs[3].Action != "conflict" {
			t.Fatalf("history: %+v", hs)
		}
		// New versions, parameters, cycles and assignments.
		ops := []wire.Op{
			TargetOp("MT-01", "2027-01-01", 95),
			CatalogueOp(server.KindParam, map[string]any{"name": "lamp_spacing_m", "value": 35.0, "valid_from": "2027-01-01", "note": ""}),
			CatalogueOp(server.KindCycle, map[string]any{"kind": "lamp", "class": "", "days": int64(14), "season": "", "note": "hai tuần"}),
			Op(server.KindAssignment, gis.NewID(), wire.OpInsert, 0, map[string]any{"assignee": "insp", "day": "2026-12-01", "targets": gis.NewID(), "status": "open"}),
		}
		for _, r := range e.push(plan, ops...) {
			if r.Status != wire.Applied {
				t.Fatalf("%+v", r)
			}
		}
		// Bad catalogue records are refused, each with its reason.
		wrongID := TargetOp("MT-01", "2028-01-01", 90)
		wrongID.ID = gis.NewID()
		missing := CatalogueOp(server.KindParam, map[string]any{"name": "x_m", "valid_from": "2027-01-01"})
		badEnum := Op(server.KindAssignment, gis.NewID(), wire.OpInsert, 0, map[string]any{"assignee": "insp", "day": "2026-12-01", "status": "maybe"})
		keyChange := Op(server.KindTarget, ops[0].ID, wire.OpUpdate, 1, map[string]any{"valid_from": "2027-02-01"})
		for i, r := range e.push(plan, wrongID, missing, badEnum, keyChange) {
			if r.Status != wire.Rejected {
				t.Fatalf("bad record %d accepted: %+v", i, r)
			}
		}
		// Reported figures: a TDP head for its own TDP only; a figure never
		// changes, a correction is a new one and both stay.
		first := FigureOp(e.tdp, 0)
		if r := e.push(head, first); r[0].Status != wire.Applied {
			t.Fatalf("own TDP: %+v", r)
		}
		if _, err := e.svc.Push(e.ctx, head, []wire.Op{FigureOp("tdp-2", 1)}); gis.ErrorCode(err) != gis.EFORBIDDEN {
			t.Fatalf("other TDP: %v", err)
		}
		ward := CatalogueOp(server.KindFigure, map[string]any{"code": "MT-02", "scope": "ward", "period": "2026-10", "value": 1.0,
			"entered_by": "head", "entered_at": "2026-11-01T08:00:00.000Z"})
		if _, err := e.svc.Push(e.ctx, head, []wire.Op{ward}); gis.ErrorCode(err) != gis.EFORBIDDEN {
			t.Fatalf("TDP head reported for the ward: %v", err)
		}
		if r := e.push(unit, ward); r[0].Status != wire.Applied {
			t.Fatalf("unit officer: %+v", r)
		}
		change := Op(server.KindFigure, first.ID, wire.OpUpdate, 0, map[string]any{"value": 1.0})
		if r := e.push(head, change); r[0].Status != wire.Rejected || !strings.Contains(r[0].Error, "correction") {
			t.Fatalf("a reported figure changed: %+v", r)
		}
		time.Sleep(2 * time.Millisecond)
		corr := FigureOp(e.tdp, 1)
		if r := e.push(head, corr); r[0].Status != wire.Applied || corr.ID == first.ID {
			t.Fatalf("correction: %+v", r)
		}
		if r := e.record(plan, first.ID); !wire.Same(r.Fields["value"], 0.0) {
			t.Fatalf("first figure: %v", r.Fields)
		}
		p, err := e.svc.Pull(e.ctx, plan, server.ChangesQuery{Kinds: []string{server.KindFigure}, Limit: 100})
		if err != nil || len(p.Records) != 3 {
			t.Fatalf("reported figures pulled: %v %v", p, err)
		}
	}},
	{"raw pull is the pull", func(t *testing.T, e *env) {
		u := e.user("a", server.Planner)
		var ops []wire.Op
		for i := 0; i < 7; i++ {
			ops = append(ops, tree(gis.NewID()))
		}
		ops = append(ops, Op("tree", ops[0].ID, wire.OpDelete, 1, nil), CatalogueOp(server.KindCycle, map[string]any{"kind": "lamp", "class": "", "days": int64(14)}))
		e.push(u, ops...)
		for _, q := range []server.ChangesQuery{{Limit: 3}, {After: 3, Limit: 100}, {Kinds: []string{server.KindCycle}, Limit: 5}} {
			want, err := e.svc.Pull(e.ctx, u, q)
			if err != nil {
				t.Fatal(err)
			}
			var got []wire.Record
			next, more, head, err := e.svc.PullRaw(e.ctx, u, q, func(r *server.RawRecord) error {
				w := wire.Record{Kind: r.Kind, ID: r.ID, Rev: r.Rev, Deleted: r.Deleted, CreatedAt: r.CreatedAt, CreatedBy: r.CreatedBy, UpdatedAt: r.UpdatedAt, UpdatedBy: r.UpdatedBy}
				dec := json.NewDecoder(bytes.NewReader(r.Fields))
				dec.UseNumber()
				if err := dec.Decode(&w.Fields); err != nil {
					return err
				}
				wire.Normalize(w.Fields)
				got = append(got, w)
				return nil
			})
			if err != nil || next != want.Next || more != want.More || head != want.Head || len(got) != len(want.Records) {
				t.Fatalf("%+v: raw %d %v %d %d records %v, pull %d %v %d %d", q, next, more, head, len(got), err, want.Next, want.More, want.Head, len(want.Records))
			}
			for i := range got {
				w := want.Records[i]
				w.FieldRevs, w.Origins = nil, nil
				if !wire.Same(got[i], w) {
					t.Fatalf("raw %+v\npull %+v", got[i], w)
				}
			}
		}
	}},
	{"roles", func(t *testing.T, e *env) {
		insp, head, plan := e.user("insp", server.Inspector), e.user("head", server.TDPHead), e.user("plan", server.Planner)
		viewer := e.user("view", server.Viewer)
		target := TargetOp("MT-01", "2027-01-01", 95)
		for _, u := range []*server.User{insp, head, viewer} {
			if _, err := e.svc.Push(e.ctx, u, []wire.Op{target}); gis.ErrorCode(err) != gis.EFORBIDDEN {
				t.Fatalf("%s changed a target: %v", u.Role, err)
			}
		}
		if _, err := e.svc.Push(e.ctx, viewer, []wire.Op{tree(gis.NewID())}); gis.ErrorCode(err) != gis.EFORBIDDEN {
			t.Fatalf("viewer wrote: %v", err)
		}
		mine := FigureOp(e.tdp, 1)
		other := FigureOp("tdp-2", 1)
		if r := e.push(head, mine); r[0].Status != wire.Applied {
			t.Fatalf("own TDP: %+v", r)
		}
		if _, err := e.svc.Push(e.ctx, head, []wire.Op{tree(gis.NewID()), other}); gis.ErrorCode(err) != gis.EFORBIDDEN {
			t.Fatalf("other TDP: %v", err)
		}
		if h, _ := e.st.Head(e.ctx, Ward); h != 2 { // the TDP, the figure
			t.Fatalf("a refused push wrote something: head %d", h)
		}
		if r := e.push(plan, target); r[0].Status != wire.Applied {
			t.Fatalf("planner: %+v", r)
		}
	}},
	{"pull pages, kinds, area", func(t *testing.T, e *env) {
		u := e.user("a", server.Planner)
		var ops []wire.Op
		for i := 0; i < 25; i++ {
			op := tree(gis.NewID())
			op.Fields["geom"] = map[string]any{"type": "Point", "coordinates": []any{106.60 + float64(i)*0.001, 20.80}}
			ops = append(ops, op)
		}
		ops = append(ops, Op("inspection", gis.NewID(), wire.OpInsert, 0, map[string]any{
			"target_kind": "tree", "target_id": ops[0].ID, "inspected_at": "2026-03-01T08:00:00Z", "result": "ok"}))
		e.push(u, ops...)
		var got []wire.Record
		after := int64(0)
		for pages := 0; ; pages++ {
			p, err := e.svc.Pull(e.ctx, u, server.ChangesQuery{After: after, Limit: 10})
			if err != nil || pages > 5 {
				t.Fatal(err, pages)
			}
			got = append(got, p.Records...)
			after = p.Next
			if !p.More {
				break
			}
		}
		if len(got) != 26 || after != 26 {
			t.Fatalf("pulled %d, next %d", len(got), after)
		}
		p, _ := e.svc.Pull(e.ctx, u, server.ChangesQuery{Kinds: []string{"inspection"}})
		if len(p.Records) != 1 {
			t.Fatalf("kinds: %d", len(p.Records))
		}
		p, _ = e.svc.Pull(e.ctx, u, server.ChangesQuery{Kinds: []string{"tree"}, Bound: &[4]float64{106.6005, 20.79, 106.6045, 20.81}})
		if len(p.Records) != 4 {
			t.Fatalf("area: %d records", len(p.Records))
		}
	}},
	{"photo chunks resume and verify", func(t *testing.T, e *env) {
		data := make([]byte, 300_000)
		for i := range data {
			data[i] = byte(i * 7)
		}
		sum := sha256.Sum256(data)
		sha := hex.EncodeToString(sum[:])
		n, err := e.st.PutChunk(e.ctx, Ward, sha, int64(len(data)), 0, data[:150_000])
		if err != nil || n != 150_000 {
			t.Fatal(n, err)
		}
		if got, done, _ := e.st.Received(e.ctx, Ward, sha); got != 150_000 || done {
			t.Fatal(got, done)
		}
		if _, err := e.st.PutChunk(e.ctx, Ward, sha, int64(len(data)), 200_000, data[200_000:]); gis.ErrorCode(err) != gis.ECONFLICT {
			t.Fatalf("gap accepted: %v", err)
		}
		if n, err := e.st.PutChunk(e.ctx, Ward, sha, int64(len(data)), 0, data[:150_000]); err != nil || n != 150_000 {
			t.Fatal("repeat", n, err)
		}
		if n, err := e.st.PutChunk(e.ctx, Ward, sha, int64(len(data)), 150_000, data[150_000:]); err != nil || n != int64(len(data)) {
			t.Fatal(n, err)
		}
		got, err := e.st.Blob(e.ctx, Ward, sha)
		if h := sha256.Sum256(got); err != nil || h != sum {
			t.Fatal("stored blob hashes wrong", err)
		}
		bad := sha256.Sum256([]byte("other"))
		if _, err := e.st.PutChunk(e.ctx, Ward, hex.EncodeToString(bad[:]), 3, 0, []byte("abc")); gis.ErrorCode(err) != gis.EINVALID {
			t.Fatalf("wrong contents accepted: %v", err)
		}
	}},
	{"concurrent pushes leave no revision gaps", func(t *testing.T, e *env) {
		users := []*server.User{e.user("a", server.Inspector), e.user("b", server.Inspector), e.user("c", server.Inspector), e.user("d", server.Inspector)}
		var wg sync.WaitGroup
		errs := make(chan error, 400)
		for _, u := range users {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 25; i++ {
					if _, err := e.svc.Push(e.ctx, u, []wire.Op{tree(gis.NewID()), tree(gis.NewID())}); err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		revs, err := e.st.Revs(e.ctx, Ward)
		if err != nil || len(revs) != 200 {
			t.Fatal(len(revs), err)
		}
		for i, r := range revs {
			if r != int64(i+1) {
				t.Fatalf("revision %d at %d: gap", r, i)
			}
		}
	}},
}
