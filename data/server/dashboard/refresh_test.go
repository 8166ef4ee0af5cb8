package dashboard_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/data/server"
	"wardmap/data/server/dashboard"
	"wardmap/data/server/internal/browsertest"
	"wardmap/data/sync/wire"
	"wardmap/gis/gistest"
	"wardmap/gis/indicator"
)

const staleVI, staleEN = "— đang cập nhật", "— updating"

// A push reaches a handler that holds no model of the ward (a restart,
// an eviction) as a background recompute: while it runs the page shows
// the previous memo with a note "as of … updating" instead of waiting
// for the model's load; once done the page shows the pushed change
// without the note, byte for byte the page of a handler that followed
// the push in memory. Pushes while a recompute runs coalesce into one
// more; Close ends the work and leaves no worker behind. SQLite and
// PostgreSQL.
func TestPushRecomputesInBackground(t *testing.T) {
	onBothStores(t, func(t *testing.T, s *stack, kind string) { pushRecomputes(t, s, kind == "sqlite") })
}

func pushRecomputes(t *testing.T, s *stack, shots bool) {
	s.pushDemo(t)
	tok := s.user(t, "lanhdao", server.Leader)
	const q = "?p=2026-Q4&t=" + indicator.EnvTrees
	page := func(srv string, q string) string {
		t.Helper()
		code, body, _ := get(t, srv+dashboard.Prefix+q, tok)
		if code != 200 {
			t.Fatalf("%s: %d %s", q, code, body)
		}
		return body
	}
	first := page(s.ts.URL, q) // computed, kept as the memo
	if strings.Contains(first, staleVI) {
		t.Fatal("a computed page says it is updating")
	}
	h := dashboard.New(s.svc, nil)
	s.svc.OnPush = h.Pushed
	defer func() { s.svc.OnPush = nil }()
	srv := httptestServer(t, h)
	if p := page(srv, q); p != first {
		t.Fatalf("the memo's page differs:\n%s", firstDiff(p, first))
	}

	entered, release := dashboard.HoldRefresh(h)
	s.push(t, []wire.Op{insert(tree(orb.Point{106.6301, 20.8101}, "2026-11-01"))})
	if w := <-entered; w != ward {
		t.Fatalf("recomputing %q, want %q", w, ward)
	}
	stale := page(srv, q)
	if !strings.Contains(stale, staleVI) || !strings.Contains(page(srv, q+"&lang=en"), staleEN) {
		t.Fatalf("no note while the recompute is pending:\n%s", stale)
	}
	if rows(stale)[indicator.EnvTrees] != rows(first)[indicator.EnvTrees] {
		t.Fatal("the stale page does not show the previous figures")
	}
	if st := dashboard.Stats(h); st.Loads != 0 || st.Stales == 0 {
		t.Fatalf("while pending: %+v, want no load and stale pages", st)
	}
	if shots {
		screenshots(t, h, tok, q)
	}
	// Two more pushes while it runs: one more recompute, not two.
	s.push(t, []wire.Op{insert(tree(orb.Point{106.6302, 20.8102}, "2026-11-02"))})
	s.push(t, []wire.Op{insert(tree(orb.Point{106.6303, 20.8103}, "2026-11-03"))})
	release()
	dashboard.WaitRefresh(h)
	if r := dashboard.Refreshes(h); r.Done != 2 || r.Errs != 0 || r.Live != 0 {
		t.Fatalf("background: %+v, want 2 recomputes (the push, then the two coalesced)", r)
	}
	fresh := page(srv, q)
	if strings.Contains(fresh, staleVI) {
		t.Fatal("the note stays after the recompute")
	}
	if rows(fresh)[indicator.EnvTrees] == rows(first)[indicator.EnvTrees] {
		t.Fatal("the pushed trees are not on the page after the recompute")
	}
	if want := page(s.ts.URL, q); fresh != want {
		t.Fatalf("the recomputed page differs from the page computed in memory:\n%s", firstDiff(fresh, want))
	}
	// A third handler reads the recomputed memo: no load.
	h3 := dashboard.New(s.svc, nil)
	if p := page(httptestServer(t, h3), q); p != fresh {
		t.Fatalf("the kept page differs:\n%s", firstDiff(p, fresh))
	}
	if st := dashboard.Stats(h3); st.Loads != 0 || st.Recalls != 1 {
		t.Fatalf("a handler after the recompute: %+v, want one recall", st)
	}
	h3.Close()

	// Close while a recompute is held: it returns, the worker ends, and
	// a push after Close starts nothing.
	h4 := dashboard.New(s.svc, nil)
	page(httptestServer(t, h4), q)
	entered, release = dashboard.HoldRefresh(h4)
	s.svc.OnPush = h4.Pushed
	s.push(t, []wire.Op{insert(tree(orb.Point{106.6304, 20.8104}, "2026-11-04"))})
	<-entered
	closed := make(chan struct{})
	go func() { h4.Close(); close(closed) }()
	release()
	select {
	case <-closed:
	case <-time.After(2 * time.Minute):
		t.Fatal("Close did not return")
	}
	h4.Pushed(ward)
	h.Close()
	if r := dashboard.Refreshes(h4); r.Live != 0 || r.Errs != 0 {
		t.Fatalf("after Close: %+v", r)
	}
	buf := make([]byte, 1<<20)
	if n := runtime.Stack(buf, true); strings.Contains(string(buf[:n]), "(*refresher).work") {
		t.Fatalf("a worker outlived Close:\n%s", buf[:n])
	}
}

// screenshots takes the stale page in headless Chromium on a phone and a
// desktop (testout/webdash/stale-*.png).
func screenshots(t *testing.T, h *dashboard.Handler, tok, q string) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Header.Set("Authorization", "Bearer "+tok)
		h.ServeHTTP(w, r)
	}))
	defer ts.Close()
	out := gistest.OutDir(t, "webdash")
	for _, sh := range []struct{ name, size string }{{"stale-phone-vi", "390,844"}, {"stale-desktop-vi", "1440,900"}} {
		file := filepath.Join(out, sh.name+".png")
		browsertest.Chromium(t, "--window-size="+sh.size, "--hide-scrollbars", "--screenshot="+file, ts.URL+dashboard.Prefix+q)
		if st, err := os.Stat(file); err != nil || st.Size() < 10000 {
			t.Errorf("screenshot %s: %v", file, err)
		}
	}
}
