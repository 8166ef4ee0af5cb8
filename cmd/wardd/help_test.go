package main

import (
	"errors"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestHelp: `wardd --help`, `wardd user --help`, `wardd user VERB -h` and
// `wardd help …` print usage, both languages, an example and the flags, on
// stdout, exit 0; a mistake in the command line exits 2 and says where help is.
func TestHelp(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "wardd")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	server := []string{"Cách dùng (usage): wardd --db", "Máy chủ trung tâm", "The ward's central server", "Ví dụ (example):", "--listen", "mặc định (default): 127.0.0.1:8080",
		"OGC API – Features", "--public-layers LAYERS", "limit at most 1000", "/dashboard/", "--open311-keys FILE", "wardd user "}
	user := []string{"wardd user add|passwd|disable|enable", "Quản lý tài khoản", "Manages accounts", "Ví dụ (example):",
		"  wardd user add  ", "  wardd user passwd  ", "  wardd user disable  ", "  wardd user enable  "}
	add := []string{"Cách dùng (usage): wardd user add NAME", "Tạo tài khoản", "Creates an account", "read from stdin", "Ví dụ (example):",
		"--role ROLE", "tdp_head", "--tdp TDP", "tổ dân phố (the TDP a tdp_head reports for)", "phường (ward); mặc định (default): kien-an"}
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"--help"}, server},
		{[]string{"-h"}, server},
		{[]string{"help"}, server},
		{[]string{"user", "--help"}, user},
		{[]string{"user", "help"}, user},
		{[]string{"help", "user"}, user},
		{[]string{"user", "add", "-h"}, add},
		{[]string{"user", "add", "lan", "--db", "x.db", "--help"}, add},
		{[]string{"help", "user", "add"}, add},
		{[]string{"user", "passwd", "--help"}, []string{"wardd user passwd NAME", "Đổi mật khẩu", "sessions are revoked", "--db DB"}},
		{[]string{"user", "disable", "--help"}, []string{"wardd user disable NAME", "Khóa tài khoản", "Locks an account", "--db DB"}},
		{[]string{"user", "enable", "--help"}, []string{"wardd user enable NAME", "Mở lại", "Unlocks", "--db DB"}},
	}
	for _, c := range cases {
		cmd := exec.Command(bin, c.args...)
		cmd.Dir = t.TempDir()
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil || stderr.Len() > 0 {
			t.Errorf("wardd %v: %v, stderr %q", c.args, err, stderr.String())
		}
		for _, w := range c.want {
			if !strings.Contains(string(out), w) {
				t.Errorf("wardd %v: lacks %q:\n%s", c.args, w, out)
			}
		}
	}
	for _, args := range [][]string{{"--bogus"}, {"extra"}, {"--listen", ":0"}, {"user"}, {"user", "add", "lan"}, {"user", "frob", "x", "--db", "x.db"}, {"user", "add", "lan", "--bogus"}} {
		cmd := exec.Command(bin, args...)
		cmd.Dir = t.TempDir()
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 2 || len(out) > 0 || !strings.Contains(stderr.String(), "wardd: ") || !strings.Contains(stderr.String(), "Xem (see) `wardd help`.") {
			t.Errorf("wardd %v: %v, stdout %q, stderr %q; want exit 2 and a pointer to help", args, err, out, stderr.String())
		}
		if strings.Contains(stderr.String(), "wardd: wardd") { // the program names itself once
			t.Errorf("wardd %v: stderr %q", args, stderr.String())
		}
		if m, _ := filepath.Glob(filepath.Join(cmd.Dir, "*")); len(m) > 0 {
			t.Errorf("wardd %v made %v", args, m)
		}
	}
}

// TestEveryVerbHasHelp: help.txt and the verbs wardd user runs agree.
func TestEveryVerbHasHelp(t *testing.T) {
	var want []string
	for _, v := range userVerbs {
		want = append(want, "user "+v)
	}
	if got := helps.Subcommands("user"); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
		t.Errorf("help.txt has help for %v, wardd user runs %v", got, want)
	}
	if got := helps.Paths(); !slices.Equal(got, append([]string{"", "user"}, slices.Sorted(slices.Values(want))...)) {
		t.Errorf("help.txt has help for %v", got)
	}
}
