package app

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"strconv"

	"github.com/paulmach/orb"
	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// What an inspector needs to follow a route on the map: where it starts,
// which way it goes and the order of the stops.

// arrowEvery is the spacing of the direction arrows along a route, in
// pixels: near enough to see the way at any zoom, far enough not to hide
// the line.
const arrowEvery = 70

var startColour = color.NRGBA{20, 20, 20, 255}

// arrows draws a small white-rimmed arrowhead pointing along ls every
// arrowEvery pixels.
func arrows(img *image.NRGBA, ls orb.LineString, px func(orb.Point) (float32, float32), c color.NRGBA) {
	var heads [][3][2]float32
	next := float32(arrowEvery / 2)
	walked := float32(0)
	for i := 1; i < len(ls); i++ {
		x0, y0 := px(ls[i-1])
		x1, y1 := px(ls[i])
		dx, dy := x1-x0, y1-y0
		seg := float32(math.Hypot(float64(dx), float64(dy)))
		if seg == 0 {
			continue
		}
		ux, uy := dx/seg, dy/seg
		for next <= walked+seg {
			t := next - walked
			x, y := x0+ux*t, y0+uy*t
			// A triangle: tip 6 px ahead, base 5 px behind, 5 px wide.
			heads = append(heads, [3][2]float32{
				{x + ux*6, y + uy*6},
				{x - ux*5 - uy*5, y - uy*5 + ux*5},
				{x - ux*5 + uy*5, y - uy*5 - ux*5},
			})
			next += arrowEvery
		}
		walked += seg
	}
	if len(heads) == 0 {
		return
	}
	for _, pass := range []struct {
		grow float32
		c    color.NRGBA
	}{{1.6, color.NRGBA{255, 255, 255, 255}}, {1, c}} {
		z := vector.NewRasterizer(img.Rect.Dx(), img.Rect.Dy())
		z.DrawOp = draw.Over
		for _, h := range heads {
			cx, cy := (h[0][0]+h[1][0]+h[2][0])/3, (h[0][1]+h[1][1]+h[2][1])/3
			for k, p := range h {
				x, y := cx+(p[0]-cx)*pass.grow, cy+(p[1]-cy)*pass.grow
				if k == 0 {
					z.MoveTo(x, y)
				} else {
					z.LineTo(x, y)
				}
			}
			z.ClosePath()
		}
		z.Draw(img, img.Rect, image.NewUniform(pass.c), image.Point{})
	}
}

// numbered draws each stop as a disc in the route's colour with its
// number (1, 2, …) in white, as on the stop list.
func numbered(img *image.NRGBA, ps []orb.Point, px func(orb.Point) (float32, float32), c color.NRGBA) {
	dots(img, ps, px, 8, c)
	d := font.Drawer{Dst: img, Src: image.NewUniform(color.White), Face: basicfont.Face7x13}
	for i, p := range ps {
		x, y := px(p)
		s := strconv.Itoa(i + 1)
		w := d.MeasureString(s)
		d.Dot = fixed.Point26_6{X: fixed.I(int(x)) - w/2, Y: fixed.I(int(y) + 4)}
		d.DrawString(s)
	}
}

// ownStart marks an inspector's own start: a square in their route's
// colour with their number, dark-rimmed like the office's, so it reads as
// a start and says whose.
func ownStart(img *image.NRGBA, p orb.Point, px func(orb.Point) (float32, float32), c color.NRGBA, n int) {
	x, y := px(p)
	for _, pass := range []struct {
		r float32
		c color.NRGBA
	}{{11, color.NRGBA{255, 255, 255, 255}}, {9.5, startColour}, {8, c}} {
		square(img, x, y, pass.r, pass.c)
	}
	d := font.Drawer{Dst: img, Src: image.NewUniform(color.White), Face: basicfont.Face7x13}
	s := strconv.Itoa(n)
	d.Dot = fixed.Point26_6{X: fixed.I(int(x)) - d.MeasureString(s)/2, Y: fixed.I(int(y) + 4)}
	d.DrawString(s)
}

func square(img *image.NRGBA, x, y, r float32, c color.NRGBA) {
	z := vector.NewRasterizer(img.Rect.Dx(), img.Rect.Dy())
	z.DrawOp = draw.Over
	z.MoveTo(x-r, y-r)
	z.LineTo(x+r, y-r)
	z.LineTo(x+r, y+r)
	z.LineTo(x-r, y+r)
	z.ClosePath()
	z.Draw(img, img.Rect, image.NewUniform(c), image.Point{})
}

// start marks where the routes leave from (and come back to): a dark
// square with a white rim, unlike any stop.
func start(img *image.NRGBA, p orb.Point, px func(orb.Point) (float32, float32)) {
	x, y := px(p)
	for _, pass := range []struct {
		r float32
		c color.NRGBA
	}{{9, color.NRGBA{255, 255, 255, 255}}, {7, startColour}} {
		square(img, x, y, pass.r, pass.c)
	}
}
