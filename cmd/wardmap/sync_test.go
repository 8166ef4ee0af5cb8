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

	"wardmap/data/gpkg"
	"wardmap/data/remote"
	"wardmap/data/server"
	"wardmap/data/server/sqlstore"
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
