package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/server"
	"wardmap/data/server/dashboard"
	"wardmap/data/server/sqlstore"
	"wardmap/data/sync/remote"
	"wardmap/data/sync/wire"
	"wardmap/gis"
	"wardmap/gis/indicator"
)

// The leaders' page on wardd shows the numbers `wardmap indicators
// --json` gives on a laptop holding the same data: the demo ward with
// figures entered for the ward, organisations and a TDP, a parameter and
// a target changed, pushed by a planner and a TDP head; then for four
// periods every target's value and status, for the ward, for each TDP,
// and in each target's TDP table under the map.
func TestWebDashboardEqualsIndicators(t *testing.T) {
	ctx := context.Background()
	now := time.Now().UTC()
	day := gis.LocalDate(now).String()
	db := filepath.Join(t.TempDir(), "laptop.gpkg")
	// without the demo's own figures: they stay on the laptop (a TDP's
	// go up only from its head's session), and the page is compared with it
	mustRun(t, "init", "--db", db, "--demo", "--figures=false")
	mustRun(t, "indicators", "figure", "--db", db, "--code", "MT-03", "--period", day[:7], "--value", "97,5", "--user", "Lan")
	mustRun(t, "indicators", "figure", "--db", db, "--code", "CS-02", "--org", "UBND phường", "--period", day[:4], "--value", "80", "--user", "Lan")
	mustRun(t, "indicators", "figure", "--db", db, "--code", "MT-04", "--org", "Trường THCS Kiến An", "--period", day[:4], "--value", "1", "--user", "Lan")
	mustRun(t, "indicators", "set", "lamp_spacing_m", "35", "--from", "2026-07-01", "--user", "Lan", "--db", db)
	mustRun(t, "indicators", "set", "TT-01", "--baseline", "40", "--from", "2026-01-01", "--user", "Lan", "--db", db)

	st, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "ward.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc := server.NewService(st)
	svc.Now = func() time.Time { return now }
	mux := http.NewServeMux()
	// The second pass reads the pages through a fresh handler, from the
	// views the first kept in the store (memos), as after a restart.
	var dash atomic.Pointer[dashboard.Handler]
	dash.Store(dashboard.New(svc, nil))
	mux.Handle(dashboard.Prefix, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { dash.Load().ServeHTTP(w, r) }))
	mux.Handle("/", remote.NewHandler(svc, nil))
	ts := httptest.NewServer(mux)
	defer ts.Close()
	const ward = "kien-an"
	for _, u := range [][2]string{{"kehoach", server.Planner}, {"lanhdao", server.Leader}} {
		if _, err := svc.AddUser(ctx, ward, u[0], u[1], "", "mật-khẩu-dài"); err != nil {
			t.Fatal(err)
		}
	}
	pushDemo(t, svc, db, ward)
	syncAs(t, db, ts.URL, "kehoach")
	// A TDP head enters the TDP's figures and pushes them.
	lap, err := gpkg.Open(ctx, db, gpkg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tdp1, err := lap.FindTDP(ctx, "Tổ dân phố 1")
	lap.Close()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddUser(ctx, ward, "totruong1", server.TDPHead, tdp1.ID, "mật-khẩu-dài"); err != nil {
		t.Fatal(err)
	}
	head := tdp1.Text("head")
	mustRun(t, "indicators", "figure", "--db", db, "--code", "VH-01", "--tdp", "Tổ dân phố 1", "--period", day[:4], "--value", "91", "--user", head)
	mustRun(t, "indicators", "figure", "--db", db, "--code", "MT-02", "--tdp", "Tổ dân phố 1", "--period", day[:7], "--value", "1", "--user", head)
	syncAs(t, db, ts.URL, "totruong1")
	syncAs(t, db, ts.URL, "kehoach") // the laptop pulls what it pushed as stored

	tok, _, _, err := svc.Login(ctx, "lanhdao", "mật-khẩu-dài", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	page := func(q string) string {
		t.Helper()
		req, _ := http.NewRequest("GET", ts.URL+dashboard.Prefix+q, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", q, resp.StatusCode, b)
		}
		return string(b)
	}
	rowRe := regexp.MustCompile(`<li class="row[^"]*" data-code="([^"]+)" data-value="([^"]*)" data-status="([^"]*)">`)
	tdpRe := regexp.MustCompile(`<tr[^>]*data-tdp="([^"]+)" data-value="([^"]*)" data-status="([^"]*)">`)
	shown := func(v *float64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'g', -1, 64)
	}
	statuses := map[indicator.Status]int{}
	compared := 0
	for pass := range 2 {
		if pass == 1 {
			dash.Store(dashboard.New(svc, nil))
		}
		for _, p := range []string{indicator.Quarter(gis.LocalDate(now)).Name, "2026-H2", "2026", "2026-2030"} {
			out := mustRun(t, "indicators", "--db", db, "--period", p, "--date", day, "--json", "--scope", "tdp")
			var b boardJSON
			if err := json.Unmarshal([]byte(out), &b); err != nil {
				t.Fatal(err)
			}
			if len(b.Ward) != 18 || len(b.TDPs) != 12 {
				t.Fatalf("%s: %d results, %d TDPs", p, len(b.Ward), len(b.TDPs))
			}
			check := func(where, body string, want []indicator.Result) {
				t.Helper()
				got := map[string][2]string{}
				for _, m := range rowRe.FindAllStringSubmatch(body, -1) {
					if m[3] != "" {
						got[m[1]] = [2]string{m[2], m[3]}
					}
				}
				if len(got) != len(want) {
					t.Errorf("%s %s: the page measures %d targets, wardmap indicators %d", p, where, len(got), len(want))
				}
				for _, r := range want {
					if g := got[r.Code]; g != [2]string{shown(r.Value), string(r.Status)} {
						t.Errorf("%s %s %s: page %q %s, wardmap indicators %q %s", p, where, r.Code, g[0], g[1], shown(r.Value), r.Status)
					}
					statuses[r.Status]++
					compared++
				}
			}
			check("ward", page("?p="+p), b.Ward)
			byTDP := map[string]map[string]indicator.Result{}
			for _, tb := range b.TDPs {
				check(tb.TDP.Name, page("?p="+p+"&tdp="+tb.TDP.ID), tb.Results)
				byTDP[tb.TDP.ID] = map[string]indicator.Result{}
				for _, r := range tb.Results {
					byTDP[tb.TDP.ID][r.Code] = r
				}
			}
			for _, r := range b.Ward {
				body := page("?p=" + p + "&t=" + r.Code)
				ms := tdpRe.FindAllStringSubmatch(body, -1)
				if len(ms) != 12 {
					t.Fatalf("%s %s: %d TDP rows under the map", p, r.Code, len(ms))
				}
				for _, m := range ms {
					want, ok := byTDP[m[1]][r.Code]
					if !ok {
						if m[3] != "" {
							t.Errorf("%s %s: TDP %s coloured %s, not measured per TDP", p, r.Code, m[1], m[3])
						}
						continue
					}
					if m[2] != shown(want.Value) || m[3] != string(want.Status) {
						t.Errorf("%s %s map TDP %s: page %q %s, wardmap indicators %q %s", p, r.Code, m[1], m[2], m[3], shown(want.Value), want.Status)
					}
				}
			}
		}
	}
	// The comparison saw real figures: every status, and the reported ones.
	if len(statuses) != 4 || compared < 2*4*(18+12*10) {
		t.Fatalf("compared %d results, statuses %v", compared, statuses)
	}
	body := page("?p=" + day[:4])
	if m := regexp.MustCompile(`data-code="MT-03" data-value="([^"]*)"`).FindStringSubmatch(body); m == nil || m[1] != "97.5" {
		t.Fatalf("the ward's reported waste figure: %v", m)
	}
	if !strings.Contains(body, "Năm "+day[:4]) {
		t.Fatal("period not named in words")
	}
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, errs, code := wardmap(t, args...)
	if code != 0 {
		t.Fatalf("wardmap %v: exit %d: %s", args, code, errs)
	}
	return out
}

// pushDemo sends the laptop's demo ward to the server as an admin would
// import it there (a demo loaded on a laptop is not queued for the
// server): the same records, IDs and fields; the laptop's next sync pulls
// them back with the server's revisions and times.
func pushDemo(t *testing.T, svc *server.Service, db, ward string) {
	t.Helper()
	ctx := context.Background()
	lap, err := gpkg.Open(ctx, db, gpkg.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer lap.Close()
	var ops []wire.Op
	for _, k := range gis.Kinds() {
		res, err := lap.Find(ctx, gpkg.Query{Kind: k})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			ops = append(ops, wire.Op{OpID: gis.NewID(), Kind: string(k), ID: r.ID, Op: wire.OpInsert, Fields: wire.Fields(r.Feature), At: time.Now()})
		}
	}
	admin := &server.User{Ward: ward, Name: "admin", Role: server.Admin}
	n := len(ops)
	for len(ops) > 0 {
		k := min(len(ops), server.MaxOps)
		res, err := svc.Push(ctx, admin, ops[:k])
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			if r.Status != wire.Applied {
				t.Fatalf("push: %+v", r)
			}
		}
		ops = ops[k:]
	}
	t.Logf("pushed the demo ward: %d records", n)
}

func syncAs(t *testing.T, db, url, user string) {
	t.Helper()
	ctx := context.Background()
	lap, err := gpkg.Open(ctx, db, gpkg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer lap.Close()
	c := remote.NewClient(url, "")
	if _, err := c.Login(ctx, user, "mật-khẩu-dài"); err != nil {
		t.Fatal(err)
	}
	sum, err := remote.Sync(ctx, lap, c, remote.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Conflicts != 0 || sum.Rejected != 0 {
		cs, _ := lap.Conflicts(ctx)
		t.Fatalf("sync as %s: %s: %+v", user, sum, cs)
	}
	t.Logf("sync as %s: %s", user, sum)
}
