package render

import (
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"wardmap/gis/gistest"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata/")

// Golden comparison tolerance: a pixel differs when a channel is off by
// more than goldenChannel; the test fails when more than goldenShare of
// the pixels differ. Float rounding across CPUs moves anti-aliased edges
// by a level or two, never a feature.
const (
	goldenChannel = 24
	goldenShare   = 0.005
)

func TestGolden(t *testing.T) {
	cases := []struct {
		name string
		zoom float64
	}{
		{"ward_z15", 15},
		{"street_z17", 17},
		{"close_z19", 19},
	}
	r := New(NewSliceSource(scene()))
	r.Basemap = sceneBasemap()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			img, _ := render(t, r, tc.zoom, 640, 400, DefaultLayers())
			checkGolden(t, tc.name+".png", img)
		})
	}
}

// diffPixels counts pixels where any channel differs by more than
// goldenChannel, and their share of the image.
func diffPixels(a *image.RGBA, b image.Image) (int, float64) {
	if a.Bounds() != b.Bounds() {
		return a.Bounds().Dx() * a.Bounds().Dy(), 1
	}
	n := 0
	for y := a.Rect.Min.Y; y < a.Rect.Max.Y; y++ {
		for x := a.Rect.Min.X; x < a.Rect.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if far(r1, r2) || far(g1, g2) || far(b1, b2) {
				n++
			}
		}
	}
	return n, float64(n) / float64(a.Rect.Dx()*a.Rect.Dy())
}

func far(a, b uint32) bool { return abs(int(a>>8)-int(b>>8)) > goldenChannel }

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(fmt.Errorf("%s: %w", path, err))
	}
	return img
}

func TestDiffPixels(t *testing.T) {
	a := image.NewRGBA(image.Rect(0, 0, 10, 10))
	cases := []struct {
		name  string
		edit  func(b *image.RGBA)
		wantN int
	}{
		{"identical", func(*image.RGBA) {}, 0},
		{"small drift tolerated", func(b *image.RGBA) { b.Pix[0] = goldenChannel }, 0},
		{"one pixel off", func(b *image.RGBA) { b.Pix[4] = 200 }, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := image.NewRGBA(a.Rect)
			tc.edit(b)
			if n, _ := diffPixels(a, b); n != tc.wantN {
				t.Errorf("%d pixels differ, want %d", n, tc.wantN)
			}
		})
	}
}

// checkGolden keeps img in testout/render for a person to look at and
// holds it to testdata/name: at most goldenShare of its pixels may
// differ; a failing image goes to testdata/failed (go test -update
// accepts it as the new golden image).
func checkGolden(t *testing.T, name string, img *image.RGBA) {
	t.Helper()
	writePNG(t, filepath.Join(gistest.OutDir(t, "render"), name), img)
	golden := filepath.Join("testdata", name)
	if *update {
		writePNG(t, golden, img)
		return
	}
	want := readPNG(t, golden)
	if n, share := diffPixels(img, want); share > goldenShare {
		failed := filepath.Join("testdata", "failed", name)
		writePNG(t, failed, img)
		t.Errorf("%d pixels (%.2f%%) differ from %s; actual image in %s (go test -update to accept)",
			n, share*100, golden, failed)
	}
}
