package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The real wardd, built and started as a process, under 32 simultaneous
// failed logins: its peak RSS (VmHWM) is read from /proc from outside.

var (
	builtOnce sync.Once
	builtBin  string
	builtErr  error
)

// buildWardd builds this command once per test process.
func buildWardd(t testing.TB) string {
	t.Helper()
	builtOnce.Do(func() {
		dir, err := os.MkdirTemp("", "wardd-bin")
		if err != nil {
			builtErr = err
			return
		}
		builtBin = filepath.Join(dir, "wardd")
		if out, err := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", builtBin, ".").CombinedOutput(); err != nil {
			builtErr = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if builtErr != nil {
		t.Fatal(builtErr)
	}
	return builtBin
}

// startWardd runs wardd on a fresh SQLite ward with user lan and returns
// its base URL and process id.
func startWardd(t testing.TB, extra ...string) (string, int) {
	t.Helper()
	bin := buildWardd(t)
	db := filepath.Join(t.TempDir(), "ward.db")
	if err := userCmd(context.Background(), []string{"add", "lan", "--role", "inspector", "--db", db}, strings.NewReader("mật-khẩu-dài\n"), &strings.Builder{}); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	cmd := exec.Command(bin, append([]string{"--db", db, "--listen", addr}, extra...)...)
	cmd.Stderr = &strings.Builder{}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	url := "http://" + addr
	for i := 0; ; i++ {
		resp, err := http.Get(url + "/healthz")
		if err == nil {
			resp.Body.Close()
			break
		}
		if i > 200 {
			t.Fatalf("wardd did not start: %v\n%s", err, cmd.Stderr)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return url, cmd.Process.Pid
}

// vmHWM is a process's peak resident set, in bytes.
func vmHWM(t testing.TB, pid int) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmHWM")
	return 0
}

type stormResult struct {
	took     []time.Duration
	statuses map[int]int
}

// loginStorm fires n simultaneous wrong-password logins of lan, each from
// its own loopback address when spread (the throttle then does not help:
// only the hashing gate bounds the work), else all from one.
func loginStorm(t testing.TB, url string, n int, spread bool) stormResult {
	t.Helper()
	res := stormResult{took: make([]time.Duration, n), statuses: map[int]int{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		from := "127.0.0.5"
		if spread {
			from = fmt.Sprintf("127.0.1.%d", 10+i)
		}
		d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}}
		c := &http.Client{Transport: &http.Transport{DialContext: d.DialContext, DisableKeepAlives: true}, Timeout: time.Minute}
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			t0 := time.Now()
			resp, err := c.Post(url+"/api/v1/login", "application/json", strings.NewReader(`{"user":"lan","password":"not-the-password"}`))
			took := time.Since(t0)
			mu.Lock()
			defer mu.Unlock()
			res.took[i] = took
			if err != nil {
				res.statuses[-1]++
				return
			}
			resp.Body.Close()
			res.statuses[resp.StatusCode]++
		}()
	}
	close(start)
	wg.Wait()
	return res
}

// Peak memory is asserted (durations are only reported, by the
// benchmark: the machine is shared).
func TestLoginStormMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs wardd")
	}
	for _, spread := range []bool{true, false} {
		t.Run(fmt.Sprintf("spread=%v", spread), func(t *testing.T) {
			url, pid := startWardd(t)
			res := loginStorm(t, url, 32, spread)
			hwm := vmHWM(t, pid)
			t.Logf("VmHWM %d MiB, answers %v", hwm>>20, res.statuses)
			if hwm > 300<<20 {
				t.Fatalf("wardd peaked at %d MiB under 32 failed logins, want < 300", hwm>>20)
			}
			for st := range res.statuses {
				if st != 401 && st != 429 && st != 503 {
					t.Fatalf("answers %v: want only 401, 429, 503", res.statuses)
				}
			}
			if res.statuses[401] == 0 {
				t.Fatalf("answers %v: no password was checked", res.statuses)
			}
		})
	}
}

// BenchmarkLoginStorm reports the slowest of 32 simultaneous failed
// logins against one login alone on the same server (the peer), and
// wardd's peak RSS.
func BenchmarkLoginStorm(b *testing.B) {
	for _, spread := range []bool{true, false} {
		b.Run(fmt.Sprintf("spread=%v", spread), func(b *testing.B) {
			var worst, alone time.Duration
			var hwm int64
			for range b.N {
				url, pid := startWardd(b)
				one := loginStorm(b, url, 1, false)
				alone = max(alone, one.took[0])
				res := loginStorm(b, url, 32, spread)
				worst = max(worst, slices.Max(res.took))
				hwm = max(hwm, vmHWM(b, pid))
				b.Logf("answers %v", res.statuses)
			}
			b.ReportMetric(float64(worst.Milliseconds()), "worst-ms")
			b.ReportMetric(float64(alone.Milliseconds()), "alone-ms")
			b.ReportMetric(float64(worst)/float64(alone), "worst/alone")
			b.ReportMetric(float64(hwm>>20), "VmHWM-MiB")
		})
	}
}
