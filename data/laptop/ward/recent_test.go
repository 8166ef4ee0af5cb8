package ward

import (
	"os"
	"path/filepath"
	"testing"

	"wardmap/data/laptop/gpkg"
)

// The first start makes the demo copy once and says so; a database used
// since is opened next time while it exists.
func TestDefaultDB(t *testing.T) {
	ctx := t.Context()
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	var told []string
	first := func(p string) { told = append(told, p) }
	demo, err := DefaultDB(ctx, first)
	if err != nil || len(told) != 1 || told[0] != demo {
		t.Fatalf("first start: %s, told %v, %v", demo, told, err)
	}
	st, err := gpkg.Open(ctx, demo, gpkg.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	name, area, err := Home(ctx, st)
	st.Close()
	if err != nil || name == filepath.Base(demo) || area == kienAn || !area.Intersects(kienAn) {
		t.Errorf("the demo's home: %q %v %v", name, area, err)
	}
	if again, err := DefaultDB(ctx, first); err != nil || again != demo || len(told) != 1 {
		t.Errorf("second start: %s, told %v, %v", again, told, err)
	}
	other := filepath.Join(t.TempDir(), "other.gpkg")
	if err := os.WriteFile(other, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	RememberDB(other)
	if got, _ := DefaultDB(ctx, first); got != other {
		t.Errorf("after RememberDB: %s", got)
	}
	os.Remove(other)
	if got, _ := DefaultDB(ctx, first); got != demo || len(told) != 1 {
		t.Errorf("the remembered file gone: %s, told %v", got, told)
	}
}
