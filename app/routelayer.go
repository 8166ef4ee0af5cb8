package app

import (
	"image"
	"image/color"
	"image/draw"
	"sync"

	"fyne.io/fyne/v2/canvas"
	"github.com/paulmach/orb"
	"golang.org/x/image/vector"

	"wardmap/app/mapview"
	"wardmap/gis/casework"
	"wardmap/gis/plan"
)

// routePalette gives each inspector's route its own colour, distinct on
// both map themes.
var routePalette = []color.NRGBA{
	{230, 25, 75, 255}, {0, 130, 200, 255}, {60, 180, 75, 255}, {245, 130, 48, 255},
	{145, 30, 180, 255}, {0, 160, 160, 255}, {240, 50, 230, 255}, {128, 128, 0, 255},
	{170, 110, 40, 255}, {0, 0, 128, 255},
}

// RouteColour is the colour of inspector route i on the map.
func RouteColour(i int) color.NRGBA { return routePalette[i%len(routePalette)] }

// CoveredColour highlights the streets an imported track covered;
// partial ones are yellow.
var CoveredColour = color.NRGBA{0, 200, 90, 230}

var (
	partialColour = color.NRGBA{255, 190, 0, 200}
	trackColour   = color.NRGBA{40, 40, 40, 200}
)

// routeLayer draws the planned routes and an imported track's covered
// streets in a transparent raster stacked over the map, in the map's
// current view. It redraws after every map frame.
type routeLayer struct {
	w      *Window
	raster *canvas.Raster

	mu       sync.Mutex
	routes   []orb.LineString
	stops    [][]orb.Point
	stopIDs  [][]string  // each stop's record, to keep the selected one's number
	selected string      // the record in the edit panel
	colour   []int       // each route's inspector (from 0): its colour
	starts   []orb.Point // each inspector's own start, zero for the office
	focus    int         // the one route shown, or -1 for all
	track    *TrackResult
	hotspots []casework.Hotspot
}

// hotspotColour rings the places where violations keep coming back.
var hotspotColour = color.NRGBA{220, 20, 60, 150}

func newRouteLayer(w *Window) *routeLayer {
	l := &routeLayer{w: w, focus: -1}
	l.raster = canvas.NewRaster(l.draw)
	w.afterViewChange(func() {
		if !l.empty() {
			l.raster.Refresh()
		}
	})
	return l
}

func (l *routeLayer) empty() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.routes) == 0 && l.track == nil && len(l.hotspots) == 0 && !l.anyStart()
}

func (l *routeLayer) anyStart() bool {
	for _, s := range l.starts {
		if s != (orb.Point{}) {
			return true
		}
	}
	return false
}

// setStarts shows each inspector's own start (zero: the office, not drawn
// until a route leaves from it).
func (l *routeLayer) setStarts(ps []orb.Point) {
	l.mu.Lock()
	l.starts = ps
	l.mu.Unlock()
	l.raster.Refresh()
}

// setHotspots shows (or with nil, hides) the violation hotspots.
func (l *routeLayer) setHotspots(hs []casework.Hotspot) {
	l.mu.Lock()
	l.hotspots = hs
	l.mu.Unlock()
	l.raster.Refresh()
}

func (l *routeLayer) setRoutes(d *plan.Day) {
	l.mu.Lock()
	l.routes, l.stops, l.stopIDs, l.colour, l.focus = nil, nil, nil, nil, -1
	if d != nil {
		for _, r := range d.Routes {
			l.routes = append(l.routes, r.Path)
			l.colour = append(l.colour, r.Inspector-1)
			var ps []orb.Point
			var ids []string
			for _, v := range r.Visits {
				ps = append(ps, v.Entry.Point)
				id := ""
				if v.Target >= 0 && v.Target < len(d.Due) {
					id = d.Due[v.Target].ID
				}
				ids = append(ids, id)
			}
			l.stops = append(l.stops, ps)
			l.stopIDs = append(l.stopIDs, ids)
		}
	}
	l.mu.Unlock()
	l.raster.Refresh()
}

// setFocus shows only route i (-1: all of them).
func (l *routeLayer) setFocus(i int) {
	l.mu.Lock()
	l.focus = i
	l.mu.Unlock()
	l.raster.Refresh()
}

func (l *routeLayer) setTrack(t *TrackResult) {
	l.mu.Lock()
	l.track = t
	l.mu.Unlock()
	l.raster.Refresh()
}

// Render draws the layer at w×h pixels in the map's view (tests).
func (l *routeLayer) Render(w, h int) image.Image { return l.draw(w, h) }

func (l *routeLayer) draw(w, h int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.routes) == 0 && l.track == nil && len(l.hotspots) == 0 && !l.anyStart() {
		return img
	}
	v := l.w.Map.View()
	v.Width, v.Height = w, h
	pr := v.Projector()
	px := func(p orb.Point) (float32, float32) {
		x, y := pr.ToPixel(p)
		return float32(x), float32(y)
	}
	if t := l.track; t != nil {
		for _, c := range t.Partial {
			stroke(img, c.Line, px, 7, partialColour)
		}
		for _, c := range t.Covered {
			stroke(img, c.Line, px, 9, CoveredColour)
		}
		for _, ls := range t.Track {
			stroke(img, ls, px, 2, trackColour)
		}
	}
	for _, h := range l.hotspots {
		// A ring that grows with the number of violations, and a dot.
		x, y := px(h.Center)
		r := float32(10 + 3*min(h.Count, 10))
		ring(img, x, y, r, 4, hotspotColour)
		dots(img, []orb.Point{h.Center}, px, 4, color.NRGBA{hotspotColour.R, hotspotColour.G, hotspotColour.B, 255})
	}
	for i, r := range l.routes {
		if l.focus >= 0 && i != l.focus {
			continue
		}
		c := RouteColour(l.colour[i])
		stroke(img, r, px, 4, color.NRGBA{c.R, c.G, c.B, 210})
		arrows(img, r, px, c)
	}
	// Stops and starts over every line, so no route hides another's
	// number; the numbers of all routes placed together, clear of one
	// another and of the start squares.
	var marks []stopMark
	var taken []image.Rectangle
	var starts []orb.Point
	for i, r := range l.routes {
		if l.focus >= 0 && i != l.focus {
			continue
		}
		c, last := RouteColour(l.colour[i]), len(l.stops[i])-1
		for k, p := range l.stops[i] {
			x, y := px(p)
			sel := l.selected != "" && k < len(l.stopIDs[i]) && l.stopIDs[i][k] == l.selected
			marks = append(marks, stopMark{x: x, y: y, n: k + 1, colour: c, keep: k == 0 || k == last || sel})
		}
		if len(r) > 0 && !l.ownStart(l.colour[i]) {
			starts = append(starts, r[0])
			x, y := px(r[0])
			taken = append(taken, squareBox(x, y, 9))
		}
	}
	own := l.shownStarts()
	for _, i := range own {
		x, y := px(l.starts[i])
		taken = append(taken, squareBox(x, y, 11))
	}
	numbered(img, marks, taken)
	for _, p := range starts {
		start(img, p, px)
	}
	for _, i := range own {
		ownStart(img, l.starts[i], px, RouteColour(i), i+1)
	}
	return img
}

// shownStarts are the inspectors whose own start is drawn.
func (l *routeLayer) shownStarts() []int {
	var out []int
	for i, s := range l.starts {
		if s != (orb.Point{}) && (l.focus < 0 || l.focus < len(l.colour) && l.colour[l.focus] == i) {
			out = append(out, i)
		}
	}
	return out
}

// setSelected keeps the number of the stop of record id (the one in the
// edit panel) on the map.
func (l *routeLayer) setSelected(id string) {
	l.mu.Lock()
	changed := l.selected != id
	l.selected = id
	l.mu.Unlock()
	if changed && !l.empty() {
		l.raster.Refresh()
	}
}

func (l *routeLayer) ownStart(i int) bool { return i < len(l.starts) && l.starts[i] != (orb.Point{}) }

// stroke draws a polyline w pixels wide: a quad per segment, a disc per
// joint.
func stroke(img *image.NRGBA, ls orb.LineString, px func(orb.Point) (float32, float32), w float32, c color.NRGBA) {
	if len(ls) < 2 {
		return
	}
	z := vector.NewRasterizer(img.Rect.Dx(), img.Rect.Dy())
	z.DrawOp = draw.Over
	mapview.AddStroke(z, ls, px, w)
	for _, p := range ls {
		x, y := px(p)
		mapview.AddCircle(z, x, y, w/2, false)
	}
	z.Draw(img, img.Rect, image.NewUniform(c), image.Point{})
}

// dots draws a disc with a white rim at each point, all in two passes.
func dots(img *image.NRGBA, ps []orb.Point, px func(orb.Point) (float32, float32), r float32, c color.NRGBA) {
	if len(ps) == 0 {
		return
	}
	for _, pass := range []struct {
		r float32
		c color.NRGBA
	}{{r + 1.5, color.NRGBA{255, 255, 255, 255}}, {r, c}} {
		z := vector.NewRasterizer(img.Rect.Dx(), img.Rect.Dy())
		z.DrawOp = draw.Over
		for _, p := range ps {
			x, y := px(p)
			mapview.AddCircle(z, x, y, pass.r, false)
		}
		z.Draw(img, img.Rect, image.NewUniform(pass.c), image.Point{})
	}
}

// ring draws a circle outline of radius r and width w.
func ring(img *image.NRGBA, x, y, r, w float32, c color.NRGBA) {
	z := vector.NewRasterizer(img.Rect.Dx(), img.Rect.Dy())
	z.DrawOp = draw.Over
	mapview.AddCircle(z, x, y, r+w/2, false)
	mapview.AddCircle(z, x, y, r-w/2, true)
	z.Draw(img, img.Rect, image.NewUniform(c), image.Point{})
}
