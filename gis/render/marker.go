package render

import (
	"image"
	"image/color"
	"math"
	"strconv"

	"github.com/paulmach/orb"
)

// Point features are drawn as sprites: each style's marker is rasterized
// once, anti-aliased, and then copied to every position. Copying a 12×12
// sprite is far cheaper than rasterizing a path, and a street-scale frame
// holds thousands of markers.

// sprite is a premultiplied image and the pixel in it that sits on the
// feature.
type sprite struct {
	img    *image.RGBA
	ax, ay int
}

// markerSprite rasterizes the marker of style s.
func (r *Renderer) markerSprite(s Style) *sprite {
	if sp, ok := r.sprites[s]; ok {
		return sp
	}
	rad := s.Radius
	side := int(math.Ceil(2*rad)) + 4
	h := side
	if s.Marker == Pin {
		h = int(math.Ceil(3*rad)) + 4
	}
	c := float64(side) / 2
	sp := &sprite{img: image.NewRGBA(image.Rect(0, 0, side, h)), ax: side / 2, ay: side / 2}
	p := &r.scratch
	p.reset(side, h)
	outer, inner := markerShapes(s.Marker, c, c, rad)
	if s.Marker == Pin {
		sp.ay = int(c + 2*rad)
	}
	for _, sh := range outer {
		p.fillPolygon(orb.Polygon{sh})
	}
	p.flush(sp.img, paint{c: s.Stroke}, &r.raster)
	for _, sh := range inner {
		p.fillPolygon(orb.Polygon{sh})
	}
	p.flush(sp.img, paint{c: s.Fill}, &r.raster)
	r.markerDetail(sp.img, s, c, rad)
	r.sprites[s] = sp
	return sp
}

// markerShapes returns the outline shape (drawn in the stroke colour) and
// the body drawn over it (in the fill colour), centred on (x, y).
func markerShapes(m Marker, x, y, r float64) (outer, inner []orb.Ring) {
	switch m {
	case Triangle:
		return []orb.Ring{polygonRing(x, y+r*0.15, r+1.2, 3, -math.Pi/2)}, []orb.Ring{polygonRing(x, y+r*0.15, r-0.6, 3, -math.Pi/2)}
	case Square:
		return []orb.Ring{polygonRing(x, y, (r+1)*math.Sqrt2, 4, math.Pi/4)}, []orb.Ring{polygonRing(x, y, (r-0.3)*math.Sqrt2, 4, math.Pi/4)}
	case Diamond:
		return []orb.Ring{polygonRing(x, y, r+1.3, 4, 0)}, []orb.Ring{polygonRing(x, y, r-0.3, 4, 0)}
	case Pin:
		return []orb.Ring{pinRing(x, y, r+1)}, []orb.Ring{pinRing(x, y, r-0.3)}
	case Ring:
		return nil, []orb.Ring{circleRing(x, y, r)}
	case Alert:
		return []orb.Ring{circleRing(x, y, r+0.5)}, []orb.Ring{circleRing(x, y, r*0.55)}
	}
	return []orb.Ring{circleRing(x, y, r)}, []orb.Ring{circleRing(x, y, r-1.2)}
}

// markerDetail draws what goes on top of the body: the X of a broken
// asset, the hole of a ring, the dot of a pin.
func (r *Renderer) markerDetail(img *image.RGBA, s Style, c, rad float64) {
	p := &r.scratch
	switch s.Marker {
	case Crossed:
		d := rad * 0.55
		p.strokeLine([]orb.Point{{c - d, c - d}, {c + d, c + d}}, 1.7)
		p.strokeLine([]orb.Point{{c - d, c + d}, {c + d, c - d}}, 1.7)
		p.flush(img, paint{c: s.Stroke}, &r.raster)
	case Ring:
		// blend only paints over, so the hole is cleared pixel by pixel
		clearDisc(img, c, c, rad-2)
	case Alert:
		// the outer ring in the fill colour, around the white gap
		p.fillPolygon(orb.Polygon{circleRing(c, c, rad+0.5), circleRing(c, c, rad-1.3)})
		p.flush(img, paint{c: s.Fill}, &r.raster)
	case Pin:
		p.disc(c, c, rad*0.35)
		p.flush(img, paint{c: s.Stroke}, &r.raster)
	}
}

// clearDisc makes the pixels inside the circle transparent, with a soft
// edge.
func clearDisc(img *image.RGBA, cx, cy, r float64) {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			d := math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy)
			keep := math.Max(0, math.Min(1, d-r+0.5))
			i := img.PixOffset(x, y)
			for k := 0; k < 4; k++ {
				img.Pix[i+k] = uint8(float64(img.Pix[i+k]) * keep)
			}
		}
	}
}

func circleRing(x, y, r float64) orb.Ring {
	return polygonRing(x, y, r, max(8, min(32, int(r*3))), 0)
}

// polygonRing is a regular n-gon of circumradius r, first vertex at angle a.
func polygonRing(x, y, r float64, n int, a float64) orb.Ring {
	ring := make(orb.Ring, 0, n+1)
	for i := 0; i < n; i++ {
		t := a + 2*math.Pi*float64(i)/float64(n)
		ring = append(ring, orb.Point{x + r*math.Cos(t), y + r*math.Sin(t)})
	}
	return append(ring, ring[0])
}

// pinRing is a drop: a circle of radius r at (x, y) ending in a point 2r
// below the centre.
func pinRing(x, y, r float64) orb.Ring {
	var ring orb.Ring
	const n = 16
	// the arc from the right tangent point over the top to the left one
	for i := 0; i <= n; i++ {
		t := math.Pi/6 - (math.Pi+math.Pi/3)*float64(i)/n
		ring = append(ring, orb.Point{x + r*math.Cos(t), y + r*math.Sin(t)})
	}
	ring = append(ring, orb.Point{x, y + 2*r}, ring[0])
	return ring
}

// bubbleKey names a cluster bubble sprite: its colour and its count text.
type bubbleKey struct {
	c    color.RGBA
	text string
}

// bubbleSprite is a circle in the kind's colour with the count in it, sized
// by the count's order of magnitude.
func (r *Renderer) bubbleSprite(c color.RGBA, n int) *sprite {
	txt := strconv.Itoa(n)
	if n >= 10000 {
		txt = strconv.Itoa(n/1000) + "k"
	}
	key := bubbleKey{c, txt}
	if sp, ok := r.bubbles[key]; ok {
		return sp
	}
	if len(r.bubbles) > 4096 { // counts change with every pan; keep the cache bounded
		clear(r.bubbles)
	}
	size := 10.0
	rad := 8 + 3*math.Log10(float64(n))
	side := int(math.Ceil(2*rad)) + 4
	cx := float64(side) / 2
	img := image.NewRGBA(image.Rect(0, 0, side, side))
	p := &r.scratch
	p.reset(side, side)
	p.disc(cx, cx, rad+1.5)
	p.flush(img, paint{c: r.theme.Bubble}, &r.raster)
	p.disc(cx, cx, rad)
	p.flush(img, paint{c: withAlpha(c, 230)}, &r.raster)
	tw := r.face.width(txt, size)
	p.text(r.face, txt, textRun{X: cx - tw/2, Y: cx + size*0.36, Size: size})
	p.flush(img, paint{c: contrast(c)}, &r.raster)
	sp := &sprite{img: img, ax: side / 2, ay: side / 2}
	r.bubbles[key] = sp
	return sp
}

// withAlpha returns the opaque colour c at alpha a, premultiplied.
func withAlpha(c color.RGBA, a uint8) color.RGBA {
	if c.A == 0 {
		return c
	}
	un := func(v uint8) uint8 { return uint8(uint32(v) * 255 / uint32(c.A)) }
	return rgba(un(c.R), un(c.G), un(c.B), a)
}

// contrast is black or white, whichever reads better on c.
func contrast(c color.RGBA) color.RGBA {
	if 299*uint32(c.R)+587*uint32(c.G)+114*uint32(c.B) > 150*1000 {
		return rgb(20, 20, 20)
	}
	return white
}

// blit draws sp over dst with its anchor at (x, y).
func blit(dst *image.RGBA, sp *sprite, x, y int) {
	r := sp.img.Rect.Add(image.Pt(x-sp.ax, y-sp.ay))
	clip := r.Intersect(dst.Rect)
	if clip.Empty() {
		return
	}
	sx, sy := clip.Min.X-r.Min.X, clip.Min.Y-r.Min.Y
	w := clip.Dx() * 4
	for j := 0; j < clip.Dy(); j++ {
		s := sp.img.Pix[sp.img.PixOffset(sx, sy+j):][:w]
		d := dst.Pix[dst.PixOffset(clip.Min.X, clip.Min.Y+j):][:w]
		for i := 0; i < w; i += 4 {
			a := uint32(s[i+3])
			if a == 0 {
				continue
			}
			if a == 255 {
				copy(d[i:i+4], s[i:i+4])
				continue
			}
			k := 255 - a
			d[i] = uint8(uint32(s[i]) + uint32(d[i])*k/255)
			d[i+1] = uint8(uint32(s[i+1]) + uint32(d[i+1])*k/255)
			d[i+2] = uint8(uint32(s[i+2]) + uint32(d[i+2])*k/255)
			d[i+3] = uint8(a + uint32(d[i+3])*k/255)
		}
	}
}
