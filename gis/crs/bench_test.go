package crs_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/gis/crs"
)

// benchPoints is n reproducible random points across Hai Phong.
func benchPoints(n int) []orb.Point {
	r := rand.New(rand.NewPCG(1, 2))
	pts := make([]orb.Point, n)
	for i := range pts {
		pts[i] = orb.Point{106.4 + 0.7*r.Float64(), 20.6 + 0.5*r.Float64()}
	}
	return pts
}

func benchTransform(b *testing.B, from, to string) {
	tr := mustTransform(b, from, to)
	src := benchPoints(1 << 16)
	if !mustLookup(b, from).IsGeographic() {
		if err := mustTransform(b, "4326", from).Points(src); err != nil {
			b.Fatal(err)
		}
	}
	pts := make([]orb.Point, len(src))
	cpu := startCPUClock()
	n := 0
	for b.Loop() {
		copy(pts, src)
		if err := tr.Points(pts); err != nil {
			b.Fatal(err)
		}
		n += len(pts)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "pts/s")
	b.ReportMetric(float64(n)/cpu().Seconds(), "pts/cpu-s")
}

// startCPUClock pins the goroutine to its thread and returns a function
// giving the CPU time that thread has used since. The machines are shared,
// so wall-clock rates swing with the neighbours' load; CPU time measures
// the code.
func startCPUClock() func() time.Duration {
	runtime.LockOSThread()
	start := threadCPU()
	return func() time.Duration {
		d := threadCPU() - start
		runtime.UnlockOSThread()
		return d
	}
}

func threadCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// rusageThread is RUSAGE_THREAD from Linux's sys/resource.h.
const rusageThread = 1

// BenchmarkWGS84To9210 is the hot path: GPS tracks into the Hai Phong zone
// (datum shift plus Transverse Mercator). Goal: > 5 million points/s.
func BenchmarkWGS84To9210(b *testing.B) { benchTransform(b, "4326", "9210") }

func Benchmark9210ToWGS84(b *testing.B) { benchTransform(b, "9210", "4326") }

func BenchmarkWGS84To3857(b *testing.B) { benchTransform(b, "4326", "3857") }

func Benchmark9210To3405(b *testing.B) { benchTransform(b, "9210", "3405") }

// cs2csRate runs PROJ's cs2cs once on the same million points and returns
// its points per second, start-up included (as a user running it pays).
var cs2csRate = sync.OnceValues(func() (float64, error) {
	path, err := exec.LookPath("cs2cs")
	if err != nil {
		return 0, err
	}
	var in bytes.Buffer
	for _, p := range benchPoints(1_000_000) {
		fmt.Fprintf(&in, "%.9f %.9f\n", p[1], p[0])
	}
	cmd := exec.Command(path, "-f", "%.4f", "EPSG:4326", "EPSG:9210")
	cmd.Stdin = &in
	var out bytes.Buffer
	cmd.Stdout = &out
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, err
	}
	elapsed := time.Since(start)
	if lines := bytes.Count(out.Bytes(), []byte("\n")); lines != 1_000_000 {
		return 0, fmt.Errorf("cs2cs wrote %d lines", lines)
	}
	return 1e6 / elapsed.Seconds(), nil
})

// BenchmarkVersusCs2cs converts the same million points WGS 84 → 9210 with
// this package and (once per process) with cs2cs, reporting both rates and
// their ratio. cs2cs also parses and prints text, so the ratio flatters us
// a little; BenchmarkConvertLinesMillion is the like-for-like text figure.
func BenchmarkVersusCs2cs(b *testing.B) {
	theirs, err := cs2csRate()
	if err != nil {
		b.Skipf("cs2cs: %v", err)
	}
	versus(b, mustTransform(b, "4326", "9210"), benchPoints(1_000_000), theirs)
}

// versus transforms src with tr in a loop and reports our rate beside
// cs2cs's (theirs) and their ratio. Both rates are wall clock, so
// neighbours' load hits both alike.
func versus(b *testing.B, tr *crs.Transform, src []orb.Point, theirs float64) {
	pts := make([]orb.Point, len(src))
	n := 0
	for b.Loop() {
		copy(pts, src)
		if err := tr.Points(pts); err != nil {
			b.Fatal(err)
		}
		n += len(pts)
	}
	ours := float64(n) / b.Elapsed().Seconds()
	b.ReportMetric(ours, "pts/s")
	b.ReportMetric(theirs, "cs2cs-pts/s")
	b.ReportMetric(ours/theirs, "x-cs2cs")
}

// BenchmarkConvertLinesMillion is the text path of `wardmap crs convert`,
// comparable with cs2cs reading and writing the same lines.
func BenchmarkConvertLinesMillion(b *testing.B) {
	theirs, err := cs2csRate()
	if err != nil {
		b.Skipf("cs2cs: %v", err)
	}
	var in bytes.Buffer
	for _, p := range benchPoints(1_000_000) {
		fmt.Fprintf(&in, "%.9f %.9f\n", p[0], p[1])
	}
	tr := mustTransform(b, "4326", "9210")
	var out bytes.Buffer
	n := 0
	for b.Loop() {
		out.Reset()
		if err := crs.ConvertLines(bytes.NewReader(in.Bytes()), &out, tr); err != nil {
			b.Fatal(err)
		}
		n += 1_000_000
	}
	ours := float64(n) / b.Elapsed().Seconds()
	b.ReportMetric(ours, "lines/s")
	b.ReportMetric(ours/theirs, "x-cs2cs")
}
