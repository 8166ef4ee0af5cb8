package inventory_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"golang.org/x/text/encoding/charmap"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/inventory"
	"wardmap/gis"
	"wardmap/gis/crs"
	"wardmap/gis/gistest"
)

var laCities = []string{"agoura-hills", "artesia", "downey", "duarte", "el-segundo", "glendora", "lomita", "malibu"}

func openDB(t testing.TB) *gpkg.Store {
	t.Helper()
	st, err := gpkg.Open(context.Background(), filepath.Join(t.TempDir(), "ward.gpkg"), gpkg.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func loadMapping(t testing.TB, path string, k gis.Kind) *inventory.Mapping {
	t.Helper()
	m, err := inventory.ReadMappingFile(path, k)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func count(t testing.TB, st *gpkg.Store, k gis.Kind) int {
	t.Helper()
	s, err := st.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, ks := range s.Kinds {
		if ks.Kind == k {
			return ks.Count
		}
	}
	return 0
}

func stats(t testing.TB, st *gpkg.Store) string {
	t.Helper()
	s, err := st.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var outbox int
	if err := st.QueryRow(context.Background(), "SELECT count(*) FROM wm_outbox", &outbox); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%+v bounds=%v outbox=%d", s.Kinds, s.Bounds, outbox)
}

// ogrCount is GDAL's feature count of a file: the referee for "imported
// plus rejected equals the source count".
func ogrCount(t testing.TB, path string) int {
	t.Helper()
	if _, err := exec.LookPath("ogrinfo"); err != nil {
		if os.Getenv("WARDMAP_REFEREES_OPTIONAL") != "" {
			t.Skip("ogrinfo missing")
		}
		t.Fatal("ogrinfo (gdal-bin) is required: run `make test`, which installs it")
	}
	out, err := exec.Command("ogrinfo", "-so", "-al", path).CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo %s: %v\n%s", path, err, out)
	}
	m := regexp.MustCompile(`Feature Count: (\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("ogrinfo %s: no feature count\n%s", path, out)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

func importFile(t testing.TB, st *gpkg.Store, path, mapping string, k gis.Kind, mod func(*inventory.Options)) (*inventory.Result, error) {
	t.Helper()
	opt := inventory.Options{Kind: k, User: "test"}
	if mapping != "" {
		opt.Mapping = loadMapping(t, mapping, k)
	}
	if mod != nil {
		mod(&opt)
	}
	return inventory.Import(context.Background(), st, path, opt)
}

func mustImport(t testing.TB, st *gpkg.Store, path, mapping string, k gis.Kind, mod func(*inventory.Options)) *inventory.Result {
	t.Helper()
	res, err := importFile(t, st, path, mapping, k, mod)
	if err != nil {
		t.Fatalf("import %s: %v", path, err)
	}
	return res
}

func TestLACities(t *testing.T) {
	st := openDB(t)
	// What the real files hold (README "Known faults" and a look at each):
	// at least these rows are rejected for these reasons.
	want := map[string]map[string]int{
		"agoura-hills": {inventory.ReasonZero: 27},
		"duarte":       {inventory.ReasonFlipped: 1},
		"el-segundo":   {inventory.ReasonZero: 3, inventory.ReasonOutlier: 1},
		"glendora":     {inventory.ReasonStacked: 12610},
	}
	total := 0
	for _, city := range laCities {
		t.Run(city, func(t *testing.T) {
			src := gistest.SharedData(t, "assets", "la-street-trees", city+".geojson")
			before := count(t, st, gis.Tree)
			res := mustImport(t, st, src, filepath.Join("testdata", "la", city+".json"), gis.Tree, nil)
			n := ogrCount(t, src)
			if res.Read != n {
				t.Errorf("read %d features, ogrinfo counts %d", res.Read, n)
			}
			if res.Imported+len(res.Rejected) != n {
				t.Errorf("imported %d + rejected %d != %d in the file", res.Imported, len(res.Rejected), n)
			}
			if got := count(t, st, gis.Tree) - before; got != res.Imported {
				t.Errorf("database grew by %d, import says %d", got, res.Imported)
			}
			by := res.ByReason()
			for reason, n := range want[city] {
				if by[reason] < n {
					t.Errorf("%s rejected %d, want at least %d (all: %v)", reason, by[reason], n, by)
				}
			}
			if by[inventory.ReasonValue] > 0 || by[inventory.ReasonInvalid] > 0 || by[inventory.ReasonUnreadable] > 0 {
				t.Errorf("the mapping leaves rows it cannot convert: %v, first %+v", by, res.Rejected[0])
			}
			// Files that identify their trees (an inventory id, or the tree
			// number at an address) have no duplicates: their "duplicates"
			// under the old species-within-1-m rule were distinct trees.
			if city != "downey" && city != "malibu" && city != "glendora" && by[inventory.ReasonDuplicate] > 0 {
				t.Errorf("%d duplicates in a file that identifies its trees", by[inventory.ReasonDuplicate])
			}
			if city == "artesia" && (by[inventory.ReasonStacked] != 0 || res.Approximate != 72) {
				t.Errorf("artesia's 72 palms at 12000 Artesia Bl: stacked %d, approximate %d", by[inventory.ReasonStacked], res.Approximate)
			}
			if city != "glendora" && res.Imported < n/2 {
				t.Errorf("imported only %d of %d", res.Imported, n)
			}
			total += res.Imported
			t.Logf("%s: %d imported, rejected %v", city, res.Imported, by)
		})
	}
	if got := count(t, st, gis.Tree); got != total {
		t.Errorf("database holds %d trees, imports say %d", got, total)
	}
	// No tree in Kansas (Glendora's wrong point) nor at (0, 0).
	for _, p := range []orb.Point{{-96.00146, 40.00029}, {0, 0}, {117.974459, 34.138349}} {
		res, err := st.Find(context.Background(), gpkg.Query{Kind: gis.Tree, Near: &p, MaxDistance: 5000, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(res) > 0 {
			t.Errorf("a tree was placed at %v: %+v", p, res[0].Feature)
		}
	}
}

// findAt returns the one tree nearest p, within 0.01 m.
func findAt(t *testing.T, st *gpkg.Store, p orb.Point) *gis.Feature {
	t.Helper()
	res, err := st.Find(context.Background(), gpkg.Query{Kind: gis.Tree, Near: &p, MaxDistance: 0.01, Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 {
		t.Fatalf("want one tree at %v, found %d", p, len(res))
	}
	return res[0].Feature
}

// TestSpotCheck compares rows read by hand in the source files with what
// landed in the database.
func TestSpotCheck(t *testing.T) {
	st := openDB(t)
	for _, city := range []string{"agoura-hills", "artesia", "downey", "malibu"} {
		mustImport(t, st, gistest.SharedData(t, "assets", "la-street-trees", city+".geojson"), filepath.Join("testdata", "la", city+".json"), gis.Tree, nil)
	}
	mustImport(t, st, gistest.SharedData(t, "assets", "cornell-trees-2022.csv"), filepath.Join("testdata", "cornell-trees.json"), gis.Tree, nil)
	cases := []struct {
		name string
		at   orb.Point
		want map[string]any
	}{
		{"agoura-hills feature 1", orb.Point{-118.7247592, 34.1362239}, map[string]any{
			// "InventoryID": 5782173, "Address": 27400, "Street": " AGOURA RD", "species": " COAST LIVE OAK",
			// "botanical": " Quercus agrifolia", "DBH": " 0-6" (inches), "height": " 01-15" (feet)
			"code": "5782173", "address": "27400 AGOURA RD", "species_vi": "COAST LIVE OAK", "species_sci": "Quercus agrifolia",
			"trunk_diameter_cm": 7.62, "height_m": 2.44}},
		{"artesia feature 1", orb.Point{-118.07300858808723, 33.86710895463301}, map[string]any{
			// "INVENTORYI": 2078929, "ADDRESS": 12148, "STREET": "180TH ST", "BOTANICALN": "Pinus halepensis",
			// "species": "ALEPPO PINE", "DBH": "07-12", "height": "15-30"
			"code": "2078929", "address": "12148 180TH ST", "species_vi": "ALEPPO PINE", "species_sci": "Pinus halepensis",
			"trunk_diameter_cm": 24.13, "height_m": 6.86}},
		{"downey feature 1 (lat/lon properties, not its EPSG:2229 geometry)", orb.Point{-118.157548458125, 33.9224547906018}, map[string]any{
			"species_sci": "Lagerstroemia indica"}},
		{"malibu feature 1", orb.Point{-118.8086117580397, 34.021725474805415}, map[string]any{
			// "Exact_Heig": 45 (feet), "Condition": "Good", "Botanical_": "Platanus racemosa", "species": "California Sycamore"
			"species_vi": "California Sycamore", "species_sci": "Platanus racemosa", "height_m": 13.72, "condition": "good"}},
		{"cornell row 1", orb.Point{-76.480705, 42.453311}, map[string]any{
			// -76.480705,42.453311,1,Gleditsia triacanthos,Honeylocust,2019,17 (dbh in inches)
			"code": "1", "species_sci": "Gleditsia triacanthos", "species_vi": "Honeylocust", "trunk_diameter_cm": 43.18}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := findAt(t, st, c.at)
			if !reflect.DeepEqual(f.Attrs, c.want) {
				t.Errorf("attributes\n got %v\nwant %v", f.Attrs, c.want)
			}
			if f.CreatedBy != "test" || f.CreatedAt.IsZero() || !gis.ValidID(f.ID) {
				t.Errorf("meta not set by the store: %+v", f.Meta)
			}
		})
	}
}

func TestGlendoraStacked(t *testing.T) {
	st := openDB(t)
	src := gistest.SharedData(t, "assets", "la-street-trees", "glendora.geojson")
	res := mustImport(t, st, src, filepath.Join("testdata", "la", "glendora.json"), gis.Tree, nil)
	if res.Imported != 0 {
		t.Errorf("imported %d trees at Glendora's wrong point", res.Imported)
	}
	stacked := 0
	for _, r := range res.Rejected {
		if r.Reason == inventory.ReasonStacked {
			stacked++
			if !strings.Contains(r.Message, "12610 rows stacked on one point") || !strings.Contains(r.Message, "-96.00") {
				t.Fatalf("unclear reason: %s", r.Message)
			}
		}
	}
	if stacked != 12610 {
		t.Errorf("stacked %d, want 12610 (12656 minus 46 stumps)", stacked)
	}
	// Without the stack check, the median is the wrong point itself: the
	// import must still not put them anywhere... so the user maps lat/lon.
	res = mustImport(t, st, src, filepath.Join("testdata", "la", "glendora-latlon.json"), gis.Tree, nil)
	if res.Imported < 12000 {
		t.Errorf("with lat/lon, imported only %d", res.Imported)
	}
	b := orb.Bound{Min: orb.Point{-117.9, 34.1}, Max: orb.Point{-117.8, 34.16}}
	if fs, _ := st.Features(context.Background(), gis.Tree, b); len(fs) != res.Imported {
		t.Errorf("%d trees in Glendora, imported %d", len(fs), res.Imported)
	}
}

func TestBristolLampsAndCornellTrees(t *testing.T) {
	st := openDB(t)
	for _, c := range []struct {
		file, mapping string
		kind          gis.Kind
	}{
		{"bristol-streetlights.csv", "bristol-lamps.json", gis.Lamp},
		{"cornell-trees-2022.csv", "cornell-trees.json", gis.Tree},
	} {
		t.Run(c.file, func(t *testing.T) {
			src := gistest.SharedData(t, "assets", c.file)
			res := mustImport(t, st, src, filepath.Join("testdata", c.mapping), c.kind, nil)
			n := ogrCount(t, src)
			if res.Read != n || res.Imported+len(res.Rejected) != n {
				t.Errorf("read %d, imported %d + rejected %d, ogrinfo %d", res.Read, res.Imported, len(res.Rejected), n)
			}
			if res.Imported < n*9/10 {
				t.Errorf("imported only %d of %d: %v", res.Imported, n, res.ByReason())
			}
			if got := count(t, st, c.kind); got != res.Imported {
				t.Errorf("database has %d, imported %d", got, res.Imported)
			}
			t.Logf("%d imported, %v", res.Imported, res.ByReason())
		})
	}
	// The same import without a mapping guesses longitude/latitude; a lamp
	// needs a status, so every row is rejected by validation, with the
	// validation's message, and nothing is written.
	before := stats(t, st)
	res := mustImport(t, st, gistest.SharedData(t, "assets", "bristol-streetlights.csv"), "", gis.Lamp, nil)
	if res.Imported != 0 || res.ByReason()[inventory.ReasonInvalid] != res.Read || !strings.Contains(res.Rejected[0].Message, "status: bắt buộc nhập (is required)") {
		t.Errorf("auto mapping of lamps: %d imported, %v, %+v", res.Imported, res.ByReason(), res.Rejected[0])
	}
	if after := stats(t, st); after != before {
		t.Errorf("database changed:\n%s\n%s", before, after)
	}
}

func TestReimportAddsNothing(t *testing.T) {
	st := openDB(t)
	src := gistest.SharedData(t, "assets", "la-street-trees", "lomita.geojson")
	mp := filepath.Join("testdata", "la", "lomita.json")
	first := mustImport(t, st, src, mp, gis.Tree, nil)
	before := stats(t, st)
	second := mustImport(t, st, src, mp, gis.Tree, nil)
	if second.Imported != 0 {
		t.Errorf("re-import added %d", second.Imported)
	}
	dups := second.ByReason()[inventory.ReasonDuplicate] - first.ByReason()[inventory.ReasonDuplicate]
	if dups != first.Imported {
		t.Errorf("re-import reports %d more duplicates, want %d", dups, first.Imported)
	}
	for _, r := range second.Rejected {
		if r.Reason == inventory.ReasonDuplicate && strings.Contains(r.Message, "existing record") {
			if !strings.Contains(r.Message, "0.00 m away") {
				t.Errorf("a duplicate of itself should be 0 m away: %s", r.Message)
			}
			break
		}
	}
	if after := stats(t, st); after != before {
		t.Errorf("database changed:\n%s\n%s", before, after)
	}
	// A tree of another species at the same place is not a duplicate.
	dir := t.TempDir()
	csv := filepath.Join(dir, "one.csv")
	os.WriteFile(csv, []byte("lon,lat,species_sci,species_vi\n-118.3120721,33.80697934,Ginkgo biloba,MAIDENHAIR TREE\n-118.3120721,33.80697934,Lophostemon confertus,BRISBANE BOX\n"), 0o644)
	res := mustImport(t, st, csv, "", gis.Tree, nil)
	if res.Imported != 1 || len(res.Rejected) != 1 || res.Rejected[0].Record != 2 || res.Rejected[0].Reason != inventory.ReasonDuplicate {
		t.Errorf("same place, other species: %+v", res)
	}
}

func TestDryRun(t *testing.T) {
	st := openDB(t)
	before := stats(t, st)
	src := gistest.SharedData(t, "assets", "la-street-trees", "el-segundo.geojson")
	res := mustImport(t, st, src, filepath.Join("testdata", "la", "el-segundo.json"), gis.Tree, func(o *inventory.Options) { o.DryRun = true })
	if res.Imported < 5000 || !res.DryRun {
		t.Errorf("dry run says %d", res.Imported)
	}
	if after := stats(t, st); after != before {
		t.Errorf("dry run wrote:\n%s\n%s", before, after)
	}
	// Strict: one rejected row and nothing is written.
	_, err := importFile(t, st, src, filepath.Join("testdata", "la", "el-segundo.json"), gis.Tree, func(o *inventory.Options) { o.Strict = true })
	if err == nil || !strings.Contains(err.Error(), "nothing imported") {
		t.Errorf("strict: %v", err)
	}
	if after := stats(t, st); after != before {
		t.Errorf("strict import wrote:\n%s\n%s", before, after)
	}
}

func writeFile(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func writeMapping(t *testing.T, s string) string { return writeFile(t, "map.json", []byte(s)) }

// TestMappingConversions checks value maps, units, size classes, dates,
// constants and templates on a small inventory written here.
func TestMappingConversions(t *testing.T) {
	st := openDB(t)
	src := writeFile(t, "trees.csv", []byte("\ufeffX;Y;Loai;Tinh trang;DBH;Cao;Trong;So;Duong\n"+
		"106,620;20,800;Bằng lăng; good ; 07-12;20;9/28/2014;12;  Trần  Thành Ngọ \n"+
		"106,621;20,800;Phượng vĩ;GOOD;31+;10;1/2/2020;14;Trần Thành Ngọ\n"+
		"106,622;20,800;Sấu;Tốt;0-6;;;16;Trần Thành Ngọ\n"+
		"106,623;20,800;Xà cừ;rotten;3;;;18;Trần Thành Ngọ\n"+
		"106,624;20,800;Xà cừ;Xấu;3;;2020-13-01;20;Trần Thành Ngọ\n"+
		"106,625;20,800;Xà cừ;Chết;---;700;;22;Trần Thành Ngọ\n"))
	mp := writeMapping(t, `{
		"kind": "tree",
		"csv": {"delimiter": ";"},
		"geometry": {"x": "X", "y": "Y"},
		"empty": ["---"],
		"fields": {
			"species_vi": "Loai",
			"condition": {"from": "Tinh trang", "values": {"Xấu": "poor", "Good": "good"}},
			"trunk_diameter_cm": {"from": "DBH", "unit": "in"},
			"height_m": {"from": "Cao", "unit": "ft"},
			"planted_on": {"from": "Trong", "date": ["M/D/YYYY", "YYYY-MM-DD"]},
			"address": {"template": "{So} {Duong}"},
			"funding": {"value": "socialized"}
		}
	}`)
	res := mustImport(t, st, src, mp, gis.Tree, nil)
	if res.Imported != 3 || len(res.Rejected) != 3 {
		t.Fatalf("imported %d, rejected %+v", res.Imported, res.Rejected)
	}
	for i, want := range []struct {
		line   int
		reason string
		text   string
	}{
		{5, inventory.ReasonValue, `condition: giá trị "rotten" không có trong danh sách`},
		{6, inventory.ReasonValue, `planted_on: ngày "2020-13-01" không theo mẫu M/D/YYYY, YYYY-MM-DD`},
		{7, inventory.ReasonInvalid, "height_m: phải từ 0 đến 60 m (đang là 213.36)"},
	} {
		r := res.Rejected[i]
		if r.Line != want.line || r.Reason != want.reason || !strings.Contains(r.Message, want.text) {
			t.Errorf("rejection %d: %+v, want line %d %s %q", i, r, want.line, want.reason, want.text)
		}
	}
	f := findAt(t, st, orb.Point{106.620, 20.800})
	want := map[string]any{"species_vi": "Bằng lăng", "condition": "good", "trunk_diameter_cm": 24.13, "height_m": 6.1,
		"planted_on": gis.Date{Year: 2014, Month: 9, Day: 28}, "address": "12 Trần Thành Ngọ", "funding": "socialized"}
	if !reflect.DeepEqual(f.Attrs, want) {
		t.Errorf("row 1\n got %v\nwant %v", f.Attrs, want)
	}
	f = findAt(t, st, orb.Point{106.621, 20.800})
	if f.Attrs["trunk_diameter_cm"] != 78.74 || f.Attrs["condition"] != "good" {
		t.Errorf("31+ inches and GOOD: %v", f.Attrs)
	}
	f = findAt(t, st, orb.Point{106.622, 20.800})
	if f.Attrs["condition"] != "good" || f.Attrs["trunk_diameter_cm"] != 7.62 || f.Attrs["planted_on"] != nil {
		t.Errorf("Tốt, 0-6 inches, no date: %v", f.Attrs)
	}
}

// TestVN2000 imports coordinates in Hai Phong's VN-2000 TM-3 zone, with the
// CRS from --crs or the mapping, converted by gis/crs.
func TestVN2000(t *testing.T) {
	st := openDB(t)
	wgs, _ := crs.ByCode(4326)
	vn, _ := crs.ByCode(9210)
	tr, err := crs.NewTransform(wgs, vn)
	if err != nil {
		t.Fatal(err)
	}
	want := orb.Point{106.6234567, 20.8123456}
	e, n, err := tr.Forward(want[0], want[1])
	if err != nil {
		t.Fatal(err)
	}
	src := writeFile(t, "drains.csv", []byte(fmt.Sprintf("E,N,status\n%.4f,%.4f,clear\n", e, n)))
	res := mustImport(t, st, src, "", gis.Drain, func(o *inventory.Options) { o.CRS = "EPSG:9210" })
	if res.Imported != 1 || res.CRS != "EPSG:9210" {
		t.Fatalf("%+v", res)
	}
	got, err := st.Find(context.Background(), gpkg.Query{Kind: gis.Drain})
	if err != nil || len(got) != 1 {
		t.Fatal(err, len(got))
	}
	p := got[0].Geom.(orb.Point)
	if math.Abs(p[0]-want[0]) > 1e-8 || math.Abs(p[1]-want[1]) > 1e-8 {
		t.Errorf("VN-2000 %v,%v became %v, want %v", e, n, p, want)
	}
	// Without --crs, metres read as degrees are refused row by row.
	res = mustImport(t, openDB(t), src, "", gis.Drain, nil)
	if res.Imported != 0 || res.Rejected[0].Reason != inventory.ReasonInvalid {
		t.Errorf("metres as degrees: %+v", res)
	}
	// An unsupported CRS is fatal, and the error names its method.
	if _, err := importFile(t, st, src, "", gis.Drain, func(o *inventory.Options) { o.CRS = "EPSG:3031" }); err == nil ||
		!strings.Contains(err.Error(), "unsupported CRS") || !strings.Contains(err.Error(), "Polar Stereographic") {
		t.Errorf("EPSG:3031: %v", err)
	}
}

// TestBadInput: a clear error or per-row rejections, and the database as
// it was.
func TestBadInput(t *testing.T) {
	st := openDB(t)
	mustImport(t, st, gistest.SharedData(t, "assets", "la-street-trees", "lomita.geojson"), filepath.Join("testdata", "la", "lomita.json"), gis.Tree, nil)
	before := stats(t, st)
	cp1252, _ := charmap.Windows1252.NewEncoder().String("lon,lat,species_vi,address\n-118.30,33.79,Café tree,Señora St\n")
	cases := []struct {
		name, file, body, mapping string
		err                       string // a fatal error containing this
		rejected                  string // or: per-row rejections with these reasons (a|b)
	}{
		{"wrong delimiter", "a.csv", "lon;lat;species_vi\n-118.30;33.79;Oak\n", `{"csv": {"delimiter": ","}, "geometry": {"x": "lon", "y": "lat"}}`,
			"wrong delimiter", ""},
		{"wrong delimiter, no mapping", "a.csv", "lon;lat\n-118.30;33.79\n", `{"csv": {"delimiter": ","}}`,
			"no coordinate columns", ""},
		{"Windows-1252 read as UTF-8", "a.csv", cp1252, "", "not valid UTF-8 at line 2", ""},
		{"UTF-8 declared Windows-1252", "a.csv", "lon,lat,species_vi\n-118.30,33.79,Bằng lăng\n", `{"csv": {"encoding": "windows-1252"}}`,
			"looks like UTF-8", ""},
		{"UTF-8 BOM declared Windows-1252", "a.csv", "\ufefflon,lat\n-118.30,33.79\n", `{"csv": {"encoding": "windows-1252"}}`,
			"byte-order mark", ""},
		{"mapping names an unknown source field", "a.csv", "lon,lat,species\n-118.30,33.79,Oak\n", `{"fields": {"species_vi": "Species"}}`,
			`"Species" → "species"?`, ""},
		{"truncated GeoJSON", "a.geojson", `{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [1, 2]}}, {"type": "Fea`, "",
			"broken GeoJSON", ""},
		{"not a FeatureCollection", "a.geojson", `{"type": "Point", "coordinates": [1, 2]}`, "", "not a GeoJSON FeatureCollection", ""},
		{"broken geometries", "a.geojson", `{"type": "FeatureCollection", "features": [
			{"type": "Feature", "properties": {"species_vi": "Oak"}, "geometry": {"type": "Point", "coordinates": [-118.30]}},
			{"type": "Feature", "properties": {"species_vi": "Oak"}, "geometry": {"type": "Point", "coordinates": "x"}},
			{"type": "Feature", "properties": {"species_vi": "Oak"}, "geometry": {"type": "Polygon", "coordinates": [[[1, 2], [3]]]}},
			{"type": "Feature", "properties": {"species_vi": "Oak"}, "geometry": null},
			{"type": "Feature", "properties": ["Oak"], "geometry": {"type": "Point", "coordinates": [-118.30, 33.79]}},
			{"type": "Feature", "properties": {"species_vi": "Oak"}, "geometry": {"type": "LineString", "coordinates": [[-118.30, 33.79], [-118.31, 33.79]]}}]}`, "",
			"", inventory.ReasonUnreadable + "|" + inventory.ReasonPosition + "|" + inventory.ReasonInvalid},
		{"CSV rows with too many fields", "a.csv", "lon,lat,species_vi\n-118.30,33.79,Oak,extra\n-118.30,33.79\n", "", "", inventory.ReasonUnreadable},
		{"Windows-1252 declared, degrees given for VN-2000 metres", "a.csv", cp1252, `{"csv": {"encoding": "windows-1252"}, "crs": "EPSG:9210"}`, "", inventory.ReasonCRS},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := writeFile(t, c.file, []byte(c.body))
			mp := ""
			if c.mapping != "" {
				mp = writeMapping(t, c.mapping)
			}
			res, err := importFile(t, st, src, mp, gis.Tree, nil)
			switch {
			case c.err != "":
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Errorf("error %v, want one containing %q", err, c.err)
				}
			case err != nil:
				t.Errorf("fatal error %v, want per-row rejections", err)
			default:
				if res.Imported != 0 || len(res.Rejected) != res.Read || res.Read == 0 {
					t.Errorf("imported %d, rejected %d of %d", res.Imported, len(res.Rejected), res.Read)
				}
				for _, r := range res.Rejected {
					if !strings.Contains(c.rejected, r.Reason) {
						t.Errorf("rejection %+v, want %s", r, c.rejected)
					}
					t.Logf("%+v", r)
				}
			}
			if after := stats(t, st); after != before {
				t.Errorf("database changed:\n%s\n%s", before, after)
			}
		})
	}
	// The Windows-1252 file read right keeps its accents.
	src := writeFile(t, "a.csv", []byte(cp1252))
	res := mustImport(t, openDB(t), src, writeMapping(t, `{"csv": {"encoding": "windows-1252"}}`), gis.Tree, nil)
	if res.Imported != 1 || res.Mapped["address"] != "address" {
		t.Fatalf("%+v", res)
	}
	// Mapping errors against the schema, before any file is read.
	for _, m := range []struct{ body, err string }{
		{`{"fields": {"species": "x"}}`, `kind tree has no field "species"`},
		{`{"fields": {"height_m": {"from": "h", "unit": "furlong"}}}`, `"furlong" (unknown unit)`},
		{`{"fields": {"species_vi": {"from": "h", "unit": "ft"}}}`, "not a number"},
		{`{"fields": {"condition": {"from": "c", "values": {"ok": "splendid"}}}}`, `"splendid"`},
		{`{"fields": {"planted_on": {"from": "d", "date": "DD/MM"}}}`, "no year"},
		{`{"kind": "lamp"}`, `mapping is for kind "lamp"`},
		{`{"fields": {"length_m": "x"}}`, "no field"},
		{`{"csv": {"delimiter": "::"}}`, "delimiter"},
		{`{"csv": {"encoding": "ebcdic"}}`, "unsupported encoding"},
		{`{"geometry": {"x": "lon"}}`, "both x and y"},
		{`{"fields": {"code": {"from": "a", "value": "b"}}}`, "exactly one of"},
		{`{"fieldz": {}}`, `unknown field "fieldz"`},
		{"{\n\"fields\": {,}}", "(line) 2"},
	} {
		if _, err := inventory.ParseMapping(strings.NewReader(m.body), gis.Tree); err == nil || !strings.Contains(err.Error(), m.err) {
			t.Errorf("mapping %s: error %v, want %q", m.body, err, m.err)
		}
	}
}

// TestExtentAndOutliers: --extent, and the automatic checks on a small file.
func TestExtentAndOutliers(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("lon,lat,species_vi\n")
	for i := range 50 {
		fmt.Fprintf(&sb, "%.5f,%.5f,Sấu %d\n", 106.62+float64(i%10)*0.001, 20.80+float64(i/10)*0.001, i)
	}
	sb.WriteString("0,0,zero\n-106.625,20.802,flipped lon\n106.625,-20.802,flipped lat\n20.802,106.625,swapped\n2.35,48.85,Paris\n")
	src := writeFile(t, "t.csv", []byte(sb.String()))
	res := mustImport(t, openDB(t), src, "", gis.Tree, nil)
	got := map[int]string{}
	for _, r := range res.Rejected {
		got[r.Record] = r.Reason
	}
	want := map[int]string{51: inventory.ReasonZero, 52: inventory.ReasonFlipped, 53: inventory.ReasonFlipped, 55: inventory.ReasonOutlier}
	// (20.802, 106.625) is not a valid latitude: validation refuses it first.
	want[54] = inventory.ReasonInvalid
	if !reflect.DeepEqual(got, want) || res.Imported != 50 {
		t.Errorf("rejected %v, want %v; imported %d", got, want, res.Imported)
	}
	res = mustImport(t, openDB(t), src, "", gis.Tree, func(o *inventory.Options) {
		o.Extent = &orb.Bound{Min: orb.Point{106.6, 20.79}, Max: orb.Point{106.625, 20.81}}
	})
	if n := res.ByReason()[inventory.ReasonExtent]; n != 21 || res.Imported != 30 {
		t.Errorf("extent: imported %d, %v", res.Imported, res.ByReason())
	}
}

// A mapping file that is missing or wrong is an error naming it; a good
// one reads as ParseMapping reads its text.
func TestReadMappingFile(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "none.json")
	if _, err := inventory.ReadMappingFile(missing, gis.Tree); err == nil || !strings.Contains(err.Error(), "(cannot open the mapping): open "+missing) {
		t.Errorf("missing: %v", err)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"kind": "tree", "fields": {"colour": "x"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := inventory.ReadMappingFile(bad, gis.Tree); gis.ErrorCode(err) != gis.EINVALID || !strings.HasPrefix(err.Error(), bad+": ") {
		t.Errorf("bad: %v", err)
	}
	m := loadMapping(t, filepath.Join("testdata", "la", "agoura-hills.json"), gis.Tree)
	if m.Kind != gis.Tree || len(m.Fields) == 0 {
		t.Errorf("agoura-hills: %+v", m)
	}
}
