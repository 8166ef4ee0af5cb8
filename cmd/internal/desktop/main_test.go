package desktop

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/ward"
)

var (
	demoOnce sync.Once
	demoPath string
	demoErr  error
)

// demoDB makes one demo database for the package's tests, read-only from
// then on (tests that write take a copyDemo).
func demoDB(tb testing.TB) string {
	tb.Helper()
	demoOnce.Do(func() {
		dir, err := os.MkdirTemp("", "wardmap-desktop-demo-")
		if err != nil {
			demoErr = err
			return
		}
		demoPath = filepath.Join(dir, "demo.gpkg")
		_, demoErr = ward.Create(context.Background(), demoPath, true)
	})
	if demoErr != nil {
		tb.Fatal(demoErr)
	}
	return demoPath
}

func TestMain(m *testing.M) {
	if path := os.Getenv(relaunchedEnv); path != "" {
		writeRelaunched(path) // started again by TestRelaunchNewDatabase
		os.Exit(0)
	}
	code := m.Run()
	if demoPath != "" {
		os.RemoveAll(filepath.Dir(demoPath))
	}
	os.Exit(code)
}

// copyDemo gives a test its own writable copy of the demo database.
func copyDemo(tb testing.TB) string {
	tb.Helper()
	data, err := os.ReadFile(demoDB(tb))
	if err != nil {
		tb.Fatal(err)
	}
	dst := filepath.Join(tb.TempDir(), "ward.gpkg")
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	return dst
}

// createEmpty makes an empty ward database at db, as `wardmap init --db`
// does.
func createEmpty(t *testing.T, db string) {
	t.Helper()
	if _, err := ward.Create(context.Background(), db, false); err != nil {
		t.Fatal(err)
	}
}

// openStore opens db for a test, closed at its end.
func openStore(t *testing.T, db string) *gpkg.Store {
	t.Helper()
	s, err := gpkg.Open(t.Context(), db, gpkg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
