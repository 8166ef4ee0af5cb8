package main

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/paulmach/osm"
	"github.com/paulmach/osm/osmpbf"
	"github.com/paulmach/osm/osmxml"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
	"wardmap/gis/gistest"
)

// osmClasses maps GDAL's highway values to the street classes the import
// gives them (footways and paths are not imported).
var osmClasses = map[string]string{
	"motorway": "main", "motorway_link": "main", "trunk": "main", "trunk_link": "main",
	"primary": "main", "primary_link": "main",
	"secondary": "secondary", "secondary_link": "secondary", "tertiary": "secondary", "tertiary_link": "secondary",
	"residential": "alley", "unclassified": "alley", "living_street": "alley", "service": "alley",
	"pedestrian": "alley", "track": "alley", "road": "alley",
}

var osmFiles = []string{"andorra.osm.pbf", "monaco.osm.gz", "krems.osm.gz", "berlin-siegessaeule.osm.gz"}

func newDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "ward.gpkg")
	if _, errOut, code := wardmap(t, "init", "--db", db); code != 0 {
		t.Fatalf("init: %s", errOut)
	}
	return db
}

// importOSM runs the command and returns the counts it printed.
func importOSM(t *testing.T, args ...string) map[string]int {
	t.Helper()
	out, errOut, code := wardmap(t, append([]string{"import", "osm"}, args...)...)
	if code != 0 {
		t.Fatalf("import osm %v: exit %d\n%s%s", args, code, out, errOut)
	}
	m := map[string]int{}
	for _, re := range []struct{ key, pat string }{
		{"new", `(\d+) mới \(new\)`}, {"updated", `(\d+) cập nhật`}, {"unchanged", `(\d+) không đổi`},
		{"removed", `(\d+) bị xóa`}, {"segments", `segments in file\): (\d+)`},
		{"addresses", `addresses\): (\d+)`}, {"polygons", `basemap polygons\): (\d+)`},
		{"skipped", `(\d+) không hợp lệ`}, {"missing", `(\d+) tham chiếu`},
	} {
		sm := regexp.MustCompile(re.pat).FindStringSubmatch(out)
		if sm == nil {
			t.Fatalf("import osm printed no %s count:\n%s", re.key, out)
		}
		m[re.key], _ = strconv.Atoi(sm[1])
	}
	return m
}

func gdalSrc(path string) string {
	if strings.HasSuffix(path, ".gz") {
		return "/vsigzip/" + path
	}
	return path
}

// sqlRows runs ogrinfo -sql and returns, per feature, its "name (Type) = v"
// fields.
func sqlRows(t *testing.T, src, sql string) []map[string]string {
	t.Helper()
	out := ogrinfo(t, "-ro", "-q", src, "-dialect", "sqlite", "-sql", sql)
	var rows []map[string]string
	re := regexp.MustCompile(`^\s+(\w+) \(\w+\) = (.*)$`)
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "OGRFeature") {
			rows = append(rows, map[string]string{})
			continue
		}
		if m := re.FindStringSubmatch(line); m != nil && len(rows) > 0 {
			rows[len(rows)-1][m[1]] = m[2]
		}
	}
	return rows
}

// TestImportOSMMatchesGDAL imports each real extract: GDAL reads the street
// layer with the count we print, and the OSM ways per class in the
// database are those GDAL's OSM driver finds in the file itself.
func TestImportOSMMatchesGDAL(t *testing.T) {
	var in []string
	for h := range osmClasses {
		in = append(in, "'"+h+"'")
	}
	sort.Strings(in)
	for _, name := range osmFiles {
		t.Run(name, func(t *testing.T) {
			src := gistest.SharedData(t, "osm", name)
			db := newDB(t)
			got := importOSM(t, src, "--db", db, "--quiet")
			if got["segments"] == 0 || got["new"] != got["segments"] {
				t.Fatalf("counts %v", got)
			}
			info := ogrinfo(t, "-ro", "-so", db, "street")
			if !strings.Contains(info, fmt.Sprintf("Feature Count: %d\n", got["segments"])) {
				t.Errorf("we printed %d segments; GDAL reads:\n%s", got["segments"], info)
			}
			for _, layer := range []struct {
				name string
				n    int
			}{{"address", got["addresses"]}, {"basemap", got["polygons"]}} {
				info := ogrinfo(t, "-ro", "-so", db, layer.name)
				if !strings.Contains(info, fmt.Sprintf("Feature Count: %d\n", layer.n)) {
					t.Errorf("we printed %d %s; GDAL reads:\n%s", layer.n, layer.name, info)
				}
			}
			want := map[string]int{}
			for _, r := range sqlRows(t, gdalSrc(src), "SELECT highway, count(DISTINCT osm_id) AS n FROM lines WHERE highway IN ("+strings.Join(in, ",")+") GROUP BY highway") {
				n, _ := strconv.Atoi(r["n"])
				want[osmClasses[r["highway"]]] += n
			}
			have := map[string]int{}
			for _, r := range sqlRows(t, db, "SELECT class, count(DISTINCT osm_id) AS n FROM street WHERE deleted = 0 GROUP BY class") {
				have[r["class"]], _ = strconv.Atoi(r["n"])
			}
			for _, cl := range []string{"main", "secondary", "alley"} {
				if want[cl] != have[cl] {
					t.Errorf("class %s: %d OSM ways in the database, GDAL reads %d in the file", cl, have[cl], want[cl])
				}
			}
			t.Logf("%v; ways per class %v (GDAL %v)", got, have, want)
			checkGraph(t, src, db)
		})
	}
}

// checkGraph walks the street graph in the database: every segment's end
// nodes lie where the file puts those OSM nodes, and segments joined in
// the file (ways sharing nodes) are joined in the database through shared
// from/to nodes: the connected components are the same.
func checkGraph(t *testing.T, src, db string) {
	t.Helper()
	s, err := gpkg.Open(context.Background(), db, gpkg.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	res, err := s.Find(context.Background(), gpkg.Query{Kind: gis.Street})
	if err != nil {
		t.Fatal(err)
	}
	nodes, ways := readRaw(t, src)
	dbSets, rawSets := newUnion(), newUnion()
	inDB := map[int64]bool{}
	for _, r := range res {
		from := attrInt(r.Feature, "from_node")
		to := attrInt(r.Feature, "to_node")
		way := attrInt(r.Feature, "osm_id")
		inDB[way] = true
		ls := r.Geom.(orb.LineString)
		for _, end := range []struct {
			id int64
			p  orb.Point
		}{{from, ls[0]}, {to, ls[len(ls)-1]}} {
			q, ok := nodes[end.id]
			if !ok || !gistest.Near(q[0], end.p[0], 1e-7) || !gistest.Near(q[1], end.p[1], 1e-7) {
				t.Fatalf("way %d: end node %d at %v, the file has it at %v (%v)", way, end.id, end.p, q, ok)
			}
		}
		dbSets.join(from, to)
	}
	for id, ns := range ways {
		if !inDB[id] {
			continue
		}
		for i := 1; i < len(ns); i++ {
			_, ok1 := nodes[ns[i-1]]
			_, ok2 := nodes[ns[i]]
			if ok1 && ok2 {
				rawSets.join(ns[i-1], ns[i])
			}
		}
	}
	// Nodes joined in the database are joined in the file; with as many
	// components on both sides, nodes joined in the file are joined in the
	// database too.
	rawOf := map[int64]int64{}
	for n := range dbSets.parent {
		c, r := dbSets.find(n), rawSets.find(n)
		if prev, ok := rawOf[c]; ok && prev != r {
			t.Fatalf("node %d is connected in the database to nodes the file does not connect it to", n)
		}
		rawOf[c] = r
	}
	comps := map[int64]bool{}
	rawComps := map[int64]bool{}
	for n := range dbSets.parent {
		comps[dbSets.find(n)] = true
		rawComps[rawSets.find(n)] = true
	}
	if len(comps) != len(rawComps) {
		t.Errorf("street graph has %d components in the database, %d in the file", len(comps), len(rawComps))
	}
	t.Logf("%d segments, %d graph nodes, %d connected components", len(res), len(dbSets.parent), len(comps))
}

type union struct{ parent map[int64]int64 }

func newUnion() *union { return &union{parent: map[int64]int64{}} }

func (u *union) find(x int64) int64 {
	p, ok := u.parent[x]
	if !ok {
		u.parent[x] = x
		return x
	}
	if p == x {
		return x
	}
	r := u.find(p)
	u.parent[x] = r
	return r
}

func (u *union) join(a, b int64) {
	ra, rb := u.find(a), u.find(b)
	if ra != rb {
		u.parent[ra] = rb
	}
}

// readRaw reads node coordinates and way node lists straight from the file
// with paulmach/osm, independently of gis/osmimport.
func readRaw(t *testing.T, path string) (map[int64]orb.Point, map[int64][]int64) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var sc osm.Scanner
	if strings.HasSuffix(path, ".pbf") {
		sc = osmpbf.New(context.Background(), f, 1)
	} else {
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		sc = osmxml.New(context.Background(), zr)
	}
	defer sc.Close()
	nodes := map[int64]orb.Point{}
	ways := map[int64][]int64{}
	for sc.Scan() {
		switch o := sc.Object().(type) {
		case *osm.Node:
			nodes[int64(o.ID)] = orb.Point{o.Lon, o.Lat}
		case *osm.Way:
			if o.Tags.Find("highway") == "" {
				continue
			}
			var ns []int64
			for _, n := range o.Nodes {
				ns = append(ns, int64(n.ID))
			}
			ways[int64(o.ID)] = ns
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return nodes, ways
}

// segmentIDs maps "osm_id/osm_part" to record ID for every live segment.
func segmentIDs(t *testing.T, db string) (map[string]string, *gpkg.Store) {
	t.Helper()
	s, err := gpkg.Open(context.Background(), db, gpkg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	res, err := s.Find(context.Background(), gpkg.Query{Kind: gis.Street})
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, r := range res {
		w := attrInt(r.Feature, "osm_id")
		p := attrInt(r.Feature, "osm_part")
		key := fmt.Sprintf("%d/%d", w, p)
		if _, dup := m[key]; dup {
			t.Fatalf("segment %s twice", key)
		}
		m[key] = r.ID
	}
	return m, s
}

// Re-importing the same file changes nothing; after an edit of key_route
// and lit the segment keeps them and its ID; an inspection of it still
// points at a live segment.
func TestImportOSMReimportKeepsIDs(t *testing.T) {
	ctx := context.Background()
	src := gistest.SharedData(t, "osm", "monaco.osm.gz")
	db := newDB(t)
	first := importOSM(t, src, "--db", db, "--quiet")
	before, s := segmentIDs(t, db)
	if len(before) != first["segments"] {
		t.Fatalf("%d segments in the database, printed %v", len(before), first)
	}
	var edited string
	for _, id := range before {
		edited = id
		break
	}
	f, err := s.Get(ctx, gis.Street, edited)
	if err != nil {
		t.Fatal(err)
	}
	f.Attrs["key_route"] = true
	f.Attrs["lit"] = true
	f.Attrs["cycle_days"] = int64(7)
	if err := s.Save(ctx, "an", f); err != nil {
		t.Fatal(err)
	}
	insp := gis.NewFeature(gis.Inspection, nil)
	insp.Attrs["target_kind"], insp.Attrs["target_id"] = "street", edited
	insp.Attrs["inspected_at"], insp.Attrs["result"] = s.Now(), "ok"
	if err := s.Insert(ctx, "an", insp); err != nil {
		t.Fatal(err)
	}
	s.Close()

	again := importOSM(t, src, "--db", db, "--quiet")
	if again["new"] != 0 || again["updated"] != 0 || again["removed"] != 0 || again["unchanged"] != first["segments"] {
		t.Errorf("re-import of the same file: %v, want everything unchanged", again)
	}
	after, s2 := segmentIDs(t, db)
	if len(after) != len(before) {
		t.Errorf("%d segments after re-import, %d before", len(after), len(before))
	}
	for k, id := range before {
		if after[k] != id {
			t.Fatalf("segment %s: ID %s became %s", k, id, after[k])
		}
	}
	g, err := s2.Get(ctx, gis.Street, edited)
	if err != nil {
		t.Fatal(err)
	}
	if g.Deleted || g.Attrs["key_route"] != true || g.Attrs["lit"] != true || g.Attrs["cycle_days"] != int64(7) {
		t.Errorf("edited segment after re-import: deleted %v, %v", g.Deleted, g.Attrs)
	}
	i, err := s2.Get(ctx, gis.Inspection, insp.ID)
	if err != nil || i.Attrs["target_id"] != edited {
		t.Errorf("inspection: %v %v", i, err)
	}
	// Addresses and basemap polygons are replaced, not doubled.
	st, err := s2.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, ks := range st.Kinds {
		if ks.Kind == gis.Basemap && ks.Count != again["polygons"] || ks.Kind == gis.Address && ks.Count != again["addresses"] {
			t.Errorf("%s: %d in the database after re-import, %v printed", ks.Kind, ks.Count, again)
		}
	}
	if again["polygons"] == 0 {
		t.Error("monaco has no basemap polygons?")
	}
	// The renderer's basemap hook serves them.
	ps, err := s2.Polygons(ctx, *st.Bounds)
	if err != nil || len(ps) != again["polygons"] {
		t.Errorf("Polygons: %d, %v; want %d", len(ps), err, again["polygons"])
	}
}

// A newer extract in which one street was renamed and another removed:
// the renamed one keeps its IDs and what people set, the removed one is
// tombstoned, nothing is doubled.
func TestImportOSMNewerExtract(t *testing.T) {
	ctx := context.Background()
	src := gistest.SharedData(t, "osm", "berlin-siegessaeule.osm.gz")
	raw := gunzip(t, src)
	db := newDB(t)
	importOSM(t, src, "--db", db, "--quiet")
	before, s := segmentIDs(t, db)

	// Pick two named street ways that share no graph node.
	res, err := s.Find(ctx, gpkg.Query{Kind: gis.Street})
	if err != nil {
		t.Fatal(err)
	}
	nodesOf := map[int64]map[int64]bool{}
	for _, r := range res {
		w := attrInt(r.Feature, "osm_id")
		a := attrInt(r.Feature, "from_node")
		b := attrInt(r.Feature, "to_node")
		if nodesOf[w] == nil {
			nodesOf[w] = map[int64]bool{}
		}
		nodesOf[w][a], nodesOf[w][b] = true, true
	}
	var ways []int64
	for w := range nodesOf {
		ways = append(ways, w)
	}
	sort.Slice(ways, func(i, j int) bool { return ways[i] < ways[j] })
	renamed, removed := ways[0], int64(0)
	for _, w := range ways[1:] {
		shared := false
		for n := range nodesOf[w] {
			shared = shared || nodesOf[renamed][n]
		}
		if !shared {
			removed = w
			break
		}
	}
	if removed == 0 {
		t.Fatal("no way apart from the first")
	}
	keep := before[fmt.Sprintf("%d/0", renamed)]
	f, err := s.Get(ctx, gis.Street, keep)
	if err != nil {
		t.Fatal(err)
	}
	f.Attrs["key_route"] = true
	f.Attrs["last_inspected"] = gis.Date{Year: 2026, Month: 11, Day: 2}
	if err := s.Save(ctx, "an", f); err != nil {
		t.Fatal(err)
	}
	s.Close()

	// Edit the XML: drop the removed way, give the renamed one a new name.
	wayRe := func(id int64) *regexp.Regexp {
		return regexp.MustCompile(`(?s)<way id=["']` + strconv.FormatInt(id, 10) + `["'].*?</way>`)
	}
	block := wayRe(renamed).FindString(raw)
	if block == "" {
		t.Fatalf("way %d not in the file", renamed)
	}
	newBlock := regexp.MustCompile(`<tag k=["']name["'] v=["'][^"']*["']\s*/>`).ReplaceAllString(block, "")
	newBlock = strings.Replace(newBlock, "</way>", `<tag k="name" v="Đường Trần Thành Ngọ"/></way>`, 1)
	edited := wayRe(removed).ReplaceAllString(strings.Replace(raw, block, newBlock, 1), "")
	newer := filepath.Join(t.TempDir(), "newer.osm")
	if err := os.WriteFile(newer, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	got := importOSM(t, newer, "--db", db, "--quiet")
	if got["removed"] != len(prefixed(before, removed)) || got["updated"] < len(prefixed(before, renamed)) || got["new"] != 0 {
		t.Errorf("counts %v; way %d had %d segments, way %d had %d", got, removed, len(prefixed(before, removed)), renamed, len(prefixed(before, renamed)))
	}
	after, s2 := segmentIDs(t, db)
	for k, id := range before {
		gone := strings.HasPrefix(k, strconv.FormatInt(removed, 10)+"/")
		if _, ok := after[k]; ok == gone {
			t.Errorf("segment %s live after re-import: %v", k, ok)
		}
		if !gone && after[k] != id {
			t.Errorf("segment %s: ID %s became %s", k, id, after[k])
		}
	}
	g, err := s2.Get(ctx, gis.Street, keep)
	if err != nil {
		t.Fatal(err)
	}
	if g.Attrs["name"] != "Đường Trần Thành Ngọ" || g.Attrs["key_route"] != true || g.Attrs["last_inspected"] != (gis.Date{Year: 2026, Month: 11, Day: 2}) {
		t.Errorf("renamed segment: %v", g.Attrs)
	}
	// The tombstones are in the outbox for the server.
	var n int
	if err := s2.QueryRow(ctx, fmt.Sprintf("SELECT count(*) FROM wm_outbox WHERE op = 'delete' AND record_id IN (SELECT id FROM street WHERE osm_id = %d)", removed), &n); err != nil || n != len(prefixed(before, removed)) {
		t.Errorf("outbox deletes: %d, %v", n, err)
	}
}

func prefixed(m map[string]string, way int64) []string {
	var out []string
	for k := range m {
		if strings.HasPrefix(k, strconv.FormatInt(way, 10)+"/") {
			out = append(out, k)
		}
	}
	return out
}

func gunzip(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// --boundary keeps what lies inside the polygon and cuts streets at its
// edge. Kiến An's boundary holds nothing of Monaco.
func TestImportOSMBoundary(t *testing.T) {
	ctx := context.Background()
	src := gistest.SharedData(t, "osm", "monaco.osm.gz")
	full := importOSM(t, src, "--db", newDB(t), "--quiet")

	kienAn := gistest.SharedData(t, "boundaries", "KienAn.geojson")
	none := importOSM(t, src, "--db", newDB(t), "--quiet", "--boundary", kienAn)
	if none["segments"] != 0 || none["addresses"] != 0 || none["polygons"] != 0 {
		t.Errorf("Kiến An's boundary over Monaco: %v", none)
	}

	// A triangle over the middle of Monaco.
	tri := orb.Polygon{{{7.415, 43.728}, {7.430, 43.733}, {7.421, 43.742}, {7.415, 43.728}}}
	bpath := filepath.Join(t.TempDir(), "tri.geojson")
	body := fmt.Sprintf(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"test"},"geometry":{"type":"Polygon","coordinates":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}}]}`,
		tri[0][0][0], tri[0][0][1], tri[0][1][0], tri[0][1][1], tri[0][2][0], tri[0][2][1], tri[0][3][0], tri[0][3][1])
	if err := os.WriteFile(bpath, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	db := newDB(t)
	got := importOSM(t, src, "--db", db, "--quiet", "--boundary", bpath)
	if got["segments"] == 0 || got["segments"] >= full["segments"] {
		t.Fatalf("clipped %v, full %v", got, full)
	}
	s, err := gpkg.Open(ctx, db, gpkg.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	res, err := s.Find(ctx, gpkg.Query{Kind: gis.Street})
	if err != nil {
		t.Fatal(err)
	}
	cuts := 0
	for _, r := range res {
		for _, p := range r.Geom.(orb.LineString) {
			if !planar.RingContains(tri[0], p) && planar.DistanceFrom(orb.LineString(tri[0]), p) > 1e-7 {
				t.Fatalf("segment %s has a vertex %v outside the boundary", r.ID, p)
			}
		}
		for _, n := range []string{"from_node", "to_node"} {
			if attrInt(r.Feature, n) < 0 {
				cuts++
			}
		}
	}
	if cuts == 0 {
		t.Error("no segment was cut at the boundary")
	}
	// Same check by the centre of each segment, exactly inside the triangle.
	within, err := s.Find(ctx, gpkg.Query{Kind: gis.Street, Within: tri})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("clipped: %v (%d cut ends, %d of %d segments within by the exact test); full: %v", got, cuts, len(within), len(res), full)
}

// A PBF cut at 60% of its bytes: a clear error, and the database that
// already held an import is exactly as it was.
func TestImportOSMTruncatedPBF(t *testing.T) {
	src := gistest.SharedData(t, "osm", "andorra.osm.pbf")
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(t.TempDir(), "cut.osm.pbf")
	if err := os.WriteFile(cut, b[:len(b)*6/10], 0o644); err != nil {
		t.Fatal(err)
	}
	db := newDB(t)
	importOSM(t, gistest.SharedData(t, "osm", "berlin-siegessaeule.osm.gz"), "--db", db, "--quiet")
	stats := func() string {
		out, errOut, code := wardmap(t, "stats", "--db", db, "--json")
		if code != 0 {
			t.Fatal(errOut)
		}
		return out
	}
	outbox := func() int {
		s, err := gpkg.Open(context.Background(), db, gpkg.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		var n int
		if err := s.QueryRow(context.Background(), "SELECT count(*) FROM wm_outbox", &n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	st0, ob0 := stats(), outbox()
	out, errOut, code := wardmap(t, "import", "osm", cut, "--db", db)
	if code == 0 {
		t.Fatalf("truncated PBF imported:\n%s", out)
	}
	if !strings.Contains(errOut, "cơ sở dữ liệu không đổi") || !strings.Contains(errOut, "truncated") {
		t.Errorf("error message: %s", errOut)
	}
	if st1, ob1 := stats(), outbox(); st1 != st0 || ob1 != ob0 {
		t.Errorf("database changed:\n%s\n%s\noutbox %d → %d", st0, st1, ob0, ob1)
	}
	t.Logf("error: %s", strings.TrimSpace(errOut))
}

// Bad command lines and inputs fail with a message, before touching the
// database.
func TestImportOSMErrors(t *testing.T) {
	db := newDB(t)
	notOSM := filepath.Join(t.TempDir(), "x.osm.pbf")
	os.WriteFile(notOSM, []byte("hello, not a PBF"), 0o644)
	badBoundary := filepath.Join(t.TempDir(), "b.geojson")
	os.WriteFile(badBoundary, []byte(`{"type":"Point","coordinates":[1,2]}`), 0o644)
	cases := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no file", []string{"import", "osm", "--db", db}, 2, "exactly one OSM file"},
		{"missing file", []string{"import", "osm", "/nonexistent.osm", "--db", db}, 1, "cannot open the OSM file"},
		{"no db", []string{"import", "osm", gistest.SharedData(t, "osm", "monaco.osm.gz")}, 2, "--db"},
		{"not osm", []string{"import", "osm", notOSM, "--db", db}, 1, "database is unchanged"},
		{"point boundary", []string{"import", "osm", gistest.SharedData(t, "osm", "monaco.osm.gz"), "--db", db, "--boundary", badBoundary}, 1, "no polygon"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errOut, code := wardmap(t, c.args...)
			if code != c.code || !strings.Contains(errOut, c.msg) {
				t.Errorf("exit %d, %q; want %d and %q", code, errOut, c.code, c.msg)
			}
		})
	}
}

func attrInt(f *gis.Feature, name string) int64 {
	v, _ := f.Attrs[name].(int64)
	return v
}
