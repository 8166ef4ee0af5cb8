package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wardmap/gis/gistest"
	"wardmap/gis/tour"
	"wardmap/gis/tsplib"
)

// BenchmarkTSPvsPgRouting solves the shared TSPLIB instances with gis/tour
// (1 s each) and, in the same run, with pgRouting 3.4's pgr_TSPeuclidean in
// a throwaway PostgreSQL 15 (instances up to 442 cities, as the issue asks;
// EUC_2D only, since pgRouting measures Euclidean distances). Both tours
// are measured with TSPLIB's own distance. Reported: gap to best known (%)
// and milliseconds for each, and pg_gap - our_gap.
func BenchmarkTSPvsPgRouting(b *testing.B) {
	ctx := context.Background()
	conn := pgRouting(b)
	best := map[string]float64{"eil51": 426, "berlin52": 7542, "st70": 675, "kroA100": 21282, "ch130": 6110, "ch150": 6528, "a280": 2579}
	for _, name := range []string{"eil51", "berlin52", "st70", "kroA100", "ch130", "ch150", "a280"} {
		b.Run(name, func(b *testing.B) {
			p, err := tsplib.ParseFile(filepath.Join(gistest.SharedData(b, "tsplib"), name+".tsp"))
			if err != nil {
				b.Fatal(err)
			}
			if p.EdgeWeightType != "EUC_2D" || p.N() > 442 {
				b.Skip("not EUC_2D or above 442 cities")
			}
			var rows []string
			for i, c := range p.Coords {
				rows = append(rows, fmt.Sprintf("(%d,%g,%g)", i+1, c.X, c.Y))
			}
			table := "pts_" + strings.ToLower(name)
			if _, err := conn.Exec(ctx, "DROP TABLE IF EXISTS "+table+"; CREATE TABLE "+table+" (id bigint, x float8, y float8); INSERT INTO "+table+" VALUES "+strings.Join(rows, ",")); err != nil {
				b.Fatal(err)
			}
			length := func(order []int) float64 {
				var s int64
				for i := range order {
					s += p.Dist(order[i], order[(i+1)%len(order)])
				}
				return float64(s)
			}
			var ourGap, pgGap, ourMS, pgMS float64
			for b.Loop() {
				t0 := time.Now()
				res, err := tour.Solve(ctx, tour.Ints(p.N(), p.Dist), tour.Options{TimeLimit: time.Second})
				if err != nil {
					b.Fatal(err)
				}
				ourMS += float64(time.Since(t0).Milliseconds())
				ourGap += 100 * (length(res.Order) - best[name]) / best[name]
				t0 = time.Now()
				rs, err := conn.Query(ctx, "SELECT node FROM pgr_TSPeuclidean($$SELECT id, x, y FROM "+table+"$$) ORDER BY seq")
				if err != nil {
					b.Fatal(err)
				}
				var order []int
				for rs.Next() {
					var v int64
					if err := rs.Scan(&v); err != nil {
						b.Fatal(err)
					}
					order = append(order, int(v-1))
				}
				if err := rs.Err(); err != nil {
					b.Fatal(err)
				}
				pgMS += float64(time.Since(t0).Milliseconds())
				if len(order) == p.N()+1 {
					order = order[:p.N()] // the tour returns to its start
				}
				if len(order) != p.N() {
					b.Fatalf("pgRouting returned %d nodes for %d", len(order), p.N())
				}
				pgGap += 100 * (length(order) - best[name]) / best[name]
			}
			n := float64(b.N)
			b.ReportMetric(ourGap/n, "gap%")
			b.ReportMetric(ourMS/n, "ms")
			b.ReportMetric(pgGap/n, "pg_gap%")
			b.ReportMetric(pgMS/n, "pg_ms")
			b.ReportMetric((pgGap-ourGap)/n, "pg_minus_ours_gap%")
		})
	}
}
