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

// thinLines draws lines thinner than thinFrom straight into the frame, one
// paint at a time. A segment is drawn like Wu's lines: along its major axis
// one pixel at a time, covering on each the span across the line it
// crosses (its width over the cosine of its slope), each pixel by the area
// it has of that span; ends are extended by half the width (square caps,
// as the polygon strokes have), which also closes the joins of a line's
// segments at these widths. Fully covered pixels of an opaque paint are a
// store; only the edge pixels of each column are blended. Where lines of
// one paint overlap, their edges blend twice, a difference the eye does
// not see at these widths.
type thinLines struct {
	dst      *image.RGBA
	c64      uint64 // the paint's channels, one 16-bit lane each
	ca       uint64
	opaque   uint32 // the pixel's four bytes when the paint is opaque
	isOpaque bool
}

func newThinLines(dst *image.RGBA, c color.RGBA) thinLines {
	return thinLines{
		dst: dst,
		c64: uint64(c.R) | uint64(c.G)<<16 | uint64(c.B)<<32 | uint64(c.A)<<48,
		ca:  uint64(c.A), opaque: uint32(c.R) | uint32(c.G)<<8 | uint32(c.B)<<16 | 255<<24,
		isOpaque: c.A == 255,
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
	round := w >= discFrom
	for i := 1; i < n; i++ {
		t.segment(pts[i-1][0], pts[i-1][1], pts[i][0], pts[i][1], hw, !round || i == 1, !round || i == n-1)
		if round && i < n-1 {
			t.disc(pts[i][0], pts[i][1], hw)
		}
	}
}

// discFrom is the width from which thin lines get round joins.
const discFrom = 3.0

// disc draws a filled circle of radius r, each pixel covered by how far
// its centre lies inside the circle's edge.
func (t *thinLines) disc(cx, cy, r float64) {
	W, H := t.dst.Rect.Dx(), t.dst.Rect.Dy()
	x0, x1 := max(0, int(cx-r-1)), min(W-1, int(cx+r+1))
	y0, y1 := max(0, int(cy-r-1)), min(H-1, int(cy+r+1))
	for y := y0; y <= y1; y++ {
		dy := float64(y) + 0.5 - cy
		i := y*t.dst.Stride + x0*4
		for x := x0; x <= x1; x, i = x+1, i+4 {
			dx := float64(x) + 0.5 - cx
			c := r + 0.5 - math.Sqrt(dx*dx+dy*dy)
			if c > 0 {
				t.blend(t.dst.Pix, i, min(c, 1)*255)
			}
		}
	}
}

// segment draws the rectangle of half-width hw around a→b, extended by hw
// at a when extA and at b when extB.
func (t *thinLines) segment(ax, ay, bx, by, hw float64, extA, extB bool) {
	W, H := t.dst.Rect.Dx(), t.dst.Rect.Dy()
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
	// Work in (u, v): u the major axis; ustep and vstep are the byte
	// steps of one pixel along each.
	au, av, bu, du, dv := ax, ay, bx, dx, dy
	nu, nv, ustep, vstep := W, H, 4, t.dst.Stride
	if math.Abs(dy) > math.Abs(dx) {
		au, av, bu, du, dv = ay, ax, by, dy, dx
		nu, nv, ustep, vstep = H, W, t.dst.Stride, 4
	}
	if du < 0 {
		au, av, bu, du, dv = bu, av+dv, au, -du, -dv
	}
	slope := dv / du
	hv := hw * math.Sqrt(du*du+dv*dv) / du // half the span across, along v
	u0 := max(0, int(math.Floor(au)))
	u1 := min(nu-1, int(math.Ceil(bu))-1)
	pix := t.dst.Pix
	for u := u0; u <= u1; u++ {
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
			t.blend(pix, u*ustep+iv0*vstep, (bot-top)*cu)
			continue
		}
		// first and last pixels are partly covered, those between fully
		if v0 == iv0 {
			t.blend(pix, u*ustep+v0*vstep, (float64(v0+1)-top)*cu)
			v0++
		}
		if v1 == iv1 {
			t.blend(pix, u*ustep+v1*vstep, (bot-float64(v1))*cu)
			v1--
		}
		i, end := u*ustep+v0*vstep, u*ustep+v1*vstep
		if cu < 254.5 || !t.isOpaque {
			for ; i <= end; i += vstep {
				t.blend(pix, i, cu)
			}
			continue
		}
		for ; i <= end; i += vstep {
			binary.LittleEndian.PutUint32(pix[i:i+4], t.opaque)
		}
	}
}

// blend paints the pixel at byte offset i with coverage a (0–255).
func (t *thinLines) blend(pix []uint8, i int, a float64) {
	m := uint64(a + 0.5)
	if m >= 255 && t.isOpaque {
		binary.LittleEndian.PutUint32(pix[i:i+4], t.opaque)
	} else if m != 0 {
		t.mix(pix[i:i+4:i+4], m)
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
