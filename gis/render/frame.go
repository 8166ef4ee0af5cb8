package render

import (
	"context"
	"fmt"
	"image"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"

	"wardmap/gis"
	"wardmap/gis/tile"
)

// queryMargin is how far, in pixels, beyond the frame features are read:
// a marker or a wide street centred just outside still shows its edge.
const queryMargin = 32

// frame is the state of one Render call.
type frame struct {
	r      *Renderer
	dst    *image.RGBA
	v      tile.View
	pr     tile.Projector
	st     *Stats
	query  orb.Bound // lon/lat box read from the sources
	guard  orb.Bound // pixel box geometry is clipped to
	labels []candidate
	// obstacles are boxes labels must avoid besides each other (bubbles).
	obstacles []image.Rectangle
	// pending are the point layers clustered together at ward scale, and
	// cells their grid, side pixels square, cols to a row.
	pending    []pointLayer
	cells      []clusterCell
	side, cols int
	// colOf and rowOf are, for each pixel column and row, the part of the
	// index in cells of the cell it lies in (see initCells).
	colOf, rowOf []int32
}

func (r *Renderer) newFrame(dst *image.RGBA, v tile.View, st *Stats) *frame {
	w, h := dst.Rect.Dx(), dst.Rect.Dy()
	v.Width, v.Height = w, h
	m := float64(queryMargin)
	min := v.ToLonLat(-m, float64(h)+m)
	max := v.ToLonLat(float64(w)+m, -m)
	r.p.reset(w, h)
	return &frame{
		r: r, dst: dst, v: v, pr: v.Projector(), st: st,
		query: orb.Bound{Min: min, Max: max},
		guard: orb.Bound{Min: orb.Point{-2 * m, -2 * m}, Max: orb.Point{float64(w) + 2*m, float64(h) + 2*m}},
	}
}

// lineWidth scales a width given at zoom 17 to zoom z: halved every two
// zoom levels down, never thinner than a hairline.
func lineWidth(w17, z float64) float64 {
	return math.Max(0.7, math.Min(w17*3, w17*math.Exp2((z-17)/2)))
}

func (f *frame) flush(pt paint) { f.r.p.flush(f.dst, pt, &f.r.raster) }

// toPixels projects ls, dropping points closer than half a pixel to the
// previous one (at ward scale most vertices of a street collapse), and
// clips the result to the guard box.
func (f *frame) toPixels(ls []orb.Point, closed bool) []orb.LineString {
	out := f.r.arena.line(len(ls))
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for i, p := range ls {
		x, y := f.pr.ToPixel(p)
		q := orb.Point{x, y}
		x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
		if n := len(out); n > 1 && math.Abs(x-out[n-1][0])+math.Abs(y-out[n-1][1]) < 0.5 {
			if i == len(ls)-1 {
				out[n-1] = q // keep the true end
			}
			continue
		}
		out = append(out, q)
	}
	g := f.guard
	if len(out) < 2 || x1 < g.Min[0] || y1 < g.Min[1] || x0 > g.Max[0] || y0 > g.Max[1] {
		return nil
	}
	if x0 >= g.Min[0] && y0 >= g.Min[1] && x1 <= g.Max[0] && y1 <= g.Max[1] {
		return f.r.arena.parts(out)
	}
	if closed {
		r := clip.Ring(f.guard, orb.Ring(out))
		if len(r) < 4 {
			return nil
		}
		return []orb.LineString{orb.LineString(r)}
	}
	return clip.LineString(f.guard, out)
}

// arena hands out the pixel geometry of a frame from slabs reused frame
// after frame: a ward-scale frame projects 20,000 streets, and allocating
// each would keep the garbage collector busy. Slices handed out stay valid
// when a slab grows (append copies; old slices keep the old array).
type arena struct {
	pts   []orb.Point
	lines []orb.LineString
}

func (a *arena) reset() { a.pts, a.lines = a.pts[:0], a.lines[:0] }

// line returns an empty line with room for n points.
func (a *arena) line(n int) orb.LineString {
	if cap(a.pts)-len(a.pts) < n {
		a.pts = make([]orb.Point, 0, max(2*cap(a.pts), n, 4096))
	}
	l := a.pts[len(a.pts) : len(a.pts) : len(a.pts)+n]
	a.pts = a.pts[:len(a.pts)+n]
	return orb.LineString(l)
}

// parts returns l as a one-element slice of lines.
func (a *arena) parts(l orb.LineString) []orb.LineString {
	if cap(a.lines)-len(a.lines) < 1 {
		a.lines = make([]orb.LineString, 0, max(2*cap(a.lines), 1024))
	}
	a.lines = append(a.lines, l)
	return a.lines[len(a.lines)-1 : len(a.lines) : len(a.lines)]
}

// layer draws one kind.
func (f *frame) layer(l Layer, fs []Item) {
	switch gis.MustLookup(l.Kind).Geom {
	case gis.Polygon:
		f.polygons(l, fs)
	case gis.LineString:
		f.streets(l, fs)
	case gis.Point:
		f.points(l, fs)
	}
}

// basemap draws the optional background polygons, each class in one pass.
func (f *frame) basemap(ctx context.Context) error {
	if f.r.Basemap == nil {
		return nil
	}
	ps, err := f.r.Basemap.Polygons(ctx, f.query)
	if err != nil {
		return fmt.Errorf("render: read basemap: %w", err)
	}
	for _, k := range []BaseKind{Landuse, Water, Building} {
		s := f.r.theme.Base[k]
		n := 0
		for _, p := range ps {
			if p.Kind == k && f.addPolygon(p.Geom) {
				n++
				f.st.OSMAttribution = f.st.OSMAttribution || p.OSM
			}
		}
		f.flush(paint{c: s.Fill})
		if s.Width > 0 && f.v.Zoom >= 16 {
			for _, p := range ps {
				if p.Kind == k {
					f.outline(p.Geom, lineWidth(s.Width, 17))
				}
			}
			f.flush(paint{c: s.Stroke})
		}
		f.st.Basemap += n
	}
	return nil
}

// addPolygon adds a lon/lat polygon to the pass and reports whether any of
// it is in the frame.
func (f *frame) addPolygon(poly orb.Polygon) bool {
	var px orb.Polygon
	for i, ring := range poly {
		parts := f.toPixels(ring, true)
		if len(parts) == 0 {
			if i == 0 {
				return false
			}
			continue
		}
		px = append(px, orb.Ring(parts[0]))
	}
	before := len(f.r.p.subs)
	f.r.p.fillPolygon(px)
	return len(f.r.p.subs) > before
}

// outline strokes the rings of a polygon.
func (f *frame) outline(poly orb.Polygon, w float64) {
	for _, ring := range poly {
		for _, part := range f.toPixels(ring, false) {
			f.r.p.strokeLine(part, w)
		}
	}
}

// polygons draws residential groups or plots: per style a fill (flat or
// hatched) and an outline, then label candidates at their centres.
func (f *frame) polygons(l Layer, fs []Item) {
	groups, order := groupByStyle(f.r.theme, l.Kind, fs)
	for _, s := range order {
		drawn := 0
		for _, ft := range groups[s] {
			poly, ok := ft.Geom.(orb.Polygon)
			if ok && f.addPolygon(poly) {
				drawn++
				if l.Labels {
					f.polygonLabel(l.Kind, ft.F, poly)
				}
			}
		}
		f.flush(paint{c: s.Fill, hatch: s.Hatch})
		for _, ft := range groups[s] {
			if poly, ok := ft.Geom.(orb.Polygon); ok {
				f.outline(poly, s.Width)
			}
		}
		f.flush(paint{c: s.Stroke})
		f.st.Drawn[l.Kind] += drawn
	}
}

// groupByStyle splits features by the style their status selects, keeping
// the order styles first appear in.
func groupByStyle(t *Theme, k gis.Kind, fs []Item) (map[Style][]Item, []Style) {
	groups := map[Style][]Item{}
	var order []Style
	for _, ft := range fs {
		s := t.Style(k, ft.Status)
		if _, ok := groups[s]; !ok {
			order = append(order, s)
		}
		groups[s] = append(groups[s], ft)
	}
	return groups, order
}
