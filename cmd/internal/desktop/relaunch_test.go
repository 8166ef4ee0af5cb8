package desktop

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"wardmap/data/laptop/ward"
	"wardmap/gis"
)

// relaunchedEnv names the file where this test binary, started again by
// the relauncher, writes the arguments it was given (see TestMain).
const relaunchedEnv = "WARDMAP_TEST_RELAUNCHED"

// File › New database: a name that exists is refused and the file left as
// it was; a new one is made as a ward database, remembered as the last
// one, and the program started again on it (this test binary, which only
// writes down its arguments).
func TestRelaunchNewDatabase(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	args := filepath.Join(dir, "args")
	t.Setenv(relaunchedEnv, args)
	a := test.NewTempApp(t)
	current := filepath.Join(dir, "current.gpkg")
	createEmpty(t, current)
	relaunch := relauncher(context.Background(), a, current)

	before, _ := os.ReadFile(current)
	err := relaunch(current, true)
	if err == nil || !strings.Contains(err.Error(), "đã có; chọn tên khác (the file already exists)") {
		t.Fatalf("an existing file as a new database: %v", err)
	}
	if after, _ := os.ReadFile(current); string(after) != string(before) {
		t.Error("the existing file was changed")
	}
	if _, err := os.Stat(args); err == nil {
		t.Fatal("restarted although the new database was refused")
	}

	fresh := filepath.Join(dir, "moi.gpkg")
	if err := relaunch(fresh, true); err != nil {
		t.Fatal(err)
	}
	s := openStore(t, fresh)
	if n, err := ward.Counts(t.Context(), s); err != nil || n[gis.Lamp] != 0 {
		t.Fatalf("the new database: %v %v", n, err)
	}
	if last, _ := os.ReadFile(filepath.Join(dir, "data", "wardmap", "last-db")); strings.TrimSpace(string(last)) != fresh {
		t.Errorf("remembered %q, want %s", last, fresh)
	}
	got := waitForFile(t, args)
	if got != "--db "+fresh {
		t.Errorf("started again with %q, want --db %s", got, fresh)
	}
}

// waitForFile returns the contents of path once the restarted process has
// written it (renamed into place whole).
func waitForFile(t *testing.T, path string) string {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if b, err := os.ReadFile(path); err == nil {
			return string(b)
		}
	}
	t.Fatalf("the program was not started again within a minute (%s not written)", path)
	return ""
}

// writeRelaunched is this test binary started again by the relauncher:
// it writes down its arguments instead of opening a window.
func writeRelaunched(path string) {
	tmp := path + ".part"
	if err := os.WriteFile(tmp, []byte(strings.Join(os.Args[1:], " ")), 0o644); err == nil {
		os.Rename(tmp, path)
	}
}
