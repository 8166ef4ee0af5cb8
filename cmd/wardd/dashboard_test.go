package main

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// The real Main serves the dashboard beside the other APIs: the login
// page to anyone, the page to a leader's token, and /healthz still.
func TestMainServesDashboard(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "ward.db")
	var out strings.Builder
	if err := userCmd(ctx, []string{"add", "lanhdao", "--role", "leader", "--db", db}, strings.NewReader("mật-khẩu-dài\n"), &out); err != nil {
		t.Fatal(err)
	}
	m := NewMain()
	if err := m.ParseFlags([]string{"--db", db, "--listen", "127.0.0.1:0"}); err != nil {
		t.Fatal(err)
	}
	if err := m.Run(ctx); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	url := "http://" + m.Addr()
	get := func(path, tok string) (int, string) {
		req, _ := http.NewRequest("GET", url+path, nil)
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/dashboard/", ""); code != 200 || !strings.Contains(body, "dang-nhap") {
		t.Fatalf("login page: %d", code)
	}
	tok, _, _, err := m.Service.Login(ctx, "lanhdao", "mật-khẩu-dài", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if code, body := get("/dashboard/?p=2026", tok); code != 200 || strings.Count(body, `<li class="row`) != 18 || !strings.Contains(body, "Năm 2026") {
		t.Fatalf("page: %d\n%s", code, body)
	}
	if code, _ := get("/healthz", ""); code != 200 {
		t.Fatalf("healthz: %d", code)
	}
}
