package open311_test

import (
	"context"
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
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/data/server"
	"wardmap/data/server/internal/browsertest"
	"wardmap/data/server/open311"
	"wardmap/data/sync/wire"
	"wardmap/gis"
	"wardmap/gis/gistest"
)

// measureScript runs last in the page: it lays the page out and writes
// the document's scroll width, the viewport's width and the elements
// whose right edge passes the viewport.
const measureScript = `<script>
(function(){var d=document.documentElement,w=d.clientWidth,bad=[];
document.querySelectorAll('body *').forEach(function(e){var r=e.getBoundingClientRect();
if(r.right>w+1&&bad.length<5)bad.push(e.tagName.toLowerCase()+(e.getAttribute('class')?'.'+e.getAttribute('class'):'')+'='+Math.round(r.right));});
var p=document.createElement('pre');p.id='measure';p.textContent=d.scrollWidth+' '+w+' '+bad.join(',');(parent!==window?parent.document:document).body.appendChild(p);})();
</script>`

// One unbroken 320-character link in a report's text, its address and the
// ward's public answer: at 1280 and 390 px wide nothing on the page may
// be wider than the window. The page has no script (CSP default-src
// 'none'), so the test serves its HTML with a measuring script added
// from a second server, which hands every other path (photos) to wardd's.
func TestPublicPageLongWords(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	link := "https://www.facebook.com/groups/kienan/posts/" + strings.Repeat("pfbid0xYz", 30) + "abcde"
	if len(link) != 320 {
		t.Fatalf("link of %d characters", len(link))
	}
	f, _, err := s.q.Submit(ctx, open311.Intake{Channel: "hotline", By: "hotline", Category: "waste", Text: "Rác đổ trộm, xem ảnh tại " + link,
		Address: "Ngõ " + strings.Repeat("12/", 40) + "5 Trần Thành Ngọ", Point: orb.Point{106.63, 20.81}, Photos: [][]byte{photoJPEG(t, 1200, 900)}})
	if err != nil {
		t.Fatal(err)
	}
	admin := &server.User{Ward: ward, Name: "admin", Role: server.Admin}
	res, err := s.svc.Push(ctx, admin, []wire.Op{{OpID: gis.NewID(), Kind: "report", ID: f.ID, Op: wire.OpUpdate, BaseRev: 1 << 40,
		Fields: map[string]any{"public_answer": "Đã xử lý, biên bản tại " + link}, At: time.Now()}})
	if err != nil || res[0].Status != wire.Applied {
		t.Fatal(err, res)
	}
	for i := range 3 {
		if _, _, err := s.q.Submit(ctx, open311.Intake{Channel: "hotline", By: "hotline", Category: "lighting",
			Text: "Đèn đường không sáng " + strconv.Itoa(i), Point: orb.Point{106.631, 20.811}}); err != nil {
			t.Fatal(err)
		}
	}
	resp, err := http.Get(s.ts.URL + open311.PublicPrefix)
	if err != nil {
		t.Fatal(err)
	}
	html, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(html), link) {
		t.Fatal("the link is not on the page")
	}
	measured := strings.Replace(string(html), "</body>", measureScript+"</body>", 1)
	// Chromium's window is at least 500 px wide: the page is measured in
	// a frame of the width wanted, and reports to the frame's parent.
	frame := func(w string) string {
		return `<!doctype html><html><body style="margin:0"><iframe src="/do-rong" width="` + w + `" height="2400" style="border:0;display:block"></iframe></body></html>`
	}
	target, _ := url.Parse(s.ts.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	ms := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/do-rong":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, measured)
			return
		case "/khung":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, frame(r.URL.Query().Get("w")))
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	defer ms.Close()
	re := regexp.MustCompile(`<pre id="measure">(\d+) (\d+) ([^<]*)</pre>`)
	out := gistest.OutDir(t, "open311")
	for _, width := range []int{1280, 390} {
		size := "--window-size=" + strconv.Itoa(max(width, 500)) + ",2400"
		framed := ms.URL + "/khung?w=" + strconv.Itoa(width)
		dom := string(browsertest.Chromium(t, size, "--hide-scrollbars", "--dump-dom", framed))
		m := re.FindStringSubmatch(dom)
		if m == nil {
			t.Fatalf("%d px: no measurement in the page", width)
		}
		scroll, _ := strconv.Atoi(m[1])
		client, _ := strconv.Atoi(m[2])
		t.Logf("%d px: scrollWidth %s, clientWidth %s", width, m[1], m[2])
		if client < width-40 || client > width {
			t.Errorf("%d px window laid out %d px wide", width, client)
		}
		if scroll > client || m[3] != "" {
			t.Errorf("%d px: the page is %d px wide in a %d px window; past the edge: %s", width, scroll, client, m[3])
		}
		shot := filepath.Join(out, "public-long-link-"+strconv.Itoa(width)+".png")
		browsertest.Chromium(t, size, "--hide-scrollbars", "--screenshot="+shot, framed)
		if st, err := os.Stat(shot); err != nil || st.Size() < 10000 {
			t.Errorf("screenshot %s: %v", shot, err)
		}
	}
}
