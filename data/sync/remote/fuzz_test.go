package remote_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"wardmap/data/server"
	"wardmap/data/sync/remote"
	"wardmap/gis"
)

// FuzzPush sends arbitrary bodies to /api/v1/push as an inspector, on
// both stores: the answer is 200 or a 4xx with a message, never a server
// error (a NUL that PostgreSQL cannot hold was a 500 there).
func FuzzPush(f *testing.F) {
	type target struct {
		h     http.Handler
		token string
	}
	var targets []target
	for _, kind := range stores {
		s := newStack(f, kind)
		c := s.clientBench(f)
		targets = append(targets, target{remote.NewHandler(s.svc, nil), c.Token})
	}
	for _, seed := range []string{
		`{"ops":[]}`,
		`{"ops":[{"op_id":"01a22314-05aa-79c5-8eda-8265eb3e4cbe","kind":"tree","id":"01a22314-05aa-792f-b3cc-985129252691","op":"insert","fields":{"height_m":3,"geom":{"type":"Point","coordinates":[106.6,20.8]}},"base_rev":0,"at":"2026-01-01T00:00:00Z"}]}`,
		`{"ops":[{"op_id":"01a22314-05aa-79c5-8eda-8265eb3e4cbf","kind":"lamp","id":"01a22314-05aa-792f-b3cc-985129252692","op":"update","fields":{"status":7},"base_rev":-1,"at":"x"}]}`,
		`{"ops":[{"kind":"tree","fields":{"geom":{"type":"Polygon","coordinates":[[[1,2]]]}}}]}`,
		`[1,2,3]`, `{"ops":null}`, `null`, `{`, `{"ops":[{"op_id":1e400}]}`,
		// Text no store can hold, in values, keys, the client's name.
		`{"ops":[{"op_id":"01a22314-05aa-79c5-8eda-8265eb3e4cc0","kind":"tree","id":"01a22314-05aa-792f-b3cc-985129252693","op":"insert","fields":{"species_vi":"B\u0000ng","geom":{"type":"Point","coordinates":[106.6,20.8],"x\u0000":"\u0000"}},"base_rev":0,"client":"a\u0000b","at":"2026-01-01T00:00:00Z"}]}`,
		"{\"ops\":[{\"op_id\":\"01a22314-05aa-79c5-8eda-8265eb3e4cc1\",\"kind\":\"tree\",\"id\":\"01a22314-05aa-792f-b3cc-985129252694\",\"op\":\"insert\",\"fields\":{\"species_vi\":\"B\xff\xfeng\",\"geom\":{\"type\":\"Point\",\"coordinates\":[]}},\"base_rev\":0,\"at\":\"2026-01-01T00:00:00Z\"}]}",
		`{"ops":[{"op_id":"01a22314-05aa-79c5-8eda-8265eb3e4cc2","kind":"report","id":"01a22314-05aa-792f-b3cc-985129252695","op":"insert","fields":{"text":"x","geom":{"type":"Point","coordinates":[106.6,20.8,1e308]}},"base_rev":0,"at":"2026-01-01T00:00:00Z"}]}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		for _, tg := range targets {
			req := httptest.NewRequest(http.MethodPost, "/api/v1/push", strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+tg.token)
			w := httptest.NewRecorder()
			tg.h.ServeHTTP(w, req)
			if w.Code >= 500 {
				t.Fatalf("%d %s for %q", w.Code, w.Body, body)
			}
			if w.Code != 200 && !strings.Contains(w.Body.String(), `"message"`) {
				t.Fatalf("%d without a message: %s", w.Code, w.Body)
			}
		}
	})
}

// FuzzAuth sends arbitrary tokens (bytes that are not UTF-8 and NULs
// included) to both stores' handlers, and looks the same text up as a
// user name in both stores: 401 and "not found", never a server error
// (PostgreSQL answered 500 for both). The login endpoint itself is left
// to TestBadInputsBothStores: its argon2id hash takes seconds per input
// under the fuzzer's instrumentation.
func FuzzAuth(f *testing.F) {
	var hs []http.Handler
	var sts []server.Store
	var tokens []string
	for _, kind := range stores {
		s := newStack(f, kind)
		hs = append(hs, remote.NewHandler(s.svc, nil))
		sts = append(sts, s.st)
		tokens = append(tokens, s.clientBench(f).Token)
	}
	ward, rest, _ := strings.Cut(tokens[0], ".")
	for _, seed := range []string{"", "x", ward + "." + rest + "x", ward + "\xff." + rest, "\xff\xfe.\xc3", ward + ".\x00", "\x00.", "kien-an.AAAA", "a.b.c", "bench\x00", "b\xffench"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, token string) {
		for i, h := range hs {
			req := httptest.NewRequest(http.MethodGet, "/api/v1/me", nil)
			req.Header["Authorization"] = []string{"Bearer " + token} // as sent, unchecked
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != 401 {
				t.Fatalf("token %q: %d %s", token, w.Code, w.Body)
			}
			if u, err := sts[i].UserByName(context.Background(), token); err != nil && gis.ErrorCode(err) != gis.ENOTFOUND || err == nil && u.Name != token {
				t.Fatalf("user %q: %v", token, err)
			}
		}
	})
}
