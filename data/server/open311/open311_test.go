package open311_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"wardmap/data/server"
	"wardmap/data/server/open311"
	"wardmap/data/server/sqlstore"
	"wardmap/data/sync/remote"
	"wardmap/gis"
	"wardmap/gis/gistest"
)

const (
	ward   = "kien-an"
	apiKey = "zalo-key-0123456789abcdef"
	phone  = "0912 345 678"
)

type stack struct {
	svc *server.Service
	st  server.Store
	ts  *httptest.Server
	q   *open311.Queue
	pub *open311.Public
}

func newStack(t testing.TB) *stack {
	t.Helper()
	st, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "ward.db"))
	if err != nil {
		t.Fatal(err)
	}
	return stackOver(t, st)
}

// stackOver serves the Open311 API, the public page and the sync API over
// st, as wardd does, on a loopback server closed (with st) at the end of
// the test.
func stackOver(t testing.TB, st server.Store) *stack {
	svc := server.NewService(st)
	q := open311.NewQueue(open311.ServiceBackend(svc), ward)
	q.MaxStale = 0
	pub := open311.NewPublic(q)
	mux := http.NewServeMux()
	mux.Handle("/open311/", open311.NewHandler(q, map[string]open311.Partner{apiKey: {Name: "zalo-oa", Channel: "zalo"}}))
	mux.Handle(open311.PublicPrefix, pub)
	mux.Handle("/", remote.NewHandler(svc, nil))
	ts := httptest.NewServer(mux)
	t.Cleanup(func() { ts.Close(); st.Close() })
	return &stack{svc: svc, st: st, ts: ts, q: q, pub: pub}
}

func get(t *testing.T, u string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func post(t *testing.T, u string, v url.Values) (int, []byte) {
	t.Helper()
	resp, err := http.PostForm(u, v)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// schema compiles one of the shared Open311 JSON schemas.
func schema(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	path := gistest.SharedData(t, "open311", "schema-validation", "schema", "georeport-v2", name)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	s, err := c.Compile(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validate(t *testing.T, s *jsonschema.Schema, body []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("not JSON: %v\n%s", err, body)
	}
	if err := s.Validate(inst); err != nil {
		t.Fatalf("schema: %v\n%s", err, body)
	}
}

// xmlOK checks XML with xmllint (the referee) and Go's decoder.
func xmlOK(t *testing.T, body []byte, v any) {
	t.Helper()
	if !bytes.HasPrefix(body, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
		t.Errorf("no XML declaration: %.60s", body)
	}
	if path, err := exec.LookPath("xmllint"); err == nil {
		cmd := exec.Command(path, "--noout", "-")
		cmd.Stdin = bytes.NewReader(body)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("xmllint: %v %s\n%s", err, out, body)
		}
	} else if os.Getenv("WARDMAP_REFEREES_OPTIONAL") == "" {
		t.Fatal("xmllint missing (apt-get install libxml2-utils)")
	}
	if err := xml.Unmarshal(body, v); err != nil {
		t.Fatalf("xml: %v", err)
	}
}

// The schemas do refuse what the spec forbids (so that passing means
// something).
func TestSchemasRefuse(t *testing.T) {
	for _, c := range []struct{ schema, doc string }{
		{"requests.json", `[{"service_request_id":"1","status":"pending","service_code":"waste","requested_datetime":"2026-11-01T08:00:00+07:00"}]`},
		{"requests.json", `[{"service_request_id":"1","status":"open","service_code":"waste","requested_datetime":"yesterday"}]`},
		{"requests.json", `[{"status":"open","service_code":"waste","requested_datetime":"2026-11-01T08:00:00+07:00"}]`},
		{"services.json", `[{"service_code":"waste","service_name":"x","metadata":"yes","type":"realtime"}]`},
		{"service-definition.json", `{"service_code":"waste","attributes":[{"variable":true,"code":"a","datatype":"colour","required":false}]}`},
	} {
		inst, _ := jsonschema.UnmarshalJSON(strings.NewReader(c.doc))
		if err := schema(t, c.schema).Validate(inst); err == nil {
			t.Errorf("%s accepted %s", c.schema, c.doc)
		}
	}
}

func TestServices(t *testing.T) {
	s := newStack(t)
	base := s.ts.URL + open311.Prefix
	code, body := get(t, base+"services.json")
	if code != 200 {
		t.Fatalf("%d %s", code, body)
	}
	validate(t, schema(t, "services.json"), body)
	if resp, _ := http.Get(base + "services.json"); resp.Header.Get("Access-Control-Allow-Origin") != "*" || resp.Header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Errorf("headers %v", resp.Header)
	}
	var list []open311.Service
	json.Unmarshal(body, &list)
	if len(list) != len(gis.ReportCategories) || list[0].Code != "waste" || !list[0].Metadata {
		t.Errorf("services %+v", list)
	}
	code, body = get(t, base+"services.xml")
	var sx struct {
		Services []open311.Service `xml:"service"`
	}
	xmlOK(t, body, &sx)
	if code != 200 || len(sx.Services) != len(list) || sx.Services[2].Name != list[2].Name {
		t.Errorf("services.xml %d %d", code, len(sx.Services))
	}
	for _, c := range []string{"waste", "lighting", "other"} {
		code, body = get(t, base+"services/"+c+".json")
		if code != 200 {
			t.Fatalf("%s: %d", c, code)
		}
		validate(t, schema(t, "service-definition.json"), body)
		_, body = get(t, base+"services/"+c+".xml")
		var d open311.Definition
		xmlOK(t, body, &d)
		if d.Code != c || len(d.Attributes) == 0 {
			t.Errorf("%s.xml: %+v", c, d)
		}
	}
	// Service discovery, both formats.
	code, body = get(t, s.ts.URL+"/open311/discovery.json")
	var disc open311.Discovery
	if err := json.Unmarshal(body, &disc); err != nil || code != 200 || len(disc.Endpoints) != 1 || disc.Endpoints[0].URL != s.ts.URL+"/open311/v2" || disc.KeyService == "" {
		t.Errorf("discovery: %d %s", code, body)
	}
	_, body = get(t, s.ts.URL+"/open311/discovery.xml")
	var dx open311.Discovery
	xmlOK(t, body, &dx)
	if len(dx.Endpoints) != 1 || len(dx.Endpoints[0].Formats) != 2 || dx.Changeset == "" {
		t.Errorf("discovery.xml %s", body)
	}
	// Errors as the spec shows them: an array of {code, description}.
	for _, c := range []struct {
		path   string
		status int
	}{
		{"services/graffiti.json", 404},
		{"services.json?jurisdiction_id=sfgov.org", 404},
		{"requests.json?start_date=yesterday", 400},
		{"requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z", 400},
		{"requests.json?status=pending", 400},
		{"requests/nope.json", 404},
		{"tokens/1.json", 404},
	} {
		code, body := get(t, base+c.path)
		var errs []struct {
			Code        int
			Description string
		}
		if err := json.Unmarshal(body, &errs); err != nil || code != c.status || len(errs) != 1 || errs[0].Code != c.status || errs[0].Description == "" {
			t.Errorf("%s: %d %s", c.path, code, body)
		}
	}
	code, body = get(t, base+"services/graffiti.xml")
	var ex struct {
		Errors []struct {
			Code        int    `xml:"code"`
			Description string `xml:"description"`
		} `xml:"error"`
	}
	xmlOK(t, body, &ex)
	if code != 404 || len(ex.Errors) != 1 || ex.Errors[0].Code != 404 {
		t.Errorf("xml error %d %s", code, body)
	}
}

func form(extra map[string]string) url.Values {
	v := url.Values{"api_key": {apiKey}, "service_code": {"waste"}, "lat": {"20.8105"}, "long": {"106.6302"},
		"description": {"Rác đổ trước ngõ 12 <script>alert(1)</script>"}, "first_name": {"Lan"}, "last_name": {"Vũ"},
		"phone": {phone}, "email": {"lan@example.vn"}, "attribute[waste_type]": {"household"}}
	for k, x := range extra {
		if x == "" {
			v.Del(k)
		} else {
			v.Set(k, x)
		}
	}
	return v
}

func TestPostRequests(t *testing.T) {
	s := newStack(t)
	base := s.ts.URL + open311.Prefix
	for _, c := range []struct {
		name   string
		extra  map[string]string
		status int
	}{
		{"no key", map[string]string{"api_key": ""}, 403},
		{"wrong key", map[string]string{"api_key": "guess"}, 403},
		{"no service", map[string]string{"service_code": ""}, 400},
		{"unknown service", map[string]string{"service_code": "graffiti"}, 404},
		{"required attribute", map[string]string{"attribute[waste_type]": ""}, 400},
		{"attribute not in list", map[string]string{"attribute[waste_type]": "nuclear"}, 400},
		{"no location", map[string]string{"lat": "", "long": ""}, 400},
		{"half a location", map[string]string{"long": ""}, 400},
		{"outside the ward", map[string]string{"lat": "21.03", "long": "105.85"}, 400},
		{"unknown address", map[string]string{"lat": "", "long": "", "address_string": "1 Tràng Tiền, Hà Nội"}, 400},
		{"too long", map[string]string{"description": strings.Repeat("a", 4001)}, 400},
		{"media not http", map[string]string{"media_url": "file:///etc/passwd"}, 400},
	} {
		code, body := post(t, base+"requests.json", form(c.extra))
		if code != c.status || !strings.Contains(string(body), `"description"`) {
			t.Errorf("%s: %d %s", c.name, code, body)
		}
	}
	if recs, _ := s.st.Changes(context.Background(), ward, server.ChangesQuery{Limit: 10}); len(recs) != 0 {
		t.Fatalf("refused posts wrote %d records", len(recs))
	}

	code, body := post(t, base+"requests.json", form(nil))
	if code != 201 {
		t.Fatalf("post: %d %s", code, body)
	}
	var ans []struct {
		ID     string `json:"service_request_id"`
		Notice string `json:"service_notice"`
	}
	json.Unmarshal(body, &ans)
	if len(ans) != 1 || !gis.ValidID(ans[0].ID) || !strings.Contains(ans[0].Notice, "2 ngày") {
		t.Fatalf("answer %s", body)
	}
	id := ans[0].ID
	// A second report of the same waste 20 m away is flagged as a possible duplicate.
	code, body = post(t, base+"requests.xml", form(map[string]string{"lat": "20.8107"}))
	var ax struct {
		Req struct {
			ID     string `xml:"service_request_id"`
			Notice string `xml:"service_notice"`
		} `xml:"request"`
	}
	xmlOK(t, body, &ax)
	if code != 201 || !strings.Contains(ax.Req.Notice, id) {
		t.Errorf("duplicate hint: %d %s", code, body)
	}

	// It is a report record in the server's store, private fields kept there.
	recs, err := s.st.Changes(context.Background(), ward, server.ChangesQuery{Limit: 10, Kinds: []string{"report"}})
	if err != nil || len(recs) != 2 {
		t.Fatalf("store: %d records, %v", len(recs), err)
	}
	r := recs[0]
	if r.ID != id || r.Fields["channel"] != "zalo" || r.Fields["reporter_phone"] != phone || r.Fields["status"] != "received" || r.CreatedBy != "open311:zalo-oa" {
		t.Errorf("stored %+v", r)
	}

	getAnswersArePublic(t, base, id)
}

// getAnswersArePublic checks the GET answers about report id (JSON and
// XML, listed, filtered and alone): they validate against the spec's
// schema, escape markup and never show private data.
func getAnswersArePublic(t *testing.T, base, id string) {
	t.Helper()
	all := []string{}
	for _, path := range []string{"requests.json", "requests.json?status=open&service_code=waste,lighting", "requests.json?service_request_id=" + id,
		"requests/" + id + ".json", "requests.json?start_date=" + url.QueryEscape(time.Now().Add(-time.Hour).Format(time.RFC3339))} {
		code, body := get(t, base+path)
		if code != 200 {
			t.Fatalf("%s: %d %s", path, code, body)
		}
		validate(t, schema(t, "requests.json"), body)
		var rs []open311.Request
		json.Unmarshal(body, &rs)
		if len(rs) == 0 || rs[0].Status != "open" || rs[0].Extended.Status != "received" || rs[0].Lat < 20.8 || rs[0].Expected == "" {
			t.Errorf("%s: %s", path, body)
		}
		all = append(all, string(body))
	}
	for _, path := range []string{"requests.xml", "requests/" + id + ".xml"} {
		code, body := get(t, base+path)
		var rx struct {
			Requests []open311.Request `xml:"request"`
		}
		xmlOK(t, body, &rx)
		if code != 200 || len(rx.Requests) == 0 || rx.Requests[0].ServiceCode != "waste" || !strings.Contains(rx.Requests[0].Description, "<script>") {
			t.Errorf("%s: %d %s", path, code, body)
		}
		if strings.Contains(string(body), "<script>") {
			t.Errorf("%s: raw <script> in XML", path)
		}
		all = append(all, string(body))
	}
	for _, c := range []struct{ path, want string }{
		{"requests.json?status=closed", "[]"},
		{"requests.json?service_code=lighting", "[]"},
		{"requests.json?end_date=2026-01-01T00:00:00Z", "[]"},
	} {
		if _, body := get(t, base+c.path); strings.TrimSpace(string(body)) != c.want {
			t.Errorf("%s: %s", c.path, body)
		}
	}
	for _, out := range all {
		for _, private := range []string{phone, "lan@example.vn", "Vũ", "reporter"} {
			if strings.Contains(out, private) {
				t.Errorf("private %q in Open311 output", private)
			}
		}
	}
}
