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
	return labelMask{text: text, halo: growHalo(text)}
}

// growHalo returns the text mask grown by a 3×3 square then by a plus,
// which together make a rounded octagon two pixels wide: each pixel the
// largest of its neighbours'. The square is a maximum over three columns
// then over three rows; done so instead of raising eight neighbours of
// every inked pixel it costs a third, and gives the same bytes. Each step
// works on whole rows, the frame's edge handled once per row (a row above
// the first is the first itself) rather than tested at every pixel: with
// a pan every label's masks are made again.
func growHalo(m *image.Alpha) *image.Alpha {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	out := image.NewAlpha(m.Rect) // its Stride is w
	if w == 0 || h == 0 {
		return out
	}
	row := out.Pix // first the maximum over x-1..x+1
	for y := 0; y < h; y++ {
		max3(row[y*w:y*w+w], m.Pix[y*m.Stride:y*m.Stride+w])
	}
	sq := make([]uint8, w*h) // then over y-1..y+1: the 3×3 square
	for y := 0; y < h; y++ {
		up, dn := max(y-1, 0), min(y+1, h-1)
		maxRows(sq[y*w:y*w+w], row[y*w:y*w+w], row[up*w:up*w+w], row[dn*w:dn*w+w])
	}
	for y := 0; y < h; y++ { // then the plus
		up, dn := max(y-1, 0), min(y+1, h-1)
		o := out.Pix[y*w : y*w+w]
		max3(o, sq[y*w:y*w+w])
		maxRows(o, o, sq[up*w:up*w+w], sq[dn*w:dn*w+w])
	}
	return out
}

// max3 sets dst[x] to the largest of src[x-1], src[x] and src[x+1] that
// exist.
func max3(dst, src []uint8) {
	n := len(dst)
	src = src[:n]
	if n == 1 {
		dst[0] = src[0]
		return
	}
	dst[0] = max(src[0], src[1])
	for x := 1; x < n-1; x++ {
		dst[x] = max(src[x-1], src[x], src[x+1])
	}
	dst[n-1] = max(src[n-2], src[n-1])
}

// maxRows sets dst[x] to the largest of a[x], b[x] and c[x].
func maxRows(dst, a, b, c []uint8) {
	a, b, c = a[:len(dst)], b[:len(dst)], c[:len(dst)]
	for x := range dst {
		dst[x] = max(a[x], b[x], c[x])
	}
}
