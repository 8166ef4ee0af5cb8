package inventory_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/inventory"
	"wardmap/gis"
	"wardmap/gis/gistest"
)

// BenchmarkImportLA imports the eight LA cities' GeoJSON inventories with
// their mappings into a new ward database (reading, mapping, every check,
// duplicates, one transaction with the sync outbox), and, in the same run,
// copies the same files into GeoPackages with ogr2ogr, GDAL's plain copy
// with no mapping or checks. Metrics: features/s of each and their ratio
// (goal: ratio ≥ 1).
func BenchmarkImportLA(b *testing.B) {
	if _, err := exec.LookPath("ogr2ogr"); err != nil {
		b.Fatal("ogr2ogr (gdal-bin) is required: run `make bench`, which installs it")
	}
	ctx := context.Background()
	maps := map[string]*inventory.Mapping{}
	srcs := map[string]string{}
	for _, c := range laCities {
		maps[c] = loadMapping(b, filepath.Join("testdata", "la", c+".json"), gis.Tree)
		srcs[c] = gistest.SharedData(b, "assets", "la-street-trees", c+".geojson")
	}
	var ours, ogr time.Duration
	features := 0
	for i := 0; b.Loop(); i++ {
		dir := b.TempDir()
		start := time.Now()
		st, err := gpkg.Open(ctx, filepath.Join(dir, "ward.gpkg"), gpkg.Options{Create: true})
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range laCities {
			res, err := inventory.Import(ctx, st, srcs[c], inventory.Options{Kind: gis.Tree, Mapping: maps[c], User: "bench"})
			if err != nil {
				b.Fatal(err)
			}
			features += res.Read
		}
		st.Close()
		ours += time.Since(start)
		start = time.Now()
		for _, c := range laCities {
			args := []string{"-f", "GPKG", filepath.Join(dir, c+".gpkg"), srcs[c]}
			if c == "malibu" {
				// Malibu's "geom" property clashes with GDAL's geometry column.
				args = append(args, "-lco", "GEOMETRY_NAME=geometry")
			}
			if out, err := exec.Command("ogr2ogr", args...).CombinedOutput(); err != nil {
				b.Fatalf("ogr2ogr %s: %v\n%s", c, err, out)
			}
		}
		ogr += time.Since(start)
	}
	oursFPS := float64(features) / ours.Seconds()
	ogrFPS := float64(features) / ogr.Seconds()
	b.ReportMetric(oursFPS, "features/s")
	b.ReportMetric(ogrFPS, "ogr2ogr-features/s")
	b.ReportMetric(oursFPS/ogrFPS, "ratio-vs-ogr2ogr")
}
