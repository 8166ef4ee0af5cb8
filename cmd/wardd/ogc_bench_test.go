package main

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"
)

// BenchmarkOGC times what a GIS user waits for, on the demo ward pushed
// to a real wardd (SQLite and PostgreSQL), each beside a peer measured in
// the same run:
//   - ogr2ogr of the whole tree collection through OAPIF (the whole
//     command), beside ogr2ogr of the same layer from the laptop's
//     GeoPackage: "s/ogr2ogr-oapif", "oapif/gpkg";
//   - the p50 of one items page of 100 trees (at the first and at the
//     last page: keyset paging costs the same anywhere), beside the sync
//     API's pull page of 100 records: "ms/items-p50", "items/pull".
func BenchmarkOGC(b *testing.B) {
	if _, err := exec.LookPath("ogr2ogr"); err != nil {
		b.Skip("ogr2ogr not installed")
	}
	for _, store := range []string{"sqlite", "postgres"} {
		b.Run(store, func(b *testing.B) {
			s := startOGC(b, store)
			dir := b.TempDir()
			var oapif, gpkg time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				out := filepath.Join(dir, fmt.Sprintf("o%d.gpkg", i))
				start := time.Now()
				s.gdal(b, "ogr2ogr", "-f", "GPKG", out, "OAPIF:"+s.url, "tree")
				oapif += time.Since(start)
				out = filepath.Join(dir, fmt.Sprintf("g%d.gpkg", i))
				start = time.Now()
				s.gdal(b, "ogr2ogr", "-f", "GPKG", out, s.lap.Path(), "tree")
				gpkg += time.Since(start)
			}
			b.StopTimer()
			first := s.url + "/collections/tree/items?limit=100"
			last := fmt.Sprintf("%s/collections/tree/items?limit=100&cursor=%d", s.url, lastCursor(b, s, 100))
			pull := "http://" + s.m.Addr() + "/api/v1/changes?after=0&limit=100"
			firstP50, lastP50, pullP50 := p50(b, s, first), p50(b, s, last), p50(b, s, pull)
			b.ReportMetric(oapif.Seconds()/float64(b.N), "s/ogr2ogr-oapif")
			b.ReportMetric(oapif.Seconds()/gpkg.Seconds(), "oapif/gpkg")
			b.ReportMetric(ms(firstP50), "ms/items-p50")
			b.ReportMetric(ms(lastP50)/ms(firstP50), "last/first-page")
			b.ReportMetric(ms(firstP50)/ms(pullP50), "items/pull")
		})
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// lastCursor walks the tree pages and returns the cursor of the last.
func lastCursor(b *testing.B, s *ogcServer, limit int) int64 {
	var cur, prev int64
	for {
		var fc struct {
			Links []struct{ Href, Rel string } `json:"links"`
		}
		s.getJSON(b, fmt.Sprintf("%s/collections/tree/items?limit=%d&cursor=%d", s.url, limit, cur), &fc)
		next := int64(-1)
		for _, l := range fc.Links {
			if l.Rel == "next" {
				u, err := url.Parse(l.Href)
				if err != nil {
					b.Fatal(err)
				}
				next, _ = strconv.ParseInt(u.Query().Get("cursor"), 10, 64)
			}
		}
		if next < 0 {
			return prev
		}
		prev, cur = cur, next
	}
}

// p50 is the median of 200 GETs of url with the session's token.
func p50(b *testing.B, s *ogcServer, addr string) time.Duration {
	var ds []time.Duration
	for i := 0; i < 200; i++ {
		req, _ := http.NewRequest("GET", addr, nil)
		req.Header.Set("Authorization", "Bearer "+s.token)
		start := time.Now()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			b.Fatalf("%s: %d %v", addr, resp.StatusCode, err)
		}
		ds = append(ds, time.Since(start))
	}
	slices.Sort(ds)
	return ds[len(ds)/2]
}
