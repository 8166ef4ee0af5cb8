package gpx_test

import (
	"bytes"
	"io"
	"os"
	"testing"

	"wardmap/gis/gistest"
	"wardmap/gis/gpx"
)

func BenchmarkReadGraphhopperGz(b *testing.B) {
	data, err := os.ReadFile(gistest.SharedData(b, "gpx", "files", "graphhopper.gpx.gz"))
	if err != nil {
		b.Fatal(err)
	}
	points := 0
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		f, err := gpx.Read(bytes.NewReader(data), gpx.ReadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		c := countOf(f)
		points += c.trkpt + c.rtept + c.wpt
	}
	b.ReportMetric(float64(points)/b.Elapsed().Seconds(), "points/s")
}

func BenchmarkWriteGarminLegacy(b *testing.B) {
	f := kienAn(1001, 500)
	for b.Loop() {
		if err := gpx.Write(io.Discard, f, gpx.WriteOptions{Profile: gpx.ProfileGarminLegacy}); err != nil {
			b.Fatal(err)
		}
	}
}
