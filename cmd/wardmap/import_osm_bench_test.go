package main

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wardmap/gis/gistest"
)

// BenchmarkImportOSMAndorra imports andorra.osm.pbf (streets, addresses,
// basemap) into a new ward database with `wardmap import osm`, beside
// ogr2ogr writing the same file's lines layer (highway ways only) to a new
// GeoPackage: the ratio ogr2ogr/wardmap above 1 means we are faster.
func BenchmarkImportOSMAndorra(b *testing.B) {
	src := gistest.SharedData(b, "osm", "andorra.osm.pbf")
	ctx := context.Background()
	var ours time.Duration
	b.Run("wardmap", func(b *testing.B) {
		b.ReportAllocs()
		var total time.Duration
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			db := filepath.Join(b.TempDir(), fmt.Sprintf("w%d.gpkg", i))
			var out, errb bytes.Buffer
			e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}
			if code := run(ctx, e, []string{"init", "--db", db}); code != 0 {
				b.Fatal(errb.String())
			}
			b.StartTimer()
			start := time.Now()
			if code := run(ctx, e, []string{"import", "osm", src, "--db", db, "--quiet"}); code != 0 {
				b.Fatal(errb.String())
			}
			total += time.Since(start)
		}
		ours = total / time.Duration(b.N)
		b.ReportMetric(float64(ours.Microseconds())/1000, "ms")
	})
	b.Run("ogr2ogr", func(b *testing.B) {
		if _, err := exec.LookPath("ogr2ogr"); err != nil {
			b.Fatal("ogr2ogr (gdal-bin) is required")
		}
		var total time.Duration
		for i := 0; i < b.N; i++ {
			out := filepath.Join(b.TempDir(), fmt.Sprintf("g%d.gpkg", i))
			start := time.Now()
			cmd := exec.Command("ogr2ogr", "-f", "GPKG", out, src, "lines", "-where", "highway IS NOT NULL")
			if msg, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("ogr2ogr: %v\n%s", err, msg)
			}
			total += time.Since(start)
		}
		peer := total / time.Duration(b.N)
		b.ReportMetric(float64(peer.Microseconds())/1000, "ms")
		if ours > 0 {
			b.ReportMetric(float64(peer)/float64(ours), "ogr2ogr/wardmap")
		}
	})
	// osmium export writes every way with its tags as GeoJSON: the other
	// common way to get lines out of a PBF, and a fast C++ peer.
	b.Run("osmium", func(b *testing.B) {
		if _, err := exec.LookPath("osmium"); err != nil {
			b.Fatal("osmium (osmium-tool) is required: run make bench, which installs it")
		}
		var total time.Duration
		for i := 0; i < b.N; i++ {
			out := filepath.Join(b.TempDir(), fmt.Sprintf("o%d.geojson", i))
			start := time.Now()
			cmd := exec.Command("osmium", "export", "--overwrite", "-f", "geojson", "-o", out, src)
			if msg, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("osmium export: %v\n%s", err, msg)
			}
			total += time.Since(start)
		}
		peer := total / time.Duration(b.N)
		b.ReportMetric(float64(peer.Microseconds())/1000, "ms")
		if ours > 0 {
			b.ReportMetric(float64(peer)/float64(ours), "osmium/wardmap")
		}
	})
}
