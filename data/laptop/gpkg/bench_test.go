package gpkg_test

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
)

// Benchmarks of the issue "Foundation". Figures are printed side by side
// with their floor or peer as ratio metrics:
//   BenchmarkBoundQuery/wardmap   vs /raw-rtree (the floor) and /ogrinfo
//   BenchmarkBulkInsert           features/s (goal > 100,000/s) and
//                                 wardmap/floor vs a bare prepared INSERT

const millionPoints = 1_000_000

var (
	bigOnce sync.Once
	bigPath string
	bigErr  error
)

// bigDB builds, once per run, a database of one million generated trees
// spread over the ward.
func bigDB(b *testing.B) string {
	bigOnce.Do(func() {
		dir, err := os.MkdirTemp("", "wardmap-bench-")
		if err != nil {
			bigErr = err
			return
		}
		bigPath = filepath.Join(dir, "million.gpkg")
		ctx := context.Background()
		s, err := gpkg.Open(ctx, bigPath, gpkg.Options{Create: true})
		if err != nil {
			bigErr = err
			return
		}
		defer s.Close()
		l, err := s.NewLoader(ctx, gpkg.LoadOptions{User: "bench"})
		if err != nil {
			bigErr = err
			return
		}
		defer l.Close()
		rng := rand.New(rand.NewPCG(42, 42))
		for i := 0; i < millionPoints; i++ {
			if bigErr = l.Add(ctx, genTree(rng, i)); bigErr != nil {
				return
			}
		}
		bigErr = l.Commit()
	})
	if bigErr != nil {
		b.Fatal(bigErr)
	}
	return bigPath
}

func genTree(rng *rand.Rand, i int) *gis.Feature {
	f := gis.NewFeature(gis.Tree, orb.Point{106.62 + rng.Float64()*0.05, 20.80 + rng.Float64()*0.04})
	f.Attrs["code"] = "CX-" + strconv.Itoa(i)
	f.Attrs["species_vi"] = "Bằng lăng"
	f.Attrs["height_m"] = 3 + rng.Float64()*15
	f.Attrs["condition"] = "good"
	return f
}

// A box of about 1,000 of the million points: 0.05° × 0.04° holds 10⁶, so
// a box of 0.00158° × 0.00126° holds about 1,000.
var benchBox = orb.Bound{Min: orb.Point{106.640, 20.820}, Max: orb.Point{106.64158, 20.82126}}

func BenchmarkBoundQuery(b *testing.B) {
	path := bigDB(b)
	ctx := context.Background()
	s, err := gpkg.Open(ctx, path, gpkg.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var ours, floor time.Duration
	b.Run("wardmap", func(b *testing.B) {
		n := 0
		start := time.Now()
		for i := 0; i < b.N; i++ {
			res, err := s.Find(ctx, gpkg.Query{Kind: gis.Tree, Bound: &benchBox})
			if err != nil {
				b.Fatal(err)
			}
			n = len(res)
		}
		ours = time.Since(start) / time.Duration(b.N)
		b.ReportMetric(float64(n), "features")
	})
	b.Run("raw-rtree", func(b *testing.B) {
		// The floor: the same R-tree join reading the same columns as raw
		// values, with no decoding into features.
		db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		start := time.Now()
		n := 0
		for i := 0; i < b.N; i++ {
			rows, err := db.Query(`SELECT t.* FROM tree t JOIN rtree_tree_geom r ON r.id = t.fid
				WHERE r.maxx >= ? AND r.minx <= ? AND r.maxy >= ? AND r.miny <= ?`,
				benchBox.Min[0], benchBox.Max[0], benchBox.Min[1], benchBox.Max[1])
			if err != nil {
				b.Fatal(err)
			}
			cols, _ := rows.Columns()
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			n = 0
			for rows.Next() {
				rows.Scan(ptrs...)
				n++
			}
			rows.Close()
		}
		floor = time.Since(start) / time.Duration(b.N)
		b.ReportMetric(float64(n), "features")
		if ours > 0 {
			b.ReportMetric(float64(ours)/float64(floor), "wardmap/floor")
		}
	})
	b.Run("ogrinfo", func(b *testing.B) {
		if _, err := exec.LookPath("ogrinfo"); err != nil {
			b.Skip("ogrinfo not installed")
		}
		start := time.Now()
		for i := 0; i < b.N; i++ {
			cmd := exec.Command("ogrinfo", "-q", "-ro", path, "tree", "-spat",
				ff(benchBox.Min[0]), ff(benchBox.Min[1]), ff(benchBox.Max[0]), ff(benchBox.Max[1]))
			cmd.Stdout = nil
			if err := cmd.Run(); err != nil {
				b.Fatal(err)
			}
		}
		peer := time.Since(start) / time.Duration(b.N)
		if ours > 0 {
			b.ReportMetric(float64(peer)/float64(ours), "ogrinfo/wardmap")
		}
	})
}

// BenchmarkBulkInsert loads one million generated trees into a new file in
// one transaction and reports features per second. Beside it, in the same
// run, the floor: the same rows (already encoded) inserted into another new
// file through a bare mattn/go-sqlite3 prepared statement, without
// validation and without the R-tree; wardmap/floor is the ratio of times.
func BenchmarkBulkInsert(b *testing.B) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	fs := make([]*gis.Feature, benchInsertN())
	for i := range fs {
		fs[i] = genTree(rng, i)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dir := b.TempDir()
		s, err := gpkg.Open(ctx, filepath.Join(dir, "bulk.gpkg"), gpkg.Options{Create: true})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		if err := s.Load(ctx, fs, gpkg.LoadOptions{User: "bench"}); err != nil {
			b.Fatal(err)
		}
		ours := time.Since(start)
		b.StopTimer()
		s.Close()
		floor := rawInsert(b, filepath.Join(dir, "floor.gpkg"), fs)
		b.ReportMetric(float64(len(fs))/ours.Seconds(), "features/s")
		b.ReportMetric(float64(len(fs))/floor.Seconds(), "floor-features/s")
		b.ReportMetric(float64(ours)/float64(floor), "wardmap/floor")
		b.StartTimer()
	}
}

// rawInsert times the floor of BenchmarkBulkInsert: fs (already loaded
// once, so derived and stamped) encoded beforehand and inserted into a new
// ward file with one prepared statement in one transaction, the R-tree
// trigger dropped.
func rawInsert(b *testing.B, path string, fs []*gis.Feature) time.Duration {
	ctx := context.Background()
	s, err := gpkg.Open(ctx, path, gpkg.Options{Create: true})
	if err != nil {
		b.Fatal(err)
	}
	s.Close()
	var query string
	rows := make([][]any, len(fs))
	for i, f := range fs {
		if query, rows[i], err = gpkg.RawInsert(f); err != nil {
			b.Fatal(err)
		}
	}
	// The same connection settings as the store's writer.
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=NORMAL&_cache_size=-65536&_foreign_keys=on&_txlock=immediate")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	start := time.Now()
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	if _, err := tx.Exec("DROP TRIGGER rtree_tree_geom_insert"); err != nil {
		b.Fatal(err)
	}
	st, err := tx.Prepare(query)
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range rows {
		if _, err := st.Exec(r...); err != nil {
			b.Fatal(err)
		}
	}
	st.Close()
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

// benchInsertN is the bulk insert's size: a million, or WARDMAP_BENCH_N.
func benchInsertN() int {
	if n, err := strconv.Atoi(os.Getenv("WARDMAP_BENCH_N")); err == nil && n > 0 {
		return n
	}
	return millionPoints
}

// BenchmarkLoadOutbox is what queueing a load for the server costs: the
// same generated trees (100,000, or WARDMAP_BENCH_N) loaded into a new file
// with and without the outbox, taking turns; outbox/none is the ratio of
// wall times, cpu-outbox/none of the process's CPU time (user + system),
// which the load of other processes hardly moves (1: free).
func BenchmarkLoadOutbox(b *testing.B) {
	ctx := context.Background()
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("WARDMAP_BENCH_N")); err == nil && v > 0 {
		n = v
	}
	var with, without, cpuWith, cpuWithout time.Duration
	for i := 0; b.Loop(); i++ {
		for j := range 2 {
			queue := (i+j)%2 == 0
			rng := rand.New(rand.NewPCG(1, 2))
			fs := make([]*gis.Feature, n)
			for k := range fs {
				fs[k] = genTree(rng, k)
			}
			s, err := gpkg.Open(ctx, filepath.Join(b.TempDir(), "load.gpkg"), gpkg.Options{Create: true})
			if err != nil {
				b.Fatal(err)
			}
			start, cpu0 := time.Now(), processCPU()
			if err := s.Load(ctx, fs, gpkg.LoadOptions{User: "bench", Outbox: queue}); err != nil {
				b.Fatal(err)
			}
			wall, cpu := time.Since(start), processCPU()-cpu0
			if queue {
				with, cpuWith = with+wall, cpuWith+cpu
			} else {
				without, cpuWithout = without+wall, cpuWithout+cpu
			}
			s.Close()
		}
	}
	b.ReportMetric(float64(with)/float64(without), "outbox/none")
	b.ReportMetric(float64(cpuWith)/float64(cpuWithout), "cpu-outbox/none")
}

// processCPU is the user and system time this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
