package remote_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"wardmap/data/server"
	"wardmap/data/server/sqlstore"
	"wardmap/data/server/storetest"
	"wardmap/data/sync/wire"
	"wardmap/gis"
)

const benchOps = 2000

func benchTreeOps(n int) []wire.Op {
	ops := make([]wire.Op, n)
	for i := range ops {
		ops[i] = storetest.Op("tree", gis.NewID(), wire.OpInsert, 0, map[string]any{
			"geom": map[string]any{"type": "Point", "coordinates": []any{106.6 + float64(i)*1e-6, 20.8}}, "height_m": 4.5, "species_vi": "Bàng", "condition": "good"})
	}
	return ops
}

// floor inserts the same records straight into a store of the same kind:
// one transaction, no HTTP, no merge.
func floor(b *testing.B, ops []wire.Op) time.Duration {
	ctx := context.Background()
	st, err := sqlstore.Open(ctx, filepath.Join(b.TempDir(), "floor.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	st.EnsureWard(ctx, ward, ward)
	start := time.Now()
	err = st.Write(ctx, ward, func(tx server.WardTx) error {
		for i := range ops {
			rev, err := tx.NextRev(ctx)
			if err != nil {
				return err
			}
			r := &server.Record{Ward: ward, Record: wire.Record{Kind: ops[i].Kind, ID: ops[i].ID, Rev: rev, Fields: ops[i].Fields, CreatedAt: time.Now(), UpdatedAt: time.Now()}}
			if err := tx.PutRecord(ctx, r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

// BenchmarkPush: operations per second pushed over loopback HTTP (SQLite
// store, batches of 500) beside the floor of inserting the same rows
// straight into the store.
func BenchmarkPush(b *testing.B) {
	var push, fl time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s := newStack(b, "sqlite")
		c := s.clientBench(b)
		ops := benchTreeOps(benchOps)
		b.StartTimer()
		start := time.Now()
		for j := 0; j < len(ops); j += 500 {
			if _, err := c.Push(context.Background(), ops[j:j+500]); err != nil {
				b.Fatal(err)
			}
		}
		push += time.Since(start)
		b.StopTimer()
		fl += floor(b, benchTreeOps(benchOps))
		b.StartTimer()
	}
	n := float64(benchOps * b.N)
	b.ReportMetric(n/push.Seconds(), "push-ops/s")
	b.ReportMetric(n/fl.Seconds(), "floor-ops/s")
	b.ReportMetric(push.Seconds()/fl.Seconds(), "x-floor")
}

// BenchmarkPull: records per second pulled over loopback in pages of 1000
// beside reading the same pages straight from the store.
func BenchmarkPull(b *testing.B) {
	s := newStack(b, "sqlite")
	c := s.clientBench(b)
	ctx := context.Background()
	ops := benchTreeOps(benchOps)
	for j := 0; j < len(ops); j += 500 {
		if _, err := c.Push(ctx, ops[j:j+500]); err != nil {
			b.Fatal(err)
		}
	}
	var pull, fl time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		for after := int64(0); ; {
			p, err := c.Changes(ctx, after, remotePull(1000))
			if err != nil {
				b.Fatal(err)
			}
			after = p.Next
			if !p.More {
				break
			}
		}
		pull += time.Since(start)
		start = time.Now()
		for after := int64(0); ; {
			recs, err := s.st.Changes(ctx, ward, server.ChangesQuery{After: after, Limit: 1000})
			if err != nil {
				b.Fatal(err)
			}
			if len(recs) == 0 {
				break
			}
			after = recs[len(recs)-1].Rev
		}
		fl += time.Since(start)
	}
	n := float64(benchOps * b.N)
	b.ReportMetric(n/pull.Seconds(), "pull-recs/s")
	b.ReportMetric(n/fl.Seconds(), "floor-recs/s")
	b.ReportMetric(pull.Seconds()/fl.Seconds(), "x-floor")
}
