package render

import (
	"encoding/binary"
	"image"
	"image/color"
	"math"

	"github.com/paulmach/orb"
)

// thinFrom is the width, in pixels, from which a street is stroked as
// polygons through the pass rasterizer; thinner ones (at ward scale all of
// them, at street scale the alleys) go into a lineMask. A frame at ward
// scale has 20,000 streets: as polygons their edges and the tiles they
// touch cost the rasterizer most of the frame.
const thinFrom = roundFrom

// thinLines draws lines thinner than thinFrom of one paint without the
// rasterizer, in two steps. Each segment first goes into a coverage mask
// (one byte a pixel) like Wu's lines: along its major axis one pixel at a
// time, covering on each the span across the line it crosses (its width
// over the cosine of its slope), each pixel by the area it has of that
// span; ends are extended by half the width (square caps, as the polygon
// strokes have), which also closes the joins of a line's segments at these
// widths. Where segments overlap (20,000 streets at ward scale cross and
// join everywhere) the mask keeps the larger coverage, so each pixel is
// painted once, by flush, however many lines cover it: before, each edge
// pixel was blended once per line, the most of a ward frame's time, and
// overlapping edges came out darker than one line's.
type thinLines struct {
	dst      *image.RGBA
	mask     *coverMask
	c64      uint64 // the paint's channels, one 16-bit lane each
	ca       uint64
	opaque   uint32 // the pixel's four bytes when the paint is opaque
	isOpaque bool
	// square, set at ward scale, leaves out the round joins: the square
	// ends of the segments already cover a bend, only with a corner
	// instead of an arc, which at 3–8 px does not show, and the discs were
	// a tenth of a ward frame.
	square bool
}

// coverMask is a frame-sized coverage mask, kept clear between paints, and
// the box of rows and columns written since the last flush.
type coverMask struct {
	cov            []uint8
	w, h, stride   int // stride is w rounded up to 8: flush reads 8 bytes at a time
	x0, y0, x1, y1 int
}

func (m *coverMask) init(w, h int) {
	if m.w != w || m.h != h {
		m.w, m.h, m.stride = w, h, (w+7)&^7
		m.cov = make([]uint8, m.stride*h)
	}
	m.x0, m.y0, m.x1, m.y1 = w, h, -1, -1
}

func newThinLines(dst *image.RGBA, c color.RGBA) thinLines {
	m := &coverMask{}
	m.init(dst.Rect.Dx(), dst.Rect.Dy())
	return newThinLinesMask(dst, m, c)
}

// newThinLinesMask draws through mask m (clear, the size of dst), which a
// Renderer keeps between frames.
func newThinLinesMask(dst *image.RGBA, m *coverMask, c color.RGBA) thinLines {
	return thinLines{
		dst: dst, mask: m,
		c64: uint64(c.R) | uint64(c.G)<<16 | uint64(c.B)<<32 | uint64(c.A)<<48,
		ca:  uint64(c.A), opaque: uint32(c.R) | uint32(c.G)<<8 | uint32(c.B)<<16 | 255<<24,
		isOpaque: c.A == 255,
	}
}

// flush paints the mask into the frame, each covered pixel once, and
// clears it.
func (t *thinLines) flush() {
	m := t.mask
	if m.x1 < m.x0 {
		return
	}
	pix := t.dst.Pix
	x0, x1 := m.x0&^7, m.x1
	op8 := uint64(t.opaque) | uint64(t.opaque)<<32
	for y := m.y0; y <= m.y1; y++ {
		row := m.cov[y*m.stride : (y+1)*m.stride]
		o := y * t.dst.Stride
		for x := x0; x <= x1; x += 8 {
			w := binary.LittleEndian.Uint64(row[x : x+8])
			if w == 0 {
				continue
			}
			binary.LittleEndian.PutUint64(row[x:x+8], 0)
			i := o + 4*x
			if w == ^uint64(0) && t.isOpaque { // eight pixels fully covered
				px := pix[i : i+32 : i+32]
				binary.LittleEndian.PutUint64(px[0:8], op8)
				binary.LittleEndian.PutUint64(px[8:16], op8)
				binary.LittleEndian.PutUint64(px[16:24], op8)
				binary.LittleEndian.PutUint64(px[24:32], op8)
				continue
			}
			for ; w != 0; w, i = w>>8, i+4 {
				a := w & 0xff
				if a == 0 {
					continue
				}
				if a == 255 && t.isOpaque {
					binary.LittleEndian.PutUint32(pix[i:i+4], t.opaque)
				} else {
					t.mix(pix[i:i+4:i+4], a)
				}
			}
		}
	}
	m.x0, m.y0, m.x1, m.y1 = m.w, m.h, -1, -1
}

// touch widens the mask's written box by the pixel box x0..x1, y0..y1
// (clamped to the frame).
func (m *coverMask) touch(x0, y0, x1, y1 int) {
	m.x0, m.y0 = min(m.x0, max(x0, 0)), min(m.y0, max(y0, 0))
	m.x1, m.y1 = max(m.x1, min(x1, m.w-1)), max(m.y1, min(y1, m.h-1))
}

// cover raises the mask at index i to coverage a (0–255).
func (m *coverMask) cover(i int, a float64) {
	if v := uint8(min(a+0.5, 255)); v > m.cov[i] {
		m.cov[i] = v
	}
}

// line draws the line through pixel points pts, w pixels wide. From
// discFrom pixels a line's inner vertices get a disc (round joins), which
// the square ends of its segments would not cover at a bend.
func (t *thinLines) line(pts []orb.Point, w float64) {
	hw := w / 2
	n := len(pts)
	if n == 1 {
		t.segment(pts[0][0], pts[0][1], pts[0][0], pts[0][1], hw, true, true)
		return
	}
	round := w >= discFrom && !t.square
	for i := 1; i < n; i++ {
		t.segment(pts[i-1][0], pts[i-1][1], pts[i][0], pts[i][1], hw, !round || i == 1, !round || i == n-1)
		if round && i < n-1 {
			t.disc(pts[i][0], pts[i][1], hw)
		}
	}
}

// discFrom is the width from which thin lines get round joins.
const discFrom = 3.0

// disc covers a filled circle of radius r, each pixel by how far its
// centre lies inside the circle's edge.
func (t *thinLines) disc(cx, cy, r float64) {
	m := t.mask
	x0, x1 := max(0, int(cx-r-1)), min(m.w-1, int(cx+r+1))
	y0, y1 := max(0, int(cy-r-1)), min(m.h-1, int(cy+r+1))
	if x0 > x1 || y0 > y1 {
		return
	}
	m.touch(x0, y0, x1, y1)
	in, out := max(r-0.5, 0), r+0.5
	in2, out2 := in*in, out*out
	for y := y0; y <= y1; y++ {
		dy := float64(y) + 0.5 - cy
		i := y*m.stride + x0
		for x := x0; x <= x1; x, i = x+1, i+1 {
			dx := float64(x) + 0.5 - cx
			switch d2 := dx*dx + dy*dy; {
			case d2 <= in2:
				m.cov[i] = 255
			case d2 < out2:
				m.cover(i, (out-math.Sqrt(d2))*255)
			}
		}
	}
}

// segment draws the rectangle of half-width hw around a→b, extended by hw
// at a when extA and at b when extB.
func (t *thinLines) segment(ax, ay, bx, by, hw float64, extA, extB bool) {
	m := t.mask
	W, H := m.w, m.h
	if min(ax, bx)-hw-1 >= float64(W) || max(ax, bx)+hw+1 < 0 ||
		min(ay, by)-hw-1 >= float64(H) || max(ay, by)+hw+1 < 0 {
		return
	}
	dx, dy := bx-ax, by-ay
	l := math.Sqrt(dx*dx + dy*dy)
	if l == 0 { // a dot: a square of side 2·hw
		dx, l = 1, 1
	}
	ex, ey := dx/l*hw, dy/l*hw
	if extA {
		ax, ay = ax-ex, ay-ey
	}
	if extB {
		bx, by = bx+ex, by+ey
	}
	dx, dy = bx-ax, by-ay
	m.touch(int(min(ax, bx)-hw-1), int(min(ay, by)-hw-1), int(max(ax, bx)+hw+1), int(max(ay, by)+hw+1))
	// Work in (u, v): u the major axis; ustep and vstep are the byte
	// steps of one pixel along each.
	au, av, bu, du, dv := ax, ay, bx, dx, dy
	nu, nv, ustep, vstep := W, H, 1, m.stride
	if math.Abs(dy) > math.Abs(dx) {
		au, av, bu, du, dv = ay, ax, by, dy, dx
		nu, nv, ustep, vstep = H, W, m.stride, 1
	}
	if du < 0 {
		au, av, bu, du, dv = bu, av+dv, au, -du, -dv
	}
	slope := dv / du
	hv := hw * math.Sqrt(du*du+dv*dv) / du // half the span across, along v
	u0 := max(0, int(math.Floor(au)))
	u1 := min(nu-1, int(math.Ceil(bu))-1)
	cov := m.cov
	// columns the segment crosses from side to side (whole coverage along
	// u) go to crossed; the one or two at its ends are done here
	ui0, ui1 := max(u0, int(math.Ceil(au))), min(u1, int(math.Floor(bu))-1)
	if ui0 <= ui1 {
		t.crossed(ui0, ui1, av+(float64(ui0)+0.5-au)*slope-hv, slope, 2*hv, nv, ustep, vstep)
	}
	for u := u0; u <= u1; u++ {
		if u == ui0 && ui0 <= ui1 {
			u = ui1
			continue
		}
		// the part of the column the segment covers, and its middle
		lo, hi := max(float64(u), au), min(float64(u+1), bu)
		cu := (hi - lo) * 255
		vc := av + ((lo+hi)/2-au)*slope
		top, bot := vc-hv, vc+hv
		iv0, iv1 := int(math.Floor(top)), int(math.Ceil(bot))-1
		v0, v1 := max(0, iv0), min(nv-1, iv1)
		if v0 > v1 {
			continue
		}
		if iv0 == iv1 { // the span lies within one pixel
			m.cover(u*ustep+iv0*vstep, (bot-top)*cu)
			continue
		}
		// first and last pixels are partly covered, those between fully
		if v0 == iv0 {
			m.cover(u*ustep+v0*vstep, (float64(v0+1)-top)*cu)
			v0++
		}
		if v1 == iv1 {
			m.cover(u*ustep+v1*vstep, (bot-float64(v1))*cu)
			v1--
		}
		i, end := u*ustep+v0*vstep, u*ustep+v1*vstep
		if cu < 254.5 {
			for ; i <= end; i += vstep {
				m.cover(i, cu)
			}
			continue
		}
		for ; i <= end; i += vstep {
			cov[i] = 255
		}
	}
}

// fixOne is 1 in the fixed point crossed steps across columns in: 24
// bits of fraction keep the error after a frame's width of steps under a
// thousandth of a pixel.
const (
	fixShift = 24
	fixOne   = 1 << fixShift
	fixHalf  = fixOne / 2
	fixFrac  = fixOne - 1
)

// crossed covers the columns u0..u1 that a segment crosses from side to
// side, whole along u: in column u0 the span across runs from top (along
// v) for span pixels, and each next column it moves by slope. It steps in
// fixed point: a ward frame has 300,000 of these columns, and with floats
// each cost two floors and two roundings of coverage.
func (t *thinLines) crossed(u0, u1 int, top, slope, span float64, nv, ustep, vstep int) {
	cov := t.mask.cov
	tp := int64(math.Round(top * fixOne))
	dt := int64(math.Round(slope * fixOne))
	sp := int64(math.Round(span * fixOne))
	one := uint8((sp*255 + fixHalf) >> fixShift) // a span within one pixel
	for u := u0; u <= u1; u, tp = u+1, tp+dt {
		bt := tp + sp
		iv0, iv1 := int(tp>>fixShift), int(bt>>fixShift)
		if iv1 < 0 || iv0 >= nv {
			continue
		}
		base := u * ustep
		if iv0 == iv1 {
			if i := base + iv0*vstep; one > cov[i] {
				cov[i] = one
			}
			continue
		}
		v0, v1 := iv0, iv1
		if v0 >= 0 {
			a := uint8(((fixOne-tp&fixFrac)*255 + fixHalf) >> fixShift)
			if i := base + v0*vstep; a > cov[i] {
				cov[i] = a
			}
			v0++
		} else {
			v0 = 0
		}
		if v1 < nv {
			a := uint8(((bt&fixFrac)*255 + fixHalf) >> fixShift)
			if i := base + v1*vstep; a > cov[i] {
				cov[i] = a
			}
			v1--
		} else {
			v1 = nv - 1
		}
		for i, end := base+v0*vstep, base+v1*vstep; i <= end; i += vstep {
			cov[i] = 255
		}
	}
}

// mix blends the paint over pixel px with coverage m (1–255), the four
// channels at once as blendRun does.
func (t *thinLines) mix(px []uint8, m uint64) {
	const lanes, ones = 0x00ff00ff00ff00ff, 0x0001000100010001
	k := 255 - t.ca*m/255
	p := uint64(binary.LittleEndian.Uint32(px))
	dl := (p|p<<16)&0x000000ff000000ff | (p<<8|p<<24)&0x00ff000000ff0000
	v := t.c64*m + dl*k
	v = (v + ones + (v>>8)&lanes) >> 8 & lanes // v/255 in each lane
	lo, hi := uint32(v), uint32(v>>32)         // R, G and B, A
	binary.LittleEndian.PutUint32(px, lo&0xff|lo>>8&0xff00|hi<<16&0xff0000|hi<<8&0xff000000)
}

// hairlineBelow is the width under which a thin line is drawn as a
// hairline: one aliased pixel per step along its major axis, at the
// paint's colour (its alpha scaled by the width when thinner than a
// pixel), with no coverage computed per pixel. At ward scale (zoom 15)
// the alleys are 1.75 px wide and two thirds of the streets; drawn
// anti-aliased their edge pixels cost most of the frame, and at that
// scale a cartographer draws them as hairlines anyway (OSM's standard
// style does so for minor ways at low zooms). Main and secondary streets,
// and every street from zoom 16, are wider and keep their anti-aliased
// edges.
const hairlineBelow = 2.0

// hairline draws the line through pixel points pts as a hairline of width
// w (see hairlineBelow).
func (t *thinLines) hairline(pts []orb.Point, w float64) {
	a := uint8(min(w, 1)*255 + 0.5)
	if len(pts) == 1 {
		t.hairSegment(pts[0][0], pts[0][1], pts[0][0], pts[0][1], a)
	}
	for i := 1; i < len(pts); i++ {
		t.hairSegment(pts[i-1][0], pts[i-1][1], pts[i][0], pts[i][1], a)
	}
}

// hairSegment covers with a, in each pixel column (row, when the segment
// is steep) from a to b, the pixel its centre line crosses.
func (t *thinLines) hairSegment(ax, ay, bx, by float64, a uint8) {
	m := t.mask
	W, H := m.w, m.h
	if min(ax, bx) >= float64(W) || max(ax, bx) < 0 || min(ay, by) >= float64(H) || max(ay, by) < 0 {
		return
	}
	// An opaque paint at full width is stored straight into the frame
	// (overlaps store the same pixel again); otherwise it goes through the
	// mask so that overlaps are painted once.
	direct := a == 255 && t.isOpaque
	px, stride := 1, m.stride
	if direct {
		px, stride = 4, t.dst.Stride
	} else {
		m.touch(int(min(ax, bx))-1, int(min(ay, by))-1, int(max(ax, bx))+1, int(max(ay, by))+1)
	}
	au, av, bu, bv := ax, ay, bx, by
	nu, nv, ustep, vstep := W, H, px, stride
	if math.Abs(by-ay) > math.Abs(bx-ax) {
		au, av, bu, bv = ay, ax, by, bx
		nu, nv, ustep, vstep = H, W, stride, px
	}
	if bu < au {
		au, av, bu, bv = bu, bv, au, av
	}
	slope := 0.0
	if bu > au {
		slope = (bv - av) / (bu - au)
	}
	u0, u1 := max(0, int(math.Floor(au))), min(nu-1, int(math.Floor(bu)))
	cov, pix := m.cov, t.dst.Pix
	for u := u0; u <= u1; u++ {
		c := min(max(float64(u)+0.5, au), bu)
		v := int(math.Floor(av + (c-au)*slope))
		if v < 0 || v >= nv {
			continue
		}
		i := u*ustep + v*vstep
		if direct {
			binary.LittleEndian.PutUint32(pix[i:i+4], t.opaque)
		} else if cov[i] < a {
			cov[i] = a
		}
	}
}
