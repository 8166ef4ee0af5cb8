package render

import (
	"bytes"
	"image"
	"math/rand"
	"testing"
)

// dilate is the first halo growth, kept as growHalo's referee. The two neighbourhoods a halo is grown by: a 3×3 square then a plus,
// which together make a rounded octagon two pixels wide.
var (
	square = [][2]int{{-1, -1}, {0, -1}, {1, -1}, {-1, 0}, {1, 0}, {-1, 1}, {0, 1}, {1, 1}}
	plus   = [][2]int{{0, -1}, {-1, 0}, {1, 0}, {0, 1}}
)

// dilate returns m where each pixel is the largest of itself and its
// neighbours at the given offsets.
func dilate(m *image.Alpha, offsets [][2]int) *image.Alpha {
	out := image.NewAlpha(m.Rect)
	copy(out.Pix, m.Pix)
	w, h := m.Rect.Dx(), m.Rect.Dy()
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := m.Pix[y*m.Stride+x]
			if v == 0 {
				continue
			}
			for _, o := range offsets {
				nx, ny := x+o[0], y+o[1]
				if nx >= 0 && ny >= 0 && nx < w && ny < h && out.Pix[ny*out.Stride+nx] < v {
					out.Pix[ny*out.Stride+nx] = v
				}
			}
		}
	}
	return out
}

// growHalo gives the same bytes as dilating by the square then the plus,
// on random masks of many shapes (sparse ink, edges, one-pixel masks).
func TestGrowHaloMatchesDilate(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 300; i++ {
		w, h := 1+rng.Intn(60), 1+rng.Intn(30)
		m := image.NewAlpha(image.Rect(0, 0, w, h))
		for j := range m.Pix {
			if rng.Intn(4) == 0 {
				m.Pix[j] = uint8(rng.Intn(256))
			}
		}
		want := dilate(dilate(m, square), plus)
		if got := growHalo(m); !bytes.Equal(got.Pix, want.Pix) {
			t.Fatalf("%dx%d mask: halo differs from the dilated one", w, h)
		}
	}
}
