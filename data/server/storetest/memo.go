package storetest

import (
	"bytes"
	"testing"

	"wardmap/data/server"
)

// Memos (the dashboard's kept boards): a ward's memo is read back as
// kept, an older revision never replaces a newer one, and no ward sees
// another's.
var memoCases = []struct {
	name string
	run  func(t *testing.T, e *env)
}{
	{"memos kept per ward, newest revision wins", func(t *testing.T, e *env) {
		m, ok := e.st.(server.Memos)
		if !ok {
			t.Fatalf("%T keeps no memos", e.st)
		}
		get := func(ward, key string) (int64, string, bool) {
			t.Helper()
			rev, body, ok, err := m.Memo(e.ctx, ward, key)
			if err != nil {
				t.Fatal(err)
			}
			return rev, string(body), ok
		}
		set := func(ward, key string, rev int64, body string) {
			t.Helper()
			if err := m.SetMemo(e.ctx, ward, key, rev, []byte(body)); err != nil {
				t.Fatal(err)
			}
		}
		if _, _, ok := get(Ward, "dashboard/2026-Q4"); ok {
			t.Fatal("a memo before any was kept")
		}
		bin := string(bytes.Repeat([]byte{0, 0xff, 'x'}, 1000)) // bodies are bytes, not text
		set(Ward, "dashboard/2026-Q4", 7, bin)
		set(Ward, "dashboard/2026", 3, "year")
		set("other", "dashboard/2026-Q4", 9, "other ward")
		if rev, body, ok := get(Ward, "dashboard/2026-Q4"); !ok || rev != 7 || body != bin {
			t.Fatalf("kept memo read back as rev %d, %d bytes, ok %v", rev, len(body), ok)
		}
		set(Ward, "dashboard/2026-Q4", 5, "older")
		if rev, body, _ := get(Ward, "dashboard/2026-Q4"); rev != 7 || body != bin {
			t.Fatalf("an older revision replaced the memo: rev %d %.10q", rev, body)
		}
		set(Ward, "dashboard/2026-Q4", 8, "newer")
		if rev, body, _ := get(Ward, "dashboard/2026-Q4"); rev != 8 || body != "newer" {
			t.Fatalf("the newer memo was not kept: rev %d %q", rev, body)
		}
		if rev, body, _ := get(Ward, "dashboard/2026"); rev != 3 || body != "year" {
			t.Fatalf("another key's memo changed: rev %d %q", rev, body)
		}
		if rev, body, _ := get("other", "dashboard/2026-Q4"); rev != 9 || body != "other ward" {
			t.Fatalf("another ward's memo changed: rev %d %q", rev, body)
		}
		if _, _, ok := get("nowhere", "dashboard/2026-Q4"); ok {
			t.Fatal("a ward without memos has one")
		}
	}},
}

func init() { cases = append(cases, memoCases...) }
