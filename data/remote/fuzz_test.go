package remote_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"wardmap/data/remote"
	"wardmap/data/server"
)

// FuzzPush sends arbitrary bodies to /api/v1/push as an inspector: the
// answer is 200 or a 4xx with a message, never a server error, and the
// ward's revisions stay gap-free.
func FuzzPush(f *testing.F) {
	s := newStack(f, "sqlite")
	c := s.clientBench(f)
	h := remote.NewHandler(s.svc, nil)
	for _, seed := range []string{
		`{"ops":[]}`,
		`{"ops":[{"op_id":"01a22314-05aa-79c5-8eda-8265eb3e4cbe","kind":"tree","id":"01a22314-05aa-792f-b3cc-985129252691","op":"insert","fields":{"height_m":3,"geom":{"type":"Point","coordinates":[106.6,20.8]}},"base_rev":0,"at":"2026-01-01T00:00:00Z"}]}`,
		`{"ops":[{"op_id":"01a22314-05aa-79c5-8eda-8265eb3e4cbf","kind":"lamp","id":"01a22314-05aa-792f-b3cc-985129252692","op":"update","fields":{"status":7},"base_rev":-1,"at":"x"}]}`,
		`{"ops":[{"kind":"tree","fields":{"geom":{"type":"Polygon","coordinates":[[[1,2]]]}}}]}`,
		`[1,2,3]`, `{"ops":null}`, `{`, `{"ops":[{"op_id":1e400}]}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/push", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+c.Token)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code >= 500 {
			t.Fatalf("%d %s for %q", w.Code, w.Body, body)
		}
		if w.Code != 200 && !strings.Contains(w.Body.String(), `"message"`) {
			t.Fatalf("%d without a message: %s", w.Code, w.Body)
		}
	})
	_ = server.MaxOps
}
