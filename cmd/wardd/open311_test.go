package main

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// wardd serves Open311 and the public page beside the sync API, with the
// partner keys of --open311-keys; a bad keys file stops it starting.
func TestMainOpen311(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	keys := filepath.Join(dir, "keys")
	os.WriteFile(keys, []byte("# partners\nhotline-key-0123456789 hotline-1022 hotline\n"), 0o600)
	m := NewMain()
	if err := m.ParseFlags([]string{"--db", filepath.Join(dir, "ward.db"), "--listen", "127.0.0.1:0", "--open311-keys", keys}); err != nil {
		t.Fatal(err)
	}
	if err := m.Run(ctx); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	base := "http://" + m.Addr()
	check := func(resp *http.Response, err error, want int, contains string) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want || !strings.Contains(string(b), contains) {
			t.Errorf("%s: %d %.200s", resp.Request.URL, resp.StatusCode, b)
		}
	}
	resp, err := http.Get(base + "/open311/v2/services.json")
	check(resp, err, 200, `"service_code":"waste"`)
	resp, err = http.PostForm(base+"/open311/v2/requests.json", url.Values{"api_key": {"hotline-key-0123456789"}, "service_code": {"security"},
		"lat": {"20.81"}, "long": {"106.63"}, "description": {"Tụ tập gây ồn ào lúc nửa đêm"}})
	check(resp, err, 201, "service_request_id")
	resp, err = http.Get(base + "/phan-anh/")
	check(resp, err, 200, "Tụ tập gây ồn ào")
	resp, err = http.Get(base + "/healthz")
	check(resp, err, 200, "")
	resp, err = http.Get(base + "/api/v1/me")
	check(resp, err, 401, "unauthorized")

	bad := NewMain()
	os.WriteFile(keys, []byte("short name hotline\n"), 0o600)
	bad.ParseFlags([]string{"--db", filepath.Join(dir, "other.db"), "--listen", "127.0.0.1:0", "--open311-keys", keys})
	if err := bad.Run(ctx); err == nil || !strings.Contains(err.Error(), "16") {
		bad.Close()
		t.Errorf("bad keys file: %v", err)
	} else {
		bad.Close()
	}
}
