package ogcapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"wardmap/data/server"
	"wardmap/data/server/ogcapi"
	"wardmap/data/server/pgtest"
	"wardmap/data/server/sqlstore"
	"wardmap/data/sync/wire"
	"wardmap/gis"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

const ward = "kien-an"

// fixture is a ward on a store behind the API: trees on a grid in two
// batches, streets, field reports with private fields, a deleted tree.
type fixture struct {
	st      server.Store
	svc     *server.Service
	srv     *httptest.Server // the API, tree public
	admin   string           // tokens
	viewer  string
	trees   map[string][2]float64 // live trees: lon, lat
	cond    map[string]string     // their condition
	second  map[string]bool       // trees of the second batch
	between time.Time             // after the first batch, before the second
	deleted string                // a deleted tree
	reports []string
	lShape  string // a street whose box meets the query box but not its line
	across  string // a street that crosses the query box
}

const (
	secretName  = "Nguyễn Văn Bí Mật"
	secretPhone = "0912345678"
	secretNote  = "ghi chú nội bộ XYZ"
)

// The TDP is a right triangle over part of the grid: its corner tdpA, a
// leg tdpW east, a leg tdpH north.
var tdpA = [2]float64{106.623, 20.803}

const tdpW, tdpH = 0.008, 0.032

func inTDP(p [2]float64) bool {
	return p[0] >= tdpA[0] && p[1] >= tdpA[1] && (p[0]-tdpA[0])/tdpW+(p[1]-tdpA[1])/tdpH <= 1
}

func point(lon, lat float64) map[string]any {
	return map[string]any{"type": "Point", "coordinates": []any{lon, lat}}
}

func line(pts ...[2]float64) map[string]any {
	var c []any
	for _, p := range pts {
		c = append(c, []any{p[0], p[1]})
	}
	return map[string]any{"type": "LineString", "coordinates": c}
}

func op(kind, id, action string, base int64, fields map[string]any) wire.Op {
	return wire.Op{OpID: gis.NewID(), Kind: kind, ID: id, Op: action, BaseRev: base, Fields: fields, At: time.Now().UTC()}
}

// forStores runs fn on a SQLite and a PostgreSQL store.
func forStores(t *testing.T, fn func(t *testing.T, f *fixture)) {
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "ward.db")
			if kind == "postgres" {
				dsn = pgtest.DSN(t)
			}
			st, err := sqlstore.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			fn(t, newFixture(t, st))
		})
	}
}

func newFixture(t *testing.T, st server.Store) *fixture {
	ctx := context.Background()
	svc := server.NewService(st)
	f := &fixture{st: st, svc: svc, trees: map[string][2]float64{}, cond: map[string]string{}, second: map[string]bool{}}
	admin, err := svc.AddUser(ctx, ward, "quan", server.Admin, "", "mật-khẩu-quản-trị")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddUser(ctx, ward, "xem", server.Viewer, "", "mật-khẩu-xem"); err != nil {
		t.Fatal(err)
	}
	f.admin, _, _, err = svc.Login(ctx, "quan", "mật-khẩu-quản-trị", "test")
	if err != nil {
		t.Fatal(err)
	}
	f.viewer, _, _, err = svc.Login(ctx, "xem", "mật-khẩu-xem", "test")
	if err != nil {
		t.Fatal(err)
	}
	push := func(ops ...wire.Op) []wire.OpResult {
		res, err := svc.Push(ctx, admin, ops)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			if r.Status != wire.Applied {
				t.Fatalf("push: %+v", r)
			}
		}
		return res
	}
	batch := func(from, to int, second bool) {
		var ops []wire.Op
		for i := from; i < to; i++ {
			id := gis.NewID()
			lon, lat := 106.621+float64(i%6)*0.004, 20.801+float64(i/6)*0.004
			cond := []string{"good", "dangerous", "fair"}[i%3]
			f.trees[id], f.cond[id] = [2]float64{lon, lat}, cond
			if second {
				f.second[id] = true
			}
			ops = append(ops, op("tree", id, wire.OpInsert, 0, map[string]any{"geom": point(lon, lat), "species_vi": "Bàng",
				"condition": cond, "height_m": 7.5 + float64(i%2), "code": fmt.Sprintf("CX-%03d", i)}))
		}
		push(ops...)
	}
	batch(0, 18, false)
	time.Sleep(20 * time.Millisecond)
	f.between = time.Now().UTC()
	time.Sleep(20 * time.Millisecond)
	batch(18, 30, true)
	f.deleted = gis.NewID()
	res := push(op("tree", f.deleted, wire.OpInsert, 0, map[string]any{"geom": point(106.63, 20.81)}))
	push(op("tree", f.deleted, wire.OpDelete, res[0].Rev, nil))
	f.lShape, f.across = gis.NewID(), gis.NewID()
	push(op("street", f.lShape, wire.OpInsert, 0, map[string]any{"geom": line([2]float64{106.60, 20.90}, [2]float64{106.70, 20.90}, [2]float64{106.70, 20.80}), "name": "Đường Chữ L", "class": "alley"}),
		op("street", f.across, wire.OpInsert, 0, map[string]any{"geom": line([2]float64{106.60, 20.83}, [2]float64{106.70, 20.83}), "name": "Đường Ngang", "class": "alley"}))
	push(op("tdp", gis.NewID(), wire.OpInsert, 0, map[string]any{"name": "Tổ dân phố Số 1", "code": "TDP-01", "geom": map[string]any{"type": "Polygon",
		"coordinates": []any{[]any{[]any{tdpA[0], tdpA[1]}, []any{tdpA[0] + tdpW, tdpA[1]}, []any{tdpA[0], tdpA[1] + tdpH}, []any{tdpA[0], tdpA[1]}}}}}))
	for i := 0; i < 2; i++ {
		id := gis.NewID()
		f.reports = append(f.reports, id)
		push(op("report", id, wire.OpInsert, 0, map[string]any{"geom": point(106.625, 20.805), "channel": "hotline", "category": "waste",
			"text": "Rác ở đầu ngõ", "received_at": "2026-03-01T08:00:00Z", "status": "received",
			"reporter_name": secretName, "reporter_phone": secretPhone, "private_note": secretNote}))
	}
	h, err := ogcapi.New(svc, ogcapi.Options{Ward: ward, Public: []gis.Kind{gis.Tree}})
	if err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(h)
	t.Cleanup(f.srv.Close)
	return f
}

// get asks the API (path under /ogc) with a token ("" for none).
func (f *fixture) get(t *testing.T, token, path string) (int, http.Header, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", f.srv.URL+"/ogc"+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

func (f *fixture) getJSON(t *testing.T, token, path string, v any) http.Header {
	t.Helper()
	code, hdr, b := f.get(t, token, path)
	if code != 200 {
		t.Fatalf("GET %s: %d %s", path, code, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("GET %s: %v\n%s", path, err, b)
	}
	return hdr
}

type featureCollection struct {
	Type     string `json:"type"`
	Features []struct {
		ID         string         `json:"id"`
		Geometry   geometry       `json:"geometry"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
	Links   []struct{ Href, Rel, Type string } `json:"links"`
	N       int                                `json:"numberReturned"`
	Matched *int                               `json:"numberMatched"`
}

type geometry struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

func (fc *featureCollection) next() string {
	for _, l := range fc.Links {
		if l.Rel == "next" {
			return l.Href
		}
	}
	return ""
}

// walk follows next links from path and returns every feature's ID.
func (f *fixture) walk(t *testing.T, token, path string) []string {
	t.Helper()
	var ids []string
	for pages := 0; path != ""; pages++ {
		if pages > 1000 {
			t.Fatal("next links never end")
		}
		var fc featureCollection
		f.getJSON(t, token, path, &fc)
		if fc.Type != "FeatureCollection" || fc.N != len(fc.Features) {
			t.Fatalf("%s: %s with numberReturned %d and %d features", path, fc.Type, fc.N, len(fc.Features))
		}
		for _, x := range fc.Features {
			ids = append(ids, x.ID)
		}
		path = strings.TrimPrefix(fc.next(), f.srv.URL+"/ogc")
	}
	return ids
}

func sameSet(t *testing.T, what string, got []string, want func(string) bool, n int) {
	t.Helper()
	seen := map[string]bool{}
	for _, id := range got {
		if seen[id] {
			t.Fatalf("%s: %s twice", what, id)
		}
		if !want(id) {
			t.Fatalf("%s: %s should not be there", what, id)
		}
		seen[id] = true
	}
	if len(seen) != n {
		t.Fatalf("%s: %d features, want %d", what, len(seen), n)
	}
}

func TestLandingConformanceAPI(t *testing.T) {
	forStores(t, func(t *testing.T, f *fixture) {
		var land struct {
			Links []struct{ Href, Rel, Type string }
		}
		f.getJSON(t, "", "", &land)
		rels := map[string]string{}
		for _, l := range land.Links {
			rels[l.Rel] = l.Href
		}
		for _, r := range []string{"self", "service-desc", "conformance", "data"} {
			if !strings.HasPrefix(rels[r], f.srv.URL+"/ogc") {
				t.Errorf("landing page: link %s = %q", r, rels[r])
			}
		}
		var conf struct{ ConformsTo []string }
		f.getJSON(t, "", "/conformance", &conf)
		for _, c := range []string{"ogcapi-features-1/1.0/conf/core", "ogcapi-features-1/1.0/conf/geojson", "ogcapi-features-1/1.0/conf/oas30",
			"ogcapi-features-2/1.0/conf/crs", "ogcapi-features-3/1.0/conf/queryables", "ogcapi-features-3/1.0/conf/queryables-query-parameters"} {
			if !slices.Contains(conf.ConformsTo, "http://www.opengis.net/spec/"+c) {
				t.Errorf("conformance: %s missing", c)
			}
		}
		if len(conf.ConformsTo) != 6 {
			t.Errorf("conformance claims %d classes, want the 6 tested: %v", len(conf.ConformsTo), conf.ConformsTo)
		}
		code, hdr, b := f.get(t, "", "/api")
		if code != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/vnd.oai.openapi+json") {
			t.Fatalf("/api: %d %s", code, hdr.Get("Content-Type"))
		}
		doc, err := openapi3.NewLoader().LoadFromData(b)
		if err != nil {
			t.Fatal(err)
		}
		if err := doc.Validate(context.Background()); err != nil {
			t.Fatalf("OpenAPI document invalid: %v", err)
		}
		items := doc.Paths.Find("/collections/tree/items")
		if items == nil || items.Get.Parameters.GetByInAndName("query", "condition") == nil || items.Get.Parameters.GetByInAndName("query", "limit") == nil {
			t.Fatal("tree items path without its queryables")
		}
		if doc.Paths.Find("/collections/report/items").Get.Parameters.GetByInAndName("query", "reporter_phone") != nil {
			t.Fatal("a private field documented as a filter")
		}
	})
}

type collectionsDoc struct {
	Collections []struct {
		ID     string
		CRS    []string
		Extent struct {
			Spatial  struct{ BBox [][]float64 }
			Temporal struct{ Interval [][]*string }
		}
	}
}

// Collections: every kind for a user, the public ones for anybody, and
// an extent that is the data's.
func TestCollections(t *testing.T) {
	forStores(t, func(t *testing.T, f *fixture) {
		var all, anon collectionsDoc
		f.getJSON(t, f.viewer, "/collections", &all)
		f.getJSON(t, "", "/collections", &anon)
		if len(all.Collections) != len(gis.Kinds()) {
			t.Fatalf("%d collections for a viewer, want %d", len(all.Collections), len(gis.Kinds()))
		}
		if len(anon.Collections) != 1 || anon.Collections[0].ID != "tree" {
			t.Fatalf("anonymous collections: %+v", anon.Collections)
		}
		tree := anon.Collections[0]
		bb := tree.Extent.Spatial.BBox
		want := [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
		for _, p := range f.trees {
			want = [4]float64{min(want[0], p[0]), min(want[1], p[1]), max(want[2], p[0]), max(want[3], p[1])}
		}
		if len(bb) != 1 || len(bb[0]) != 4 || [4]float64(bb[0]) != want {
			t.Fatalf("tree extent %v, want %v", bb, want)
		}
		iv := tree.Extent.Temporal.Interval
		if len(iv) != 1 || iv[0][0] == nil || iv[0][1] == nil || *iv[0][0] > *iv[0][1] {
			t.Fatalf("temporal extent %v", iv)
		}
		if !slices.Contains(tree.CRS, "http://www.opengis.net/def/crs/EPSG/0/9210") || tree.CRS[0] != "http://www.opengis.net/def/crs/OGC/1.3/CRS84" {
			t.Fatalf("crs list %v", tree.CRS)
		}
		var q struct {
			Properties map[string]map[string]any
		}
		f.getJSON(t, "", "/collections/tree/queryables", &q)
		if q.Properties["condition"]["type"] != "string" || q.Properties["height_m"]["type"] != "number" || len(q.Properties) != len(gis.TreeSchema.Fields)+1 || q.Properties["tdp"] == nil {
			t.Fatalf("tree queryables %v", q.Properties)
		}
		f.getJSON(t, f.admin, "/collections/report/queryables", &q)
		for _, p := range server.PrivateFields("report") {
			if _, ok := q.Properties[p]; ok {
				t.Fatalf("private %s is queryable", p)
			}
		}
	})
}

// Who reads what: logged-in roles every kind, anonymous callers the
// public layers only; private fields reach only the roles that handle
// reports, and are no filter for anyone.
func TestRolesAndPrivateFields(t *testing.T) {
	forStores(t, func(t *testing.T, f *fixture) {
		ids := f.walk(t, "", "/collections/tree/items")
		sameSet(t, "anonymous trees", ids, func(id string) bool { _, ok := f.trees[id]; return ok }, len(f.trees))
		for _, p := range []string{"/collections/report/items", "/collections/report", "/collections/street/items", "/collections/report/items/" + f.reports[0]} {
			code, hdr, b := f.get(t, "", p)
			if code != 401 || !strings.HasPrefix(hdr.Get("WWW-Authenticate"), "Bearer") || !strings.Contains(string(b), `"code"`) {
				t.Errorf("anonymous %s: %d %s", p, code, b)
			}
		}
		for _, tok := range []string{"kien-an.not-a-token", "x"} {
			if code, _, _ := f.get(t, tok, "/collections/tree/items"); code != 401 {
				t.Errorf("bad token %q: %d, want 401 (never served as anonymous)", tok, code)
			}
		}
		code, _, body := f.get(t, f.viewer, "/collections/report/items")
		_, _, one := f.get(t, f.viewer, "/collections/report/items/"+f.reports[0])
		if code != 200 {
			t.Fatalf("viewer reports: %d %s", code, body)
		}
		for _, b := range [][]byte{body, one} {
			for _, secret := range []string{secretName, secretPhone, secretNote, "reporter_name", "reporter_phone", "private_note"} {
				if strings.Contains(string(b), secret) {
					t.Fatalf("a viewer reads %q:\n%s", secret, b)
				}
			}
		}
		var fc featureCollection
		f.getJSON(t, f.admin, "/collections/report/items", &fc)
		if len(fc.Features) != 2 || fc.Features[0].Properties["reporter_phone"] != secretPhone {
			t.Fatalf("admin reports: %+v", fc.Features)
		}
		if code, _, _ := f.get(t, f.admin, "/collections/report/items?reporter_phone="+secretPhone); code != 400 {
			t.Fatalf("filter on a private field: %d, want 400", code)
		}
		if _, err := ogcapi.New(f.svc, ogcapi.Options{Public: []gis.Kind{gis.Report}}); err == nil {
			t.Fatal("reports made public")
		}
		if _, err := ogcapi.ParsePublic("tree,violation"); err == nil {
			t.Fatal("violations made public")
		}
		if ks, err := ogcapi.ParsePublic(" tree, lamp,tree "); err != nil || !slices.Equal(ks, []gis.Kind{gis.Tree, gis.Lamp}) {
			t.Fatalf("ParsePublic: %v %v", ks, err)
		}
	})
}

// Bad requests are 400 with an OGC exception, unknown things 404.
func TestBadRequests(t *testing.T) {
	forStores(t, func(t *testing.T, f *fixture) {
		bad := []string{
			"limit=0", "limit=-3", "limit=abc", "limit=1&limit=2", "bbox=1,2,3", "bbox=1,2,3,4,5", "bbox=NaN,0,1,1",
			"bbox=0,0,Inf,1", "bbox=200,0,201,1", "bbox=0,-91,1,0", "bbox=1,0,0,1", "bbox=a,b,c,d", "bbox-crs=EPSG:9210",
			"bbox=0,0,1,1&bbox-crs=EPSG:1234", "datetime=yesterday", "datetime=../..", "datetime=2026-02-01/2026-01-01",
			"crs=EPSG:1234", "crs=http://www.opengis.net/def/crs/EPSG/0/4326x", "foo=bar", "cursor=-1", "cursor=x", "f=html",
			"species=Bàng", "condition=good&%zz", "q=" + strings.Repeat("x", 2000),
		}
		for _, q := range bad {
			code, hdr, b := f.get(t, f.admin, "/collections/tree/items?"+q)
			var ex struct{ Code, Description string }
			if code != 400 || json.Unmarshal(b, &ex) != nil || ex.Code == "" || ex.Description == "" || !strings.HasPrefix(hdr.Get("Content-Type"), "application/json") {
				t.Errorf("?%s: %d %s, want 400 with an exception", q, code, b)
			}
		}
		for _, p := range []string{"/collections/nope", "/collections/nope/items", "/collections/tree/items/" + f.deleted,
			"/collections/tree/items/" + gis.NewID(), "/collections/tree/items/not-an-id", "/collections/tree/items/" + f.reports[0], "/nothing"} {
			if code, _, b := f.get(t, f.admin, p); code != 404 || !strings.Contains(string(b), `"code"`) {
				t.Errorf("%s: %d %s, want 404", p, code, b)
			}
		}
		if code, _, _ := f.get(t, f.admin, "/collections?foo=1"); code != 400 {
			t.Errorf("unknown parameter on /collections: %d", code)
		}
		// numberMatched only when exact: unfiltered, and counted at the
		// ward's head (the scan /collections made); never with a filter.
		var fc featureCollection
		f.getJSON(t, f.admin, "/collections/tree/items?limit=1", &fc)
		if fc.Matched != nil {
			t.Fatalf("numberMatched %d before any count", *fc.Matched)
		}
		f.getJSON(t, f.admin, "/collections", &collectionsDoc{})
		f.getJSON(t, f.admin, "/collections/tree/items?limit=1", &fc)
		if fc.Matched == nil || *fc.Matched != len(f.trees) {
			t.Fatalf("numberMatched %v, want %d", fc.Matched, len(f.trees))
		}
		fc = featureCollection{}
		f.getJSON(t, f.admin, "/collections/tree/items?limit=1&condition=good", &fc)
		if fc.Matched != nil {
			t.Fatal("numberMatched with a filter")
		}
		admin, _ := f.svc.Authenticate(context.Background(), f.admin)
		if _, err := f.svc.Push(context.Background(), admin, []wire.Op{op("tree", gis.NewID(), wire.OpInsert, 0, map[string]any{"geom": point(106.7, 20.9)})}); err != nil {
			t.Fatal(err)
		}
		fc = featureCollection{}
		f.getJSON(t, f.admin, "/collections/tree/items?limit=1", &fc)
		if fc.Matched != nil {
			t.Fatalf("numberMatched %d after a push: the count is no longer exact", *fc.Matched)
		}
		// Part 1 lets a server cap limit: a page never holds more than 1000.
		f.getJSON(t, f.admin, "/collections/tree/items?limit=100000", &fc)
		if fc.N != len(f.trees)+1 {
			t.Fatalf("limit=100000: %d", fc.N)
		}
	})
}

// bbox, datetime and properties select what they say; paging returns
// each selected feature once.
func TestFilters(t *testing.T) {
	forStores(t, func(t *testing.T, f *fixture) {
		all := func(string) bool { return true }
		sameSet(t, "limit 7", f.walk(t, f.admin, "/collections/tree/items?limit=7"), func(id string) bool { _, ok := f.trees[id]; return ok }, len(f.trees))
		box := [4]float64{106.623, 20.803, 106.631, 20.811} // midway between the grid's trees
		in := func(id string) bool {
			p, ok := f.trees[id]
			return ok && p[0] >= box[0] && p[0] <= box[2] && p[1] >= box[1] && p[1] <= box[3]
		}
		n := 0
		for id := range f.trees {
			if in(id) {
				n++
			}
		}
		if n < 3 || n == len(f.trees) {
			t.Fatalf("the box holds %d trees: a poor test", n)
		}
		bq := fmt.Sprintf("bbox=%g,%g,%g,%g", box[0], box[1], box[2], box[3])
		sameSet(t, "bbox", f.walk(t, f.admin, "/collections/tree/items?limit=2&"+bq), in, n)
		sameSet(t, "bbox 6 numbers", f.walk(t, "", fmt.Sprintf("/collections/tree/items?bbox=%g,%g,-5,%g,%g,5", box[0], box[1], box[2], box[3])), in, n)
		streets := f.walk(t, f.admin, "/collections/street/items?bbox=106.61,20.81,106.65,20.85")
		if !slices.Equal(streets, []string{f.across}) {
			t.Fatalf("streets in the box: %v; want only the crossing one %s (the L-shaped one's box meets it, its line does not)", streets, f.across)
		}
		late := func(id string) bool { return f.second[id] }
		sameSet(t, "datetime from", f.walk(t, f.admin, "/collections/tree/items?limit=5&datetime="+f.between.Format(time.RFC3339Nano)+"/.."), late, len(f.second))
		sameSet(t, "datetime until", f.walk(t, f.admin, "/collections/tree/items?datetime=../"+f.between.Format(time.RFC3339Nano)),
			func(id string) bool { return !f.second[id] }, len(f.trees)-len(f.second))
		sameSet(t, "datetime long ago", f.walk(t, f.admin, "/collections/tree/items?datetime=2000-01-01"), all, 0)
		inT := func(id string) bool { p, ok := f.trees[id]; return ok && inTDP(p) }
		if n := countIf(f, inT); n < 2 || n >= len(f.trees) {
			t.Fatalf("%d trees in the TDP: a poor test", n)
		}
		sameSet(t, "tdp by code", f.walk(t, f.viewer, "/collections/tree/items?limit=2&tdp=tdp-01"), inT, countIf(f, inT))
		sameSet(t, "tdp by name", f.walk(t, f.viewer, "/collections/tree/items?tdp="+url.QueryEscape("to dan pho so 1")), inT, countIf(f, inT))
		sameSet(t, "tdp and bbox", f.walk(t, f.viewer, "/collections/tree/items?tdp=TDP-01&bbox=106.6,20.8,106.7,20.806"),
			func(id string) bool { return inT(id) && f.trees[id][1] < 20.806 }, countIf(f, func(id string) bool { return inT(id) && f.trees[id][1] < 20.806 }))
		if streets := f.walk(t, f.viewer, "/collections/street/items?tdp=TDP-01"); !slices.Equal(streets, []string{f.across}) {
			t.Fatalf("streets of the TDP: %v, want the one crossing it %s", streets, f.across)
		}
		if code, _, _ := f.get(t, f.viewer, "/collections/tree/items?tdp=TDP-99"); code != 400 {
			t.Fatalf("unknown TDP: %d", code)
		}
		if code, _, _ := f.get(t, "", "/collections/tree/items?tdp=TDP-01"); code != 401 {
			t.Fatalf("anonymous tdp filter (TDPs not public): %d", code)
		}
		if code, _, _ := f.get(t, f.viewer, "/collections/tdp/items?tdp=TDP-01"); code != 400 {
			t.Fatalf("tdp filter on TDPs: %d", code)
		}
		dangerous := func(id string) bool { return f.cond[id] == "dangerous" }
		sameSet(t, "condition", f.walk(t, "", "/collections/tree/items?limit=3&condition=dangerous"), dangerous, len(f.trees)/3)
		if countIf(f, func(id string) bool { return dangerous(id) && heightOdd(f, id) }) == 0 {
			t.Fatal("no dangerous 8.5 m tree: a poor test")
		}
		sameSet(t, "number", f.walk(t, "", "/collections/tree/items?height_m=8.5&condition=dangerous"),
			func(id string) bool { return dangerous(id) && heightOdd(f, id) }, countIf(f, func(id string) bool { return dangerous(id) && heightOdd(f, id) }))
	})
}

// heightOdd: the fixture gives 8.5 m to odd-numbered trees (by code).
func heightOdd(f *fixture, id string) bool {
	p := f.trees[id]
	i := int(math.Round((p[0]-106.621)/0.004)) + 6*int(math.Round((p[1]-20.801)/0.004))
	return i%2 == 1
}

func countIf(f *fixture, fn func(string) bool) int {
	n := 0
	for id := range f.trees {
		if fn(id) {
			n++
		}
	}
	return n
}

// CRS by reference: coordinates in VN-2000 / TM-3 105-45 (EPSG:9210) are
// PROJ's (cs2cs) within 1 mm; EPSG:4326 goes out latitude first; a bbox
// in EPSG:9210 selects what the same box in CRS84 selects.
func TestCRS(t *testing.T) {
	if _, err := exec.LookPath("cs2cs"); err != nil {
		t.Skip("cs2cs not installed (Debian: proj-bin)")
	}
	forStores(t, func(t *testing.T, f *fixture) {
		const uri = "http://www.opengis.net/def/crs/EPSG/0/9210"
		var fc featureCollection
		hdr := f.getJSON(t, f.admin, "/collections/tree/items?limit=1000&crs="+url.QueryEscape(uri), &fc)
		if hdr.Get("Content-Crs") != "<"+uri+">" {
			t.Fatalf("Content-Crs %q", hdr.Get("Content-Crs"))
		}
		var in strings.Builder
		for _, x := range fc.Features {
			p := f.trees[x.ID]
			fmt.Fprintf(&in, "%.12f %.12f\n", p[1], p[0]) // EPSG:4326 is lat, lon for cs2cs
		}
		cmd := exec.Command("cs2cs", "-f", "%.6f", "EPSG:4326", "EPSG:9210")
		cmd.Stdin = strings.NewReader(in.String())
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(lines) != len(fc.Features) || len(lines) != len(f.trees) {
			t.Fatalf("%d lines for %d features", len(lines), len(fc.Features))
		}
		worst := 0.0
		for i, x := range fc.Features {
			var got [2]float64
			if err := json.Unmarshal(x.Geometry.Coordinates, &got); err != nil {
				t.Fatal(err)
			}
			fs := strings.Fields(lines[i])
			e, _ := strconv.ParseFloat(fs[0], 64)
			n, _ := strconv.ParseFloat(fs[1], 64)
			worst = max(worst, math.Hypot(got[0]-e, got[1]-n))
		}
		if worst > 0.001 {
			t.Fatalf("EPSG:9210 differs from cs2cs by up to %.4f m", worst)
		}
		t.Logf("EPSG:9210 against cs2cs: worst %.2f mm over %d trees", worst*1000, len(lines))
		f.getJSON(t, f.admin, "/collections/tree/items/"+fc.Features[0].ID+"?crs=EPSG:4326", &fc.Features[0])
		var latlon [2]float64
		json.Unmarshal(fc.Features[0].Geometry.Coordinates, &latlon)
		if p := f.trees[fc.Features[0].ID]; latlon != [2]float64{p[1], p[0]} {
			t.Fatalf("EPSG:4326 gives %v for lon, lat %v: want latitude first", latlon, p)
		}
		// The bbox of TestFilters, converted by cs2cs: its edges lie
		// 200 m from the nearest trees, so the lines of constant easting
		// and northing select the same trees as those of constant
		// longitude and latitude.
		cmd = exec.Command("cs2cs", "-f", "%.3f", "EPSG:4326", "EPSG:9210")
		cmd.Stdin = strings.NewReader("20.803 106.623\n20.811 106.631\n")
		out, _ = cmd.Output()
		c := strings.Fields(string(out))
		bq := fmt.Sprintf("bbox=%s,%s,%s,%s&bbox-crs=%s", c[0], c[1], c[3], c[4], url.QueryEscape(uri))
		a := f.walk(t, "", "/collections/tree/items?"+bq)
		b := f.walk(t, "", "/collections/tree/items?bbox=106.623,20.803,106.631,20.811")
		latFirst := f.walk(t, "", "/collections/tree/items?bbox=20.803,106.623,20.811,106.631&bbox-crs="+url.QueryEscape("http://www.opengis.net/def/crs/EPSG/0/4326"))
		slices.Sort(a)
		slices.Sort(b)
		slices.Sort(latFirst)
		if len(a) == 0 || !slices.Equal(a, b) || !slices.Equal(latFirst, b) {
			t.Fatalf("bbox in EPSG:9210 selects %d trees, in EPSG:4326 (latitude first) %d, in CRS84 %d", len(a), len(latFirst), len(b))
		}
	})
}

// One item is the feature the items page carries, with its links.
func TestItem(t *testing.T) {
	forStores(t, func(t *testing.T, f *fixture) {
		var fc featureCollection
		f.getJSON(t, "", "/collections/tree/items?limit=1", &fc)
		var one struct {
			ID         string
			Properties map[string]any
			Geometry   geometry
			Links      []struct{ Rel string }
		}
		hdr := f.getJSON(t, "", "/collections/tree/items/"+fc.Features[0].ID, &one)
		if one.ID != fc.Features[0].ID || string(one.Geometry.Coordinates) != string(fc.Features[0].Geometry.Coordinates) ||
			one.Properties["code"] != fc.Features[0].Properties["code"] || len(one.Links) != 2 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/geo+json") {
			t.Fatalf("item %+v, page %+v", one, fc.Features[0])
		}
		if len(one.Properties) != len(gis.TreeSchema.Fields)+1 {
			t.Fatalf("item has %d properties, want every field and updated_at", len(one.Properties))
		}
	})
}

// TestBBoxPageIsTheItems: a box page (read from the PostGIS layer on
// PostgreSQL, from the records on SQLite) carries each feature once, as
// its single item (always read from the records) carries it, field by
// field, for a caller with and without private fields and in two CRSs.
func TestBBoxPageIsTheItems(t *testing.T) {
	forStores(t, func(t *testing.T, f *fixture) {
		type feature struct {
			ID         string         `json:"id"`
			Geometry   any            `json:"geometry"`
			Properties map[string]any `json:"properties"`
		}
		for _, c := range []struct{ token, kind, query string }{
			{f.viewer, "tree", "bbox=106.6,20.8,106.7,20.9&limit=7"},
			{f.admin, "tree", "bbox=106.62,20.80,106.635,20.815&limit=4&crs=EPSG:9210"},
			{f.viewer, "street", "bbox=106.61,20.81,106.65,20.85&limit=1"},
			{f.viewer, "tdp", "bbox=106.6,20.8,106.7,20.9"},
			{f.viewer, "report", "bbox=106.6,20.8,106.7,20.9&limit=1"},
			{f.admin, "report", "bbox=106.6,20.8,106.7,20.9"},
		} {
			seen := map[string]bool{}
			path := "/collections/" + c.kind + "/items?" + c.query
			for pages := 0; path != ""; pages++ {
				if pages > 100 {
					t.Fatal("next links never end")
				}
				var fc struct {
					Features []json.RawMessage
					Links    []struct{ Href, Rel string }
				}
				f.getJSON(t, c.token, path, &fc)
				for _, raw := range fc.Features {
					var got, want feature
					if err := json.Unmarshal(raw, &got); err != nil {
						t.Fatal(err)
					}
					if seen[got.ID] {
						t.Errorf("%s: %s twice", path, got.ID)
					}
					seen[got.ID] = true
					crs := ""
					if strings.Contains(c.query, "crs=") {
						crs = "?crs=EPSG:9210"
					}
					f.getJSON(t, c.token, "/collections/"+c.kind+"/items/"+got.ID+crs, &want)
					if !reflect.DeepEqual(got, want) {
						t.Errorf("%s: page has\n%+v\nthe item is\n%+v", path, got, want)
					}
				}
				path = ""
				for _, l := range fc.Links {
					if l.Rel == "next" {
						path = strings.TrimPrefix(l.Href, f.srv.URL+"/ogc")
					}
				}
			}
			if len(seen) == 0 {
				t.Errorf("%s %s: no feature", c.kind, c.query)
			}
		}
	})
}
