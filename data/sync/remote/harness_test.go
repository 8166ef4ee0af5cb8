package remote_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/server"
	"wardmap/data/server/pgtest"
	"wardmap/data/server/sqlstore"
	"wardmap/data/sync/remote"
	"wardmap/data/sync/wire"
	"wardmap/gis"
)

func TestMain(m *testing.M) {
	if path := os.Getenv("WARDMAP_FIRSTSYNC_SERVER"); path != "" {
		// The server process of BenchmarkFirstSync, not a test run.
		if err := firstSyncServer(path); err != nil {
			fmt.Fprintln(os.Stderr, "bench server:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

const ward = "kien-an"

// stores are the server stores every end-to-end case runs on.
var stores = []string{"sqlite", "postgres"}

type stack struct {
	svc *server.Service
	st  server.Store
	ts  *httptest.Server
}

func newStack(t testing.TB, kind string) *stack {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "ward.db")
	if kind == "postgres" {
		dsn = pgtest.DSN(t)
	}
	st, err := sqlstore.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	svc := server.NewService(st)
	ts := httptest.NewServer(remote.NewHandler(svc, nil))
	t.Cleanup(func() { ts.Close(); st.Close() })
	return &stack{svc: svc, st: st, ts: ts}
}

func (s *stack) client(t *testing.T, name, role string) *remote.Client {
	t.Helper()
	return s.clientAt(t, s.ts.URL, name, role)
}

func (s *stack) clientAt(t *testing.T, url, name, role string) *remote.Client {
	t.Helper()
	if _, err := s.svc.Store.UserByName(context.Background(), name); err != nil {
		if _, err := s.svc.AddUser(context.Background(), ward, name, role, "tdp-1", "mật-khẩu-"+name); err != nil {
			t.Fatal(err)
		}
	}
	c := remote.NewClient(url, "")
	c.Backoff = 20e6
	if _, err := c.Login(context.Background(), name, "mật-khẩu-"+name); err != nil {
		t.Fatal(err)
	}
	return c
}

func laptop(t testing.TB) *gpkg.Store {
	t.Helper()
	st, err := gpkg.Open(context.Background(), filepath.Join(t.TempDir(), "laptop.gpkg"), gpkg.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func syncOnce(t *testing.T, l *gpkg.Store, c *remote.Client) remote.Summary {
	t.Helper()
	sum, err := remote.Sync(context.Background(), l, c, remote.Options{PageSize: 7})
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	return sum
}

func newTree(h float64) *gis.Feature {
	f := gis.NewFeature(gis.Tree, orb.Point{106.63, 20.81})
	f.Attrs["species_vi"], f.Attrs["height_m"], f.Attrs["condition"] = "Bàng", h, "good"
	return f
}

func newLamp() *gis.Feature {
	f := gis.NewFeature(gis.Lamp, orb.Point{106.631, 20.811})
	f.Attrs["pole_code"], f.Attrs["status"] = "KA-0001", "working"
	return f
}

// sameAsServer fails unless every server record of the ward is on the
// laptop with the same fields, revision and tombstone.
func sameAsServer(t *testing.T, s *stack, l *gpkg.Store, name string) int {
	t.Helper()
	ctx := context.Background()
	u, _ := s.svc.Store.UserByName(ctx, "probe")
	if u == nil {
		var err error
		if u, err = s.svc.AddUser(ctx, ward, "probe", server.Viewer, "", "probe-password"); err != nil {
			t.Fatal(err)
		}
	}
	var recs []wire.Record
	for after := int64(0); ; {
		p, err := s.svc.Pull(ctx, u, server.ChangesQuery{After: after, Limit: server.MaxPage})
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, p.Records...)
		after = p.Next
		if !p.More {
			break
		}
	}
	for _, r := range recs {
		f, err := l.Get(ctx, gis.Kind(r.Kind), r.ID)
		if err != nil {
			t.Fatalf("%s: %s %s missing: %v", name, r.Kind, r.ID, err)
		}
		if f.Rev != r.Rev || f.Deleted != r.Deleted {
			t.Fatalf("%s: %s rev %d deleted %v, server rev %d deleted %v", name, r.ID, f.Rev, f.Deleted, r.Rev, r.Deleted)
		}
		local := wire.Fields(f)
		if len(local) != len(r.Fields) {
			t.Fatalf("%s: %s fields %v, server %v", name, r.ID, local, r.Fields)
		}
		for k, v := range r.Fields {
			if !wire.Same(local[k], v) {
				t.Fatalf("%s: %s.%s = %v, server %v", name, r.ID, k, local[k], v)
			}
		}
	}
	return len(recs)
}

func (s *stack) clientBench(b testing.TB) *remote.Client {
	ctx := context.Background()
	if _, err := s.svc.Store.UserByName(ctx, "bench"); err != nil {
		if _, err := s.svc.AddUser(ctx, ward, "bench", server.Planner, "", "bench-password"); err != nil {
			b.Fatal(err)
		}
	}
	c := remote.NewClient(s.ts.URL, "")
	if _, err := c.Login(ctx, "bench", "bench-password"); err != nil {
		b.Fatal(err)
	}
	return c
}

func remotePull(limit int) remote.PullQuery { return remote.PullQuery{Limit: limit} }
