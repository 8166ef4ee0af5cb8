package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestHelp: `wardd --help`, `wardd user --help` and `wardd user VERB -h`
// print usage, both languages, an example and the flags, on stdout, exit 0.
func TestHelp(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "wardd")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"--help"}, []string{"Cách dùng (usage): wardd --db", "Máy chủ trung tâm", "The ward's central server", "Ví dụ (example):", "--listen", "mặc định (default): 127.0.0.1:8080",
			"OGC API – Features", "--public-layers", "limit at most 1000"}},
		{[]string{"-h"}, []string{"Cách dùng (usage): wardd --db", "--tls-cert"}},
		{[]string{"user", "--help"}, []string{"wardd user add|passwd|disable|enable", "Quản lý tài khoản", "Manages accounts", "Ví dụ (example):"}},
		{[]string{"user", "help"}, []string{"Manages accounts"}},
		{[]string{"user", "add", "-h"}, []string{"Manages accounts", "--role", "--tdp", "tổ dân phố (the TDP a tdp_head reports for)"}},
	}
	for _, c := range cases {
		cmd := exec.Command(bin, c.args...)
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
}
