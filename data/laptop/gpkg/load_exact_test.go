package gpkg_test

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/assets"
	"wardmap/data/formats/geojson"
	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/inventory"
	"wardmap/gis"
	"wardmap/gis/gistest"
)

// A batched load (100 rows an INSERT, the values every row of a batch
// shares bound once, 100 outbox entries an INSERT) stores exactly what the
// row-by-row path stores: for every column of the feature tables, their
// R-trees and the outbox (but its random op_id), the same storage class
// (typeof: REAL stays REAL, INTEGER INTEGER, NULL NULL), the same value
// (REALs to the bit, texts and blobs byte for byte), under the same fid;
// and ogrinfo reads the two files the same, feature by feature. On the
// demo ward, an LA city (Downey: projected feet converted, real-world
// texts) and rows made to be awkward.
func TestLoadBatchedExact(t *testing.T) {
	ctx := context.Background()
	cases := map[string]func(t *testing.T) []*gis.Feature{
		"demo": func(t *testing.T) []*gis.Feature {
			r, err := assets.DemoWard()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			fs, err := geojson.Read(r, "")
			if err != nil {
				t.Fatal(err)
			}
			return fs
		},
		"downey": func(t *testing.T) []*gis.Feature {
			s := mustOpen(t)
			m := readMapping(t, filepath.Join("..", "inventory", "testdata", "la", "downey.json"))
			res, err := inventory.Import(ctx, s, gistest.SharedData(t, "assets", "la-street-trees", "downey.geojson"), inventory.Options{Kind: gis.Tree, Mapping: m, User: "la"})
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.Find(ctx, gpkg.Query{Kind: gis.Tree})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != res.Imported || len(got) < 10000 {
				t.Fatalf("read back %d trees, imported %d", len(got), res.Imported)
			}
			fs := make([]*gis.Feature, len(got))
			for i, r := range got {
				fs[i] = r.Feature
			}
			return fs
		},
		"awkward": awkwardRows,
	}
	for name, make := range cases {
		t.Run(name, func(t *testing.T) {
			fs := make(t)
			dir := t.TempDir()
			batched := filepath.Join(dir, "batched.gpkg")
			single := filepath.Join(dir, "single.gpkg")
			// The first load gives records without one their ID and times;
			// the second writes the same.
			loadInto(t, batched, fs)
			restore := gpkg.SetLoadBatches(1, 1)
			loadInto(t, single, fs)
			restore()
			a, b := dumpRows(t, batched), dumpRows(t, single)
			if len(a) != len(b) {
				t.Fatalf("batched load: %d values, row by row: %d", len(a), len(b))
			}
			for i := range a {
				if a[i] != b[i] {
					t.Fatalf("batched load: %s\nrow by row:   %s", a[i], b[i])
				}
			}
			if len(a) < len(fs)*10 {
				t.Fatalf("only %d values compared for %d records", len(a), len(fs))
			}
			oa, ob := ogrinfoAll(t, batched), ogrinfoAll(t, single)
			if oa != ob {
				la, lb := strings.Split(oa, "\n"), strings.Split(ob, "\n")
				for i := range min(len(la), len(lb)) {
					if la[i] != lb[i] {
						t.Fatalf("ogrinfo reads the files differently, line %d:\n%s\n%s", i+1, la[i], lb[i])
					}
				}
				t.Fatalf("ogrinfo reads the files differently: %d lines and %d", len(la), len(lb))
			}
			if want := fmt.Sprintf("Feature Count: %d", countKind(fs, gis.Tree)); countKind(fs, gis.Tree) > 0 && !strings.Contains(ogrinfo(t, "-ro", "-so", batched, "tree"), want) {
				t.Fatalf("ogrinfo: no %q", want)
			}
		})
	}
}

func countKind(fs []*gis.Feature, k gis.Kind) int {
	n := 0
	for _, f := range fs {
		if f.Kind == k {
			n++
		}
	}
	return n
}

func readMapping(t *testing.T, path string) *inventory.Mapping {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := inventory.ParseMapping(f, gis.Tree)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// awkwardRows are trees whose values test the binding: texts with quotes,
// backslashes, newlines, NUL and non-BMP characters; REALs that look like
// integers, the smallest subnormal, -0, 0.1+0.2; empty and missing fields;
// shared and unshared values mixed across batch edges.
func awkwardRows(t *testing.T) []*gis.Feature {
	texts := []string{`it's "quoted"`, "back\\slash\nnew line\ttab", "nul\x00inside", "Bằng lăng 🌳 𝕏", "", "  ", "'; DROP TABLE tree; --", "ｆｕｌｌ"}
	reals := []float64{79, 0.1 + 0.2, 5e-324, math.Copysign(0, -1), 0, 12.345678901234567, 59.99999999999999, 1.0000000000000002, 400}
	var fs []*gis.Feature
	for i := range 345 {
		f := gis.NewFeature(gis.Tree, orb.Point{106.62 + float64(i)*1e-5, 20.80 + float64(i%7)*1e-5})
		f.ID = fmt.Sprintf("00000000-0000-7000-8000-%012d", i)
		if i%3 != 0 {
			f.Attrs["species_vi"] = texts[i%len(texts)]
		}
		if i < 150 || i%11 == 0 { // shared by the first batch, then not
			f.Attrs["code"] = "SAME"
		} else {
			f.Attrs["code"] = fmt.Sprint("C", i)
		}
		if i%4 != 1 {
			f.Attrs["height_m"] = reals[i%len(reals)] * 0.15
			f.Attrs["trunk_diameter_cm"] = reals[(i+3)%len(reals)]
		}
		if i >= 100 && i < 200 {
			f.Attrs["trunk_diameter_cm"] = math.Copysign(0, -1) // a batch sharing -0
		}
		if i >= 200 && i < 300 { // a batch of REALs one bit apart
			f.Attrs["height_m"] = math.Nextafter(30, float64(30+i%2))
		}
		if i%5 == 0 {
			f.Attrs["condition"] = "good"
		}
		if i%9 == 0 {
			f.Attrs["planted_on"] = gis.Date{Year: 2001, Month: time.March, Day: 1 + i%28}
		}
		if i%2 == 0 {
			f.Attrs["address"] = texts[(i/2)%len(texts)]
		}
		fs = append(fs, f)
	}
	return fs
}

func loadInto(t *testing.T, path string, fs []*gis.Feature) {
	t.Helper()
	ctx := context.Background()
	s, err := gpkg.Open(ctx, path, gpkg.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 5, 4, 3, 2, 1, 0, time.UTC)
	s.Now = func() time.Time { return clock }
	if err := s.Load(ctx, fs, gpkg.LoadOptions{User: "ai \"bạn\"", Outbox: true}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// dumpRows lists every value a load writes, one string each: table, fid,
// column, storage class, quote() and for REALs the bits.
func dumpRows(t *testing.T, path string) []string {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var tables []string
	rows, err := db.Query(`SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n, "rtree_"+n+"_geom")
	}
	rows.Close()
	tables = append(tables, "wm_outbox")
	var out []string
	for _, tb := range tables {
		var cols []string
		crs, err := db.Query(`SELECT name FROM pragma_table_info(?) ORDER BY cid`, tb)
		if err != nil {
			t.Fatal(err)
		}
		for crs.Next() {
			var c string
			crs.Scan(&c)
			if !(tb == "wm_outbox" && c == "op_id") {
				cols = append(cols, c)
			}
		}
		crs.Close()
		if len(cols) == 0 {
			t.Fatalf("table %s has no columns", tb)
		}
		var sel []string
		for _, c := range cols {
			q := `"` + c + `"`
			sel = append(sel, "typeof("+q+")", "quote("+q+")", "CASE WHEN typeof("+q+") = 'real' THEN "+q+" END")
		}
		rs, err := db.Query("SELECT " + strings.Join(sel, ", ") + ` FROM "` + tb + `" ORDER BY rowid`)
		if err != nil {
			t.Fatal(err)
		}
		for r := 0; rs.Next(); r++ {
			vals := make([]any, 3*len(cols))
			ty, qu, re := make([]string, len(cols)), make([]string, len(cols)), make([]sql.NullFloat64, len(cols))
			for i := range cols {
				vals[3*i], vals[3*i+1], vals[3*i+2] = &ty[i], &qu[i], &re[i]
			}
			if err := rs.Scan(vals...); err != nil {
				t.Fatal(err)
			}
			for i, c := range cols {
				out = append(out, fmt.Sprintf("%s row %d %s: %s %s %x", tb, r, c, ty[i], qu[i], math.Float64bits(re[i].Float64)))
			}
		}
		if err := rs.Err(); err != nil {
			t.Fatal(err)
		}
		rs.Close()
	}
	return out
}

func ogrinfoAll(t *testing.T, path string) string {
	t.Helper()
	// The outbox's op_id is random.
	opID := regexp.MustCompile(`(?m)^  op_id \(String\) = .*$`)
	return opID.ReplaceAllString(strings.ReplaceAll(ogrinfo(t, "-ro", "-al", "-q", path), path, "FILE"), "")
}
