// Package gistest holds helpers shared by the tests of every package:
// where the real public test data lives, tolerant float comparison and
// where tests leave artefacts for a person to look at, and the external
// programs they are refereed by.
package gistest

import (
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// SharedDir returns the folder of real public test data (../shared beside the
// repository, or $WARDMAP_SHARED). The data is read in place, never copied
// into the repository. Tests that need it are skipped with a clear message
// only when WARDMAP_SHARED_OPTIONAL is set; otherwise a missing folder fails.
func SharedDir(tb testing.TB) string {
	tb.Helper()
	if d := os.Getenv("WARDMAP_SHARED"); d != "" {
		return d
	}
	root := RepoRoot(tb)
	d := filepath.Join(root, "..", "shared")
	if _, err := os.Stat(filepath.Join(d, "data")); err != nil {
		if os.Getenv("WARDMAP_SHARED_OPTIONAL") != "" {
			tb.Skipf("shared test data not found at %s", d)
		}
		tb.Fatalf("shared test data not found at %s (set WARDMAP_SHARED): %v", d, err)
	}
	return d
}

// SharedData returns the path of a file or folder under shared/data.
func SharedData(tb testing.TB, elem ...string) string {
	tb.Helper()
	return filepath.Join(append([]string{SharedDir(tb), "data"}, elem...)...)
}

// RepoRoot walks up from the working directory to the folder holding go.mod.
func RepoRoot(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("go.mod not found above the working directory")
		}
		dir = parent
	}
}

// OutDir returns a folder under testout/ at the repository root where a test
// keeps artefacts (screenshots, rendered pages) for a person to look at.
// It survives the test run, unlike t.TempDir.
func OutDir(tb testing.TB, name string) string {
	tb.Helper()
	d := filepath.Join(RepoRoot(tb), "testout", name)
	if err := os.MkdirAll(d, 0o755); err != nil {
		tb.Fatal(err)
	}
	return d
}

// Near reports whether a and b differ by at most tol.
func Near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// Referee returns the path of an external program a test holds the code
// to (cs2cs, ogr2ogr, xmllint, exiftool…), pkg naming the Debian package
// that ships it. A missing referee fails the test, unless
// WARDMAP_REFEREES_OPTIONAL is set, when the test is skipped: a
// comparison that silently does not run proves nothing.
func Referee(tb testing.TB, name, pkg string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("WARDMAP_REFEREES_OPTIONAL") != "" {
			tb.Skipf("%s not installed (apt-get install %s)", name, pkg)
		}
		tb.Fatalf("%s not installed (apt-get install %s), or set WARDMAP_REFEREES_OPTIONAL to skip: %v", name, pkg, err)
	}
	return p
}
