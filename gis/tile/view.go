// Package tile is the web-mercator math of the map view: which lon/lat a
// screen pixel shows at a given zoom, and how panning and zooming move the
// view. It uses the same spherical mercator (EPSG:3857) and 256-pixel tiles
// as OpenStreetMap, so zoom levels mean what they mean on osm.org.
package tile

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/project"
)

// Size is the side of a map tile in pixels; zoom z shows the world in
// Size·2^z pixels.
const Size = 256

// The zoom range the map allows: below 0 the world is smaller than a tile,
// above 22 mercator precision is worse than a centimetre per pixel.
const (
	MinZoom = 0.0
	MaxZoom = 22.0
)

// worldMetres is the mercator width of the world, 2πR.
const worldMetres = 2 * math.Pi * orb.EarthRadius

// View is what the map shows: the lon/lat at the middle of a Width×Height
// pixel area, at a fractional web-mercator zoom. It is a value; the methods
// that move it return a new View.
type View struct {
	Center orb.Point // lon, lat
	Zoom   float64
	Width  int
	Height int
}

// scale is pixels per mercator metre.
func (v View) scale() float64 { return Size * math.Exp2(v.Zoom) / worldMetres }

// ToPixel returns the pixel at p; (0,0) is the top-left corner, y grows down.
func (v View) ToPixel(p orb.Point) (x, y float64) {
	s := v.scale()
	c := project.WGS84.ToMercator(v.Center)
	m := project.WGS84.ToMercator(p)
	return (m[0]-c[0])*s + float64(v.Width)/2, (c[1]-m[1])*s + float64(v.Height)/2
}

// ToLonLat returns the lon/lat shown at pixel (x, y), the inverse of ToPixel.
func (v View) ToLonLat(x, y float64) orb.Point {
	s := v.scale()
	c := project.WGS84.ToMercator(v.Center)
	m := orb.Point{c[0] + (x-float64(v.Width)/2)/s, c[1] - (y-float64(v.Height)/2)/s}
	return project.Mercator.ToWGS84(m)
}

// Bound returns the lon/lat box the view shows.
func (v View) Bound() orb.Bound {
	return orb.Bound{
		Min: v.ToLonLat(0, float64(v.Height)),
		Max: v.ToLonLat(float64(v.Width), 0),
	}
}

// MetresPerPixel is the ground distance one pixel covers at the centre
// latitude (mercator stretches it by 1/cos(lat) away from the equator).
func (v View) MetresPerPixel() float64 {
	return math.Cos(v.Center[1]*math.Pi/180) / v.scale()
}

// Pan moves the map content by dx, dy pixels, as dragging it does: what was
// at (x, y) is then at (x+dx, y+dy).
func (v View) Pan(dx, dy float64) View {
	v.Center = v.ToLonLat(float64(v.Width)/2-dx, float64(v.Height)/2-dy)
	return v
}

// ZoomAt changes the zoom by delta (clamped to MinZoom..MaxZoom) and keeps
// the point under pixel (px, py) where it is, as a mouse wheel should.
func (v View) ZoomAt(px, py, delta float64) View {
	anchor := project.WGS84.ToMercator(v.ToLonLat(px, py))
	v.Zoom = clampZoom(v.Zoom + delta)
	s := v.scale()
	c := orb.Point{anchor[0] - (px-float64(v.Width)/2)/s, anchor[1] + (py-float64(v.Height)/2)/s}
	v.Center = project.Mercator.ToWGS84(c)
	return v
}

// FitBound returns the view of w×h pixels that shows all of b as large as
// possible.
func FitBound(b orb.Bound, w, h int) View {
	lo := project.WGS84.ToMercator(b.Min)
	hi := project.WGS84.ToMercator(b.Max)
	c := project.Mercator.ToWGS84(orb.Point{(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2})
	z := MaxZoom
	if dx, dy := hi[0]-lo[0], hi[1]-lo[1]; dx > 0 || dy > 0 {
		// pixels per metre that fit each axis, turned into a zoom
		s := math.Min(float64(w)/math.Max(dx, 1e-9), float64(h)/math.Max(dy, 1e-9))
		z = clampZoom(math.Log2(s * worldMetres / Size))
	}
	return View{Center: c, Zoom: z, Width: w, Height: h}
}

func clampZoom(z float64) float64 { return math.Max(MinZoom, math.Min(MaxZoom, z)) }

// ParseView reads a view written "lon,lat,zoom" (106.6265,20.8085,17), as
// `wardmap --view` takes it: a centre on the mercator map (latitude within
// ±85°) and a zoom in [MinZoom, MaxZoom]. The size is left to the window.
func ParseView(s string) (View, error) {
	parts := strings.Split(s, ",")
	bad := fmt.Errorf("cần kinh độ,vĩ độ,mức zoom (wants lon,lat,zoom): %q", s)
	if len(parts) != 3 {
		return View{}, bad
	}
	var xs [3]float64
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return View{}, bad
		}
		xs[i] = x
	}
	if xs[0] < -180 || xs[0] > 180 || xs[1] < -85 || xs[1] > 85 || xs[2] < MinZoom || xs[2] > MaxZoom {
		return View{}, bad
	}
	return View{Center: orb.Point{xs[0], xs[1]}, Zoom: xs[2]}, nil
}
