package citybench_test

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"wardmap/data/server"
	"wardmap/data/server/dashboard"
	"wardmap/data/server/ogcapi"
	"wardmap/data/server/pgtest"
	"wardmap/data/server/sqlstore"
	"wardmap/data/sync/remote"
)

// The cases: each is one ward's piece of work, timed on the city's
// database and on the one-ward database alike. A new case (the OGC API
// items page, the dashboard) is one more line here, its handler mounted
// on env.Mux in openEnv.
var cases = []struct {
	name string
	run  func(ctx context.Context, e *env, ward string, r *rand.Rand) error
	// samples is the case's count when not WARDMAP_CITY_SAMPLES (a model
	// load is seconds); pick chooses the city's ward of sample i (nil: any
	// ward at random).
	samples func() int
	pick    func(e *env, i int, r *rand.Rand) string
}{
	{"pull-500", pullRecent, nil, nil},          // a laptop's incremental pull: the ward's last 500 changes over HTTP
	{"layer-bbox-100", layerBBox, nil, nil},     // a page of 100 trees of the ward's tree layer in a 100 m box
	{"store-bbox-100", storeTreeBBox, nil, nil}, // the same page through the store's interface (what wardd's readers use)
	{"ogc-items-100", ogcItems, nil, nil},       // the same box as wardd's OGC API items page, limit 100 (GeoJSON over HTTP)
	// The dashboard (data/server/dashboard), this quarter's page of the
	// ward as its planner sees it, in three states (see dashboard.go):
	{"dash-load", dashLoad, dashLoads, dashWard},   // nothing kept: the model loaded from the ward's records, computed, kept
	{"dash-cold", dashCold, nil, dashWard},         // a process that holds no model (restart, eviction): the kept view read back
	{"dash-warm", dashWarm, nil, dashWarmWard},     // the view in the process's memory (the city: one of the 8 wards it holds)
	{"dash-stale", dashStale, dashLoads, dashWard}, // a process without the model, the kept view stale (a push, a new day): shown at once, recomputed behind
}

// BenchmarkCity: WARDMAP_CITY_WARDS wards (default 100) × WARDMAP_CITY_RECORDS
// records each (default 100,000) on PostgreSQL + PostGIS, next to one
// ward of the same records on a database of its own; each case's p50 and
// p99 on both and their ratio (city/one ward: 1 is flat). The cluster
// and both databases are built once and kept in WARDMAP_BENCH_DIR
// (default /var/tmp/wardmap-bench) for later runs; WARDMAP_BENCH_KEEP=0
// rebuilds them.
func BenchmarkCity(b *testing.B) {
	wards := envInt("WARDMAP_CITY_WARDS", 100)
	per := envInt("WARDMAP_CITY_RECORDS", 100_000)
	samples := envInt("WARDMAP_CITY_SAMPLES", 400)
	dir := os.Getenv("WARDMAP_BENCH_DIR")
	if dir == "" {
		dir = "/var/tmp/wardmap-bench"
	}
	c := pgtest.Keep(b, filepath.Join(dir, "city-pg15"), "shared_buffers=512MB", "wal_level=minimal", "max_wal_senders=0",
		"synchronous_commit=off", "full_page_writes=off", "max_wal_size=8GB", "checkpoint_timeout=30min",
		"maintenance_work_mem=1GB", "max_parallel_maintenance_workers=2")
	defer c.Shutdown()
	ctx := context.Background()
	one := openEnv(b, c, fmt.Sprintf("city_1x%d", per), 1, per)
	defer one.close()
	city := openEnv(b, c, fmt.Sprintf("city_%dx%d", wards, per), wards, per)
	defer city.close()
	load0 := loadavg()
	r := rand.New(rand.NewPCG(1, 2))
	type row struct{ one, city [2]time.Duration }
	var rows []row
	b.ResetTimer()
	for range b.N {
		rows = rows[:0]
		for _, cs := range cases {
			if !chosen(cs.name) {
				rows = append(rows, row{})
				continue
			}
			var t1, tc []time.Duration
			n := samples
			if cs.samples != nil {
				n = cs.samples()
			}
			for i := range n + n/10 {
				// Alternate the two databases so that both see the same load.
				d1, err := timed(func() error { return cs.run(ctx, one, one.wards[0], r) })
				if err != nil {
					b.Fatalf("%s, one ward: %v", cs.name, err)
				}
				w := city.wards[r.IntN(len(city.wards))]
				if cs.pick != nil {
					w = cs.pick(city, i, r)
				}
				dc, err := timed(func() error { return cs.run(ctx, city, w, r) })
				if err != nil {
					b.Fatalf("%s, city: %v", cs.name, err)
				}
				if i >= n/10 { // the first tenth warms the caches
					t1, tc = append(t1, d1), append(tc, dc)
				}
			}
			rows = append(rows, row{[2]time.Duration{pct(t1, 50), pct(t1, 99)}, [2]time.Duration{pct(tc, 50), pct(tc, 99)}})
		}
	}
	b.StopTimer()
	fmt.Printf("\nBenchmarkCity: %d wards × %d records (city) next to 1 ward × %d records; %d samples per case; load average %s → %s\n",
		wards, per, per, samples, load0, loadavg())
	fmt.Printf("%-16s %12s %12s %8s %12s %12s %8s\n", "case", "p50 1 ward", "p50 city", "ratio", "p99 1 ward", "p99 city", "ratio")
	for i, cs := range cases {
		x := rows[i]
		if !chosen(cs.name) {
			continue
		}
		fmt.Printf("%-16s %12s %12s %7.2f× %12s %12s %7.2f×\n", cs.name, ms(x.one[0]), ms(x.city[0]), ratio(x.city[0], x.one[0]),
			ms(x.one[1]), ms(x.city[1]), ratio(x.city[1], x.one[1]))
		b.ReportMetric(ratio(x.city[0], x.one[0]), cs.name+"-p50-city/1ward")
		b.ReportMetric(ratio(x.city[1], x.one[1]), cs.name+"-p99-city/1ward")
	}
}

// env is one database of the benchmark: its store, the sync API over
// HTTP, and a token per ward.
type env struct {
	st     *sqlstore.Store
	srv    *httptest.Server
	Mux    *http.ServeMux
	wards  []string
	tokens map[string]string
	heads  map[string]int64
	per    int // records a ward
	svc    *server.Service
	dash   *dashboard.Handler // the long-lived dashboard (dash-warm)
}

func (e *env) close() {
	e.srv.Close()
	e.st.Close()
}

func openEnv(b *testing.B, c *pgtest.Cluster, name string, wards, per int) *env {
	ctx := context.Background()
	dsn := c.URL(name)
	e := &env{tokens: map[string]string{}, heads: map[string]int64{}, per: per}
	for w := range wards {
		e.wards = append(e.wards, wardName(w))
	}
	st, err := sqlstore.Open(ctx, dsn)
	if err != nil || os.Getenv("WARDMAP_BENCH_KEEP") == "0" || !built(ctx, st, wards, per) {
		if st != nil {
			st.Close()
		}
		if err := c.CreateDB(name); err != nil {
			b.Fatal(err)
		}
		if st, err = sqlstore.Open(ctx, dsn); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if err := build(ctx, st, wards, per); err != nil {
			b.Fatal(err)
		}
		fmt.Fprintf(os.Stderr, "citybench: %s built in %s (load average %s)\n", name, time.Since(start).Round(time.Second), loadavg())
	}
	if !extended(ctx, st) {
		start := time.Now()
		if err := extend(ctx, st, e.wards, per); err != nil {
			b.Fatal(err)
		}
		fmt.Fprintf(os.Stderr, "citybench: %s extended in %s (load average %s)\n", name, time.Since(start).Round(time.Second), loadavg())
	}
	e.st = st
	for _, w := range e.wards {
		e.tokens[w] = token(w)
		if e.heads[w], err = st.Head(ctx, w); err != nil {
			b.Fatal(err)
		}
	}
	e.Mux = http.NewServeMux()
	svc := server.NewService(st)
	e.Mux.Handle("/api/v1/", remote.NewHandler(svc, nil))
	ogc, err := ogcapi.New(svc, ogcapi.Options{})
	if err != nil {
		b.Fatal(err)
	}
	e.Mux.Handle(ogc.Prefix()+"/", ogc)
	e.svc = svc
	e.dash = dashboard.New(svc, nil)
	e.Mux.Handle(dashboard.Prefix, e.dash)
	e.srv = httptest.NewServer(e.Mux)
	return e
}

func wardName(w int) string { return fmt.Sprintf("w%03d", w+1) }

func token(ward string) string { return ward + ".bench-token-" + ward }

// origin is the south-west corner of ward w: the wards tile the city in
// rows of ten squares of 0.012° (about 1.3 km), as a city's wards do not
// overlap; each ward's records fill 0.011° of its square.
func origin(w int) (lon, lat float64) {
	return 106.55 + float64(w%10)*0.012, 20.70 + float64(w/10)*0.012
}

func wardIndex(ward string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(ward, "w"))
	return n - 1
}

// box is a random square inside the ward holding about 250 trees (trees
// are 40 % of the records): about 95 m wide at 100,000 records a ward.
func (e *env) box(ward string, r *rand.Rand) [4]float64 {
	side := 0.011 * math.Sqrt(250/(0.4*float64(e.per)))
	x, y := origin(wardIndex(ward))
	x += r.Float64() * (0.011 - side)
	y += r.Float64() * (0.011 - side)
	return [4]float64{x, y, x + side, y + side}
}

// ogcItems asks wardd's OGC API (data/server/ogcapi) for a page of trees in the
// box, limit 100.
func ogcItems(ctx context.Context, e *env, ward string, r *rand.Rand) error {
	bb := e.box(ward, r)
	u := fmt.Sprintf("%s/ogc/collections/tree/items?limit=100&bbox=%f,%f,%f,%f", e.srv.URL, bb[0], bb[1], bb[2], bb[3])
	body, err := e.get(ctx, u, ward)
	if err != nil {
		return err
	}
	// A page may hold fewer than the limit, with a next link (the API
	// reads by revision and filters): count what it returned.
	_, n, _ := strings.Cut(string(body), `"numberReturned":`)
	if k, _ := strconv.Atoi(strings.TrimRight(strings.TrimSpace(n), "}")); k < 50 {
		return fmt.Errorf("ogc items: %d trees in a box of about 250: …%s", k, body[max(0, len(body)-300):])
	}
	return nil
}

// get is an authenticated GET as the ward's user.
func (e *env) get(ctx context.Context, u, ward string) ([]byte, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	req.Header.Set("Authorization", "Bearer "+e.tokens[ward])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("%s: %.200s", resp.Status, body)
	}
	return body, err
}

// pullRecent is a laptop's incremental pull: it synced 500 changes ago.
func pullRecent(ctx context.Context, e *env, ward string, _ *rand.Rand) error {
	body, err := e.get(ctx, fmt.Sprintf("%s/api/v1/changes?after=%d&limit=1000", e.srv.URL, e.heads[ward]-500), ward)
	if err != nil {
		return err
	}
	if n := strings.Count(string(body), `"rev":`); n != 500 {
		return fmt.Errorf("pull: %d records, want 500", n)
	}
	return nil
}

// layerBBox reads a page of the ward's tree layer in a box, as a GIS
// client (QGIS, GeoServer) asks PostGIS.
func layerBBox(ctx context.Context, e *env, ward string, r *rand.Rand) error {
	bb := e.box(ward, r)
	rows, err := e.st.DB().QueryContext(ctx, `SELECT id, rev, code, species_vi, height_m, condition, planted_on, ST_AsGeoJSON(geom)
		FROM tree WHERE ward_id = $1 AND geom && ST_MakeEnvelope($2, $3, $4, $5, 4326) ORDER BY id LIMIT 100`, ward, bb[0], bb[1], bb[2], bb[3])
	if err != nil {
		return err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id, code, species, cond, geom string
		var rev int64
		var h float64
		var planted time.Time
		if err := rows.Scan(&id, &rev, &code, &species, &h, &cond, &planted, &geom); err != nil {
			return err
		}
		n++
	}
	if n != 100 {
		return fmt.Errorf("layer page of %d trees, want 100", n)
	}
	return rows.Err()
}

// storeTreeBBox reads the same page through the store's interface.
func storeTreeBBox(ctx context.Context, e *env, ward string, r *rand.Rand) error {
	bb := e.box(ward, r)
	n := 0
	err := e.st.ChangesRaw(ctx, ward, server.ChangesQuery{Kinds: []string{"tree"}, Bound: &bb, Limit: 100}, func(*server.RawRecord) error {
		n++
		return nil
	})
	if err == nil && n != 100 {
		err = fmt.Errorf("store page of %d trees, want 100", n)
	}
	return err
}

// chosen reports whether case name is to run: WARDMAP_CITY_CASES lists
// the cases to run, separated by commas (default: all).
func chosen(name string) bool {
	only := os.Getenv("WARDMAP_CITY_CASES")
	return only == "" || slices.Contains(strings.Split(only, ","), name)
}

// untimed is what a case spent on work that is not what it times (the
// background recompute it waits for before the next sample): timed
// leaves it out.
var untimed time.Duration

func timed(f func() error) (time.Duration, error) {
	untimed = 0
	start := time.Now()
	err := f()
	return time.Since(start) - untimed, err
}

func pct(d []time.Duration, p int) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[(len(s)-1)*p/100]
}

func ratio(a, b time.Duration) float64 { return float64(a) / float64(b) }

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/1e6) }

func loadavg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}
