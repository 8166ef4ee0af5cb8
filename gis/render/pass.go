package render

import (
	"encoding/binary"
	"image"
	"image/color"
	"image/draw"

	"github.com/paulmach/orb"
	"golang.org/x/image/vector"
)

// tileSide is the side of the square tiles a pass rasterizes one at a time.
// vector.Rasterizer's cost grows with its area, not with the paths in it,
// so a full-frame rasterizer costs milliseconds even when nearly empty;
// tiles that no path touches are skipped, and at 256 pixels (≤ 512) the
// rasterizer uses its faster fixed-point math.
const tileSide = 256

// pass collects closed polygons (subpaths) that are painted with one paint,
// and rasterizes them tile by tile. All subpaths of a pass are unioned:
// the rasterizer adds signed coverage and clamps it, so every shape in a
// pass must wind the same way (negative area in pixel space) and holes the
// other way.
type pass struct {
	w, h   int
	tw, th int         // tiles per row and column
	pts    []float32   // x, y pairs
	subs   []int32     // first point of each subpath
	open   int32       // first point of the subpath being built, -1 if none
	bins   [][]int32   // subpaths per tile
	offs   []orb.Point // scratch of mitred
}

func (p *pass) reset(w, h int) {
	p.w, p.h = w, h
	p.tw, p.th = (w+tileSide-1)/tileSide, (h+tileSide-1)/tileSide
	p.pts, p.subs, p.open = p.pts[:0], p.subs[:0], -1
	n := p.tw * p.th
	if cap(p.bins) < n {
		p.bins = make([][]int32, n)
	}
	p.bins = p.bins[:n]
	for i := range p.bins {
		p.bins[i] = p.bins[i][:0]
	}
}

func (p *pass) empty() bool { return len(p.subs) == 0 }

// begin starts a subpath; add appends its points; end closes it.
func (p *pass) begin() { p.open = int32(len(p.pts)) }

func (p *pass) add(x, y float64) { p.pts = append(p.pts, float32(x), float32(y)) }

// end bins the subpath into the tiles its bounding box touches, or drops it
// when it lies outside the frame or has fewer than three points.
func (p *pass) end() {
	start := p.open
	p.open = -1
	pts := p.pts[start:]
	if len(pts) < 6 {
		p.pts = p.pts[:start]
		return
	}
	x0, y0, x1, y1 := pts[0], pts[1], pts[0], pts[1]
	for i := 2; i < len(pts); i += 2 {
		x0, x1 = min(x0, pts[i]), max(x1, pts[i])
		y0, y1 = min(y0, pts[i+1]), max(y1, pts[i+1])
	}
	if x1 < 0 || y1 < 0 || x0 >= float32(p.w) || y0 >= float32(p.h) {
		p.pts = p.pts[:start]
		return
	}
	idx := int32(len(p.subs))
	p.subs = append(p.subs, start)
	tx0, ty0 := tileOf(x0, p.tw), tileOf(y0, p.th)
	tx1, ty1 := tileOf(x1, p.tw), tileOf(y1, p.th)
	for ty := ty0; ty <= ty1; ty++ {
		for tx := tx0; tx <= tx1; tx++ {
			p.bins[ty*p.tw+tx] = append(p.bins[ty*p.tw+tx], idx)
		}
	}
}

func tileOf(v float32, n int) int { return max(0, min(n-1, int(v)/tileSide)) }

// subpath returns the points of subpath i.
func (p *pass) subpath(i int32) []float32 {
	end := int32(len(p.pts))
	if int(i)+1 < len(p.subs) {
		end = p.subs[i+1]
	}
	return p.pts[p.subs[i]:end]
}

// paint is what a pass fills its coverage with.
type paint struct {
	c     color.RGBA // premultiplied
	hatch bool       // only on diagonal stripes, for planned plots
}

// raster is the scratch a Renderer reuses between passes and frames.
type raster struct {
	z    vector.Rasterizer
	mask image.Alpha
}

// flush rasterizes the pass into dst (which must start at 0,0) and empties it.
func (p *pass) flush(dst *image.RGBA, pt paint, rs *raster) {
	flushTiles(dst, []*pass{p}, []paint{pt}, rs)
}

// flushTiles rasterizes passes of the same size in order, tile by tile
// rather than pass by pass, so that each tile of the frame stays in cache
// while all of them paint it, and empties them.
func flushTiles(dst *image.RGBA, ps []*pass, pts []paint, rs *raster) {
	p0 := ps[0]
	for ty := 0; ty < p0.th; ty++ {
		for tx := 0; tx < p0.tw; tx++ {
			r := image.Rect(tx*tileSide, ty*tileSide, (tx+1)*tileSide, (ty+1)*tileSide).Intersect(dst.Rect)
			if r.Empty() {
				continue
			}
			for i, p := range ps {
				if pts[i].c == (color.RGBA{}) {
					// nothing to paint: a residential group is outlined, not
					// filled, and blending its see-through fill over the whole
					// ward left every byte as it was but cost over half the
					// ward-scale frame
					continue
				}
				if bin := p.bins[ty*p.tw+tx]; len(bin) > 0 {
					p.coverage(bin, r, rs)
					blend(dst, r, &rs.mask, pts[i])
				}
			}
		}
	}
	for _, p := range ps {
		p.reset(p.w, p.h)
	}
}

// coverage rasterizes the subpaths of one tile into rs.mask.
func (p *pass) coverage(bin []int32, r image.Rectangle, rs *raster) {
	w, h := r.Dx(), r.Dy()
	rs.z.Reset(w, h)
	ox, oy := float32(r.Min.X), float32(r.Min.Y)
	for _, i := range bin {
		pts := p.subpath(i)
		rs.z.MoveTo(pts[0]-ox, pts[1]-oy)
		for j := 2; j < len(pts); j += 2 {
			rs.z.LineTo(pts[j]-ox, pts[j+1]-oy)
		}
		rs.z.ClosePath()
	}
	if cap(rs.mask.Pix) < w*h {
		rs.mask.Pix = make([]uint8, w*h)
	}
	rs.mask.Pix, rs.mask.Stride, rs.mask.Rect = rs.mask.Pix[:w*h], w, image.Rect(0, 0, w, h)
	// Src into an Alpha the size of the rasterizer is vector's fastest path.
	rs.z.DrawOp = draw.Src
	rs.z.Draw(&rs.mask, rs.mask.Rect, image.Opaque, image.Point{})
}

// blend paints pt over dst through the coverage mask m (origin at r.Min).
// Most of a tile is uncovered, so it skips eight zero mask bytes at a time.
func blend(dst *image.RGBA, r image.Rectangle, m *image.Alpha, pt paint) {
	w := r.Dx()
	for y := 0; y < r.Dy(); y++ {
		row := m.Pix[y*m.Stride : y*m.Stride+w]
		d := dst.Pix[dst.PixOffset(r.Min.X, r.Min.Y+y):]
		x := 0
		for ; x+8 <= w; x += 8 {
			if binary.LittleEndian.Uint64(row[x:]) != 0 {
				blendRun(d, row, x, x+8, r.Min.X, r.Min.Y+y, pt)
			}
		}
		blendRun(d, row, x, w, r.Min.X, r.Min.Y+y, pt)
	}
}

// blendRun blends mask bytes row[x0:x1] into the dst row d; (ox, y) is the
// frame position of row[0], for the hatch pattern. The four channels are
// blended at once, one 16-bit lane each of a uint64: (c·m + d·k)/255 fits a
// lane, as c ≤ alpha (premultiplied).
func blendRun(d, row []uint8, x0, x1, ox, y int, pt paint) {
	ca := uint64(pt.c.A)
	c64 := uint64(pt.c.R) | uint64(pt.c.G)<<16 | uint64(pt.c.B)<<32 | ca<<48
	opaque := uint32(pt.c.R) | uint32(pt.c.G)<<8 | uint32(pt.c.B)<<16 | 255<<24 // the pixel's four bytes in one store
	const lanes, ones = 0x00ff00ff00ff00ff, 0x0001000100010001
	for x := x0; x < x1; x++ {
		a := row[x]
		if a == 0 || (pt.hatch && !stripe(ox+x, y)) {
			continue
		}
		px := d[x*4 : x*4+4 : x*4+4]
		if a == 255 && ca == 255 { // inside an opaque shape: just store
			binary.LittleEndian.PutUint32(px, opaque)
			continue
		}
		m := uint64(a)
		k := 255 - ca*m/255
		p := uint64(binary.LittleEndian.Uint32(px))
		dl := (p|p<<16)&0x000000ff000000ff | (p<<8|p<<24)&0x00ff000000ff0000
		v := c64*m + dl*k
		v = (v + ones + (v>>8)&lanes) >> 8 & lanes // v/255 in each lane
		lo, hi := uint32(v), uint32(v>>32)         // R, G and B, A
		binary.LittleEndian.PutUint32(px, lo&0xff|lo>>8&0xff00|hi<<16&0xff0000|hi<<8&0xff000000)
	}
}

// stripe reports whether a pixel is on the diagonal stripes hatching
// paints: 2 pixels wide, every 6 pixels.
func stripe(x, y int) bool { return (x+y)%6 < 2 }
