package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/server"
	"wardmap/data/server/sqlstore"
	"wardmap/data/sync/remote"
	"wardmap/gis"
)

func wardmapStdin(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb}, args)
	return out.String(), errb.String(), code
}

// login, sync, conflicts and history from the command line against a
// real server handler.
func TestSyncCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	st, err := sqlstore.Open(ctx, filepath.Join(dir, "server.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc := server.NewService(st)
	for _, n := range []string{"an", "binh"} {
		if _, err := svc.AddUser(ctx, "kien-an", n, server.Inspector, "", "mật-khẩu-"+n); err != nil {
			t.Fatal(err)
		}
	}
	ts := httptest.NewServer(remote.NewHandler(svc, nil))
	defer ts.Close()

	a, b := filepath.Join(dir, "a.gpkg"), filepath.Join(dir, "b.gpkg")
	for _, db := range []string{a, b} {
		if _, errOut, code := wardmap(t, "init", "--db", db); code != 0 {
			t.Fatal(errOut)
		}
	}
	if _, _, code := wardmap(t, "sync", "--db", a, "--server", ts.URL); code == 0 {
		t.Fatal("sync without login succeeded")
	}
	if _, errOut, code := wardmapStdin(t, "wrong-password\n", "login", "--server", ts.URL, "--user", "an"); code != 1 || !strings.Contains(errOut, "wrong user name or password") {
		t.Fatalf("wrong password: %d %s", code, errOut)
	}
	out, errOut, code := wardmapStdin(t, "mật-khẩu-an\n", "login", "--server", ts.URL, "--user", "an")
	if code != 0 || !strings.Contains(out, "logged in") {
		t.Fatalf("login: %d %s %s", code, out, errOut)
	}
	fi, err := os.Stat(filepath.Join(dir, "config", "wardmap", "sessions.json"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("session file: %v %v", fi.Mode(), err)
	}
	lamp := gis.NewFeature(gis.Lamp, orb.Point{106.63, 20.81})
	lamp.Attrs["status"] = "working"
	edit(t, a, func(s *gpkg.Store) error { return s.Insert(ctx, "an", lamp) })
	out, errOut, code = wardmap(t, "sync", "--db", a, "--server", ts.URL)
	if code != 0 || !strings.Contains(out, "pushed) 1") || !strings.Contains(errOut, "push") {
		t.Fatalf("sync a: %d %s %s", code, out, errOut)
	}
	wardmapStdin(t, "mật-khẩu-binh\n", "login", "--server", ts.URL+"/", "--user", "binh")
	// b has only a's login for this URL now replaced by binh's: the same
	// server URL keeps one session, so log a back in after b's sync.
	if out, errOut, code = wardmap(t, "sync", "--db", b, "--server", ts.URL); code != 0 || !strings.Contains(out, "pulled) 1") {
		t.Fatalf("sync b: %d %s %s", code, out, errOut)
	}
	setStatus := func(db, user, v string) {
		edit(t, db, func(s *gpkg.Store) error {
			f, err := s.Get(ctx, gis.Lamp, lamp.ID)
			if err != nil {
				return err
			}
			f.Attrs["status"] = v
			return s.Save(ctx, user, f)
		})
	}
	setStatus(b, "binh", "broken")
	if _, errOut, code := wardmap(t, "sync", "--db", b); code != 0 { // the server remembered
		t.Fatal(errOut)
	}
	wardmapStdin(t, "mật-khẩu-an\n", "login", "--server", ts.URL, "--user", "an")
	setStatus(a, "an", "missing")
	out, _, _ = wardmap(t, "sync", "--db", a)
	if !strings.Contains(out, "conflicts) 1") || !strings.Contains(out, "open conflicts) 1") {
		t.Fatalf("conflict not reported: %s", out)
	}
	out, _, code = wardmap(t, "conflicts", "--db", a)
	if code != 0 || !strings.Contains(out, `status: của tôi (mine) "missing"`) || !strings.Contains(out, `"broken"`) {
		t.Fatalf("conflicts: %s", out)
	}
	id := strings.Fields(out)[0]
	if _, errOut, code := wardmap(t, "conflicts", "--db", a, "resolve", id, "sideways"); code == 0 {
		t.Fatal("bad choice accepted", errOut)
	}
	if _, errOut, code := wardmap(t, "conflicts", "--db", a, "resolve", id, "theirs"); code != 0 {
		t.Fatal(errOut)
	}
	if out, _, _ = wardmap(t, "conflicts", "--db", a); !strings.Contains(out, "no conflicts") {
		t.Fatal(out)
	}
	out, errOut, code = wardmap(t, "history", "--db", a, lamp.ID)
	if code != 0 || !strings.Contains(out, "insert") || !strings.Contains(out, `status: "working" → "broken"`) || !strings.Contains(out, "conflict") {
		t.Fatalf("history: %d %s %s", code, out, errOut)
	}
}

func edit(t *testing.T, db string, fn func(*gpkg.Store) error) {
	t.Helper()
	s, err := gpkg.Open(context.Background(), db, gpkg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := fn(s); err != nil {
		t.Fatal(err)
	}
}

// The catalogue through the command line and the real server handler: a
// planner's target, cycle and assignment set on laptop A show in `wardmap
// indicators`, `wardmap cycles` and `wardmap assignments` on laptop B; a TDP head's figure entered on B shows
// in A's indicators.
func TestCatalogueSyncCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := sqlstore.Open(ctx, filepath.Join(dir, "server.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc := server.NewService(st)
	ts := httptest.NewServer(remote.NewHandler(svc, nil))
	defer ts.Close()
	a, b := filepath.Join(dir, "a.gpkg"), filepath.Join(dir, "b.gpkg")
	for _, db := range []string{a, b} {
		if _, errOut, code := wardmap(t, "init", "--db", db); code != 0 {
			t.Fatal(errOut)
		}
	}
	tdp := gis.NewFeature(gis.TDP, orb.Polygon{{{106.62, 20.80}, {106.63, 20.80}, {106.63, 20.81}, {106.62, 20.80}}})
	tdp.Attrs["name"], tdp.Attrs["code"], tdp.Attrs["head"], tdp.Attrs["households"] = "Tổ dân phố Đồng Hòa 3", "DH3", "hoa", int64(250)
	edit(t, a, func(s *gpkg.Store) error { return s.Insert(ctx, "plan", tdp) })
	if _, err := svc.AddUser(ctx, "kien-an", "plan", server.Planner, "", "mật-khẩu-plan"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddUser(ctx, "kien-an", "hoa", server.TDPHead, tdp.ID, "mật-khẩu-hoa"); err != nil {
		t.Fatal(err)
	}
	// Each laptop has its own user's session.
	as := func(user string) {
		t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config-"+user))
	}
	for _, u := range []string{"plan", "hoa"} {
		as(u)
		if _, errOut, code := wardmapStdin(t, "mật-khẩu-"+u+"\n", "login", "--server", ts.URL, "--user", u); code != 0 {
			t.Fatal(errOut)
		}
	}
	must := func(args ...string) string {
		t.Helper()
		out, errOut, code := wardmap(t, args...)
		if code != 0 {
			t.Fatalf("wardmap %s: %d %s %s", strings.Join(args, " "), code, out, errOut)
		}
		return out
	}
	board := func(db string) string {
		return must("indicators", "--db", db, "--period", "2026-2030", "--date", "2026-12-01")
	}
	if out := board(b); strings.Contains(out, "1.200") || strings.Contains(out, "1200") {
		t.Fatalf("B shows the new target before any sync:\n%s", out)
	}
	as("plan")
	must("indicators", "set", "MT-05", "--target", "1200", "--from", "2026-01-01", "--user", "plan", "--db", a)
	must("cycles", "set", "lamp", "14", "--note", "hai tuần", "--user", "plan", "--db", a)
	if out := must("assignments", "--db", b); !strings.Contains(out, "no assignments") {
		t.Fatalf("B's assignments before any sync:\n%s", out)
	}
	must("assignments", "add", "--to", "insp", "--day", "2026-12-01", "--targets", tdp.ID, "--note", "kiểm tra tổ DH3", "--user", "plan", "--db", a)
	if out := must("sync", "--db", a, "--server", ts.URL); !strings.Contains(out, "pushed) 4") || !strings.Contains(out, "rejected) 0") {
		t.Fatalf("sync A: %s", out)
	}
	as("hoa")
	must("sync", "--db", b, "--server", ts.URL)
	out := board(b)
	line := lineWith(out, "MT-05")
	if !strings.Contains(line, "1.200") && !strings.Contains(line, "1200") {
		t.Fatalf("B's indicators do not show the new target:\n%s", out)
	}
	if out := must("cycles", "--db", b); !strings.Contains(lineWith(out, "hai tuần"), "14") {
		t.Fatalf("B's cycles:\n%s", out)
	}
	if l := lineWith(must("assignments", "--db", b, "--to", "insp"), "kiểm tra tổ DH3"); !strings.Contains(l, "2026-12-01") || !strings.Contains(l, "open") || !strings.Contains(l, "1 mục") {
		t.Fatalf("B's assignments: %q", l)
	}
	must("indicators", "figure", "--db", b, "--tdp", "DH3", "--code", "MT-02", "--period", "2026-10", "--value", "1", "--user", "hoa")
	if out := must("sync", "--db", b); !strings.Contains(out, "pushed) 1") || !strings.Contains(out, "rejected) 0") {
		t.Fatalf("sync B: %s", out)
	}
	as("plan")
	before := must("indicators", "--db", a, "--period", "2026-10", "--date", "2026-11-15", "--json")
	must("sync", "--db", a)
	after := must("indicators", "--db", a, "--period", "2026-10", "--date", "2026-11-15", "--json")
	section := func(s string) string {
		i := strings.Index(s, `"code": "MT-02"`)
		j := strings.Index(s, `"code": "MT-03"`)
		if i < 0 || j < i {
			t.Fatalf("no MT-02 in:\n%s", s)
		}
		return s[i:j]
	}
	if b := section(before); !strings.Contains(b, "chưa báo cáo kỳ 2026-10") || !strings.Contains(b, `"numerator": 0,`) {
		t.Fatalf("A's MT-02 before the sync:\n%s", b)
	}
	if a := section(after); !strings.Contains(a, `"numerator": 1,`) || !strings.Contains(a, `"status": "on_track"`) {
		t.Fatalf("the figure from B did not reach A's indicators:\n%s", a)
	}
}

func lineWith(s, sub string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			return l
		}
	}
	return ""
}
