package render

import "image"

// Labels are drawn one box at a time: the text's coverage is rasterized
// into a mask the size of the label's box, the halo is that mask dilated,
// and both are blended into the frame. Dilating pixels costs far less than
// rasterizing the text eight times shifted, which a halo made of outlines
// would need.

// drawLabel draws s along tr inside box (which lies in dst) with a halo.
func (r *Renderer) drawLabel(dst *image.RGBA, box image.Rectangle, s string, tr textRun, ink, halo paint) {
	tr.X -= float64(box.Min.X)
	tr.Y -= float64(box.Min.Y)
	m := r.labelMask(s, tr, box.Dx(), box.Dy())
	if m.text == nil {
		return
	}
	blend(dst, box, m.halo, halo)
	blend(dst, box, m.text, ink)
}

// labelKey is what a label's masks depend on: its text, its run relative
// to its box, and the box's size. A frame drawn again (a redraw, a pan by
// whole pixels, the same zoom) sets the same labels at the same sub-pixel
// offsets, so their masks are reused instead of rasterizing and dilating
// each again: at ward scale that was a tenth of the frame.
type labelKey struct {
	s          string
	x, y, a, z float64
	w, h       int
}

// labelMask is a label's text coverage and its halo; nil text means the
// label draws nothing.
type labelMask struct{ text, halo *image.Alpha }

// maxLabelMasks bounds the cached labels: a frame holds tens, the cache a
// few frames' worth (at most a few megabytes); when full it starts over.
const maxLabelMasks = 512

// labelMask returns the masks of s along tr (relative to a w×h box),
// rasterizing them on a miss.
func (r *Renderer) labelMask(s string, tr textRun, w, h int) labelMask {
	k := labelKey{s: s, x: tr.X, y: tr.Y, a: tr.A, z: tr.Size, w: w, h: h}
	if m, ok := r.labelMasks[k]; ok {
		return m
	}
	if r.labelMasks == nil || len(r.labelMasks) >= maxLabelMasks {
		r.labelMasks = make(map[labelKey]labelMask, 64)
	}
	m := r.rasterLabel(s, tr, w, h)
	r.labelMasks[k] = m
	return m
}

// rasterLabel rasterizes the text into a mask the size of the box and
// grows its halo.
func (r *Renderer) rasterLabel(s string, tr textRun, w, h int) labelMask {
	p := &r.scratch
	p.reset(w, h)
	p.text(r.face, s, tr)
	if p.empty() {
		return labelMask{}
	}
	all := make([]int32, len(p.subs))
	for i := range all {
		all[i] = int32(i)
	}
	rs := &r.raster
	p.coverage(all, image.Rect(0, 0, w, h), rs)
	text := image.NewAlpha(image.Rect(0, 0, w, h))
	copy(text.Pix, rs.mask.Pix)
	return labelMask{text: text, halo: dilate(dilate(text, square), plus)}
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
