// Package storetest is the behaviour every server.Store must show, as one
// table of cases that each implementation's tests run (SQLite and
// PostgreSQL alike).
package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync"
	"testing"
	"time"

	"wardmap/data/server"
	"wardmap/data/wire"
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
}

func (e *env) user(name, role string) *server.User {
	e.t.Helper()
	tdp := ""
	if role == server.TDPHead {
		tdp = "tdp-1"
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
		_, _, _, err := e.svc.Login(e.ctx, "minh", "mật-khẩu-minh", "127.0.0.9")
		if _, ok := err.(*server.ErrThrottled); !ok {
			t.Fatalf("sixth try with the right password not throttled: %v", err)
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
	{"roles", func(t *testing.T, e *env) {
		insp, head, plan := e.user("insp", server.Inspector), e.user("head", server.TDPHead), e.user("plan", server.Planner)
		viewer := e.user("view", server.Viewer)
		target := Op(server.KindTarget, gis.NewID(), wire.OpInsert, 0, map[string]any{"code": "MT-01"})
		for _, u := range []*server.User{insp, head, viewer} {
			if _, err := e.svc.Push(e.ctx, u, []wire.Op{target}); gis.ErrorCode(err) != gis.EFORBIDDEN {
				t.Fatalf("%s changed a target: %v", u.Role, err)
			}
		}
		if _, err := e.svc.Push(e.ctx, viewer, []wire.Op{tree(gis.NewID())}); gis.ErrorCode(err) != gis.EFORBIDDEN {
			t.Fatalf("viewer wrote: %v", err)
		}
		mine := Op(server.KindTargetValue, gis.NewID(), wire.OpInsert, 0, map[string]any{"tdp_id": "tdp-1", "value": 1.0})
		other := Op(server.KindTargetValue, gis.NewID(), wire.OpInsert, 0, map[string]any{"tdp_id": "tdp-2", "value": 1.0})
		if r := e.push(head, mine); r[0].Status != wire.Applied {
			t.Fatalf("own TDP: %+v", r)
		}
		if _, err := e.svc.Push(e.ctx, head, []wire.Op{tree(gis.NewID()), other}); gis.ErrorCode(err) != gis.EFORBIDDEN {
			t.Fatalf("other TDP: %v", err)
		}
		if h, _ := e.st.Head(e.ctx, Ward); h != 1 {
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

var _ = fmt.Sprint
