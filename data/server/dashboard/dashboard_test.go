package dashboard_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/data/server"
	"wardmap/data/server/dashboard"
	"wardmap/data/server/pgtest"
	"wardmap/data/server/sqlstore"
	"wardmap/data/sync/catalogue"
	"wardmap/data/sync/wire"
	"wardmap/gis"
	"wardmap/gis/demo"
	"wardmap/gis/indicator"
)

const ward = "kien-an"

// clock is the day the tests evaluate on (10:00 in Việt Nam).
var clock = time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)

type stack struct {
	svc *server.Service
	st  *sqlstore.Store
	h   *dashboard.Handler
	ts  *httptest.Server
}

func newStack(t testing.TB) *stack {
	t.Helper()
	return newStackOn(t, filepath.Join(t.TempDir(), "ward.db"))
}

// newStackOn starts a server on a database: a SQLite file or a
// PostgreSQL DSN (pgtest).
// onBothStores runs f on a fresh stack over SQLite and over PostgreSQL,
// each as its own subtest named after the store.
func onBothStores(t *testing.T, f func(t *testing.T, s *stack, kind string)) {
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "ward.db")
			if kind == "postgres" {
				dsn = pgtest.DSN(t)
			}
			f(t, newStackOn(t, dsn), kind)
		})
	}
}

func newStackOn(t testing.TB, dsn string) *stack {
	t.Helper()
	s, err := openStack(dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.close)
	return s
}

// openStack starts a server on a database.
func openStack(dsn string) (*stack, error) {
	ctx := context.Background()
	st, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	svc := server.NewService(st)
	svc.Now = func() time.Time { return clock }
	h := dashboard.New(svc, nil)
	ts := httptest.NewServer(h)
	s := &stack{svc: svc, st: st, h: h, ts: ts}
	if err := st.EnsureWard(ctx, ward, ward); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

func (s *stack) close() { s.ts.Close(); s.st.Close() }

// user adds an account and returns a token of it.
func (s *stack) user(t testing.TB, name, role string) string {
	t.Helper()
	ctx := context.Background()
	if _, err := s.svc.AddUser(ctx, ward, name, role, "", "mật-khẩu-"+name); err != nil {
		t.Fatal(err)
	}
	tok, _, _, err := s.svc.Login(ctx, name, "mật-khẩu-"+name, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// push sends records as an admin, in pushes of at most MaxOps.
func (s *stack) push(t testing.TB, ops []wire.Op) {
	t.Helper()
	admin := &server.User{Ward: ward, Name: "admin", Role: server.Admin}
	for len(ops) > 0 {
		n := min(len(ops), server.MaxOps)
		res, err := s.svc.Push(context.Background(), admin, ops[:n])
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
}

func insert(f *gis.Feature) wire.Op {
	return wire.Op{OpID: gis.NewID(), Kind: string(f.Kind), ID: f.ID, Op: wire.OpInsert, Fields: wire.Fields(f), At: clock}
}

// pushDemo sends the demo ward's records.
func (s *stack) pushDemo(t testing.TB) {
	t.Helper()
	var ops []wire.Op
	for _, f := range demo.Generate().Features {
		ops = append(ops, insert(f))
	}
	s.push(t, ops)
}

func get(t testing.TB, u, tok string) (int, string, *http.Response) {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp
}

var rowRe = regexp.MustCompile(`<li class="row[^"]*" data-code="([^"]+)" data-value="([^"]*)" data-status="([^"]*)">`)

// rows reads the targets' rows of a page: code → value and status.
func rows(page string) map[string][2]string {
	out := map[string][2]string{}
	for _, m := range rowRe.FindAllStringSubmatch(page, -1) {
		out[m[1]] = [2]string{m[2], m[3]}
	}
	return out
}

// An anonymous caller gets the login form, rendered once, without a
// query to the store; a wrong token is told its session ended.
func TestAnonymousGetsLogin(t *testing.T) {
	s := newStack(t)
	code, body, resp := get(t, s.ts.URL+dashboard.Prefix, "")
	if code != 200 || !strings.Contains(body, `action="dang-nhap"`) || !strings.Contains(body, "Đăng nhập") {
		t.Fatalf("%d %s", code, body)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Fatalf("CSP %q", csp)
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Fatalf("Cache-Control %q", cc)
	}
	if st := dashboard.Stats(s.h); st != (dashboard.CacheStats{}) {
		t.Fatalf("anonymous page worked the cache: %+v", st)
	}
	_, body, _ = get(t, s.ts.URL+dashboard.Prefix+"?lang=en", "")
	if !strings.Contains(body, "Log in") || !strings.Contains(body, `lang="en"`) {
		t.Fatal("no English login page")
	}
	code, body, _ = get(t, s.ts.URL+dashboard.Prefix, "kien-an.not-a-token")
	if code != 401 || !strings.Contains(body, "hết hạn") {
		t.Fatalf("bad token: %d", code)
	}
	if code, _, _ := get(t, s.ts.URL+"/dashboard?lang=en", ""); code != 200 {
		t.Fatalf("/dashboard without slash: %d", code)
	}
}

// The login form sets an HttpOnly cookie that opens the page; a wrong
// password, a form from another site and a role that may not see the
// dashboard are refused; logout revokes the session.
func TestLoginForm(t *testing.T) {
	s := newStack(t)
	s.user(t, "lanhdao", server.Leader)
	s.user(t, "kiemtra", server.Inspector)
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post := func(path string, form url.Values, origin string, cookie *http.Cookie) *http.Response {
		req, _ := http.NewRequest("POST", s.ts.URL+dashboard.Prefix+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		if cookie != nil {
			req.AddCookie(cookie)
		}
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	if r := post("dang-nhap", url.Values{"user": {"lanhdao"}, "password": {"sai-mật-khẩu"}}, s.ts.URL, nil); r.StatusCode != 401 {
		t.Fatalf("wrong password: %d", r.StatusCode)
	}
	if r := post("dang-nhap", url.Values{"user": {"lanhdao"}, "password": {"mật-khẩu-lanhdao"}}, "https://evil.example", nil); r.StatusCode != 400 || len(r.Cookies()) != 0 {
		t.Fatalf("cross-site login: %d", r.StatusCode)
	}
	if r := post("dang-nhap", url.Values{"user": {"kiemtra"}, "password": {"mật-khẩu-kiemtra"}}, s.ts.URL, nil); r.StatusCode != 403 || len(r.Cookies()) != 0 {
		t.Fatalf("inspector: %d", r.StatusCode)
	}
	r := post("dang-nhap", url.Values{"user": {"lanhdao"}, "password": {"mật-khẩu-lanhdao"}, "lang": {"en"}}, s.ts.URL, nil)
	if r.StatusCode != 303 || r.Header.Get("Location") != dashboard.Prefix+"?lang=en" || len(r.Cookies()) != 1 {
		t.Fatalf("login: %d %v", r.StatusCode, r.Header)
	}
	c := r.Cookies()[0]
	if c.Name != dashboard.CookieName || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/dashboard" {
		t.Fatalf("cookie %+v", c)
	}
	req, _ := http.NewRequest("GET", s.ts.URL+dashboard.Prefix+"?lang=en", nil)
	req.AddCookie(c)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || len(rows(string(b))) != 18 || !strings.Contains(string(b), "lanhdao (leader)") {
		t.Fatalf("page with cookie: %d, %d rows", resp.StatusCode, len(rows(string(b))))
	}
	if r := post("dang-xuat", url.Values{}, "https://evil.example", c); r.StatusCode != 400 {
		t.Fatalf("cross-site logout: %d", r.StatusCode)
	}
	if r := post("dang-xuat", url.Values{}, s.ts.URL, c); r.StatusCode != 303 {
		t.Fatalf("logout: %d", r.StatusCode)
	}
	if code, _, _ := get(t, s.ts.URL+dashboard.Prefix, c.Value); code != 401 {
		t.Fatalf("token still valid after logout: %d", code)
	}
	tok := s.user(t, "thanhtra", server.Viewer)
	if code, body, _ := get(t, s.ts.URL+dashboard.Prefix, tok); code != 403 || !strings.Contains(body, "viewer") {
		t.Fatalf("viewer: %d", code)
	}
	for _, role := range []string{server.Planner, server.Admin} {
		if code, _, _ := get(t, s.ts.URL+dashboard.Prefix, s.user(t, "u-"+role, role)); code != 200 {
			t.Fatalf("%s: %d", role, code)
		}
	}
}

// square is a TDP polygon around (lon, lat).
func square(lon, lat, d float64) orb.Polygon {
	return orb.Polygon{{{lon - d, lat - d}, {lon + d, lat - d}, {lon + d, lat + d}, {lon - d, lat + d}, {lon - d, lat - d}}}
}

func tdp(name string, poly orb.Polygon) *gis.Feature {
	f := gis.NewFeature(gis.TDP, poly)
	f.Attrs["name"], f.Attrs["code"], f.Attrs["head"] = name, "TDP-X", "Nguyễn Văn An"
	return f
}

func tree(pt orb.Point, planted string) *gis.Feature {
	f := gis.NewFeature(gis.Tree, pt)
	f.Attrs["species_vi"], f.Attrs["condition"], f.Attrs["planted_on"] = "Bàng", "good", planted
	return f
}

// targetVersion is a new version of a seeded target with another label.
func targetVersion(t testing.TB, code, nameVI, from string) wire.Op {
	t.Helper()
	seeds, err := catalogue.Seed()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range seeds {
		if r.Kind != catalogue.KindTarget || r.Fields["code"] != code {
			continue
		}
		fields := map[string]any{}
		for k, v := range r.Fields {
			fields[k] = v
		}
		fields["name_vi"], fields["valid_from"] = nameVI, from
		return wire.Op{OpID: gis.NewID(), Kind: catalogue.KindTarget, ID: catalogue.ID(catalogue.KindTarget, fields), Op: wire.OpInsert, Fields: fields, At: clock}
	}
	t.Fatalf("no seed of %s", code)
	return wire.Op{}
}

// A TDP named with markup and a target labelled with markup are shown as
// text, in the table, the map's labels and tooltips, and the select.
func TestHostileNamesEscaped(t *testing.T) {
	s := newStack(t)
	tok := s.user(t, "lanhdao", server.Leader)
	evil := `<script>alert("tdp")</script><img src=x onerror=alert(1)>`
	label := `Cây "xanh" <script>alert('target')</script>`
	s.push(t, []wire.Op{
		insert(tdp(evil, square(106.630, 20.810, 0.002))),
		insert(tdp("Tổ dân phố 2", square(106.635, 20.810, 0.002))),
		insert(tree(orb.Point{106.630, 20.810}, "2026-10-05")),
		targetVersion(t, indicator.EnvTrees, label, "2026-02-01"),
	})
	for _, q := range []string{"", "?t=MT-05", "?t=MT-05&lang=en", "?t=MT-05&tdp=x%22%3E%3Cscript%3E"} {
		code, body, _ := get(t, s.ts.URL+dashboard.Prefix+q, tok)
		if code != 200 {
			t.Fatalf("%s: %d", q, code)
		}
		if strings.Contains(body, "<script") || strings.Contains(body, "<img") {
			t.Fatalf("%s: markup got through:\n%s", q, body)
		}
		if !strings.Contains(body, "&lt;script&gt;alert(&#34;tdp&#34;)&lt;/script&gt;") {
			t.Fatalf("%s: the TDP's name is not shown escaped", q)
		}
		if q != "?t=MT-05&lang=en" && !strings.Contains(body, "Cây &#34;xanh&#34; &lt;script&gt;alert(&#39;target&#39;)&lt;/script&gt;") {
			t.Fatalf("%s: the target's label is not shown escaped", q)
		}
	}
	// The tree lies in the hostile TDP: its row says 1 tree there.
	_, body, _ := get(t, s.ts.URL+dashboard.Prefix+"?t=MT-05", tok)
	if !regexp.MustCompile(`data-tdp="[^"]+" data-value="1" data-status="[a-z_]+"><td><a href="[^"]+">&lt;script&gt;`).MatchString(body) {
		t.Fatalf("the hostile TDP's row:\n%s", body)
	}
}

// The page's numbers follow pushes: a feature change is applied to the
// model (no reload), a catalogue change reloads it, and an unchanged ward
// is not computed again.
func TestCacheFollowsPushes(t *testing.T) {
	onBothStores(t, func(t *testing.T, s *stack, _ string) { cacheFollowsPushes(t, s) })
}

func cacheFollowsPushes(t *testing.T, s *stack) {
	tok := s.user(t, "lanhdao", server.Leader)
	s.push(t, []wire.Op{insert(tdp("Tổ dân phố 1", square(106.630, 20.810, 0.002))), insert(tree(orb.Point{106.630, 20.810}, "2026-10-05"))})
	page := func() map[string][2]string {
		t.Helper()
		code, body, _ := get(t, s.ts.URL+dashboard.Prefix+"?p=2026-Q4", tok)
		if code != 200 {
			t.Fatalf("%d %s", code, body)
		}
		return rows(body)
	}
	if v := page()[indicator.EnvTrees][0]; v != "1" {
		t.Fatalf("trees %q, want 1", v)
	}
	// One board per quarter of 2026 (the trend), Q4's shared by the page.
	n := dashboard.Stats(s.h).Computes
	page()
	if st := dashboard.Stats(s.h); st.Loads != 1 || st.Computes != n || n != 4 || st.Updates != 0 {
		t.Fatalf("after two pages: %+v", st)
	}
	s.push(t, []wire.Op{insert(tree(orb.Point{106.6301, 20.8101}, "2026-11-01"))})
	if v := page()[indicator.EnvTrees][0]; v != "2" {
		t.Fatalf("trees %q after a push, want 2", v)
	}
	if st := dashboard.Stats(s.h); st.Loads != 1 || st.Updates != 1 || st.Computes != 2*n {
		t.Fatalf("after a push: %+v", st)
	}
	// A drain is no indicator's: the head moves, nothing is computed.
	drain := gis.NewFeature(gis.Drain, orb.Point{106.63, 20.81})
	drain.Attrs["status"] = "clear"
	s.push(t, []wire.Op{insert(drain)})
	page()
	if st := dashboard.Stats(s.h); st.Computes != 2*n {
		t.Fatalf("a drain recomputed the board: %+v", st)
	}
	s.push(t, []wire.Op{targetVersion(t, indicator.EnvTrees, "Cây trồng mới", "2026-03-01")})
	page()
	if st := dashboard.Stats(s.h); st.Loads != 2 || st.Computes != 3*n {
		t.Fatalf("after a target version: %+v", st)
	}
	if code, _, _ := get(t, s.ts.URL+dashboard.Prefix+"?p=2019", tok); code != 400 {
		t.Fatalf("a period outside the plan: %d", code)
	}
}
