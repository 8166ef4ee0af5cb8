package dashboard_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"golang.org/x/net/html"

	"wardmap/data/server"
	"wardmap/data/server/dashboard"
	"wardmap/data/sync/wire"
)

// elements are those the templates write.
var elements = map[string]bool{}

func init() {
	for _, e := range strings.Fields(`html head meta title style body header h1 h2 h3 div a span form input button main section
		label select optgroup option p ul li b small svg line polyline circle path text i table thead tbody tr th td`) {
		elements[e] = true
	}
}

// Whatever a leader's browser (or anyone holding a token) puts in the
// page's query, the answer is the page (200) or a refusal of the period
// (400), never a server error, and nothing of the query comes back as
// markup.
func FuzzPageQuery(f *testing.F) {
	s := newStack(f)
	tok := s.user(f, "lanhdao", server.Leader)
	s.push(f, []wire.Op{insert(tdp("Tổ dân phố 1", square(106.630, 20.810, 0.002))), insert(tree(orb.Point{106.630, 20.810}, "2026-10-05"))})
	for _, seed := range [][4]string{{"2026-Q4", "TT-04", "", "en"}, {"", "", "", ""}, {"2026-2030", "mt-05", "x", "vi"},
		{"2019", "<b>", `"><script>`, "EN"}, {"2026-13", "MT-05\x00", "", "fr"}, {"2026-H2", "", "", ""}} {
		f.Add(seed[0], seed[1], seed[2], seed[3])
	}
	f.Fuzz(func(t *testing.T, p, code, tdpID, lang string) {
		q := url.Values{"p": {p}, "t": {code}, "tdp": {tdpID}, "lang": {lang}}
		req := httptest.NewRequest("GET", dashboard.Prefix+"?"+q.Encode(), nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		w := httptest.NewRecorder()
		s.h.ServeHTTP(w, req)
		if w.Code != http.StatusOK && w.Code != http.StatusBadRequest {
			t.Fatalf("%q %q %q %q: %d %s", p, code, tdpID, lang, w.Code, w.Body)
		}
		// The page's own elements only: no script, no event handler, no
		// element the templates do not write.
		z := html.NewTokenizer(strings.NewReader(w.Body.String()))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				break
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			if !elements[tok.Data] {
				t.Fatalf("%q %q %q %q: element <%s> on the page", p, code, tdpID, lang, tok.Data)
			}
			for _, a := range tok.Attr {
				if strings.HasPrefix(a.Key, "on") || strings.Contains(a.Val, "javascript:") {
					t.Fatalf("%q %q %q %q: attribute %s=%q", p, code, tdpID, lang, a.Key, a.Val)
				}
			}
		}
	})
}
