// Package pgtest starts a throwaway PostgreSQL 15 cluster with PostGIS for
// tests: initdb and pg_ctl in a temporary folder, on a free loopback port,
// run as the postgres user when the tests run as root; stopped and removed
// when the test binary's last user is done.
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

var (
	once     sync.Once
	baseDSN  string
	dir      string
	startErr error
	dbSeq    atomic.Int64
)

// DSN returns the URL of a new, empty database (with PostGIS available) in
// the shared throwaway cluster. Without PostgreSQL installed the test fails
// (or is skipped when WARDMAP_REFEREES_OPTIONAL is set).
func DSN(tb testing.TB) string {
	tb.Helper()
	once.Do(start)
	if startErr != nil {
		if os.Getenv("WARDMAP_REFEREES_OPTIONAL") != "" {
			tb.Skipf("PostgreSQL: %v", startErr)
		}
		tb.Fatalf("PostgreSQL 15 + PostGIS 3 needed (apt-get install postgresql-15 postgresql-15-postgis-3): %v", startErr)
	}
	name := fmt.Sprintf("t%d_%d", os.Getpid(), dbSeq.Add(1))
	if out, err := psql("postgres", "CREATE DATABASE "+name); err != nil {
		tb.Fatalf("create database: %v: %s", err, out)
	}
	return baseDSN + "/" + name + "?sslmode=disable"
}

// Stop stops the cluster and removes its folder; call it from TestMain.
func Stop() {
	if dir == "" {
		return
	}
	asPostgres(filepath.Join(bin, "pg_ctl"), "-D", filepath.Join(dir, "data"), "-m", "immediate", "stop").Run()
	os.RemoveAll(dir)
}

var port int

func start() {
	if _, err := os.Stat(filepath.Join(bin, "initdb")); err != nil {
		startErr = err
		return
	}
	if _, err := os.Stat("/usr/share/postgresql/15/extension/postgis.control"); err != nil {
		startErr = fmt.Errorf("PostGIS missing: %w", err)
		return
	}
	d, err := os.MkdirTemp("", "wardmap-pg-")
	if err != nil {
		startErr = err
		return
	}
	dir = d
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			startErr = err
			return
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			startErr = err
			return
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := asPostgres(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync").CombinedOutput(); err != nil {
		startErr = fmt.Errorf("initdb: %v: %s", err, out)
		return
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		startErr = err
		return
	}
	port = l.Addr().(*net.TCPAddr).Port
	l.Close()
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -c port=%d -c unix_socket_directories=%s -c fsync=off -c max_connections=200", port, dir)
	if out, err := asPostgres(filepath.Join(bin, "pg_ctl"), "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "start").CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		startErr = fmt.Errorf("pg_ctl start: %v: %s %s", err, out, log)
		return
	}
	baseDSN = fmt.Sprintf("postgres://postgres@127.0.0.1:%d", port)
}

func psql(db, sql string) ([]byte, error) {
	return exec.Command(filepath.Join(bin, "psql"), "-h", "127.0.0.1", "-p", strconv.Itoa(port), "-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1", "-c", sql).CombinedOutput()
}

func asPostgres(name string, args ...string) *exec.Cmd {
	if os.Geteuid() == 0 {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", name}, args...)...)
	}
	return exec.Command(name, args...)
}
