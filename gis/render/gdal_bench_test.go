package render

import (
	"context"
	"fmt"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/paulmach/orb/geojson"

	"wardmap/gis"
	"wardmap/gis/tile"
)

// BenchmarkGDALRasterize compares a frame with gdal_rasterize burning the
// same 100,000 points and 20,000 streets into a 1920×1080 byte raster of
// the same box. GDAL does less (one colour, one-pixel lines, no labels or
// anti-aliasing) but has to read the GeoJSON each time; the ratio says how
// a frame compares with the tool people know, not who is faster at equal
// work.
func BenchmarkGDALRasterize(b *testing.B) {
	gdal, err := exec.LookPath("gdal_rasterize")
	if err != nil {
		b.Skip("gdal_rasterize not installed (apt-get install gdal-bin)")
	}
	fs := benchWard(100000, 20000)
	dir := b.TempDir()
	in := filepath.Join(dir, "ward.geojson")
	if err := writeGeoJSON(in, fs); err != nil {
		b.Fatal(err)
	}
	v := tile.View{Center: kienAn, Zoom: 15, Width: 1920, Height: 1080}
	vb := v.Bound()
	args := []string{"-q", "-burn", "255", "-ot", "Byte", "-of", "GTiff", "-ts", "1920", "1080",
		"-te", fmt.Sprint(vb.Min[0]), fmt.Sprint(vb.Min[1]), fmt.Sprint(vb.Max[0]), fmt.Sprint(vb.Max[1]),
		in, filepath.Join(dir, "out.tif")}
	r := New(NewSliceSource(fs))
	dst := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	b.ResetTimer()
	var ours, theirs time.Duration
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, err := r.Render(context.Background(), dst, v, DefaultLayers()); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if out, err := exec.Command(gdal, args...).CombinedOutput(); err != nil {
			b.Fatalf("gdal_rasterize: %v\n%s", err, out)
		}
		ours, theirs = ours+t1.Sub(t0), theirs+time.Since(t1)
	}
	n := float64(b.N)
	b.ReportMetric(float64(ours.Microseconds())/1000/n, "render-ms/frame")
	b.ReportMetric(float64(theirs.Microseconds())/1000/n, "gdal-ms/frame")
	b.ReportMetric(float64(theirs)/float64(ours), "gdal/render")
}

// writeGeoJSON writes the features' geometries as one FeatureCollection.
func writeGeoJSON(path string, fs []*gis.Feature) error {
	fc := geojson.NewFeatureCollection()
	for _, f := range fs {
		fc.Append(geojson.NewFeature(f.Geom))
	}
	data, err := fc.MarshalJSON()
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}
