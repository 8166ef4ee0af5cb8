package render

import (
	_ "embed"
	"fmt"
	"math"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// The Go fonts lack Latin Extended Additional (U+1EA0–1EF9: ầ, ọ, ệ, ả),
// which every Vietnamese street name needs, so labels use DejaVu Sans
// (Bitstream Vera licence, fonts/LICENSE), copied from Debian's
// fonts-dejavu-core.
//
//go:embed fonts/DejaVuSans.ttf
var dejaVuSans []byte

var (
	fontOnce sync.Once
	theFont  *sfnt.Font
	fontErr  error
)

// labelFont parses the embedded font once.
func labelFont() (*sfnt.Font, error) {
	fontOnce.Do(func() {
		theFont, fontErr = sfnt.Parse(dejaVuSans)
		if fontErr != nil {
			fontErr = fmt.Errorf("render: parse font: %w", fontErr)
		}
	})
	return theFont, fontErr
}

// glyphPPEM is the size glyph outlines are loaded at; they are scaled from
// there, so outlines are unhinted and can be drawn at any size and angle.
const glyphPPEM = 64

// glyph is a glyph's outline as closed polygons (curves flattened), in ems
// with y down from the baseline, and its advance in ems.
type glyph struct {
	contours [][]float64 // x, y pairs
	adv      float64
}

// face caches glyph outlines; it is owned by one Renderer.
type face struct {
	f      *sfnt.Font
	buf    sfnt.Buffer
	glyphs map[rune]*glyph
}

func newFace() (*face, error) {
	f, err := labelFont()
	if err != nil {
		return nil, err
	}
	return &face{f: f, glyphs: map[rune]*glyph{}}, nil
}

// glyph returns r's outline; a rune the font lacks gets the font's
// .notdef box, so a missing glyph shows rather than vanishing.
func (fc *face) glyph(r rune) *glyph {
	if g, ok := fc.glyphs[r]; ok {
		return g
	}
	g := &glyph{}
	fc.glyphs[r] = g
	idx, err := fc.f.GlyphIndex(&fc.buf, r)
	if err != nil {
		return g
	}
	ppem := fixed.I(glyphPPEM)
	if adv, err := fc.f.GlyphAdvance(&fc.buf, idx, ppem, font.HintingNone); err == nil {
		g.adv = float64(adv) / 64 / glyphPPEM
	}
	segs, err := fc.f.LoadGlyph(&fc.buf, idx, ppem, nil)
	if err != nil {
		return g
	}
	g.contours = flatten(segs)
	return g
}

// flatten turns sfnt segments into polygons, splitting curves into a few
// straight pieces: at label sizes (10–15 px) four are indistinguishable
// from the curve.
func flatten(segs sfnt.Segments) [][]float64 {
	const steps = 4
	var out [][]float64
	var cur []float64
	var px, py float64
	pt := func(p fixed.Point26_6) (float64, float64) {
		return float64(p.X) / 64 / glyphPPEM, float64(p.Y) / 64 / glyphPPEM
	}
	for _, s := range segs {
		switch s.Op {
		case sfnt.SegmentOpMoveTo:
			if len(cur) >= 6 {
				out = append(out, cur)
			}
			px, py = pt(s.Args[0])
			cur = []float64{px, py}
		case sfnt.SegmentOpLineTo:
			px, py = pt(s.Args[0])
			cur = append(cur, px, py)
		case sfnt.SegmentOpQuadTo:
			bx, by := pt(s.Args[0])
			cx, cy := pt(s.Args[1])
			for i := 1; i <= steps; i++ {
				t := float64(i) / steps
				u := 1 - t
				cur = append(cur, u*u*px+2*u*t*bx+t*t*cx, u*u*py+2*u*t*by+t*t*cy)
			}
			px, py = cx, cy
		case sfnt.SegmentOpCubeTo:
			bx, by := pt(s.Args[0])
			cx, cy := pt(s.Args[1])
			dx, dy := pt(s.Args[2])
			for i := 1; i <= steps; i++ {
				t := float64(i) / steps
				u := 1 - t
				cur = append(cur,
					u*u*u*px+3*u*u*t*bx+3*u*t*t*cx+t*t*t*dx,
					u*u*u*py+3*u*u*t*by+3*u*t*t*cy+t*t*t*dy)
			}
			px, py = dx, dy
		}
	}
	if len(cur) >= 6 {
		out = append(out, cur)
	}
	return out
}

// width is the advance of s at size px.
func (fc *face) width(s string, size float64) float64 {
	var w float64
	for _, r := range s {
		w += fc.glyph(r).adv
	}
	return w * size
}

// textRun places text: the baseline starts at (X, Y) and runs at angle A
// (radians, clockwise on screen from the x axis).
type textRun struct {
	X, Y, A float64
	Size    float64
}

// text adds the outline of s to the pass.
func (p *pass) text(fc *face, s string, tr textRun) {
	cos, sin := math.Cos(tr.A), math.Sin(tr.A)
	pen := 0.0
	for _, r := range s {
		g := fc.glyph(r)
		for _, c := range g.contours {
			p.begin()
			for i := 0; i < len(c); i += 2 {
				gx, gy := (pen+c[i])*tr.Size, c[i+1]*tr.Size
				p.add(tr.X+gx*cos-gy*sin, tr.Y+gx*sin+gy*cos)
			}
			p.end()
		}
		pen += g.adv
	}
}
