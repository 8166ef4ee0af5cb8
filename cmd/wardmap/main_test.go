package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"wardmap/data/laptop/ward"
	"wardmap/gis"
)

// wardmap runs one command line in-process, as a script would run the
// binary, and returns stdout, stderr and the exit status.
func wardmap(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}, args)
	return out.String(), errb.String(), code
}

var (
	demoOnce sync.Once
	demoPath string
	demoErr  error
)

// demoDB makes one demo database for the package's tests, read-only from
// then on (tests that write make their own).
func demoDB(t testing.TB) string {
	t.Helper()
	demoOnce.Do(func() { demoPath, demoErr = makeDemo() })
	if demoErr != nil {
		t.Fatal(demoErr)
	}
	return demoPath
}

func makeDemo() (string, error) {
	dir, err := os.MkdirTemp("", "wardmap-demo-")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "demo.gpkg")
	_, err = ward.Create(context.Background(), path, true)
	return path, err
}

func TestMain(m *testing.M) {
	if path := os.Getenv(millionEnv); path != "" {
		// The child process of millionDB, not a test run.
		if err := buildMillionStore(path); err != nil {
			fmt.Fprintln(os.Stderr, "building the million-feature store:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	code := m.Run()
	if demoPath != "" {
		os.RemoveAll(filepath.Dir(demoPath))
	}
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

func ogrinfo(t *testing.T, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath("ogrinfo"); err != nil {
		t.Fatal("ogrinfo (gdal-bin) is required: run `make test`, which installs it")
	}
	out, err := exec.Command("ogrinfo", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo %v: %v\n%s", args, err, out)
	}
	if m := regexp.MustCompile(`(?m)^(ERROR|Warning).*$`).FindString(string(out)); m != "" {
		t.Fatalf("ogrinfo complained: %s", m)
	}
	return string(out)
}

func TestInitDemoAndStats(t *testing.T) {
	db := demoDB(t)
	out, errOut, code := wardmap(t, "stats", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("stats: %d %s", code, errOut)
	}
	var st struct {
		Ward  string
		Demo  bool
		Kinds []struct {
			Kind  gis.Kind
			Count int
		}
		BBox []float64
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !st.Demo || !strings.Contains(st.Ward, "DEMO") {
		t.Errorf("demo not labelled: %+v", st)
	}
	want := map[gis.Kind][2]int{
		gis.Street: {400, 900}, gis.Tree: {1800, 2300}, gis.Lamp: {700, 900}, gis.TDP: {10, 15},
		gis.Plate: {1000, 5000}, gis.Drain: {100, 600}, gis.FloodPoint: {3, 30}, gis.Plot: {3, 10},
		gis.Violation: {20, 200}, gis.Report: {20, 200}, gis.Inspection: {1500, 2600},
	}
	for _, ks := range st.Kinds {
		if r, ok := want[ks.Kind]; ok && (ks.Count < r[0] || ks.Count > r[1]) {
			t.Errorf("%s: %d, want %d..%d", ks.Kind, ks.Count, r[0], r[1])
		}
	}
	b := st.BBox
	if len(b) != 4 || b[0] < 106.62 || b[2] > 106.67 || b[1] < 20.80 || b[3] > 20.84 {
		t.Errorf("bbox %v is not Kiến An", b)
	}
}

// GDAL lists every layer of the demo database with the count we report,
// in EPSG:4326, with its spatial index.
func TestOgrinfoOnDemo(t *testing.T) {
	db := demoDB(t)
	out, _, _ := wardmap(t, "stats", "--db", db, "--json")
	var st struct {
		Kinds []struct {
			Kind  gis.Kind
			Count int
		}
	}
	json.Unmarshal([]byte(out), &st)
	info := ogrinfo(t, "-so", "-al", db)
	for _, ks := range st.Kinds {
		sc := gis.MustLookup(ks.Kind)
		i := strings.Index(info, "Layer name: "+sc.Table+"\n")
		if i < 0 {
			t.Errorf("ogrinfo does not list %s", sc.Table)
			continue
		}
		layer := info[i:]
		if j := strings.Index(layer[1:], "Layer name:"); j > 0 {
			layer = layer[:j+1]
		}
		if !strings.Contains(layer, "Feature Count: "+itoa(ks.Count)+"\n") {
			t.Errorf("%s: GDAL's count differs from ours (%d):\n%s", sc.Table, ks.Count, firstLines(layer, 8))
		}
		if sc.Spatial() {
			if !strings.Contains(layer, `ID["EPSG",4326]`) {
				t.Errorf("%s is not in EPSG:4326 for GDAL", sc.Table)
			}
			idx := ogrinfo(t, db, "-sql", "SELECT HasSpatialIndex('"+sc.Table+"', 'geom')")
			if !strings.Contains(idx, "= 1") {
				t.Errorf("%s: GDAL sees no spatial index", sc.Table)
			}
		}
	}
}

// `wardmap query --bbox` returns the same features as GDAL's SQL over the
// same box.
func TestQueryBBoxMatchesOgr(t *testing.T) {
	db := demoDB(t)
	boxes := []string{"106.630,20.810,106.640,20.820", "106.62,20.80,106.67,20.84", "106.6501,20.8301,106.6502,20.8302"}
	for _, kind := range []string{"lamp", "tree", "plate"} {
		for _, box := range boxes {
			out, errOut, code := wardmap(t, "query", "--db", db, "--kind", kind, "--bbox", box, "--json")
			if code != 0 {
				t.Fatalf("query: %s", errOut)
			}
			var fc struct{ Features []struct{ ID string } }
			if err := json.Unmarshal([]byte(out), &fc); err != nil {
				t.Fatal(err)
			}
			var ours []string
			for _, f := range fc.Features {
				ours = append(ours, f.ID)
			}
			c := strings.Split(box, ",")
			sqlOut := ogrinfo(t, db, "-q", "-sql", "SELECT id, geom FROM "+gis.MustLookup(gis.Kind(kind)).Table+" WHERE deleted = 0", "-spat", c[0], c[1], c[2], c[3])
			var theirs []string
			for _, m := range regexp.MustCompile(`id \(String\) = (\S+)`).FindAllStringSubmatch(sqlOut, -1) {
				theirs = append(theirs, m[1])
			}
			sort.Strings(ours)
			sort.Strings(theirs)
			if strings.Join(ours, ",") != strings.Join(theirs, ",") {
				t.Errorf("%s in %s: wardmap %d, ogrinfo %d", kind, box, len(ours), len(theirs))
			}
		}
	}
}

func TestQuerySearchAndNear(t *testing.T) {
	db := demoDB(t)
	out, _, code := wardmap(t, "query", "--db", db, "--kind", "street", "--search", "tran thanh ngo")
	if code != 0 || !strings.Contains(out, "Trần Thành Ngọ") || strings.Contains(out, "Lê Duẩn") {
		t.Fatalf("search: %d\n%s", code, out)
	}
	out, _, code = wardmap(t, "query", "--db", db, "--kind", "lamp", "--near", "106.6256,20.8082", "--limit", "3", "--json")
	if code != 0 {
		t.Fatal(out)
	}
	var fc struct {
		Features []struct {
			Properties map[string]any
		}
	}
	json.Unmarshal([]byte(out), &fc)
	if len(fc.Features) != 3 {
		t.Fatalf("near: %d features", len(fc.Features))
	}
	prev := -1.0
	for _, f := range fc.Features {
		d := f.Properties["distance_m"].(float64)
		if d < prev {
			t.Fatalf("not ordered by distance: %v after %v", d, prev)
		}
		prev = d
	}
}

func TestExportReadByGDAL(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	cases := []struct {
		file, kind, layer, want string
	}{
		{"lamps.geojson", "lamp", "lamp", "Geometry: Point"},
		{"plots.geojson", "plot", "plot", "Geometry: Polygon"},
		{"streets.geojson", "street", "street", "Geometry: Line String"},
		{"trees.csv", "tree", "trees", "species_vi: String"},
		{"reports.csv", "report", "reports", "text: String"},
		{"inspections.csv", "inspection", "inspections", "result: String"},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			out := filepath.Join(dir, c.file)
			_, errOut, code := wardmap(t, "export", out, "--db", db, "--kind", c.kind)
			if code != 0 {
				t.Fatalf("export: %s", errOut)
			}
			n := regexp.MustCompile(`Đã xuất (\d+)`).FindStringSubmatch(errOut)
			if n == nil {
				t.Fatalf("no count in %q", errOut)
			}
			info := ogrinfo(t, "-so", out, c.layer)
			if !strings.Contains(info, "Feature Count: "+n[1]+"\n") || !strings.Contains(info, c.want) {
				t.Fatalf("GDAL reads:\n%s", info)
			}
		})
	}
}

func TestBadInput(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.gpkg")
	os.WriteFile(notDB, []byte("hello"), 0o644)
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown kind", []string{"query", "--db", db, "--kind", "unicorn"}, 2, "unknown kind"},
		{"no kind", []string{"query", "--db", db}, 2, "--kind is required"},
		{"no db", []string{"stats"}, 2, "--db FILE is required"},
		{"missing db", []string{"stats", "--db", filepath.Join(dir, "none.gpkg")}, 1, "file not found"},
		{"not a database", []string{"stats", "--db", notDB}, 1, "not a GeoPackage"},
		{"bad bbox", []string{"query", "--db", db, "--kind", "lamp", "--bbox", "1,2,3"}, 2, "4 comma-separated"},
		{"bbox out of range", []string{"query", "--db", db, "--kind", "lamp", "--bbox", "106,20,107,95"}, 2, "outside"},
		{"near on attributes", []string{"query", "--db", db, "--kind", "inspection", "--near", "106.6,20.8"}, 1, "no geometry"},
		{"unknown command", []string{"frobnicate"}, 2, "unknown command"},
		{"unknown flag", []string{"stats", "--db", db, "--colour"}, 2, "flag provided but not defined"},
		{"export format", []string{"export", filepath.Join(dir, "x.shp"), "--db", db, "--kind", "lamp"}, 2, "unsupported format"},
		{"init over a file", []string{"init", "--db", notDB}, 1, "already exists"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before, _ := os.ReadFile(notDB)
			out, errOut, code := wardmap(t, c.args...)
			if code != c.code || !strings.Contains(errOut, c.want) {
				t.Fatalf("exit %d (want %d), stderr %q (want %q), stdout %q", code, c.code, errOut, c.want, out)
			}
			if strings.Contains(errOut, "goroutine") || strings.Contains(errOut, "panic") {
				t.Fatalf("stack trace for a user mistake: %s", errOut)
			}
			if after, _ := os.ReadFile(notDB); !bytes.Equal(before, after) {
				t.Fatal("notes.gpkg was changed")
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "none.gpkg")); err == nil {
		t.Fatal("stats created a database")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}
