package remote_test

import (
	"context"
	"os"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"wardmap/data/remote"
	"wardmap/data/server"
	"wardmap/data/wire"
)

// BenchmarkFirstSync: a new laptop's first sync against a server holding
// WARDMAP_BENCH_FEATURES trees (default 20,000; the goal is 1,000,000
// in under 60 s with the client under 500 MB). Reports the seconds, the
// rate extrapolated to a million, and the peak Go heap of the process,
// which holds both the server and the client here.
func BenchmarkFirstSync(b *testing.B) {
	n := 20000
	if s := os.Getenv("WARDMAP_BENCH_FEATURES"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	ctx := context.Background()
	s := newStack(b, "sqlite")
	c := s.clientBench(b)
	s.st.EnsureWard(ctx, ward, ward)
	ops := benchTreeOps(n)
	err := s.st.Write(ctx, ward, func(tx server.WardTx) error {
		for i := range ops {
			rev, err := tx.NextRev(ctx)
			if err != nil {
				return err
			}
			now := time.Now().UTC()
			r := &server.Record{Ward: ward, Record: wire.Record{Kind: "tree", ID: ops[i].ID, Rev: rev, Fields: ops[i].Fields, CreatedAt: now, UpdatedAt: now}}
			if err := tx.PutRecord(ctx, r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	ops = nil
	var took time.Duration
	var peak atomic.Uint64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		l := laptop(b)
		runtime.GC()
		stop := make(chan struct{})
		go func() {
			var m runtime.MemStats
			for {
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
		}()
		b.StartTimer()
		start := time.Now()
		sum, err := remote.Sync(ctx, l, c, remote.Options{PageSize: 2000})
		took += time.Since(start)
		close(stop)
		if err != nil || sum.Pulled != n {
			b.Fatal(sum, err)
		}
	}
	sec := took.Seconds() / float64(b.N)
	b.ReportMetric(sec, "s/sync")
	b.ReportMetric(sec*1e6/float64(n), "s/1M-extrapolated")
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
}
