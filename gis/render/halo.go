package render

import "image"

// Labels are drawn one box at a time: the text's coverage is rasterized
// into a mask the size of the label's box, the halo is that mask dilated,
// and both are blended into the frame. Dilating pixels costs far less than
// rasterizing the text eight times shifted, which a halo made of outlines
// would need.

// drawLabel draws s along tr inside box (which lies in dst) with a halo.
func (r *Renderer) drawLabel(dst *image.RGBA, box image.Rectangle, s string, tr textRun, ink, halo paint) {
	w, h := box.Dx(), box.Dy()
	p := &r.scratch
	p.reset(w, h)
	tr.X -= float64(box.Min.X)
	tr.Y -= float64(box.Min.Y)
	p.text(r.face, s, tr)
	if p.empty() {
		return
	}
	all := make([]int32, len(p.subs))
	for i := range all {
		all[i] = int32(i)
	}
	rs := &r.raster
	p.coverage(all, image.Rect(0, 0, w, h), rs)
	text := image.NewAlpha(image.Rect(0, 0, w, h))
	copy(text.Pix, rs.mask.Pix)
	grown := dilate(dilate(text, square), plus)
	blend(dst, box, grown, halo)
	blend(dst, box, text, ink)
}

// The two neighbourhoods a halo is grown by: a 3×3 square then a plus,
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
