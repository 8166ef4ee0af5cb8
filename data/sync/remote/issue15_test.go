package remote_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/server"
	"wardmap/data/server/pgtest"
	"wardmap/data/server/sqlstore"
	"wardmap/data/server/storetest"
	"wardmap/data/sync/catalogue"
	"wardmap/data/sync/remote"
	"wardmap/data/sync/wire"
	"wardmap/gis"
	"wardmap/gis/indicator"
)

func get(t *testing.T, url, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// /healthz answers 200 on both stores (it answered 503 on PostgreSQL,
// whose probe looked up a user name holding a NUL), and 503 once the
// database is really down.
func TestHealthz(t *testing.T) {
	for _, kind := range stores {
		t.Run(kind, func(t *testing.T) {
			s := newStack(t, kind)
			if code, body := get(t, s.ts.URL+"/healthz", ""); code != 200 || !strings.Contains(body, `"ok"`) {
				t.Fatalf("%d %s", code, body)
			}
		})
	}
	t.Run("postgres stopped", func(t *testing.T) {
		pg := pgtest.Own(t)
		st, err := sqlstore.Open(context.Background(), pg.DSN(t))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		h := remote.NewHandler(server.NewService(st), nil)
		srv := newServer(t, h)
		if code, _ := get(t, srv+"/healthz", ""); code != 200 {
			t.Fatalf("running: %d", code)
		}
		if err := pg.Halt(); err != nil {
			t.Fatal(err)
		}
		if code, body := get(t, srv+"/healthz", ""); code != 503 || !strings.Contains(body, "unavailable") {
			t.Fatalf("stopped: %d %s", code, body)
		}
	})
}

// What a client sends that no store can hold, or that is out of bounds,
// is a 4xx with a message on both stores, never a 500.
func TestBadInputsBothStores(t *testing.T) {
	for _, kind := range stores {
		t.Run(kind, func(t *testing.T) {
			s := newStack(t, kind)
			insp := s.client(t, "lan", server.Inspector)
			tree := storetest.Op("tree", gis.NewID(), wire.OpInsert, 0, map[string]any{
				"geom": map[string]any{"type": "Point", "coordinates": []any{106.63, 20.81}}, "height_m": 3.0})
			body := func(ops ...wire.Op) string {
				b, _ := json.Marshal(wire.PushRequest{Ops: ops})
				return string(b)
			}
			ward, rest, _ := strings.Cut(insp.Token, ".")
			negative := tree
			negative.Op, negative.BaseRev = wire.OpUpdate, -5
			push := []struct {
				name, token, body string
				status            int
				want              string
			}{
				{"token not UTF-8 in the ward", ward + "\xff\xfe." + rest, body(tree), 401, "login needed"},
				{"token not UTF-8 after it", ward + ".\xc3" + rest, body(tree), 401, "login needed"},
				{"token all bytes", "\xff.\xff", body(tree), 401, "login needed"},
				{"ops null", insp.Token, `{"ops":null}`, 400, `needs \"ops\"`},
				{"body null", insp.Token, `null`, 400, `needs \"ops\"`},
				{"no ops", insp.Token, `{}`, 400, `needs \"ops\"`},
				{"negative base_rev", insp.Token, body(negative), 400, "base_rev"},
			}
			for _, c := range push {
				req, _ := http.NewRequest(http.MethodPost, s.ts.URL+"/api/v1/push", strings.NewReader(c.body))
				req.Header.Set("Authorization", "Bearer "+c.token)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(c.name, err)
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != c.status || !strings.Contains(string(b), c.want) {
					t.Fatalf("%s: %d %s, want %d with %q", c.name, resp.StatusCode, b, c.status, c.want)
				}
			}
			if h, _ := s.st.Head(context.Background(), ward); h != 0 {
				t.Fatalf("written: head %d", h)
			}
			// A NUL from another client (this laptop's Sync cleans before
			// sending): applied, cleaned, with a warning; PostgreSQL
			// answered 500 for the whole push.
			nul := strings.Replace(body(tree), `"height_m":3`, `"height_m":3,"species_vi":"B\u0000ng"`, 1)
			req, _ := http.NewRequest(http.MethodPost, s.ts.URL+"/api/v1/push", strings.NewReader(nul))
			req.Header.Set("Authorization", "Bearer "+insp.Token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var pr wire.PushResponse
			json.NewDecoder(resp.Body).Decode(&pr)
			resp.Body.Close()
			if resp.StatusCode != 200 || len(pr.Results) != 1 || pr.Results[0].Status != wire.Applied || len(pr.Results[0].Warnings) != 1 {
				t.Fatalf("NUL pushed: %d %+v", resp.StatusCode, pr)
			}
			for _, name := range []string{"lan\x00", "\x00healthz", "l\xffan"} {
				b, _ := json.Marshal(remote.LoginRequest{User: name, Password: "mật-khẩu-lan"})
				resp, err := http.Post(s.ts.URL+"/api/v1/login", "application/json", strings.NewReader(string(b)))
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != 401 {
					t.Fatalf("login %q: %d", name, resp.StatusCode)
				}
			}
			changes := []struct{ query, want string }{
				{"bbox=NaN,20,107,21", "bad bbox"},
				{"bbox=106,NaN,107,21", "bad bbox"},
				{"bbox=-Inf,20,107,21", "bad bbox"},
				{"bbox=106,20,1e300,21", "bad bbox"},
				{"kinds=" + strings.Repeat("tree,", 40000) + "tree", ""},
				{"kinds=" + strings.Repeat("x", 40000), "unknown kind"},
				{"kinds=tree,nope", "unknown kind"},
			}
			for _, c := range changes {
				code, b := get(t, s.ts.URL+"/api/v1/changes?"+c.query, insp.Token)
				if c.want == "" {
					if code != 200 {
						t.Fatalf("%.60s: %d %s", c.query, code, b)
					}
					continue
				}
				if code != 400 || !strings.Contains(b, c.want) {
					t.Fatalf("%.60s: %d %s", c.query, code, b)
				}
			}
			var many strings.Builder
			for i := 0; i < 40000; i++ {
				many.WriteString("kinds=" + url.QueryEscape("tree") + "&")
			}
			if code, b := get(t, s.ts.URL+"/api/v1/changes?"+many.String(), insp.Token); code != 200 {
				t.Fatalf("kinds repeated: %d %.200s", code, b)
			}
		})
	}
}

// A laptop holding a NUL and a value that is not UTF-8 among 1,000 edits
// syncs to PostgreSQL (the NUL failed the whole push with 500 for ever):
// every other edit is applied exactly once, the two bad values are
// stored with U+FFFD in place of what no store can hold, the server's
// warning reaches the laptop's summary, and the laptop ends equal to the
// server.
func TestBadTextAmongThousandEdits(t *testing.T) {
	ctx := context.Background()
	s := newStack(t, "postgres")
	c := s.client(t, "an", server.Inspector)
	path := filepath.Join(t.TempDir(), "laptop.gpkg")
	l, err := gpkg.Open(ctx, path, gpkg.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	fs := make([]*gis.Feature, 1000)
	for i := range fs {
		fs[i] = gis.NewFeature(gis.Tree, orb.Point{106.6 + float64(i)*1e-5, 20.8})
		fs[i].Attrs["species_vi"], fs[i].Attrs["height_m"] = fmt.Sprintf("Bàng %d", i), float64(i%40)+1
	}
	if err := l.Insert(ctx, "an", fs...); err != nil {
		t.Fatal(err)
	}
	// What an older wardmap (or a raw import) left in the outbox: a NUL
	// in edit 300 and bytes that are not UTF-8 in edit 700.
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`UPDATE wm_outbox SET fields = replace(fields, '"Bàng 300"', '"Bàng\u0000300"') WHERE record_id = ?`,
		`UPDATE wm_outbox SET fields = replace(fields, '"Bàng 700"', '"B' || CAST(X'FF' AS TEXT) || 'ng 700"') WHERE record_id = ?`,
	} {
		id := fs[300].ID
		if strings.Contains(q, "700") {
			id = fs[700].ID
		}
		if r, err := db.ExecContext(ctx, q, id); err != nil {
			t.Fatal(err)
		} else if n, _ := r.RowsAffected(); n != 1 {
			t.Fatalf("%d outbox rows changed", n)
		}
	}
	db.Close()
	sum, err := remote.Sync(ctx, l, c, remote.Options{PushBatch: 250})
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	if sum.Pushed != 1000 || sum.Applied != 1000 || sum.Rejected != 0 || len(sum.Warnings) != 1 || !strings.Contains(sum.Warnings[0], fs[300].ID+": species_vi") {
		t.Fatalf("summary %+v", sum)
	}
	revs, err := s.st.Revs(ctx, ward)
	if err != nil || len(revs) != 1000 || revs[0] != 1 || revs[999] != 1000 {
		t.Fatalf("%d revisions (each edit once): %v", len(revs), err)
	}
	u, _ := s.st.UserByName(ctx, "an")
	for i, want := range map[int]string{300: "Bàng\uFFFD300", 700: "B\uFFFDng 700", 301: "Bàng 301"} {
		hist, err := s.svc.History(ctx, u, fs[i].ID)
		if err != nil || len(hist) != 1 || hist[0].New["species_vi"] != want {
			t.Fatalf("edit %d on the server: %+v %v", i, hist, err)
		}
		f, err := l.Get(ctx, gis.Tree, fs[i].ID)
		if err != nil || f.Attrs["species_vi"] != want {
			t.Fatalf("edit %d on the laptop: %v %v", i, f, err)
		}
	}
	if n := sameAsServer(t, s, l, "laptop"); n != 1000 {
		t.Fatal(n)
	}
	if again, err := remote.Sync(ctx, l, c, remote.Options{}); err != nil || again.Pushed != 0 {
		t.Fatalf("second sync %+v %v", again, err)
	}
}

func newServer(t *testing.T, h http.Handler) string {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}

// A TDP head's figure entered on a laptop under the laptop's own user name
// (the name the TDP registry knows, "Nguyễn Thị Hòa") and pushed by the
// account "hoa": the server stamps entered_by with the account and keeps
// the laptop's name in entered_as; the figure keeps its record ID, so the
// laptop that made it and another one each hold it once.
func TestReportedFigureStampedWithAccount(t *testing.T) {
	for _, kind := range stores {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			s := newStack(t, kind)
			a, b := laptop(t), laptop(t)
			plan := s.client(t, "plan", server.Planner)
			tdp := gis.NewFeature(gis.TDP, orb.Polygon{{{106.62, 20.80}, {106.63, 20.80}, {106.63, 20.81}, {106.62, 20.80}}})
			tdp.Attrs["name"], tdp.Attrs["code"], tdp.Attrs["head"], tdp.Attrs["households"] = "Tổ dân phố Đồng Hòa 3", "DH3", "Nguyễn Thị Hòa", int64(250)
			if err := a.Insert(ctx, "plan", tdp); err != nil {
				t.Fatal(err)
			}
			syncOnce(t, a, plan)
			if _, err := s.svc.AddUser(ctx, ward, "hoa", server.TDPHead, tdp.ID, "mật-khẩu-hoa"); err != nil {
				t.Fatal(err)
			}
			head := s.client(t, "hoa", server.TDPHead)
			syncOnce(t, b, head)
			if err := b.AddEntry(ctx, &indicator.Entry{Code: "MT-02", Scope: indicator.TDP, ScopeID: "DH3", Period: "2026-10", Value: 1, By: "Nguyễn Thị Hòa"}); err != nil {
				t.Fatal(err)
			}
			if sum := syncOnce(t, b, head); sum.Applied != 1 || sum.Rejected != 0 {
				t.Fatalf("push: %+v", sum)
			}
			syncOnce(t, a, plan)
			for name, l := range map[string]*gpkg.Store{"maker": b, "other": a} {
				es, err := l.Entries(ctx)
				if err != nil || len(es) != 1 || es[0].By != "hoa" || es[0].Value != 1 || es[0].ScopeID != tdp.ID {
					t.Fatalf("%s laptop's figures: %+v %v", name, es, err)
				}
				recs, err := l.CatalogueRecords(ctx)
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for _, r := range recs {
					if r.Kind == server.KindFigure {
						n++
						if r.Fields["entered_as"] != "Nguyễn Thị Hòa" || r.ID != catalogue.ID(server.KindFigure, r.Fields) {
							t.Fatalf("%s laptop's record %s %v", name, r.ID, r.Fields)
						}
					}
				}
				if n != 1 {
					t.Fatalf("%s laptop holds %d figures", name, n)
				}
			}
			if sum := syncOnce(t, b, head); sum.Pushed != 0 {
				t.Fatalf("second sync pushed %+v", sum)
			}
		})
	}
}
