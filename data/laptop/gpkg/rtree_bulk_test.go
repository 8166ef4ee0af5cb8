package gpkg_test

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
)

// The referees of the bulk-built R-tree (rtree_bulk.go): SQLite's own
// structural checker rtreecheck() and PRAGMA integrity_check; the tree's box
// search against brute force over the same boxes rounded outward to float32;
// the stored boxes against those SQLite's R*Tree stores for the same values
// inserted row by row; and later edits through the triggers. ogr_test.go
// checks the same files with GDAL, crash_test.go a kill in the middle.

// rtreeCapacity is the number of cells in a node of the file's R-trees
// (51 with 4 KiB pages), read from the root blob as SQLite does.
func rtreeCapacity(t *testing.T, s *gpkg.Store) int {
	t.Helper()
	var n int
	if err := s.QueryRow(context.Background(), "SELECT length(data) FROM rtree_street_geom_node WHERE nodeno = 1", &n); err != nil {
		t.Fatal(err)
	}
	return (n - 4) / 24
}

func TestBulkRTreeSizes(t *testing.T) {
	probe := mustOpen(t)
	c := rtreeCapacity(t, probe)
	if c != 51 {
		t.Logf("node capacity %d (not the usual 51)", c)
	}
	sizes := []int{0, 1, 2, c - 1, c, c + 1, c*c - 1, c * c, c*c + 1, 7919}
	if !testing.Short() {
		sizes = append(sizes, 100_000)
	}
	for _, n := range sizes {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			ctx := context.Background()
			s := mustOpen(t)
			fs := randomStreets(n, uint64(n))
			if err := s.Load(ctx, fs, gpkg.LoadOptions{User: "test"}); err != nil {
				t.Fatal(err)
			}
			checkRTree(t, s, "street", fs)
			if n <= c*c+1 {
				sameBoxesAsSQLite(t, s, fs)
			}
			var root []byte
			var nodes int
			if err := s.QueryRow(ctx, "SELECT data FROM rtree_street_geom_node WHERE nodeno = 1", &root); err != nil {
				t.Fatal(err)
			}
			s.QueryRow(ctx, "SELECT count(*) FROM rtree_street_geom_node", &nodes)
			depth := int(root[0])<<8 | int(root[1]) // big-endian, rtree.c
			if want := packedDepth(n, c); depth != want {
				t.Errorf("%d boxes: tree depth %d, want %d (a packed tree)", n, depth, want)
			}
			if n > 0 && nodes > packedNodes(n, c) {
				t.Errorf("%d boxes in %d nodes, a packed tree needs %d", n, nodes, packedNodes(n, c))
			}

			// Edits through the triggers on the bulk-built tree: inserts,
			// moves, and hard deletes of a third of the rows, which make
			// SQLite condense and reinsert nodes.
			rng := rand.New(rand.NewPCG(uint64(n), 9))
			more := randomStreets(min(n, 300)+3, uint64(n)+1000)
			if err := s.Insert(ctx, "an", more...); err != nil {
				t.Fatal(err)
			}
			fs = append(fs, more...)
			for i := 0; i < min(len(fs), 200); i++ {
				f := fs[rng.IntN(len(fs))]
				f.Geom = randomLine(rng)
				if err := s.Save(ctx, "an", f); err != nil {
					t.Fatal(err)
				}
			}
			db := rawDB(t, s)
			if _, err := db.Exec("DELETE FROM street WHERE fid % 3 = 0"); err != nil {
				t.Fatal(err)
			}
			fs = liveFeatures(t, db, fs)
			checkRTree(t, s, "street", fs)
			// And a second load into the tree that is no longer empty goes
			// row by row through SQLite.
			again := randomStreets(c+5, uint64(n)+2000)
			if err := s.Load(ctx, again, gpkg.LoadOptions{User: "test"}); err != nil {
				t.Fatal(err)
			}
			checkRTree(t, s, "street", append(fs, again...))
		})
	}
}

// A load of several kinds builds each kind's tree.
func TestBulkRTreeKinds(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	lamps, streets := randomLamps(3000, 5), randomStreets(700, 6)
	if err := s.Load(ctx, append(append([]*gis.Feature{}, lamps...), streets...), gpkg.LoadOptions{User: "test"}); err != nil {
		t.Fatal(err)
	}
	checkRTree(t, s, "lamp", lamps)
	checkRTree(t, s, "street", streets)
}

func packedDepth(n, c int) int {
	d := 0
	for n > c {
		n = (n + c - 1) / c
		d++
	}
	return d
}

func packedNodes(n, c int) int {
	total := 1
	for n > c {
		n = (n + c - 1) / c
		total += n
	}
	return total
}

func randomStreets(n int, seed uint64) []*gis.Feature {
	rng := rand.New(rand.NewPCG(seed, 3))
	fs := make([]*gis.Feature, n)
	for i := range fs {
		f := gis.NewFeature(gis.Street, randomLine(rng))
		f.Attrs["name"] = fmt.Sprintf("Ngõ %d", i)
		f.Attrs["class"] = "alley"
		fs[i] = f
	}
	return fs
}

// randomLine is a short street somewhere in the ward; one in fifty is long
// (a box spanning many leaves), one in fifty sits exactly on another's end.
func randomLine(rng *rand.Rand) orb.LineString {
	p := orb.Point{106.62 + rng.Float64()*0.05, 20.80 + rng.Float64()*0.04}
	d := 0.0005
	if rng.IntN(50) == 0 {
		d = 0.02
	}
	q := orb.Point{p[0] + (rng.Float64()-0.5)*d, p[1] + (rng.Float64()-0.5)*d}
	if rng.IntN(50) == 0 {
		q = orb.Point{106.64, 20.82}
	}
	return orb.LineString{p, q}
}

func rawDB(t *testing.T, s *gpkg.Store) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+s.Path()+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// liveFeatures keeps the features whose rows still exist.
func liveFeatures(t *testing.T, db *sql.DB, fs []*gis.Feature) []*gis.Feature {
	t.Helper()
	ids := map[string]bool{}
	rows, err := db.Query("SELECT id FROM street")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		rows.Scan(&id)
		ids[id] = true
	}
	var out []*gis.Feature
	for _, f := range fs {
		if ids[f.ID] {
			out = append(out, f)
		}
	}
	return out
}

// checkRTree runs SQLite's checkers on the table's R-tree and compares its
// box search with brute force over fs, the table's rows.
func checkRTree(t *testing.T, s *gpkg.Store, table string, fs []*gis.Feature) {
	t.Helper()
	ctx := context.Background()
	rt := "rtree_" + table + "_geom"
	var check string
	if err := s.QueryRow(ctx, fmt.Sprintf("SELECT rtreecheck('%s')", rt), &check); err != nil || check != "ok" {
		t.Fatalf("rtreecheck(%s) = %q, %v", rt, check, err)
	}
	if err := s.QueryRow(ctx, "PRAGMA integrity_check", &check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	var n int
	s.QueryRow(ctx, "SELECT count(*) FROM "+rt, &n)
	if n != len(fs) {
		t.Fatalf("%s holds %d boxes, the table %d rows", rt, n, len(fs))
	}
	db := rawDB(t, s)
	fid := map[string]int64{}
	rows, err := db.Query("SELECT id, fid FROM " + table)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		var f int64
		rows.Scan(&id, &f)
		fid[id] = f
	}
	rows.Close()
	type entry struct {
		fid int64
		b   [4]float64 // as stored: float32 rounded outward
		g   orb.Geometry
	}
	es := make([]entry, len(fs))
	for i, f := range fs {
		b := f.Geom.Bound()
		es[i] = entry{fid[f.ID], [4]float64{down32(b.Min[0]), up32(b.Max[0]), down32(b.Min[1]), up32(b.Max[1])}, f.Geom}
	}
	rng := rand.New(rand.NewPCG(uint64(len(fs)), 7))
	for q := 0; q < 200; q++ {
		x, y := 106.615+rng.Float64()*0.06, 20.795+rng.Float64()*0.05
		w, h := rng.ExpFloat64()*0.003, rng.ExpFloat64()*0.003
		if q%20 == 0 && len(es) > 0 { // a box touching a stored corner exactly
			e := es[rng.IntN(len(es))]
			x, y, w, h = e.b[1], e.b[3], 0.001, 0.001
		}
		var want []int64
		for _, e := range es {
			if e.b[1] >= x && e.b[0] <= x+w && e.b[3] >= y && e.b[2] <= y+h {
				want = append(want, e.fid)
			}
		}
		rows, err := db.Query("SELECT id FROM "+rt+" WHERE maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ?", x, x+w, y, y+h)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			got = append(got, id)
		}
		rows.Close()
		sort.Slice(want, func(i, j int) bool { return want[i] < want[j] })
		sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
		if fmt.Sprint(want) != fmt.Sprint(got) {
			t.Fatalf("box %v,%v %vx%v: R-tree %d rows, brute force %d", x, y, w, h, len(got), len(want))
		}
		if q%10 == 0 {
			// And the store's own query, which filters exactly.
			box := orb.Bound{Min: orb.Point{x, y}, Max: orb.Point{x + w, y + h}}
			res, err := s.Find(ctx, gpkg.Query{Kind: fs0Kind(fs), Bound: &box})
			if err != nil {
				t.Fatal(err)
			}
			exact := 0
			for _, e := range es {
				if gis.IntersectsBound(e.g, box) {
					exact++
				}
			}
			if len(fs) > 0 && len(res) != exact {
				t.Fatalf("box %v: Find %d, brute force %d", box, len(res), exact)
			}
		}
	}
}

func fs0Kind(fs []*gis.Feature) gis.Kind {
	if len(fs) == 0 {
		return gis.Street
	}
	return fs[0].Kind
}

// down32 and up32 are the float32 at or below, at or above d.
func down32(d float64) float64 {
	f := float32(d)
	if float64(f) > d {
		f = math.Nextafter32(f, float32(math.Inf(-1)))
	}
	return float64(f)
}

func up32(d float64) float64 {
	f := float32(d)
	if float64(f) < d {
		f = math.Nextafter32(f, float32(math.Inf(1)))
	}
	return float64(f)
}

// sameBoxesAsSQLite inserts the features' boxes row by row into an R-tree
// in memory and compares what SQLite stores with the bulk-built tree.
func sameBoxesAsSQLite(t *testing.T, s *gpkg.Store, fs []*gis.Feature) {
	t.Helper()
	mem, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	mem.SetMaxOpenConns(1)
	if _, err := mem.Exec("CREATE VIRTUAL TABLE r USING rtree(id, minx, maxx, miny, maxy)"); err != nil {
		t.Fatal(err)
	}
	db := rawDB(t, s)
	fid := map[string]int64{}
	rows, err := db.Query("SELECT id, fid FROM street")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		var f int64
		rows.Scan(&id, &f)
		fid[id] = f
	}
	rows.Close()
	for _, f := range fs {
		b := f.Geom.Bound()
		if _, err := mem.Exec("INSERT INTO r VALUES (?, ?, ?, ?, ?)", fid[f.ID], b.Min[0], b.Max[0], b.Min[1], b.Max[1]); err != nil {
			t.Fatal(err)
		}
	}
	dump := func(db *sql.DB, table string) []string {
		rows, err := db.Query("SELECT id, minx, maxx, miny, maxy FROM " + table + " ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var id int64
			var b [4]float64
			rows.Scan(&id, &b[0], &b[1], &b[2], &b[3])
			out = append(out, fmt.Sprint(id, b))
		}
		return out
	}
	ours, theirs := dump(db, "rtree_street_geom"), dump(mem, "r")
	if len(ours) != len(theirs) {
		t.Fatalf("%d boxes, SQLite %d", len(ours), len(theirs))
	}
	for i := range ours {
		if ours[i] != theirs[i] {
			t.Fatalf("bulk box %s, SQLite stores %s", ours[i], theirs[i])
		}
	}
}
