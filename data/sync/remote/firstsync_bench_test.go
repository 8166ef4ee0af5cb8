package remote_test

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/server"
	"wardmap/data/server/sqlstore"
	"wardmap/data/sync/remote"
	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// BenchmarkFirstSync: a new laptop's first sync against a server holding
// WARDMAP_BENCH_FEATURES trees (default 1,000,000, the case; goal:
// under 60 s, the client under 500 MB). The server runs in its own process
// (this test binary again, firstSyncServer) so that each side's memory
// is its own: it reports the seconds, records per second, and the peak Go
// heap in use and peak RSS of the client (this process, sampled during the
// sync) and of the server (sampled while it serves). The server's store is
// loaded once through a bulk insert and kept in the temporary folder for
// later runs (WARDMAP_BENCH_KEEP=0 to rebuild).
func BenchmarkFirstSync(b *testing.B) {
	n := 1_000_000
	if s := os.Getenv("WARDMAP_BENCH_FEATURES"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	ctx := context.Background()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("wardmap-firstsync-%d.db", n))
	srv := startBenchServer(b, path, n)
	defer srv.stop()
	c := remote.NewClient(srv.url, "")
	if _, err := c.Login(ctx, "bench", "bench-password"); err != nil {
		b.Fatal(err)
	}
	var took time.Duration
	var client peaks
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		l := laptop(b)
		runtime.GC()
		stop := client.sample()
		b.StartTimer()
		start := time.Now()
		sum, err := remote.Sync(ctx, l, c, remote.Options{})
		took += time.Since(start)
		b.StopTimer()
		stop()
		if err != nil || sum.Pulled != n {
			b.Fatal(sum, err)
		}
		var got, indexed int
		if err := l.QueryRow(ctx, "SELECT (SELECT count(*) FROM tree), (SELECT count(*) FROM rtree_tree_geom)", &got, &indexed); err != nil || got != n || indexed != n {
			b.Fatalf("laptop holds %d trees, %d in the R-tree: %v", got, indexed, err)
		}
		b.StartTimer()
	}
	b.StopTimer()
	server := srv.stop()
	peer := localLoad(b, n)
	sec := took.Seconds() / float64(b.N)
	b.ReportMetric(peer.Seconds(), "s/local-load")
	b.ReportMetric(sec/peer.Seconds(), "sync/local-load")
	b.ReportMetric(sec, "s/sync")
	b.ReportMetric(float64(n)/sec, "records/s")
	b.ReportMetric(float64(client.heap.Load())/(1<<20), "client-heap-MB")
	b.ReportMetric(float64(client.rss.Load())/(1<<20), "client-rss-MB")
	b.ReportMetric(float64(server.heap.Load())/(1<<20), "server-heap-MB")
	b.ReportMetric(float64(server.rss.Load())/(1<<20), "server-rss-MB")
}

// peaks samples the process's Go heap in use and resident set.
type peaks struct{ heap, rss atomic.Uint64 }

func (p *peaks) sample() (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > p.heap.Load() {
				p.heap.Store(m.HeapInuse)
			}
			if r := rss(); r > p.rss.Load() {
				p.rss.Store(r)
			}
			select {
			case <-done:
				return
			case <-time.After(25 * time.Millisecond):
			}
		}
	}()
	return func() { close(done); <-finished }
}

// rss is the process's resident set in bytes (Linux).
func rss() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

type benchServer struct {
	url  string
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  *bufio.Reader
	done *peaks
}

func startBenchServer(b *testing.B, path string, n int) *benchServer {
	cmd := exec.Command(os.Args[0]) // TestMain runs firstSyncServer
	cmd.Env = append(os.Environ(), "WARDMAP_FIRSTSYNC_SERVER="+path, "WARDMAP_FIRSTSYNC_N="+strconv.Itoa(n))
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	s := &benchServer{cmd: cmd, in: in, out: bufio.NewReader(out)}
	for {
		line, err := s.out.ReadString('\n')
		if err != nil {
			b.Fatalf("bench server: %v", err)
		}
		if u, ok := strings.CutPrefix(strings.TrimSpace(line), "URL "); ok {
			s.url = u
			return s
		}
	}
}

// stop ends the server process and returns its peaks.
func (s *benchServer) stop() *peaks {
	if s.done != nil {
		return s.done
	}
	s.done = &peaks{}
	s.in.Close()
	for {
		line, err := s.out.ReadString('\n')
		if f := strings.Fields(line); len(f) == 3 && f[0] == "PEAK" {
			h, _ := strconv.ParseUint(f[1], 10, 64)
			r, _ := strconv.ParseUint(f[2], 10, 64)
			s.done.heap.Store(h)
			s.done.rss.Store(r)
		}
		if err != nil {
			break
		}
	}
	s.cmd.Wait()
	return s.done
}

// firstSyncServer is the server side of BenchmarkFirstSync, run in a
// process of its own: this test binary again, which TestMain sends here
// when WARDMAP_FIRSTSYNC_SERVER names the server's database.
func firstSyncServer(path string) error {
	n, _ := strconv.Atoi(os.Getenv("WARDMAP_FIRSTSYNC_N"))
	ctx := context.Background()
	if os.Getenv("WARDMAP_BENCH_KEEP") == "0" {
		os.Remove(path)
	}
	st, err := sqlstore.Open(ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	svc := server.NewService(st)
	if h, _ := st.Head(ctx, ward); h != int64(n) {
		st.Close()
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(path + suffix)
		}
		if st, err = sqlstore.Open(ctx, path); err != nil {
			return err
		}
		svc = server.NewService(st)
		start := time.Now()
		if err := bulkTrees(ctx, st.DB(), n); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "bench server: %d trees loaded in %s\n", n, time.Since(start).Round(time.Millisecond))
	}
	if _, err := st.UserByName(ctx, "bench"); err != nil {
		if _, err := svc.AddUser(ctx, ward, "bench", server.Planner, "", "bench-password"); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: remote.NewHandler(svc, nil)}
	go hs.Serve(ln)
	if f := os.Getenv("WARDMAP_FIRSTSYNC_CPUPROFILE"); f != "" {
		// Profiles the server side of the benchmark.
		out, err := os.Create(f)
		if err != nil {
			return err
		}
		defer out.Close()
		pprof.StartCPUProfile(out)
		defer pprof.StopCPUProfile()
	}
	var p peaks
	runtime.GC()
	stop := p.sample()
	fmt.Printf("URL http://%s\n", ln.Addr())
	io.Copy(io.Discard, os.Stdin) // until the benchmark closes it
	stop()
	hs.Close()
	fmt.Printf("PEAK %d %d\n", p.heap.Load(), p.rss.Load())
	return nil
}

// localLoad is the peer: the same trees written straight into a fresh
// GeoPackage through the bulk Loader (what `wardmap import` does), no
// server, no HTTP, no JSON.
func localLoad(b *testing.B, n int) time.Duration {
	ctx := context.Background()
	l := laptop(b)
	runtime.GC()
	start := time.Now()
	ld, err := l.NewLoader(ctx, gpkg.LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer ld.Close()
	for i := 1; i <= n; i++ {
		var fields map[string]any
		json.Unmarshal(treeFields(i), &fields)
		f, err := wire.Feature(gis.Tree, gis.NewID(), fields)
		if err != nil {
			b.Fatal(err)
		}
		if err := ld.Add(ctx, f); err != nil {
			b.Fatal(err)
		}
	}
	if err := ld.Commit(); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

var (
	species    = []string{"Bàng", "Sấu", "Phượng vĩ", "Xà cừ", "Bằng lăng", "Long não"}
	conditions = []string{"good", "fair", "poor"}
)

// treeFields are the wire fields of the benchmark's tree i: a 1000 × 1000
// grid over the ward, about 11 × 11 km.
func treeFields(i int) []byte {
	lon, lat := treeAt(i)
	b, _ := json.Marshal(map[string]any{
		"geom":       map[string]any{"type": "Point", "coordinates": []float64{lon, lat}},
		"species_vi": species[i%len(species)], "height_m": 2 + float64(i%150)/10, "condition": conditions[i%len(conditions)],
		"planted_on": fmt.Sprintf("20%02d-%02d-15", 10+i%16, 1+i%12),
	})
	return b
}

func treeAt(i int) (lon, lat float64) {
	return 106.58 + float64(i%1000)*1e-4, 20.76 + float64(i/1000%1000)*1e-4
}

// bulkTrees writes n tree records as a push would leave them (fields,
// field revisions, origins, bounding box, revisions 1…n), in one
// transaction with one prepared statement.
func bulkTrees(ctx context.Context, db *sql.DB, n int) error {
	now := time.Now().UTC()
	if _, err := db.ExecContext(ctx, `INSERT INTO wards (id, name, rev, created_at) VALUES (?, ?, ?, ?)`, ward, ward, n, now); err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, `INSERT INTO records (ward_id, kind, id, rev, fields, field_revs, origins, deleted, minx, miny, maxx, maxy,
		created_at, created_by, updated_at, updated_by) VALUES (?, 'tree', ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, 'bench', ?, 'bench')`)
	if err != nil {
		return err
	}
	defer st.Close()
	for i := 1; i <= n; i++ {
		lon, lat := treeAt(i)
		fields := treeFields(i)
		revs := fmt.Sprintf(`{"condition":%d,"geom":%d,"height_m":%d,"planted_on":%d,"species_vi":%d}`, i, i, i, i, i)
		origins := `{"condition":"c","geom":"c","height_m":"c","planted_on":"c","species_vi":"c"}`
		if _, err := st.ExecContext(ctx, ward, gis.NewID(), i, string(fields), revs, origins, lon, lat, lon, lat, now, now); err != nil {
			return err
		}
	}
	return tx.Commit()
}
