package main

import (
	"context"
	"os/exec"
	"testing"
	"time"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
)

// BenchmarkOpenDemoReadAll opens the demo ward's database and reads every
// record of every kind, as the app does on start; beside it, ogrinfo
// reading every feature of the same file (-al -q, output discarded).
func BenchmarkOpenDemoReadAll(b *testing.B) {
	db := demoDB(b)
	ctx := context.Background()
	var ours time.Duration
	b.Run("wardmap", func(b *testing.B) {
		n := 0
		start := time.Now()
		for i := 0; i < b.N; i++ {
			s, err := gpkg.Open(ctx, db, gpkg.Options{ReadOnly: true})
			if err != nil {
				b.Fatal(err)
			}
			n = 0
			for _, k := range gis.Kinds() {
				res, err := s.Find(ctx, gpkg.Query{Kind: k})
				if err != nil {
					b.Fatal(err)
				}
				n += len(res)
			}
			s.Close()
		}
		ours = time.Since(start) / time.Duration(b.N)
		b.ReportMetric(float64(ours.Microseconds())/1000, "ms")
		b.ReportMetric(float64(n), "records")
	})
	b.Run("ogrinfo", func(b *testing.B) {
		if _, err := exec.LookPath("ogrinfo"); err != nil {
			b.Skip("ogrinfo not installed")
		}
		start := time.Now()
		for i := 0; i < b.N; i++ {
			if err := exec.Command("ogrinfo", "-ro", "-al", "-q", db).Run(); err != nil {
				b.Fatal(err)
			}
		}
		peer := time.Since(start) / time.Duration(b.N)
		b.ReportMetric(float64(peer.Microseconds())/1000, "ms")
		if ours > 0 {
			b.ReportMetric(float64(peer)/float64(ours), "ogrinfo/wardmap")
		}
	})
}
