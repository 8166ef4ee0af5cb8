package ward

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"wardmap/data/laptop/gpkg"
)

var (
	demoOnce sync.Once
	demoData []byte
	demoErr  error
)

// copyDemo is a fresh copy of a demo ward made once by Create.
func copyDemo(t testing.TB) string {
	t.Helper()
	demoOnce.Do(func() {
		dir, err := os.MkdirTemp("", "ward-demo-")
		if err != nil {
			demoErr = err
			return
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, "demo.gpkg")
		if _, demoErr = Create(context.Background(), path, true); demoErr == nil {
			demoData, demoErr = os.ReadFile(path)
		}
	})
	if demoErr != nil {
		t.Fatal(demoErr)
	}
	dst := filepath.Join(t.TempDir(), "ward.gpkg")
	if err := os.WriteFile(dst, demoData, 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}

func open(t testing.TB, path string) *gpkg.Store {
	t.Helper()
	s, err := gpkg.Open(context.Background(), path, gpkg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestCreate(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.gpkg")
	if n, err := Create(ctx, empty, false); err != nil || n != 0 {
		t.Fatalf("empty ward: %d records, %v", n, err)
	}
	demo := filepath.Join(dir, "demo.gpkg")
	n, err := Create(ctx, demo, true)
	if err != nil || n < 1000 {
		t.Fatalf("demo ward: %d records, %v", n, err)
	}
	s := open(t, demo)
	if v, _ := s.Setting(ctx, "demo"); v != "true" {
		t.Errorf("demo setting %q", v)
	}
	st, err := s.Stats(ctx)
	if err != nil || st.Ward == "" || st.Bounds == nil {
		t.Errorf("demo stats %+v %v", st, err)
	}
	// Creating over an existing database fails and leaves it as it was.
	before, _ := os.ReadFile(empty)
	if _, err := Create(ctx, empty, true); !errors.Is(err, fs.ErrExist) {
		t.Errorf("a second Create over the same file: %v", err)
	}
	if after, _ := os.ReadFile(empty); string(after) != string(before) {
		t.Error("the existing database changed")
	}
}
