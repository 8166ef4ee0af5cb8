package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
	"github.com/paulmach/orb"

	"wardmap/assets"
	"wardmap/data/formats/geojson"
	"wardmap/data/laptop/gpkg"
	"wardmap/data/server/pgtest"
	"wardmap/data/sync/remote"
	"wardmap/gis"
)

// ogcServer is the real wardd (Main, as the binary runs it) on a fresh
// store holding the demo ward, pushed by a laptop's first sync.
type ogcServer struct {
	url   string // the API's root: http://…/ogc
	token string // an admin's session
	lap   *gpkg.Store
	stats map[string]int // wardmap stats of the laptop
	m     *Main
}

func startOGC(t testing.TB, store string, flags ...string) *ogcServer {
	t.Helper()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "ward.db")
	if store == "postgres" {
		db = pgtest.DSN(t)
	}
	for _, u := range [][2]string{{"quan", "admin"}, {"xem", "viewer"}} {
		if err := userCmd(ctx, []string{"add", u[0], "--role", u[1], "--db", db}, strings.NewReader("mật-khẩu-dài\n"), &strings.Builder{}); err != nil {
			t.Fatal(err)
		}
	}
	m := NewMain()
	if err := m.ParseFlags(append([]string{"--db", db, "--listen", "127.0.0.1:0"}, flags...)); err != nil {
		t.Fatal(err)
	}
	if err := m.Run(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	lap, err := gpkg.Open(ctx, filepath.Join(t.TempDir(), "lap.gpkg"), gpkg.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lap.Close() })
	r, err := assets.DemoWard()
	if err != nil {
		t.Fatal(err)
	}
	fs, err := geojson.Read(r, "")
	r.Close()
	if err != nil {
		t.Fatal(err)
	}
	if err := lap.Load(ctx, fs, gpkg.LoadOptions{User: "quan", Outbox: true}); err != nil {
		t.Fatal(err)
	}
	c := remote.NewClient("http://"+m.Addr(), "")
	if _, err := c.Login(ctx, "quan", "mật-khẩu-dài"); err != nil {
		t.Fatal(err)
	}
	if _, err := remote.Sync(ctx, lap, c, remote.Options{}); err != nil {
		t.Fatal(err)
	}
	st, err := lap.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stats := map[string]int{}
	for _, k := range st.Kinds {
		stats[string(k.Kind)] = k.Count
	}
	return &ogcServer{url: "http://" + m.Addr() + "/ogc", token: c.Token, lap: lap, stats: stats, m: m}
}

// gdal runs a GDAL tool with the session's token in the header GDAL sends.
func (s *ogcServer) gdal(t testing.TB, tool string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Skipf("%s not installed (Debian: gdal-bin)", tool)
	}
	full := append([]string{"--config", "GDAL_HTTP_HEADERS", "Authorization: Bearer " + s.token}, args...)
	out, err := exec.Command(tool, full...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", tool, args, err, out)
	}
	return string(out)
}

// GDAL's OAPIF driver is the referee: on SQLite and on PostgreSQL, with
// the demo ward pushed by a first sync, ogrinfo lists every kind with the
// count `wardmap stats` gives, ogr2ogr copies the trees into a GeoPackage
// with every attribute and the same values as the laptop, and paging by
// next links (GDAL's PAGE_SIZE, and the links followed by hand) returns
// each feature exactly once.
func TestOGCWithGDAL(t *testing.T) {
	for _, store := range []string{"sqlite", "postgres"} {
		t.Run(store, func(t *testing.T) {
			// On SQLite the trees are public (--public-layers), on
			// PostgreSQL nothing is: anonymous GDAL sees what it may.
			var flags []string
			if store == "sqlite" {
				flags = []string{"--public-layers", "tree"}
			}
			s := startOGC(t, store, flags...)
			if s.stats["tree"] < 1000 || s.stats["report"] == 0 {
				t.Fatalf("demo ward too small: %v", s.stats)
			}
			checkCounts(t, s)
			dir := t.TempDir()
			out := filepath.Join(dir, "tree.gpkg")
			s.gdal(t, "ogr2ogr", "-f", "GPKG", out, "OAPIF:"+s.url, "tree")
			checkTrees(t, s, out, true)
			paged := filepath.Join(dir, "paged.gpkg")
			s.gdal(t, "ogr2ogr", "-f", "GPKG", "-oo", "PAGE_SIZE=7", paged, "OAPIF:"+s.url, "tree")
			checkTrees(t, s, paged, false)
			checkWalk(t, s, "tree", 7)
			checkWalk(t, s, "street", 50)
			checkAnonymous(t, s, len(flags) > 0)
		})
	}
}

var (
	layerRe = regexp.MustCompile(`(?m)^Layer name: (\S+)$`)
	countRe = regexp.MustCompile(`(?m)^Feature Count: (\d+)$`)
)

func checkCounts(t *testing.T, s *ogcServer) {
	out := s.gdal(t, "ogrinfo", "-ro", "-so", "-al", "OAPIF:"+s.url)
	names, counts := layerRe.FindAllStringSubmatch(out, -1), countRe.FindAllStringSubmatch(out, -1)
	if len(names) != len(gis.Kinds()) || len(counts) != len(names) {
		t.Fatalf("%d layers, %d counts; want %d:\n%s", len(names), len(counts), len(gis.Kinds()), out)
	}
	for i, n := range names {
		got, _ := strconv.Atoi(counts[i][1])
		if want, ok := s.stats[n[1]]; !ok || got != want {
			t.Errorf("layer %s: %d features, wardmap stats says %d", n[1], got, want)
		}
	}
}

// checkTrees compares the GeoPackage GDAL wrote with the laptop's trees:
// every tree once, every attribute of the schema a column, every value
// equal; with values, also the geometry.
func checkTrees(t *testing.T, s *ogcServer, path string, values bool) {
	ctx := context.Background()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT * FROM tree`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	for _, f := range gis.TreeSchema.Fields {
		if !slices.Contains(cols, f.Name) {
			t.Errorf("column %s missing from the copy (columns %v)", f.Name, cols)
		}
	}
	types, _ := rows.ColumnTypes()
	for _, ct := range types {
		if f, ok := gis.TreeSchema.Field(ct.Name()); ok && f.Type == gis.Real && ct.DatabaseTypeName() != "REAL" {
			t.Errorf("column %s is %s, want REAL", f.Name, ct.DatabaseTypeName())
		}
	}
	seen := map[string]bool{}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	compared := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := map[string]any{}
		for i, c := range cols {
			row[c] = vals[i]
		}
		id := fmt.Sprint(row["id"])
		if seen[id] {
			t.Fatalf("tree %s copied twice", id)
		}
		seen[id] = true
		if !values {
			continue
		}
		f, err := s.lap.Get(ctx, gis.Tree, id)
		if err != nil {
			t.Fatalf("tree %s: %v", id, err)
		}
		for _, fd := range gis.TreeSchema.Fields {
			if got, want := norm(row[fd.Name]), norm(f.Attrs[fd.Name]); got != want {
				t.Errorf("tree %s %s: copy %q, laptop %q", id, fd.Name, got, want)
			}
		}
		compared++
	}
	if len(seen) != s.stats["tree"] {
		t.Fatalf("%d trees copied, wardmap stats says %d", len(seen), s.stats["tree"])
	}
	if values && compared != len(seen) {
		t.Fatalf("compared %d of %d", compared, len(seen))
	}
}

// norm writes a value as text the same way on both sides: numbers by
// value, booleans as GDAL stores them, dates as written.
func norm(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case []byte:
		return string(x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		return x.Format(time.DateOnly)
	}
	return fmt.Sprint(v)
}

// checkWalk follows next links at a small limit: each live feature of the
// kind exactly once, as the laptop has them.
func checkWalk(t *testing.T, s *ogcServer, kind string, limit int) {
	ctx := context.Background()
	next := fmt.Sprintf("%s/collections/%s/items?limit=%d", s.url, kind, limit)
	seen := map[string]bool{}
	for pages := 0; next != ""; pages++ {
		if pages > 10000 {
			t.Fatal("next links never end")
		}
		var fc struct {
			Features []struct {
				ID string `json:"id"`
			} `json:"features"`
			Links []struct{ Href, Rel string } `json:"links"`
			N     int                          `json:"numberReturned"`
		}
		s.getJSON(t, next, &fc)
		if fc.N != len(fc.Features) || fc.N > limit {
			t.Fatalf("%s: numberReturned %d, %d features, limit %d", next, fc.N, len(fc.Features), limit)
		}
		for _, f := range fc.Features {
			if seen[f.ID] {
				t.Fatalf("%s %s on two pages", kind, f.ID)
			}
			seen[f.ID] = true
		}
		next = ""
		for _, l := range fc.Links {
			if l.Rel == "next" {
				next = l.Href
			}
		}
	}
	fs, err := s.lap.Features(ctx, gis.Kind(kind), orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != len(seen) || len(seen) != s.stats[kind] {
		t.Fatalf("%s: %d walked, laptop has %d, stats %d", kind, len(seen), len(fs), s.stats[kind])
	}
	for _, f := range fs {
		if !seen[f.ID] {
			t.Fatalf("%s %s never walked", kind, f.ID)
		}
	}
}

func (s *ogcServer) getJSON(t testing.TB, url string, v any) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+s.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, b)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

// Without a login, GDAL sees the public layers (the trees with their
// count) or nothing, and a kind that is not public is a 401.
func checkAnonymous(t *testing.T, s *ogcServer, treesPublic bool) {
	resp, err := http.Get(s.url + "/collections/lamp/items")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 || resp.Header.Get("WWW-Authenticate") == "" {
		t.Fatalf("anonymous items: %d", resp.StatusCode)
	}
	out, _ := exec.Command("ogrinfo", "-ro", "-so", "-al", "OAPIF:"+s.url).CombinedOutput()
	names, counts := layerRe.FindAllStringSubmatch(string(out), -1), countRe.FindAllStringSubmatch(string(out), -1)
	if !treesPublic {
		if len(names) != 0 {
			t.Fatalf("anonymous ogrinfo lists layers:\n%s", out)
		}
		return
	}
	if len(names) != 1 || names[0][1] != "tree" || len(counts) != 1 || counts[0][1] != strconv.Itoa(s.stats["tree"]) {
		t.Fatalf("anonymous ogrinfo, trees public: want the tree layer alone with %d features:\n%s", s.stats["tree"], out)
	}
}

// --public-layers takes asset kinds only: reports and violations are
// published by Open311's rule, never as an OGC layer.
func TestPublicLayersFlag(t *testing.T) {
	m := NewMain()
	if err := m.ParseFlags([]string{"--db", "x.db", "--public-layers", "tree, lamp"}); err != nil || !slices.Equal(m.PublicLayers, []gis.Kind{gis.Tree, gis.Lamp}) {
		t.Fatalf("%v %v", m.PublicLayers, err)
	}
	for _, bad := range []string{"report", "tree,violation", "inspection", "cây"} {
		if err := NewMain().ParseFlags([]string{"--db", "x.db", "--public-layers", bad}); err == nil || !strings.Contains(err.Error(), "--public-layers") {
			t.Errorf("--public-layers %s: %v", bad, err)
		}
	}
}
