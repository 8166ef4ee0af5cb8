package remote_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"wardmap/data/server"
	"wardmap/data/server/storetest"
	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// Who and what: no token, a wrong, expired or revoked token, a role that
// may not do the thing: 401/403 and nothing written. Bad bodies: 400 with
// a message that says what is wrong.
func TestAuthAndBadRequests(t *testing.T) {
	for _, kind := range stores {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			s := newStack(t, kind)
			insp := s.client(t, "lan", server.Inspector)
			head := s.client(t, "tdp", server.TDPHead)
			expired := s.client(t, "old", server.Planner)
			revoked := s.client(t, "gone", server.Planner)
			if _, err := revoked.Me(ctx); err != nil {
				t.Fatal(err)
			}
			if err := s.svc.Logout(ctx, revoked.Token); err != nil {
				t.Fatal(err)
			}
			tree := storetest.Op("tree", gis.NewID(), wire.OpInsert, 0, map[string]any{"height_m": 3.0})
			target := storetest.TargetOp("MT-01", "2027-01-01", 95)
			other := storetest.FigureOp("tdp-9", 1)
			body := func(ops ...wire.Op) string {
				b, _ := json.Marshal(wire.PushRequest{Ops: ops})
				return string(b)
			}
			realNow := s.svc.Now
			cases := []struct {
				name, token, body string
				status            int
				want              string
				setup             func()
			}{
				{"no token", "", body(tree), 401, "login needed", nil},
				{"wrong token", "kien-an.AAAA", body(tree), 401, "login needed", nil},
				{"garbage token", "not a token", body(tree), 401, "login needed", nil},
				{"revoked token", revoked.Token, body(tree), 401, "login needed", nil},
				{"expired token", expired.Token, body(tree), 401, "login needed", func() {
					s.svc.Now = func() time.Time { return realNow().Add(30 * 24 * time.Hour) }
				}},
				{"inspector changes a target", insp.Token, body(tree, target), 403, "may not change target", nil},
				{"TDP head reports for another TDP", head.Token, body(other), 403, "own TDP", nil},
				{"malformed JSON", insp.Token, `{"ops": [`, 400, "malformed JSON", nil},
				{"unknown field", insp.Token, `{"ops": [], "force": true}`, 400, "unknown field", nil},
				{"wrong type", insp.Token, `{"ops": "all"}`, 400, "wrong type", nil},
				{"trailing data", insp.Token, `{"ops": []} {}`, 400, "extra data", nil},
				{"empty body", insp.Token, ``, 400, "empty body", nil},
				{"oversized body", insp.Token, `{"ops": [], "x": "` + strings.Repeat("a", 9<<20) + `"}`, 400, "too large", nil},
				{"bad op id", insp.Token, strings.Replace(body(tree), tree.OpID, "x", 1), 400, "not a UUID", nil},
			}
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					if c.setup != nil {
						c.setup()
						defer func() { s.svc.Now = realNow }()
					}
					req, _ := http.NewRequest(http.MethodPost, s.ts.URL+"/api/v1/push", strings.NewReader(c.body))
					if c.token != "" {
						req.Header.Set("Authorization", "Bearer "+c.token)
					}
					resp, err := http.DefaultClient.Do(req)
					if err != nil {
						t.Fatal(err)
					}
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					if resp.StatusCode != c.status || !strings.Contains(string(b), c.want) {
						t.Fatalf("%d %s, want %d with %q", resp.StatusCode, b, c.status, c.want)
					}
					if h, _ := s.st.Head(ctx, ward); h != 0 {
						t.Fatalf("something was written: head %d", h)
					}
				})
			}
			// Brute force: after 5 wrong passwords even the right one waits.
			for i := 0; i < 5; i++ {
				resp, _ := http.Post(s.ts.URL+"/api/v1/login", "application/json", strings.NewReader(`{"user":"lan","password":"guess"}`))
				resp.Body.Close()
				if resp.StatusCode != 401 {
					t.Fatalf("wrong password: %d", resp.StatusCode)
				}
			}
			resp, _ := http.Post(s.ts.URL+"/api/v1/login", "application/json", strings.NewReader(`{"user":"lan","password":"mật-khẩu-lan"}`))
			resp.Body.Close()
			if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" {
				t.Fatalf("not throttled: %d", resp.StatusCode)
			}
			// History needs a token too.
			resp, _ = http.Get(s.ts.URL + "/api/v1/records/" + tree.ID + "/history")
			resp.Body.Close()
			if resp.StatusCode != 401 {
				t.Fatalf("history without token: %d", resp.StatusCode)
			}
		})
	}
}
