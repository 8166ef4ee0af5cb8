// Package pgtest starts a throwaway PostgreSQL 15 cluster with PostGIS for
// tests: initdb and pg_ctl in a temporary folder, on a free loopback port,
// run as the postgres user when the tests run as root; stopped and removed
// when the test binary's last user is done. A test that must stop the
// database under a running server (a health probe, a fault test) starts a
// private cluster of its own with Own.
package pgtest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
)

const bin = "/usr/lib/postgresql/15/bin"

// Cluster is one running PostgreSQL cluster.
type Cluster struct {
	dir     string
	port    int
	baseDSN string
	seq     atomic.Int64
}

var (
	once     sync.Once
	shared   *Cluster
	startErr error
)

// DSN returns the URL of a new, empty database (with PostGIS available) in
// the shared throwaway cluster. Without PostgreSQL installed the test fails
// (or is skipped when WARDMAP_REFEREES_OPTIONAL is set).
func DSN(tb testing.TB) string {
	tb.Helper()
	once.Do(func() { shared, startErr = start() })
	if startErr != nil {
		unavailable(tb, startErr)
	}
	return shared.DSN(tb)
}

func unavailable(tb testing.TB, err error) {
	tb.Helper()
	if os.Getenv("WARDMAP_REFEREES_OPTIONAL") != "" {
		tb.Skipf("PostgreSQL: %v", err)
	}
	tb.Fatalf("PostgreSQL 15 + PostGIS 3 needed (apt-get install postgresql-15 postgresql-15-postgis-3): %v", err)
}

// Own starts a private cluster for one test, removed when the test ends.
// Settings are server settings added to the command line ("name=value"),
// e.g. shared_preload_libraries=pg_stat_statements for a test that reads
// every statement the server ran.
func Own(tb testing.TB, settings ...string) *Cluster {
	tb.Helper()
	c, err := start(settings...)
	if err != nil {
		if c != nil {
			c.Stop()
		}
		unavailable(tb, err)
	}
	tb.Cleanup(c.Stop)
	return c
}

// URL returns the URL of the cluster's database name (which may not
// exist yet: CreateDB makes it).
func (c *Cluster) URL(name string) string { return c.baseDSN + "/" + name + "?sslmode=disable" }

// CreateDB creates a database of the cluster, or drops and creates it
// again.
func (c *Cluster) CreateDB(name string) error {
	if out, err := c.psql("postgres", "DROP DATABASE IF EXISTS "+name); err != nil {
		return fmt.Errorf("drop database: %v: %s", err, out)
	}
	if out, err := c.psql("postgres", "CREATE DATABASE "+name); err != nil {
		return fmt.Errorf("create database: %v: %s", err, out)
	}
	return nil
}

// DSN returns the URL of a new, empty database of the cluster.
func (c *Cluster) DSN(tb testing.TB) string {
	tb.Helper()
	name := fmt.Sprintf("t%d_%d", os.Getpid(), c.seq.Add(1))
	if out, err := c.psql("postgres", "CREATE DATABASE "+name); err != nil {
		tb.Fatalf("create database: %v: %s", err, out)
	}
	return c.baseDSN + "/" + name + "?sslmode=disable"
}

// Halt stops the cluster's server at once (as a crash would), keeping its
// files; Stop removes them too.
func (c *Cluster) Halt() error {
	out, err := asPostgres(filepath.Join(bin, "pg_ctl"), "-D", filepath.Join(c.dir, "data"), "-m", "immediate", "stop").CombinedOutput()
	if err != nil {
		return fmt.Errorf("pg_ctl stop: %v: %s", err, out)
	}
	return nil
}

// Shutdown stops the cluster's server cleanly (a checkpoint first),
// keeping its files: a kept cluster then starts without a recovery.
func (c *Cluster) Shutdown() error {
	out, err := asPostgres(filepath.Join(bin, "pg_ctl"), "-D", filepath.Join(c.dir, "data"), "-m", "fast", "-t", "600", "stop").CombinedOutput()
	if err != nil {
		return fmt.Errorf("pg_ctl stop: %v: %s", err, out)
	}
	return nil
}

// Stop stops the cluster and removes its folder.
func (c *Cluster) Stop() {
	if c == nil || c.dir == "" {
		return
	}
	c.Halt()
	os.RemoveAll(c.dir)
	c.dir = ""
}

// Stop stops the shared cluster and removes its folder; call it from
// TestMain.
func Stop() {
	if shared != nil {
		shared.Stop()
	}
}

// Keep starts the cluster kept in dir (made on first use), for
// benchmarks whose data is built once and kept between runs; Shutdown
// stops it and keeps its files. A server left running by a killed run is
// stopped first.
func Keep(tb testing.TB, dir string, settings ...string) *Cluster {
	tb.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		unavailable(tb, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "data", "postmaster.pid")); err == nil {
		asPostgres(filepath.Join(bin, "pg_ctl"), "-D", filepath.Join(dir, "data"), "-m", "fast", "stop").Run()
	}
	c, err := startIn(dir, settings...)
	if err != nil {
		unavailable(tb, err)
	}
	return c
}

func start(settings ...string) (*Cluster, error) {
	d, err := os.MkdirTemp("", "wardmap-pg-")
	if err != nil {
		return nil, err
	}
	return startIn(d, settings...)
}

func startIn(d string, settings ...string) (*Cluster, error) {
	if _, err := os.Stat(filepath.Join(bin, "initdb")); err != nil {
		return nil, err
	}
	if _, err := os.Stat("/usr/share/postgresql/15/extension/postgis.control"); err != nil {
		return nil, fmt.Errorf("PostGIS missing: %w", err)
	}
	c := &Cluster{dir: d}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return c, err
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(c.dir, uid, gid); err != nil {
			return c, err
		}
	}
	data := filepath.Join(c.dir, "data")
	if _, err := os.Stat(filepath.Join(data, "PG_VERSION")); err != nil {
		if out, err := asPostgres(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync").CombinedOutput(); err != nil {
			return c, fmt.Errorf("initdb: %v: %s", err, out)
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return c, err
	}
	c.port = l.Addr().(*net.TCPAddr).Port
	l.Close()
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -c port=%d -c unix_socket_directories=%s -c fsync=off -c max_connections=200", c.port, c.dir)
	for _, s := range settings {
		opts += " -c " + s
	}
	if out, err := asPostgres(filepath.Join(bin, "pg_ctl"), "-D", data, "-o", opts, "-l", filepath.Join(c.dir, "log"), "-w", "start").CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(c.dir, "log"))
		return c, fmt.Errorf("pg_ctl start: %v: %s %s", err, out, log)
	}
	c.baseDSN = fmt.Sprintf("postgres://postgres@127.0.0.1:%d", c.port)
	return c, nil
}

func (c *Cluster) psql(db, sql string) ([]byte, error) {
	return exec.Command(filepath.Join(bin, "psql"), "-h", "127.0.0.1", "-p", strconv.Itoa(c.port), "-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1", "-c", sql).CombinedOutput()
}

func asPostgres(name string, args ...string) *exec.Cmd {
	if os.Geteuid() == 0 {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", name}, args...)...)
	}
	return exec.Command(name, args...)
}
