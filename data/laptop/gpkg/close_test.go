package gpkg_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
)

// After Close the .gpkg file alone holds every row: the write-ahead log
// is folded in and removed, so a copy of just the file (mailed, put on a
// USB stick, opened by a tool that reads the file) loses nothing. A bulk
// load runs with automatic checkpoints off, so without the fold its rows
// would all be in the log.
func TestCloseLeavesFileWhole(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "ward.gpkg")
	s, err := gpkg.Open(ctx, path, gpkg.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	l, err := s.NewLoader(ctx, gpkg.LoadOptions{User: "an"})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3000; i++ {
		f := gis.NewFeature(gis.Lamp, orb.Point{106.62 + float64(i)*1e-5, 20.81})
		f.Attrs["status"] = "working"
		if err := l.Add(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Commit(); err != nil {
		t.Fatal(err)
	}
	// a reader was used, as the app's read pool is
	if _, err := s.Find(ctx, gpkg.Query{Kind: gis.Lamp, Limit: 1}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		t.Fatalf("a %d-byte write-ahead log is left beside the closed file", fi.Size())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cp := filepath.Join(t.TempDir(), "copy.gpkg")
	if err := os.WriteFile(cp, data, 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := gpkg.Open(ctx, cp, gpkg.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	rs, err := c.Find(ctx, gpkg.Query{Kind: gis.Lamp})
	if err != nil || len(rs) != 3000 {
		t.Fatalf("the copied file holds %d of 3000 lamps (%v)", len(rs), err)
	}
}
