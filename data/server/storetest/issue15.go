package storetest

import (
	"strings"
	"testing"

	"wardmap/data/server"
	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// The cases of issue 15: what reaches the store must not break it on
// either database, and the server checks what it stores as the laptop
// does.

// ReportOp is the insert of a citizen's field report at a point, with its
// private fields.
func ReportOp(lon, lat float64, text string) wire.Op {
	return Op(string(gis.Report), gis.NewID(), wire.OpInsert, 0, map[string]any{
		"geom": map[string]any{"type": "Point", "coordinates": []any{lon, lat}}, "channel": "portal", "category": "waste",
		"text": text, "received_at": "2026-11-02T08:00:00Z", "status": "received",
		"reporter_name": "Trần Thị Mai", "reporter_phone": "0912345678", "private_note": "gọi sau 17h"})
}

func (e *env) applied(u *server.User, ops ...wire.Op) []wire.OpResult {
	e.t.Helper()
	res := e.push(u, ops...)
	for i, r := range res {
		if r.Status != wire.Applied {
			e.t.Fatalf("op %d (%s %s): %+v", i, ops[i].Op, ops[i].Kind, r)
		}
	}
	return res
}

func (e *env) rejected(u *server.User, want string, ops ...wire.Op) {
	e.t.Helper()
	res := e.push(u, ops...)
	for i, r := range res {
		if r.Status != wire.Rejected || !strings.Contains(r.Error, want) {
			e.t.Fatalf("op %d (%s %v): %+v, want rejected with %q", i, ops[i].Op, ops[i].Fields, r, want)
		}
	}
}

var issue15 = []struct {
	name string
	run  func(t *testing.T, e *env)
}{
	{"ping", func(t *testing.T, e *env) {
		if err := e.st.Ping(e.ctx); err != nil {
			t.Fatal(err)
		}
	}},
	{"NUL and bytes that are not UTF-8 are replaced, per field, with a warning", func(t *testing.T, e *env) {
		u := e.user("lan", server.Inspector)
		nul, bad, fine := tree(gis.NewID()), tree(gis.NewID()), tree(gis.NewID())
		nul.Fields["species_vi"] = "Bàng\x00 cổ thụ"
		nul.Client = "laptop\x00a"
		bad.Fields["species_vi"] = "B\xffàng"
		bad.Fields["geom"].(map[string]any)["ty\x00pe"] = "x" // a key PostgreSQL's JSONB cannot hold either
		res := e.applied(u, nul, bad, fine)
		if len(res[0].Warnings) != 2 || !strings.Contains(res[0].Warnings[0], "species_vi") || !strings.Contains(res[0].Warnings[1], "client") || len(res[1].Warnings) != 2 || len(res[2].Warnings) != 0 {
			t.Fatalf("warnings %q %q %q", res[0].Warnings, res[1].Warnings, res[2].Warnings)
		}
		if r := e.record(u, nul.ID); r.Fields["species_vi"] != "Bàng\uFFFD cổ thụ" {
			t.Fatalf("stored %q", r.Fields["species_vi"])
		}
		if r := e.record(u, bad.ID); r.Fields["species_vi"] != "B\uFFFDàng" {
			t.Fatalf("stored %q", r.Fields["species_vi"])
		}
		// A retry of the same op is answered as before, warnings too.
		if again := e.push(u, nul); again[0].Rev != res[0].Rev || len(again[0].Warnings) != 2 {
			t.Fatalf("retry %+v", again)
		}
		// An enumeration cleaned is no longer one of its values: rejected
		// with the reason, the push's other op applied.
		lamp := Op("lamp", gis.NewID(), wire.OpInsert, 0, map[string]any{"geom": map[string]any{"type": "Point", "coordinates": []any{106.63, 20.81}},
			"status": "working\x00"})
		ok := tree(gis.NewID())
		res = e.push(u, lamp, ok)
		if res[0].Status != wire.Rejected || !strings.Contains(res[0].Error, "status") || res[1].Status != wire.Applied {
			t.Fatalf("%+v", res)
		}
	}},
	{"lookups by text no store can hold are not found", func(t *testing.T, e *env) {
		e.user("lan", server.Inspector)
		tok, _, _, err := e.svc.Login(e.ctx, "lan", "mật-khẩu-lan", "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"lan\x00", "\x00healthz", "l\xffan", "\xc3"} {
			if _, _, _, err := e.svc.Login(e.ctx, name, "mật-khẩu-lan", "10.0.0.2"); gis.ErrorCode(err) != gis.EUNAUTHORIZED {
				t.Fatalf("login %q: %v", name, err)
			}
			if _, err := e.st.UserByName(e.ctx, name); gis.ErrorCode(err) != gis.ENOTFOUND {
				t.Fatalf("user %q: %v", name, err)
			}
		}
		ward, rest, _ := strings.Cut(tok, ".")
		for _, bad := range []string{ward + "\xff." + rest, "\x00." + rest, ward + "." + rest + "\x00", "\xff\xfe.\xff", ward + ".\xc3"} {
			if _, err := e.svc.Authenticate(e.ctx, bad); gis.ErrorCode(err) != gis.EUNAUTHORIZED {
				t.Fatalf("token %q: %v", bad, err)
			}
			if err := e.svc.Logout(e.ctx, bad); err != nil {
				t.Fatalf("logout %q: %v", bad, err)
			}
		}
		if _, err := e.st.UserByID(e.ctx, "\x00", "\xff"); gis.ErrorCode(err) != gis.ENOTFOUND {
			t.Fatal(err)
		}
	}},
	{"reported figures follow the catalogue's rules", func(t *testing.T, e *env) {
		head := e.user("head", server.TDPHead)
		unit := e.user("unit", server.UnitOfficer)
		fig := func(value any, mod func(map[string]any)) wire.Op {
			op := FigureOp(e.tdp, 0)
			op.Fields["value"] = value
			if mod != nil {
				mod(op.Fields)
			}
			op.ID = "" // made from the key below
			return CatalogueOp(server.KindFigure, op.Fields)
		}
		e.rejected(head, "out of range", fig(-500.0, nil), fig(1e300, nil), fig(2.0, nil))
		e.rejected(head, "NOPE-99", fig(1.0, func(f map[string]any) { f["code"] = "NOPE-99" }))
		e.rejected(head, "invalid period", fig(1.0, func(f map[string]any) { f["period"] = "x'; DROP TABLE records;--" }))
		e.rejected(head, "reported per month", fig(1.0, func(f map[string]any) { f["period"] = "2026-Q4" }))
		e.rejected(head, "computed", fig(1.0, func(f map[string]any) { f["code"] = "MT-01" }))
		// A unit officer may not enter a TDP's figure; nor the ward's
		// figure of a target measured per TDP only.
		e.rejected(unit, "TDP head", fig(1.0, func(f map[string]any) { f["entered_by"] = "unit" }))
		// entered_by is the account; the laptop's name stays in entered_as,
		// and the record keeps the ID the laptop made.
		other := fig(1.0, func(f map[string]any) { f["entered_by"] = "Nguyễn Văn Lãnh đạo" })
		e.applied(head, other)
		got := e.record(unit, other.ID)
		if got.Fields["entered_by"] != "head" || got.Fields["entered_as"] != "Nguyễn Văn Lãnh đạo" {
			t.Fatalf("figure %v", got.Fields)
		}
		if r := e.push(head, other); r[0].Status != wire.Applied {
			t.Fatalf("retry: %+v", r)
		}
		if h, _ := e.st.Head(e.ctx, Ward); h != 2 { // the TDP and one figure
			t.Fatalf("head %d", h)
		}
	}},
	{"a TDP head acts only on reports in its TDP and deletes none", func(t *testing.T, e *env) {
		head := e.user("head", server.TDPHead)
		unit := e.user("unit", server.UnitOfficer)
		in, out := ReportOp(106.63, 20.81, "rác ở ngõ 5"), ReportOp(106.66, 20.83, "rác ngoài tổ")
		e.applied(unit, in, out)
		answer := func(op wire.Op, rev int64) wire.Op {
			return Op(string(gis.Report), op.ID, wire.OpUpdate, rev, map[string]any{"status": "closed", "public_answer": "đã dọn"})
		}
		e.rejected(head, "own TDP", answer(out, 3))
		e.rejected(head, "may not delete", Op(string(gis.Report), in.ID, wire.OpDelete, 3, nil), Op(string(gis.Report), out.ID, wire.OpDelete, 3, nil),
			Op(string(gis.Report), in.ID, wire.OpUpdate, 3, map[string]any{wire.FieldDeleted: true}))
		e.applied(head, answer(in, 3))
		// Moving a report out of its TDP is acting outside it.
		e.rejected(head, "own TDP", Op(string(gis.Report), in.ID, wire.OpUpdate, 4, map[string]any{"geom": map[string]any{"type": "Point", "coordinates": []any{106.66, 20.83}}}))
		// What it files itself, anywhere, it may follow up.
		mine := ReportOp(106.66, 20.83, "tổ trưởng báo")
		e.applied(head, mine)
		e.applied(head, answer(mine, 5))
		if r := e.record(unit, out.ID); r.Fields["status"] != "received" || r.Deleted {
			t.Fatalf("report outside the TDP changed: %v", r.Fields)
		}
		if r := e.record(unit, in.ID); r.Fields["status"] != "closed" || r.Deleted {
			t.Fatalf("report in the TDP: %v", r.Fields)
		}
	}},
	{"geometry and text limits hold on the sync path", func(t *testing.T, e *env) {
		u := e.user("plan", server.Planner)
		geom := func(c []any) wire.Op {
			op := tree(gis.NewID())
			op.Fields["geom"] = map[string]any{"type": "Point", "coordinates": c}
			return op
		}
		e.rejected(u, "exactly 2 numbers", geom([]any{}), geom([]any{106.63, 20.81, 1e308}), geom([]any{106.63}))
		line := Op("street", gis.NewID(), wire.OpInsert, 0, map[string]any{"name": "Trần Thành Ngọ", "class": "main",
			"geom": map[string]any{"type": "LineString", "coordinates": []any{}}})
		e.rejected(u, "empty list", line)
		long := ReportOp(106.63, 20.81, strings.Repeat("ạ", gis.ReportTextMax+1))
		e.rejected(u, "at most 4000", long)
		e.applied(u, ReportOp(106.63, 20.81, strings.Repeat("ạ", gis.ReportTextMax)))
		if h, _ := e.st.Head(e.ctx, Ward); h != 1 {
			t.Fatalf("head %d", h)
		}
	}},
	{"private fields reach only the roles that handle reports", func(t *testing.T, e *env) {
		unit := e.user("unit", server.UnitOfficer)
		rep := ReportOp(106.63, 20.81, "đèn hỏng")
		e.applied(unit, rep)
		for _, u := range []*server.User{e.user("view", server.Viewer), e.user("head", server.TDPHead), e.user("insp", server.Inspector),
			e.user("lead", server.Leader), unit, e.user("admin", server.Admin), e.user("plan", server.Planner)} {
			r := e.record(u, rep.ID)
			raw := ""
			if _, _, _, err := e.svc.PullRaw(e.ctx, u, server.ChangesQuery{Limit: 100}, func(r *server.RawRecord) error {
				if r.ID == rep.ID {
					raw = string(r.Fields)
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			hist, err := e.svc.History(e.ctx, u, rep.ID)
			if err != nil || len(hist) != 1 {
				t.Fatal(hist, err)
			}
			sees := server.SeesPrivate(u.Role)
			for _, f := range []string{"reporter_phone", "reporter_name", "private_note"} {
				_, inPull := r.Fields[f]
				_, inHist := hist[0].New[f]
				if inPull != sees || strings.Contains(raw, f) != sees || inHist != sees {
					t.Fatalf("%s: %s in pull %v, raw pull %v, history %v", u.Role, f, inPull, strings.Contains(raw, f), inHist)
				}
			}
			if r.Fields["text"] != "đèn hỏng" || !strings.Contains(raw, "đèn hỏng") {
				t.Fatalf("%s: %v", u.Role, r.Fields)
			}
		}
		if !server.SeesPrivate(server.UnitOfficer) || server.SeesPrivate(server.Viewer) || server.SeesPrivate(server.TDPHead) {
			t.Fatal("roles")
		}
		// Nor by a conflict's answer: the phone is not told to a TDP head
		// that pushes a change to it.
		head, _ := e.st.UserByName(e.ctx, "head")
		op := Op(string(gis.Report), rep.ID, wire.OpUpdate, 0, map[string]any{"reporter_phone": "0900000000"})
		op.Client = "laptop-x"
		res := e.push(head, op)
		for _, c := range res[0].Conflicts {
			if c.Theirs != nil {
				t.Fatalf("conflict told %v", c.Theirs)
			}
		}
	}},
	{"an op_id is one user's one operation", func(t *testing.T, e *env) {
		a, b := e.user("a", server.Inspector), e.user("b", server.Inspector)
		op := tree(gis.NewID())
		e.applied(a, op)
		other := tree(gis.NewID())
		other.OpID = op.OpID
		e.rejected(a, "another change", other)
		stolen := op
		e.rejected(b, "another user", stolen)
		if r := e.push(a, op); r[0].Status != wire.Applied || r[0].Rev != 1 {
			t.Fatalf("retry %+v", r)
		}
		if h, _ := e.st.Head(e.ctx, Ward); h != 1 {
			t.Fatalf("head %d", h)
		}
	}},
	{"a negative base revision is refused, nothing written", func(t *testing.T, e *env) {
		u := e.user("a", server.Inspector)
		op := Op("tree", gis.NewID(), wire.OpUpdate, -5, map[string]any{"height_m": 3.0})
		if _, err := e.svc.Push(e.ctx, u, []wire.Op{op}); gis.ErrorCode(err) != gis.EINVALID || !strings.Contains(err.Error(), "base") {
			t.Fatalf("%v", err)
		}
		if hist, _ := e.svc.History(e.ctx, u, op.ID); len(hist) != 0 {
			t.Fatalf("history %+v", hist)
		}
	}},
	{"kinds of a pull are known and bounded", func(t *testing.T, e *env) {
		if _, err := server.ParseKinds([]string{strings.Repeat("tree,", 40000) + "x"}); gis.ErrorCode(err) != gis.EINVALID {
			t.Fatal(err)
		}
		ks, err := server.ParseKinds([]string{strings.TrimSuffix(strings.Repeat("tree,", 40000), ","), "report", ""})
		if err != nil || len(ks) != 2 {
			t.Fatal(ks, err)
		}
	}},
}

func init() { cases = append(cases, issue15...) }
