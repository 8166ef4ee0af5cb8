package gpkg_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
)

// The child half of TestKillDuringWrite: commit one batch of lamps, then
// start a second, bigger one and report progress until it is killed.
func TestMain(m *testing.M) {
	if path := os.Getenv("WARDMAP_CRASH_CHILD"); path != "" {
		crashChild(path)
		return
	}
	if path := os.Getenv("WARDMAP_CRASH_CHILD_DIRECT"); path != "" {
		crashChildDirect(path)
		return
	}
	os.Exit(m.Run())
}

const committedLamps = 1000

func crashChild(path string) {
	ctx := context.Background()
	s, err := gpkg.Open(ctx, path, gpkg.Options{Create: true})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	if err := s.Load(ctx, randomLamps(committedLamps, 1), gpkg.LoadOptions{User: "child"}); err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	fmt.Println("committed")
	// The second transaction goes through the ordinary edit path (triggers
	// and outbox) and never ends: the parent kills us in the middle.
	err = s.Update(ctx, "child", func(tx *gpkg.Tx) error {
		for i, f := range randomLamps(200_000, 2) {
			if err := tx.Insert(ctx, f); err != nil {
				return err
			}
			if i == 5000 {
				fmt.Println("writing")
			}
		}
		return nil
	})
	fmt.Println("error: finished", err)
	os.Exit(1)
}

// A writer killed with SIGKILL in the middle of a transaction leaves a valid
// file holding every committed transaction and nothing of the open one.
func TestKillDuringWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "crash.gpkg")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "WARDMAP_CRASH_CHILD="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	var seen []string
	for sc.Scan() {
		line := sc.Text()
		seen = append(seen, line)
		if strings.HasPrefix(line, "error") {
			t.Fatalf("child: %s", line)
		}
		if line == "writing" {
			break
		}
	}
	if len(seen) == 0 || seen[len(seen)-1] != "writing" {
		t.Fatalf("child said %v", seen)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if _, err := os.Stat(path + "-wal"); err != nil {
		t.Logf("no -wal after the kill: %v", err)
	}

	ctx := context.Background()
	s, err := gpkg.Open(ctx, path, gpkg.Options{})
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer s.Close()
	var check string
	if err := s.QueryRow(ctx, "PRAGMA integrity_check", &check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := count(st, gis.Lamp); n != committedLamps {
		t.Fatalf("lamps = %d, want exactly the %d committed", n, committedLamps)
	}
	var rtree, outbox int
	s.QueryRow(ctx, "SELECT count(*) FROM rtree_lamp_geom", &rtree)
	s.QueryRow(ctx, "SELECT count(*) FROM wm_outbox", &outbox)
	if rtree != committedLamps || outbox != 0 {
		t.Fatalf("rtree rows = %d, outbox = %d", rtree, outbox)
	}
	s.Close()
	out2 := ogrinfo(t, "-so", path, "lamp")
	if !strings.Contains(out2, fmt.Sprintf("Feature Count: %d", committedLamps)) {
		t.Fatalf("ogrinfo after the crash:\n%s", out2)
	}
}

// directLamps is enough lamps for a direct load to spill pages into the
// file before its commit (the page cache is 64 MB).
const directLamps = 400_000

// The child half of TestKillDuringDirectLoad: commit one batch of lamps,
// then load many more through the rollback journal until it is killed.
func crashChildDirect(path string) {
	ctx := context.Background()
	s, err := gpkg.Open(ctx, path, gpkg.Options{Create: true})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	if err := s.Load(ctx, randomLamps(committedLamps, 1), gpkg.LoadOptions{User: "child"}); err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	fmt.Println("committed")
	err = s.Load(ctx, randomLamps(directLamps, 2), gpkg.LoadOptions{User: "child", Outbox: true, Direct: true})
	fmt.Println("error: finished", err)
	os.Exit(1)
}

// A direct load killed after it has written pages of its open transaction
// into the file leaves a hot journal: the next opening rolls it back, and
// the file holds every committed lamp, nothing of the load, and is in WAL
// mode again.
func TestKillDuringDirectLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 400,000 lamps")
	}
	path := filepath.Join(t.TempDir(), "crash.gpkg")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "WARDMAP_CRASH_CHILD_DIRECT="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	sc := bufio.NewScanner(out)
	if !sc.Scan() || sc.Text() != "committed" {
		t.Fatalf("child said %q", sc.Text())
	}
	committed, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	// Wait until the load has its journal and has written pages beyond
	// the committed file's end: killed now, the file holds uncommitted pages.
	done := make(chan string, 1)
	go func() {
		for sc.Scan() {
			done <- sc.Text()
		}
		close(done)
	}()
	spilled := false
	for !spilled {
		select {
		case line := <-done:
			t.Fatalf("the child ended before its load spilled into the file: %q", line)
		case <-time.After(5 * time.Millisecond):
		}
		_, jerr := os.Stat(path + "-journal")
		fi, err := os.Stat(path)
		spilled = jerr == nil && err == nil && fi.Size() > committed.Size()+(8<<20)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if _, err := os.Stat(path + "-journal"); err != nil {
		t.Fatalf("no hot journal after the kill: %v", err)
	}
	ctx := context.Background()
	s, err := gpkg.Open(ctx, path, gpkg.Options{})
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer s.Close()
	var check, mode string
	if err := s.QueryRow(ctx, "PRAGMA integrity_check", &check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	if err := s.QueryRow(ctx, "PRAGMA journal_mode", &mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v", mode, err)
	}
	var lamps, rtree, outbox int
	s.QueryRow(ctx, "SELECT count(*) FROM lamp", &lamps)
	s.QueryRow(ctx, "SELECT count(*) FROM rtree_lamp_geom", &rtree)
	s.QueryRow(ctx, "SELECT count(*) FROM wm_outbox", &outbox)
	if lamps != committedLamps || rtree != committedLamps || outbox != 0 {
		t.Fatalf("lamps = %d, rtree rows = %d, outbox = %d; want %d, %d, 0", lamps, rtree, outbox, committedLamps, committedLamps)
	}
}
