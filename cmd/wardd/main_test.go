package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/server/pgtest"
	"wardmap/data/server/sqlstore"
	"wardmap/data/sync/remote"
	"wardmap/gis"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

// The real Main on a temporary database and port 0: health, a user made
// with `wardd user add`, a login and an authenticated call, then a clean
// stop.
func TestMainEndToEnd(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "ward.db")
	var out strings.Builder
	if err := userCmd(ctx, []string{"add", "lan", "--role", "inspector", "--db", db}, strings.NewReader("mật-khẩu-dài\n"), &out); err != nil {
		t.Fatal(err)
	}
	if err := userCmd(ctx, []string{"add", "lan", "--role", "boss", "--db", db}, strings.NewReader("mật-khẩu-dài\n"), &out); err == nil {
		t.Fatal("unknown role accepted")
	}
	m := NewMain()
	if err := m.ParseFlags([]string{"--db", db, "--listen", "127.0.0.1:0"}); err != nil {
		t.Fatal(err)
	}
	if err := m.Run(ctx); err != nil {
		t.Fatal(err)
	}
	url := "http://" + m.Addr()
	resp, err := http.Get(url + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatal(err, resp)
	}
	resp.Body.Close()
	c := remote.NewClient(url, "")
	if _, err := c.Login(ctx, "lan", "mật-khẩu-dài"); err != nil {
		t.Fatal(err)
	}
	if me, err := c.Me(ctx); err != nil || me.Role != "inspector" || me.Ward != DefaultWard {
		t.Fatal(me, err)
	}
	if err := userCmd(ctx, []string{"disable", "lan", "--db", db}, nil, &out); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Me(ctx); gis.ErrorCode(err) != gis.EUNAUTHORIZED {
		t.Fatalf("disabled user still served: %v", err)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if err := (&Main{}).ParseFlags([]string{"--listen", ":0"}); err == nil {
		t.Fatal("missing --db accepted")
	}
}

// The server is killed with SIGKILL in the middle of a push and started
// again; the client retries and every operation is applied exactly once.
func TestKilledMidPush(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "wardd")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			db := filepath.Join(t.TempDir(), "ward.db")
			if kind == "postgres" {
				db = pgtest.DSN(t)
			}
			if err := userCmd(ctx, []string{"add", "an", "--role", "inspector", "--db", db}, strings.NewReader("mật-khẩu-dài\n"), &strings.Builder{}); err != nil {
				t.Fatal(err)
			}
			l, _ := net.Listen("tcp", "127.0.0.1:0")
			addr := l.Addr().String()
			l.Close()
			start := func() *exec.Cmd {
				cmd := exec.Command(bin, "--db", db, "--listen", addr)
				cmd.Stderr = &strings.Builder{}
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				return cmd
			}
			srv := start()
			t.Cleanup(func() { srv.Process.Kill(); srv.Wait() })
			const n = 3000
			lap, err := gpkg.Open(ctx, filepath.Join(t.TempDir(), "l.gpkg"), gpkg.Options{Create: true})
			if err != nil {
				t.Fatal(err)
			}
			defer lap.Close()
			fs := make([]*gis.Feature, n)
			for i := range fs {
				fs[i] = gis.NewFeature(gis.Tree, orb.Point{106.6 + float64(i)*1e-5, 20.8})
				fs[i].Attrs["height_m"] = float64(i%40) + 1
			}
			if err := lap.Insert(ctx, "an", fs...); err != nil {
				t.Fatal(err)
			}
			c := remote.NewClient("http://"+addr, "")
			c.Retries, c.Backoff = 200, 20*time.Millisecond
			deadline := time.Now().Add(30 * time.Second)
			for {
				if _, err = c.Login(ctx, "an", "mật-khẩu-dài"); err == nil || time.Now().After(deadline) {
					break
				}
				time.Sleep(50 * time.Millisecond)
			}
			if err != nil {
				t.Fatal(err)
			}
			st, err := sqlstore.Open(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			done := make(chan error, 1)
			go func() {
				_, err := remote.Sync(ctx, lap, c, remote.Options{PushBatch: 50})
				done <- err
			}()
			for {
				h, _ := st.Head(ctx, DefaultWard)
				if h > 300 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatal("push never started")
				}
				time.Sleep(5 * time.Millisecond)
			}
			srv.Process.Signal(syscall.SIGKILL)
			srv.Wait()
			killedAt, _ := st.Head(ctx, DefaultWard)
			srv = start()
			if err := <-done; err != nil {
				t.Fatalf("sync after restart: %v", err)
			}
			if killedAt >= n {
				t.Fatalf("the push had ended (%d) before the kill", killedAt)
			}
			var rows, ops, revs, hist int
			q := fmt.Sprintf(`SELECT (SELECT count(*) FROM records WHERE ward_id = '%[1]s'), (SELECT count(*) FROM applied_ops WHERE ward_id = '%[1]s'),
				(SELECT rev FROM wards WHERE id = '%[1]s'), (SELECT count(DISTINCT op_id) FROM history WHERE ward_id = '%[1]s')`, DefaultWard)
			if err := st.DB().QueryRowContext(ctx, q).Scan(&rows, &ops, &revs, &hist); err != nil {
				t.Fatal(err)
			}
			if rows != n || ops != n || revs != n || hist != n {
				t.Fatalf("records %d, applied ops %d, head %d, ops in history %d; want %d each", rows, ops, revs, hist, n)
			}
			if p, _ := lap.Pending(ctx); p != 0 {
				t.Fatalf("%d operations still pending", p)
			}
			t.Logf("killed at revision %d of %d", killedAt, n)
		})
	}
}
