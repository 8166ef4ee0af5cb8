package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// commandPaths lists every command and subcommand the program dispatches,
// read from the registries rather than from helps, so a new command
// without help text fails TestEveryCommandHasHelp.
func commandPaths() []string {
	var ps []string
	for _, c := range commands() {
		ps = append(ps, c.name)
	}
	for name := range importers {
		ps = append(ps, "import "+name)
	}
	for name := range routeSubcommands {
		ps = append(ps, "route "+name)
	}
	ps = append(ps, "crs list", "crs convert", "track import",
		"indicators figure", "indicators targets", "indicators set")
	sort.Strings(ps)
	return ps
}

// TestFormerNamesStillWork: scripts written for "wardmap report" and
// "wardmap indicators report" (before "report" was kept for field reports
// alone) run the renamed commands and get their help.
func TestFormerNamesStillWork(t *testing.T) {
	for former, now := range formerNames {
		out, errOut, code := wardmap(t, append(strings.Fields(former), "--help")...)
		want := "wardmap " + now
		if code != 0 || errOut != "" || !strings.Contains(out, want) {
			t.Errorf("wardmap %s --help: exit %d, stderr %q, want the help of %q:\n%s", former, code, errOut, want, out)
		}
	}
}

// TestEveryCommandHasHelp: help.txt and the commands agree both ways.
func TestEveryCommandHasHelp(t *testing.T) {
	paths := commandPaths()
	for _, p := range helps.Paths() {
		if p != "" && !slices.Contains(paths, p) {
			t.Errorf("help.txt has help for [wardmap %s], which is no command", p)
		}
	}
	for _, p := range paths {
		h, ok := helps.Text(p)
		if !ok {
			t.Errorf("wardmap %s has no help text in help.txt", p)
			continue
		}
		if h.VI == "" || h.EN == "" || h.Example == "" || !strings.HasPrefix(h.Usage, p) {
			t.Errorf("wardmap %s: help needs usage starting with its name, Vietnamese, English and an example: %+v", p, h)
		}
	}
}

// TestHelpForEverySubcommand runs `CMD --help`, `CMD -h` and `help CMD` for
// every command: exit 0, usage, both languages, the example, and for
// commands with flags every flag the command really parses.
func TestHelpForEverySubcommand(t *testing.T) {
	paths := append([]string{""}, commandPaths()...)
	for _, p := range paths {
		words := strings.Fields(p)
		forms := [][]string{append(append([]string{}, words...), "--help"), append(append([]string{}, words...), "-h")}
		if p != "" {
			forms = append(forms, append([]string{"help"}, words...))
		}
		for _, args := range forms {
			out, errOut, code := wardmap(t, args...)
			name := strings.Join(args, " ")
			if code != 0 || errOut != "" {
				t.Errorf("wardmap %s: exit %d, stderr %q", name, code, errOut)
				continue
			}
			h, _ := helps.Text(p)
			for _, want := range []string{"Cách dùng (usage): wardmap " + h.Usage, h.VI, h.EN, "Ví dụ (example):\n  " + h.Example} {
				if !strings.Contains(out, want) {
					t.Errorf("wardmap %s: output lacks %q:\n%s", name, want, out)
				}
			}
			leaf := len(helps.Subcommands(p)) == 0 || hasFlags(p)
			if leaf && strings.Contains(h.Usage, "--db") && !strings.Contains(out, "--db DB ") {
				t.Errorf("wardmap %s: the flags are not listed:\n%s", name, out)
			}
		}
	}
	out, _, _ := wardmap(t, "import", "features", "--help")
	for _, want := range []string{"--map MAP", "tệp ánh xạ cột (mapping file (JSON))", "--strict", "--dry-run"} {
		if !strings.Contains(out, want) {
			t.Errorf("import features --help lacks %q", want)
		}
	}
	if out, _, _ := wardmap(t, "route", "plan", "--help"); !strings.Contains(out, "mặc định (default): 4h0m0s") {
		t.Errorf("route plan --help does not give the --shift default:\n%s", out)
	}
}

// TestHelpDoesNothing: asking for help never runs the command.
func TestHelpDoesNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "new.gpkg")
	for _, args := range [][]string{{"init", "--db", db, "--demo", "--help"}, {"help", "init", "--db", db}} {
		if _, errOut, code := wardmap(t, args...); code != 0 {
			t.Fatalf("%v: exit %d %s", args, code, errOut)
		}
		if _, err := os.Stat(db); err == nil {
			t.Fatalf("%v created the database", args)
		}
	}
}

// TestHeadlessQuietUnderCLocale: servers, cron and CI run with LANG=C.UTF-8;
// Fyne's init used to print three "Fyne error" lines there (see earlyenv).
func TestHeadlessQuietUnderCLocale(t *testing.T) {
	bin := wardmapBinary(t)
	db := filepath.Join(t.TempDir(), "w.gpkg")
	if _, errOut, code := wardmap(t, "init", "--db", db); code != 0 {
		t.Fatal(errOut)
	}
	for _, env := range [][]string{{"LANG=C.UTF-8"}, {"LANG=C"}, {"LC_ALL=C.UTF-8"}, {"LANG=POSIX"}, {"LANG=vi_VN.UTF-8"}, {}} {
		cmd := exec.Command(bin, "stats", "--db", db)
		cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}, env...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil || stderr.Len() > 0 || len(out) == 0 {
			t.Errorf("env %v: err %v, stderr %q", env, err, stderr.String())
		}
	}
}

// readOnlyCommands only read the database.
var readOnlyCommands = [][]string{
	{"stats"}, {"stats", "--json"}, {"query", "--kind", "tree"}, {"indicators"}, {"indicators", "targets"},
	{"due", "--date", "2026-12-01"}, {"reports"}, {"violations"}, {"cycles"}, {"assignments"}, {"conflicts"},
	{"export", "OUT.csv", "--kind", "tree"},
}

// TestReadOnlyCommandsLeaveNoFiles: a command that only reads leaves no
// -wal or -shm file beside a database that had none.
func TestReadOnlyCommandsLeaveNoFiles(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.gpkg")
	if _, errOut, code := wardmap(t, "init", "--db", db, "--demo"); code != 0 {
		t.Fatal(errOut)
	}
	for _, c := range readOnlyCommands {
		args := append(withOut(c, dir), "--db", db)
		if _, errOut, code := wardmap(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		for _, suffix := range []string{"-wal", "-shm"} {
			if _, err := os.Stat(db + suffix); err == nil {
				t.Errorf("%v left %s%s", args, filepath.Base(db), suffix)
				os.Remove(db + suffix)
			}
		}
	}
}

func withOut(c []string, dir string) []string {
	out := append([]string{}, c...)
	for i, a := range out {
		if a == "OUT.csv" {
			out[i] = filepath.Join(dir, "out.csv")
		}
	}
	return out
}

// TestOldReleaseDatabase runs every command on a database written by the
// first release with a CLI (commit ed93092, `init --demo`, cut to 12 rows a
// layer; see testdata/README.md): each works, the file is upgraded once
// and a copy of the old file is kept beside it.
func TestOldReleaseDatabase(t *testing.T) {
	cmds := append(append([][]string{}, readOnlyCommands...),
		[]string{"cycles", "set", "lamp", "30", "--user", "an"},
		[]string{"indicators", "figure", "--code", "VH-01", "--period", "2026", "--value", "90", "--tdp", "TDP-01", "--user", "an"},
		[]string{"reports", "--overdue"},
		[]string{"violations", "--hotspots"},
	)
	for _, c := range cmds {
		dir := t.TempDir()
		db := filepath.Join(dir, "old.gpkg")
		gunzipTo(t, "testdata/v1-ed93092.gpkg.gz", db)
		args := append(withOut(c, dir), "--db", db)
		out, errOut, code := wardmap(t, args...)
		if strings.Contains(out+errOut, "no such table") {
			t.Errorf("%v on the old database: %s%s", args, out, errOut)
			continue
		}
		if code != 0 && !strings.Contains(errOut, "TDP") { // the fixture's TDP ids are not TDP-01
			t.Errorf("%v on the old database: exit %d: %s", args, code, errOut)
		}
		if _, err := os.Stat(filepath.Join(dir, "old.before-0003.gpkg")); err != nil {
			t.Errorf("%v: no copy of the old file kept: %v", args, err)
		}
		// Upgraded once: the next command finds nothing to do.
		if _, errOut, code := wardmap(t, "stats", "--db", db); code != 0 {
			t.Errorf("stats after %v: %s", args, errOut)
		}
	}
}

func gunzipTo(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.WriteFile(dst, []byte(gunzip(t, src)), 0o644); err != nil {
		t.Fatal(err)
	}
}
