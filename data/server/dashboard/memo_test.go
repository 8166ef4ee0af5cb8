package dashboard_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/data/server"
	"wardmap/data/server/dashboard"
	"wardmap/data/sync/wire"
	"wardmap/gis"
	"wardmap/gis/indicator"
)

// A page read back from the store's memo (a process that holds no model
// of the ward: after a restart, or an eviction) is byte for byte the page
// the model computed, for the ward, each TDP, a target's map and both
// languages, on SQLite and PostgreSQL; a push or another day makes it
// compute again from the records.
func TestMemoPageIsThePage(t *testing.T) {
	onBothStores(t, func(t *testing.T, s *stack, _ string) { memoPageIsThePage(t, s) })
}

func memoPageIsThePage(t *testing.T, s *stack) {
	s.pushDemo(t)
	tok := s.user(t, "lanhdao", server.Leader)
	var tdps []string
	err := s.st.ChangesRaw(context.Background(), ward, server.ChangesQuery{Kinds: []string{string(gis.TDP)}, Limit: 1000}, func(r *server.RawRecord) error {
		tdps = append(tdps, r.ID)
		return nil
	})
	if err != nil || len(tdps) < 2 {
		t.Fatalf("TDPs %v: %v", tdps, err)
	}
	queries := []string{"", "?p=2026-Q4", "?p=2026-H2&lang=en", "?p=2026&t=" + indicator.EnvTrees, "?p=2026-2030&t=TT-04",
		"?p=2026-Q4&tdp=" + tdps[0], "?p=2026&tdp=" + tdps[1] + "&lang=en"}
	pages := func(h *dashboard.Handler) []string {
		t.Helper()
		srv := httptestServer(t, h)
		var out []string
		for _, q := range queries {
			code, body, _ := get(t, srv+dashboard.Prefix+q, tok)
			if code != 200 {
				t.Fatalf("%s: %d %s", q, code, body)
			}
			out = append(out, body)
		}
		return out
	}
	computed := pages(s.h)
	if st := dashboard.Stats(s.h); st.Loads != 1 || st.Recalls != 0 || st.MemoErrs != 0 {
		t.Fatalf("first handler: %+v", st)
	}
	if v := rows(computed[1])[indicator.EnvTrees][0]; v == "" {
		t.Fatal("the demo ward's page has no tree figure")
	}
	same := func(h *dashboard.Handler, want []string) {
		t.Helper()
		for i, p := range pages(h) {
			if p != want[i] {
				t.Fatalf("page %q from the memo differs from the computed page (%d and %d bytes):\n%s", queries[i], len(p), len(want[i]), firstDiff(p, want[i]))
			}
		}
	}
	fresh := dashboard.New(s.svc, nil)
	same(fresh, computed)
	if st := dashboard.Stats(fresh); st.Loads != 0 || st.Computes != 0 || st.Recalls == 0 {
		t.Fatalf("a fresh handler of an unchanged ward: %+v, want only recalls", st)
	}
	// A push: the memos are of an older head. A fresh handler shows the
	// previous memo, says it is updating, and loads the model in the
	// background; then it shows what the first one, following the push
	// by Apply, shows; a handler after that reads the new memos.
	s.push(t, []wire.Op{insert(tree(orb.Point{106.6301, 20.8101}, "2026-11-01"))})
	fresh = dashboard.New(s.svc, nil)
	defer fresh.Close()
	if _, body, _ := get(t, httptestServer(t, fresh)+dashboard.Prefix+queries[1], tok); !strings.Contains(body, "đang cập nhật") {
		t.Fatal("a fresh handler after a push shows the old memo without its note")
	}
	dashboard.WaitRefresh(fresh)
	loaded := pages(fresh)
	if st := dashboard.Stats(fresh); st.Loads != 1 || st.Recalls != 0 || st.Stales != 1 {
		t.Fatalf("a fresh handler after a push: %+v, want a stale page and a load", st)
	}
	if loaded[1] == computed[1] {
		t.Fatal("the page did not change after a tree was planted")
	}
	same(s.h, loaded)
	if st := dashboard.Stats(s.h); st.Loads != 1 || st.Updates != 1 {
		t.Fatalf("the first handler after a push: %+v, want an update", st)
	}
	fresh = dashboard.New(s.svc, nil)
	same(fresh, loaded)
	if st := dashboard.Stats(fresh); st.Loads != 0 || st.Recalls == 0 {
		t.Fatalf("a fresh handler after the recompute: %+v, want only recalls", st)
	}
	// The next day the day of evaluation moves: computed again.
	h := dashboard.New(s.svc, nil)
	defer h.Close()
	h.Now = func() time.Time { return clock.AddDate(0, 0, 1) }
	if _, body, _ := get(t, httptestServer(t, h)+dashboard.Prefix, tok); !strings.Contains(body, "đang cập nhật") {
		t.Fatal("the next day shows yesterday's memo without its note")
	}
	dashboard.WaitRefresh(h)
	pages(h)
	if st := dashboard.Stats(h); st.Loads != 1 || st.Recalls != 0 || st.Stales != 1 {
		t.Fatalf("a handler of the next day: %+v, want a stale page and a load", st)
	}
}

func httptestServer(t *testing.T, h http.Handler) string {
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}

func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return "…" + a[max(0, i-80):min(len(a), i+80)] + "\n≠ …" + b[max(0, i-80):min(len(b), i+80)]
}
