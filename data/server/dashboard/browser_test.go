package dashboard_test

import (
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"wardmap/data/server"
	"wardmap/data/server/dashboard"
	"wardmap/data/server/internal/browsertest"
	"wardmap/data/server/pgtest"
	"wardmap/gis/gistest"
)

var (
	demoOnce  sync.Once
	demoStack *stack
	demoDir   string
	demoErr   error
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	if demoStack != nil {
		demoStack.close()
	}
	if demoDir != "" {
		os.RemoveAll(demoDir)
	}
	os.Exit(code)
}

// demoWard is one server holding the demo ward, shared by the tests that
// only read it.
func demoWard(t testing.TB) *stack {
	t.Helper()
	demoOnce.Do(func() {
		if demoDir, demoErr = os.MkdirTemp("", "webdash-"); demoErr != nil {
			return
		}
		if demoStack, demoErr = openStack(filepath.Join(demoDir, "ward.db")); demoErr != nil {
			return
		}
		demoStack.pushDemo(t)
	})
	if demoErr != nil {
		t.Fatal(demoErr)
	}
	return demoStack
}

// The demo ward's page in headless Chromium on a phone (390×844) and a
// desktop (1440×900), in Vietnamese and English, and the login page:
// screenshots in testout/webdash/ for a person to look at. Chromium
// shows the page as a leader's browser gets it (the session's token is
// added by a proxy: Chromium's command line cannot log in).
func TestDemoWardInChromium(t *testing.T) {
	s := demoWard(t)
	tok := s.user(t, "lanhdao", server.Leader)
	target, _ := url.Parse(s.ts.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	ms := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/do-rong" {
			// The page with a script that measures it (the page itself
			// has none, and its CSP forbids one).
			req, _ := http.NewRequest("GET", s.ts.URL+dashboard.Prefix+"?"+r.URL.RawQuery, nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadGateway)
				return
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, strings.Replace(string(body), "</body>", measureScript+"</body>", 1))
			return
		}
		if r.URL.Path == "/khung" {
			// Chromium's window is at least 500 px wide when it lays a page
			// out for --dump-dom: the page is measured in a frame.
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			q := r.URL.Query()
			io.WriteString(w, `<!doctype html><html><body style="margin:0"><iframe src="/do-rong?`+html.EscapeString(q.Get("q"))+
				`" width="`+html.EscapeString(q.Get("w"))+`" height="`+html.EscapeString(q.Get("h"))+`" style="border:0;display:block"></iframe></body></html>`)
			return
		}
		if r.URL.Query().Get("anon") == "" {
			r.Header.Set("Authorization", "Bearer "+tok)
		}
		proxy.ServeHTTP(w, r)
	}))
	defer ms.Close()
	out := gistest.OutDir(t, "webdash")
	shots := []struct{ name, size, query string }{
		{"phone-vi", "390,844", "?p=2026-Q4&t=TT-04"},
		{"phone-vi-whole-page", "390,3900", "?p=2026-Q4&t=TT-04"},
		{"desktop-vi", "1440,900", "?p=2026-Q4&t=TT-04"},
		{"phone-en", "390,844", "?p=2026&t=MT-05&lang=en"},
		{"desktop-en", "1440,900", "?p=2026&t=MT-05&lang=en"},
		{"desktop-tdp", "1440,900", "?p=2026-H2&t=CS-01&tdp=" + firstTDP(t, s, tok)},
		{"phone-login", "390,844", "?anon=1"},
	}
	for _, sh := range shots {
		file := filepath.Join(out, sh.name+".png")
		browsertest.Chromium(t, "--window-size="+sh.size, "--hide-scrollbars", "--screenshot="+file, ms.URL+dashboard.Prefix+sh.query)
		if st, err := os.Stat(file); err != nil || st.Size() < 10000 {
			t.Errorf("screenshot %s: %v", file, err)
		}
		if sh.name == "phone-login" {
			continue
		}
		// Nothing is wider than the window: no sideways scrolling.
		wh := strings.Split(sh.size, ",")
		framed := ms.URL + "/khung?" + url.Values{"q": {strings.TrimPrefix(sh.query, "?")}, "w": {wh[0]}, "h": {wh[1]}}.Encode()
		dom := string(browsertest.Chromium(t, "--window-size="+sh.size, "--hide-scrollbars", "--dump-dom", framed))
		m := regexp.MustCompile(`<pre id="measure">(\d+) (\d+) (\d+) ([^<]*)</pre>`).FindStringSubmatch(dom)
		if m == nil {
			t.Fatalf("%s: no measurement", sh.name)
		}
		width, _ := strconv.Atoi(strings.Split(sh.size, ",")[0])
		scroll, _ := strconv.Atoi(m[1])
		client, _ := strconv.Atoi(m[2])
		t.Logf("%s: scrollWidth %d, clientWidth %d", sh.name, scroll, client)
		if client != width || scroll > client || m[4] != "" {
			t.Errorf("%s: the page is %d px wide in a %d px window (want %d); past the edge: %s", sh.name, scroll, client, width, m[4])
		}
		if m[3] != "18" {
			t.Errorf("%s: %s target rows laid out", sh.name, m[3])
		}
	}
}

// measureScript writes the document's scroll width, the window's width,
// the number of target rows and the elements whose right edge passes the
// window.
const measureScript = `<script>
(function(){var d=document.documentElement,w=d.clientWidth,bad=[];
document.querySelectorAll('body *').forEach(function(e){var r=e.getBoundingClientRect();
if(r.right>w+1&&bad.length<5)bad.push(e.tagName.toLowerCase()+(e.getAttribute('class')?'.'+e.getAttribute('class'):'')+'='+Math.round(r.right));});
var p=document.createElement('pre');p.id='measure';p.textContent=d.scrollWidth+' '+w+' '+document.querySelectorAll('li.row').length+' '+bad.join(',');(parent!==window?parent.document:document).body.appendChild(p);})();
</script>`

func firstTDP(t *testing.T, s *stack, tok string) string {
	_, body, _ := get(t, s.ts.URL+dashboard.Prefix, tok)
	i := strings.Index(body, `data-tdp="`)
	if i < 0 {
		t.Fatal("no TDP row")
	}
	id, _, _ := strings.Cut(body[i+len(`data-tdp="`):], `"`)
	return id
}
