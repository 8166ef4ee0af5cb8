package open311_test

import (
	"context"
	"encoding/json"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wardmap/data/server"
	"wardmap/data/server/internal/browsertest"
	"wardmap/data/server/open311"
	"wardmap/data/sync/wire"
	"wardmap/gis"
	"wardmap/gis/demo"
	"wardmap/gis/gistest"
)

// The demo ward's streets and 80 reports (every status and channel) on
// the server: Open311 answers validate for all of them, the page draws the
// streets, and neither shows a reporter, a phone or a private note.
func TestDemoWardPublic(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	w := demo.Generate()
	admin := &server.User{Ward: ward, Name: "planner", Role: server.Admin}
	s.st.EnsureWard(ctx, ward, ward)
	var ops []wire.Op
	var private []string
	streets := 0
	for _, f := range w.Features {
		if f.Kind != gis.Street && f.Kind != gis.Report {
			continue
		}
		if f.Kind == gis.Street {
			streets++
		}
		for _, k := range []string{"reporter_name", "reporter_phone", "private_note"} {
			if v := f.Text(k); v != "" {
				private = append(private, v)
			}
		}
		ops = append(ops, wire.Op{OpID: gis.NewID(), Kind: string(f.Kind), ID: f.ID, Op: wire.OpInsert, Fields: wire.Fields(f), At: time.Now()})
	}
	for len(ops) > 0 {
		n := min(len(ops), server.MaxOps)
		res, err := s.svc.Push(ctx, admin, ops[:n])
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			if r.Status != wire.Applied {
				t.Fatalf("push: %+v", r)
			}
		}
		ops = ops[n:]
	}
	if len(private) < 80 {
		t.Fatalf("only %d private values in the demo", len(private))
	}
	var outputs []string
	seen := map[string]bool{}
	sch := schema(t, "requests.json")
	for from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC); from.Year() == 2026; from = from.AddDate(0, 0, 90) {
		q := url.Values{"start_date": {from.Format(time.RFC3339)}, "end_date": {from.AddDate(0, 0, 90).Format(time.RFC3339)}}
		code, body := get(t, s.ts.URL+open311.Prefix+"requests.json?"+q.Encode())
		if code != 200 {
			t.Fatalf("%d %s", code, body)
		}
		validate(t, sch, body)
		var rs []open311.Request
		json.Unmarshal(body, &rs)
		for _, r := range rs {
			seen[r.Extended.Status] = true
			if (r.Extended.Status == "duplicate" || r.Extended.Status == "not_competent") && !strings.Contains(r.StatusNotes, ":") {
				t.Errorf("%s without its reason: %q", r.Extended.Status, r.StatusNotes)
			}
		}
		outputs = append(outputs, string(body))
		_, body = get(t, s.ts.URL+open311.Prefix+"requests.xml?"+q.Encode())
		outputs = append(outputs, string(body))
	}
	if len(seen) != 7 {
		t.Errorf("statuses seen %v, want all 7", seen)
	}
	dom := string(browsertest.Chromium(t, "--dump-dom", s.ts.URL+open311.PublicPrefix))
	if n := strings.Count(dom, "<path "); n != streets {
		t.Errorf("%d street paths drawn, want %d", n, streets)
	}
	if n := strings.Count(dom, "<li id=\"r-"); n != 80 {
		t.Errorf("%d reports listed, want 80", n)
	}
	outputs = append(outputs, dom)
	for _, out := range outputs {
		for _, p := range private {
			if strings.Contains(out, p) {
				t.Fatalf("private %q shown", p)
			}
		}
	}
	shot := filepath.Join(gistest.OutDir(t, "open311"), "public-page-demo-desktop.png")
	browsertest.Chromium(t, "--window-size=1280,1400", "--hide-scrollbars", "--screenshot="+shot, s.ts.URL+open311.PublicPrefix)
}
