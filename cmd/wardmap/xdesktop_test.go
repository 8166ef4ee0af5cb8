package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"wardmap/cmd/internal/desktop"
)

// The tests and benchmarks that run the real wardmap binary in its own
// Xvfb share what is below: the tool check, one build of the binary per
// test process (each test built its own, ~20 s of CPU a link), and a home
// of its own for each run of the app.

// needX skips in -short mode and fails when a tool the window tests drive
// is missing.
func needX(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts an X server and the whole app")
	}
	for _, tool := range []string{"Xvfb", "xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is required (xvfb, xdotool, imagemagick): run `make test`, which installs them", tool)
		}
	}
}

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// wardmapBinary builds the binary once for the test process; TestMain
// removes it.
func wardmapBinary(t testing.TB) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "wardmap-bin-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "wardmap")
		if out, err := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", binPath, ".").CombinedOutput(); err != nil {
			binErr = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// xDesktop is an X display and a fresh home (preferences, data) for the
// app; Start runs the binary there.
type xDesktop struct {
	Display, Home string
	log           string
}

func newXDesktop(t testing.TB) *xDesktop {
	t.Helper()
	return &xDesktop{Display: startXvfb(t), Home: t.TempDir()}
}

// Env is the app's environment: the display, the home, an English locale
// (Fyne complains of LANG=C) and Mesa's software OpenGL.
func (d *xDesktop) Env(extra ...string) []string {
	return append(append(os.Environ(), "DISPLAY="+d.Display, "HOME="+d.Home,
		"XDG_DATA_HOME="+filepath.Join(d.Home, "data"), "XDG_CONFIG_HOME="+filepath.Join(d.Home, "config"),
		"LANG=en_US.UTF-8", "LIBGL_ALWAYS_SOFTWARE=1"), extra...)
}

// Preferences writes the app's preferences before it starts, as a
// previous session would have left them.
func (d *xDesktop) Preferences(t testing.TB, json string) {
	t.Helper()
	dir := filepath.Join(d.Home, "config", "fyne", desktop.AppID)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "preferences.json"), []byte(json), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Start runs wardmap with args, its output in a log file (Log); it is
// killed when the test ends.
func (d *xDesktop) Start(t testing.TB, args ...string) {
	t.Helper()
	cmd := exec.Command(wardmapBinary(t), args...)
	cmd.Env = d.Env()
	logf, err := os.Create(filepath.Join(t.TempDir(), "app.log"))
	if err != nil {
		t.Fatal(err)
	}
	d.log = logf.Name()
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		logf.Close()
	})
}

// Log is what the app has printed so far.
func (d *xDesktop) Log() string {
	b, _ := os.ReadFile(d.log)
	return string(b)
}
