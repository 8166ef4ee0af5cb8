package app

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"sort"
	"strconv"

	"github.com/paulmach/orb"
	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"

	"wardmap/app/mapview"
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

// stopMark is a route's stop on the map: its number on the route, where
// it is and the route's colour.
type stopMark struct {
	x, y   float32
	n      int
	colour color.NRGBA
	// keep is set for a route's first and last stops and the selected
	// one: numbered whatever else is near, moved aside if need be.
	keep bool
}

// stopRadius is the radius of a numbered stop's disc; stopDot that of a
// stop whose number did not fit; stopAside how far a kept number moves
// off its stop when its place is taken (at least).
const (
	stopRadius = 8
	stopDot    = 3.5
	stopAside  = 20
)

// halfWidth is half the width of the mark's disc: wider than round for
// three digits (a 100th stop printed "100" over its disc's edges).
func (m stopMark) halfWidth() float32 {
	return max(stopRadius, float32(7*len(strconv.Itoa(m.n)))/2+1.5)
}

// box is the mark's disc and white rim, at (dx, dy) from its stop.
func (m stopMark) box(dx, dy float32) image.Rectangle {
	hw, r := m.halfWidth()+1.5, float32(stopRadius+1.5)
	x, y := m.x+dx, m.y+dy
	return image.Rect(int(math.Floor(float64(x-hw))), int(math.Floor(float64(y-r))), int(math.Ceil(float64(x+hw))), int(math.Ceil(float64(y+r))))
}

// asides are the places tried for a kept number whose own place is
// taken: round it at one, then two and three times stopAside (near the
// office the first ring was often full, and the last stop's number was
// left under the start square).
var asides = func() [][2]float32 {
	var out [][2]float32
	for ring := 1; ring <= 3; ring++ {
		n := 8 * ring
		for k := 0; k < n; k++ {
			a := 2 * math.Pi * float64(k) / float64(n)
			d := float64(stopAside * ring)
			out = append(out, [2]float32{float32(d * math.Cos(a)), float32(d * math.Sin(a))})
		}
	}
	return out
}()

// placed is where a stop's number went: the offset from its stop.
type placed struct {
	mark   int
	dx, dy float32
}

// placeStops chooses the stops whose numbers are drawn, so that no two
// numbers overlap (nor the start squares in taken): dense routes drew
// their numbers over one another at ward scale, unreadable. The kept
// stops (first, last, selected) go first, moved aside when their place is
// taken; then every stop in its order on the route, across the routes (so
// that each route keeps its first numbers), where it is free. The other
// stops are drawn as dots.
func placeStops(marks []stopMark, taken []image.Rectangle) []placed {
	order := make([]int, len(marks))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		ma, mb := marks[order[a]], marks[order[b]]
		if ma.keep != mb.keep {
			return ma.keep
		}
		return ma.n < mb.n
	})
	used := append([]image.Rectangle(nil), taken...)
	free := func(b image.Rectangle) bool {
		for _, u := range used {
			if b.Overlaps(u) {
				return false
			}
		}
		return true
	}
	var out []placed
	for _, i := range order {
		m := marks[i]
		tries := [][2]float32{{0, 0}}
		if m.keep {
			tries = append(tries, asides...)
		}
		at := -1
		for k, d := range tries {
			if free(m.box(d[0], d[1])) {
				at = k
				break
			}
		}
		if at < 0 && !m.keep {
			continue
		}
		if at < 0 {
			at = 0 // kept: numbered over the others rather than lost
		}
		out = append(out, placed{i, tries[at][0], tries[at][1]})
		used = append(used, m.box(tries[at][0], tries[at][1]))
	}
	return out
}

// numbered draws the stops: those placeStops numbers as a disc in the
// route's colour with the number in white (as on the stop list), a kept
// number moved aside tied to its stop by a line; the others as dots.
func numbered(img *image.NRGBA, marks []stopMark, taken []image.Rectangle) {
	ps := placeStops(marks, taken)
	withNumber := make([]bool, len(marks))
	for _, p := range ps {
		withNumber[p.mark] = true
	}
	for i, m := range marks {
		if !withNumber[i] {
			disc(img, m.x, m.y, stopDot+1.5, stopDot+1.5, color.NRGBA{255, 255, 255, 255})
			disc(img, m.x, m.y, stopDot, stopDot, m.colour)
		}
	}
	d := font.Drawer{Dst: img, Src: image.NewUniform(color.White), Face: basicfont.Face7x13}
	for _, p := range ps {
		m := marks[p.mark]
		x, y := m.x+p.dx, m.y+p.dy
		if p.dx != 0 || p.dy != 0 {
			ident := func(q orb.Point) (float32, float32) { return float32(q[0]), float32(q[1]) }
			leader := orb.LineString{{float64(m.x), float64(m.y)}, {float64(x), float64(y)}}
			stroke(img, leader, ident, 3.5, color.NRGBA{255, 255, 255, 255})
			stroke(img, leader, ident, 1.5, m.colour)
		}
		hw := m.halfWidth()
		disc(img, x, y, hw+1.5, stopRadius+1.5, color.NRGBA{255, 255, 255, 255})
		disc(img, x, y, hw, stopRadius, m.colour)
		s := strconv.Itoa(m.n)
		d.Dot = fixed.Point26_6{X: fixed.I(int(x)) - d.MeasureString(s)/2, Y: fixed.I(int(y) + 4)}
		d.DrawString(s)
	}
}

// disc fills a disc of radius r at (x, y), or with hw > r a pill of half
// width hw: two half discs joined by a rectangle.
func disc(img *image.NRGBA, x, y, hw, r float32, c color.NRGBA) {
	z := vector.NewRasterizer(img.Rect.Dx(), img.Rect.Dy())
	z.DrawOp = draw.Over
	if hw <= r {
		mapview.AddCircle(z, x, y, r, false)
		z.Draw(img, img.Rect, image.NewUniform(c), image.Point{})
		return
	}
	// the ends and the middle drawn apart: paths of opposite windings
	// in one rasterizer would cancel where they overlap
	l, rt := x-hw+r, x+hw-r
	mapview.AddCircle(z, l, y, r, false)
	mapview.AddCircle(z, rt, y, r, false)
	z.Draw(img, img.Rect, image.NewUniform(c), image.Point{})
	z.Reset(img.Rect.Dx(), img.Rect.Dy())
	z.DrawOp = draw.Over
	z.MoveTo(l, y-r)
	z.LineTo(rt, y-r)
	z.LineTo(rt, y+r)
	z.LineTo(l, y+r)
	z.ClosePath()
	z.Draw(img, img.Rect, image.NewUniform(c), image.Point{})
}

// squareBox is the box of a start square of half side r at p.
func squareBox(x, y, r float32) image.Rectangle {
	return image.Rect(int(x-r), int(y-r), int(math.Ceil(float64(x+r))), int(math.Ceil(float64(y+r))))
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
