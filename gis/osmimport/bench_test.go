package osmimport_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"wardmap/gis/gistest"
	"wardmap/gis/osmimport"
)

// countSink counts and drops, so the benchmark measures the import only.
type countSink struct{ n int }

func (c *countSink) Segment(osmimport.Segment) error        { c.n++; return nil }
func (c *countSink) Address(osmimport.Address) error        { c.n++; return nil }
func (c *countSink) Polygon(osmimport.BasemapPolygon) error { c.n++; return nil }

// heapPeak samples the live heap every millisecond until stopped: a
// peak-ish figure, since the GC runs between samples.
func heapPeak() (stop func() uint64) {
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			peak = max(peak, s[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 { close(done); wg.Wait(); return peak }
}

// BenchmarkReadAndorra imports the whole of Andorra (565 kB PBF, 70k nodes)
// from memory. Custom metrics: peak live heap and indexed nodes.
func BenchmarkReadAndorra(b *testing.B) {
	data, err := os.ReadFile(gistest.SharedData(b, "osm", "andorra.osm.pbf"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	stop := heapPeak()
	var st osmimport.Stats
	for b.Loop() {
		st, err = osmimport.Read(context.Background(), bytes.NewReader(data), osmimport.FormatPBF, osmimport.Options{}, &countSink{})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(stop())/1e6, "peak-heap-MB")
	b.ReportMetric(float64(st.IndexedNodes), "indexed-nodes")
	b.ReportMetric(float64(st.Segments), "segments")
}

// BenchmarkVsOgr2ogr runs, in each iteration, our import and GDAL's
// `ogr2ogr -f GPKG out.gpkg andorra.osm.pbf lines`, and reports both times
// and their ratio. GDAL also writes a GeoPackage; we hand values to a sink.
func BenchmarkVsOgr2ogr(b *testing.B) {
	ogr, err := exec.LookPath("ogr2ogr")
	if err != nil {
		if os.Getenv("WARDMAP_REFEREES_OPTIONAL") != "" {
			b.Skip("ogr2ogr not installed")
		}
		b.Fatal("ogr2ogr not installed (apt-get install gdal-bin)")
	}
	path := gistest.SharedData(b, "osm", "andorra.osm.pbf")
	out := filepath.Join(b.TempDir(), "out.gpkg")
	var ours, theirs time.Duration
	for b.Loop() {
		t0 := time.Now()
		if _, err := osmimport.ReadFile(context.Background(), path, osmimport.Options{}, &countSink{}); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		os.Remove(out)
		if msg, err := exec.Command(ogr, "-f", "GPKG", out, path, "lines").CombinedOutput(); err != nil {
			b.Fatalf("ogr2ogr: %v\n%s", err, msg)
		}
		ours += t1.Sub(t0)
		theirs += time.Since(t1)
	}
	n := float64(b.N)
	b.ReportMetric(float64(ours.Milliseconds())/n, "osmimport-ms")
	b.ReportMetric(float64(theirs.Milliseconds())/n, "ogr2ogr-ms")
	b.ReportMetric(float64(theirs)/float64(ours), "ogr2ogr/osmimport")
}
