package mapview

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"github.com/paulmach/orb"
	"golang.org/x/image/vector"

	"wardmap/gis/tile"
)

// Overlay is drawn above the map: the selected feature and the shape being
// drawn, in lon/lat.
type Overlay struct {
	Selected orb.Geometry
	// Sketch is the line or ring being drawn, vertex by vertex; Closed
	// draws it as a polygon.
	Sketch orb.LineString
	Closed bool
	// Snap marks the vertex the next click will snap to.
	Snap *orb.Point
	// Vertex marks the selected line's or polygon's vertex being edited.
	Vertex *orb.Point
}

var (
	selColour    = color.RGBA{0, 170, 255, 255}
	sketchColour = color.RGBA{230, 30, 140, 255}
	fillColour   = color.RGBA{230, 30, 140, 60}
)

func (o Overlay) draw(img *image.RGBA, v tile.View) {
	pr := v.Projector()
	px := func(p orb.Point) (float32, float32) {
		x, y := pr.ToPixel(p)
		return float32(x), float32(y)
	}
	switch g := o.Selected.(type) {
	case orb.Point:
		x, y := px(g)
		ring(img, x, y, 11, 3, selColour)
	case orb.LineString:
		polyline(img, g, px, 6, color.RGBA{0, 170, 255, 160})
		handles(img, g, px)
	case orb.Polygon:
		for _, r := range g { // the shell and its holes
			polyline(img, orb.LineString(r), px, 4, selColour)
			handles(img, orb.LineString(r), px)
		}
	}
	if o.Vertex != nil {
		x, y := px(*o.Vertex)
		disc(img, x, y, 6, selColour)
	}
	if len(o.Sketch) > 0 {
		if o.Closed && len(o.Sketch) > 2 {
			fill(img, o.Sketch, px, fillColour)
			polyline(img, append(append(orb.LineString{}, o.Sketch...), o.Sketch[0]), px, 2.5, sketchColour)
		} else {
			polyline(img, o.Sketch, px, 2.5, sketchColour)
		}
		for _, p := range o.Sketch {
			x, y := px(p)
			disc(img, x, y, 4, sketchColour)
		}
	}
	if o.Snap != nil {
		x, y := px(*o.Snap)
		ring(img, x, y, 8, 2, sketchColour)
	}
}

// handles marks the vertices of the selected line or ring, which can be
// dragged, inserted (drag an edge) and deleted (tap, then Delete).
func handles(img *image.RGBA, ls orb.LineString, px func(orb.Point) (float32, float32)) {
	for _, p := range ls {
		x, y := px(p)
		disc(img, x, y, 4, color.RGBA{255, 255, 255, 255})
		ring(img, x, y, 4, 1.5, selColour)
	}
}

func paint(img *image.RGBA, z *vector.Rasterizer, c color.RGBA) {
	z.Draw(img, img.Rect, image.NewUniform(c), image.Point{})
}

func newRasterizer(img *image.RGBA) *vector.Rasterizer {
	z := vector.NewRasterizer(img.Rect.Dx(), img.Rect.Dy())
	z.DrawOp = draw.Over
	return z
}

// AddCircle adds a circle of radius r to z's path; reverse winds it the
// other way, which cuts a hole in a circle around it (a ring). The map's
// overlays and the app's route layer draw with it.
func AddCircle(z *vector.Rasterizer, x, y, r float32, reverse bool) {
	const n = 24
	for i := 0; i <= n; i++ {
		a := 2 * math.Pi * float64(i) / n
		if reverse {
			a = -a
		}
		cx, cy := x+r*float32(math.Cos(a)), y+r*float32(math.Sin(a))
		if i == 0 {
			z.MoveTo(cx, cy)
		} else {
			z.LineTo(cx, cy)
		}
	}
	z.ClosePath()
}

func disc(img *image.RGBA, x, y, r float32, c color.RGBA) {
	z := newRasterizer(img)
	AddCircle(z, x, y, r, false)
	paint(img, z, c)
}

func ring(img *image.RGBA, x, y, r, w float32, c color.RGBA) {
	z := newRasterizer(img)
	AddCircle(z, x, y, r, false)
	AddCircle(z, x, y, r-w, true)
	paint(img, z, c)
}

// polyline strokes each segment as a quad.
func polyline(img *image.RGBA, ls orb.LineString, px func(orb.Point) (float32, float32), w float32, c color.RGBA) {
	z := newRasterizer(img)
	AddStroke(z, ls, px, w)
	paint(img, z, c)
}

// AddStroke adds a quad w pixels wide along each segment of ls (projected
// to pixels by px) to z's path.
func AddStroke(z *vector.Rasterizer, ls orb.LineString, px func(orb.Point) (float32, float32), w float32) {
	for i := 1; i < len(ls); i++ {
		x0, y0 := px(ls[i-1])
		x1, y1 := px(ls[i])
		dx, dy := x1-x0, y1-y0
		l := float32(math.Hypot(float64(dx), float64(dy)))
		if l == 0 {
			continue
		}
		nx, ny := -dy/l*w/2, dx/l*w/2
		z.MoveTo(x0+nx, y0+ny)
		z.LineTo(x1+nx, y1+ny)
		z.LineTo(x1-nx, y1-ny)
		z.LineTo(x0-nx, y0-ny)
		z.ClosePath()
	}
}

func fill(img *image.RGBA, ls orb.LineString, px func(orb.Point) (float32, float32), c color.RGBA) {
	z := newRasterizer(img)
	AddRing(z, ls, px)
	paint(img, z, c)
}

// AddRing adds the closed path through ls's points (projected by px) to
// z: filled with others under the non-zero rule, a ring wound against its
// shell is a hole.
func AddRing(z *vector.Rasterizer, ls []orb.Point, px func(orb.Point) (float32, float32)) {
	for i, p := range ls {
		x, y := px(p)
		if i == 0 {
			z.MoveTo(x, y)
		} else {
			z.LineTo(x, y)
		}
	}
	z.ClosePath()
}
