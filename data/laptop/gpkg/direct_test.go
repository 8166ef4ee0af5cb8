package gpkg_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wardmap/data/laptop/gpkg"
)

// walSize is the size of path's write-ahead log (0 when there is none).
func walSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path + "-wal")
	if err != nil {
		return 0
	}
	return fi.Size()
}

// A direct load writes its pages into the file, not through the WAL, and
// leaves the file in WAL mode with every record; when another connection
// has the file open (a desktop), the load goes through the WAL as before,
// and both see the records.
func TestDirectLoad(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "direct.gpkg")
	s, err := gpkg.Open(ctx, path, gpkg.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	check := func(s *gpkg.Store, lamps, outbox int) {
		t.Helper()
		var ok, mode string
		var n, o, r int
		if err := s.QueryRow(ctx, "PRAGMA integrity_check", &ok); err != nil || ok != "ok" {
			t.Fatalf("integrity_check = %q, %v", ok, err)
		}
		if err := s.QueryRow(ctx, "PRAGMA journal_mode", &mode); err != nil || mode != "wal" {
			t.Fatalf("journal_mode = %q, %v", mode, err)
		}
		s.QueryRow(ctx, "SELECT count(*) FROM lamp", &n)
		s.QueryRow(ctx, "SELECT count(*) FROM rtree_lamp_geom", &r)
		s.QueryRow(ctx, "SELECT count(*) FROM wm_outbox", &o)
		if n != lamps || r != lamps || o != outbox {
			t.Fatalf("lamps, rtree rows, outbox = %d, %d, %d; want %d, %d, %d", n, r, o, lamps, lamps, outbox)
		}
	}
	// Something read first: the read pool holds an idle connection.
	check(s, 0, 0)
	if err := s.Load(ctx, randomLamps(3000, 1), gpkg.LoadOptions{User: "t", Outbox: true, Direct: true}); err != nil {
		t.Fatal(err)
	}
	if n := walSize(t, path); n != 0 {
		t.Fatalf("the direct load went through the WAL (%d bytes)", n)
	}
	check(s, 3000, 3000)

	desk, err := gpkg.Open(ctx, path, gpkg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer desk.Close()
	check(desk, 3000, 3000)
	if err := s.Load(ctx, randomLamps(2000, 2), gpkg.LoadOptions{User: "t", Outbox: true, Direct: true}); err != nil {
		t.Fatal(err)
	}
	if n := walSize(t, path); n == 0 {
		t.Fatal("with another connection open the load did not go through the WAL")
	}
	check(s, 5000, 5000)
	check(desk, 5000, 5000)
	if err := desk.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if n := walSize(t, path); n != 0 {
		t.Fatalf("WAL left after close: %d bytes", n)
	}
	out := ogrinfo(t, "-so", path, "lamp")
	if want := "Feature Count: 5000"; !strings.Contains(out, want) {
		t.Fatalf("ogrinfo: want %q in\n%s", want, out)
	}
}
