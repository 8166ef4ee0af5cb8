package app

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"slices"
	"sync"

	"fyne.io/fyne/v2/canvas"
	"github.com/paulmach/orb"
	"golang.org/x/image/vector"

	"wardmap/app/mapview"
	"wardmap/gis"
	"wardmap/gis/indicator"
)

// Sequential ramps (ColorBrewer YlGn and YlOrRd, five classes), light to
// dark: the higher a group's value, the darker its fill. Green where more
// is better (share of streets lit), red where more is worse (hotspots).
var (
	rampBetterUp = []color.NRGBA{{255, 255, 204, 255}, {194, 230, 153, 255}, {120, 198, 121, 255}, {49, 163, 84, 255}, {0, 104, 55, 255}}
	rampWorseUp  = []color.NRGBA{{255, 255, 178, 255}, {254, 204, 92, 255}, {253, 141, 60, 255}, {240, 59, 32, 255}, {189, 0, 38, 255}}
	noDataColour = color.NRGBA{160, 160, 160, 255}
	edgeColour   = color.NRGBA{50, 50, 50, 220}
)

// choroplethAlpha lets the streets show through the fill.
const choroplethAlpha = 170

// ChoroClass is one class of the choropleth: values from From to To
// (both included) are filled with Colour.
type ChoroClass struct {
	From, To float64
	Colour   color.NRGBA
	Label    string
}

// choropleth fills the residential groups on the map by one indicator's
// value, in a transparent raster stacked over the map.
type choropleth struct {
	w      *Window
	raster *canvas.Raster

	mu      sync.Mutex
	groups  []*gis.Feature
	values  map[string]*float64 // by group id; nil: hidden
	classes []ChoroClass
}

func newChoropleth(w *Window) *choropleth {
	c := &choropleth{w: w}
	c.raster = canvas.NewRaster(c.draw)
	w.afterViewChange(func() {
		if c.active() {
			c.raster.Refresh()
		}
	})
	return c
}

func (c *choropleth) active() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.values != nil
}

func (c *choropleth) setGroups(fs []*gis.Feature) {
	c.mu.Lock()
	c.groups = fs
	c.mu.Unlock()
	c.raster.Refresh()
}

// setValues colours the groups by vals (nil hides the layer) in classes
// ordered by value, against the target goal.
func (c *choropleth) setValues(vals map[string]*float64, dir indicator.Direction, unit string, goal float64) {
	c.mu.Lock()
	c.values = vals
	c.classes = nil
	if vals != nil {
		c.classes = classify(vals, dir, unit, goal)
	}
	c.mu.Unlock()
	c.raster.Refresh()
}

// Classes returns the classes shown in the legend, lowest values first.
func (c *choropleth) Classes() []ChoroClass {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.classes)
}

// Fill is the colour of group id (false: the layer is hidden or the group
// has no value).
func (c *choropleth) Fill(id string) (color.NRGBA, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.values[id]
	if !ok || v == nil {
		return noDataColour, false
	}
	return classColour(c.classes, *v), true
}

// classify cuts the values into up to five classes of equal width, each
// coloured by where it stands between nothing and the target goal (more
// than the target is better for AtLeast, worse for AtMost), not by its
// rank among the groups: groups all at 0 % are the palest green, not the
// darkest, and 10 % is not dark green because others have 0 %. Adjacent
// classes that come out the same colour are one class.
func classify(vals map[string]*float64, dir indicator.Direction, unit string, goal float64) []ChoroClass {
	var xs []float64
	for _, v := range vals {
		if v != nil && !math.IsNaN(*v) {
			xs = append(xs, *v)
		}
	}
	if len(xs) == 0 {
		return nil
	}
	slices.Sort(xs)
	xs = slices.Compact(xs)
	ramp := rampBetterUp
	lo, hi := xs[0], xs[len(xs)-1]
	// the scale the colours span
	from, to := math.Min(0, lo), math.Max(goal, hi)
	if dir == indicator.AtMost {
		ramp = rampWorseUp
		from, to = math.Min(goal, lo), math.Max(hi, goal+1)
	}
	n := min(len(xs), len(ramp))
	var out []ChoroClass
	for i := 0; i < n; i++ {
		a, b := lo+(hi-lo)*float64(i)/float64(n), lo+(hi-lo)*float64(i+1)/float64(n)
		if n == 1 {
			a, b = lo, hi
		}
		pos := 0.0
		if to > from {
			pos = ((a+b)/2 - from) / (to - from)
		}
		k := int(math.Round(math.Max(0, math.Min(1, pos)) * float64(len(ramp)-1)))
		if len(out) > 0 && out[len(out)-1].Colour == ramp[k] {
			out[len(out)-1].To = b
			continue
		}
		out = append(out, ChoroClass{From: a, To: b, Colour: ramp[k]})
	}
	for i := range out {
		cl := &out[i]
		cl.Label = indicator.Format(&cl.From, unit) + " – " + indicator.Format(&cl.To, unit)
		if cl.From == cl.To {
			cl.Label = indicator.Format(&cl.From, unit)
		}
	}
	return out
}

func classColour(cs []ChoroClass, v float64) color.NRGBA {
	if len(cs) == 0 {
		return noDataColour
	}
	for _, c := range cs[:len(cs)-1] {
		if v < c.To {
			return c.Colour
		}
	}
	return cs[len(cs)-1].Colour
}

// Render draws the layer at w×h pixels in the map's view (tests).
func (c *choropleth) Render(w, h int) image.Image { return c.draw(w, h) }

func (c *choropleth) draw(w, h int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.values == nil {
		return img
	}
	v := c.w.Map.View()
	v.Width, v.Height = w, h
	pr := v.Projector()
	px := func(p orb.Point) (float32, float32) {
		x, y := pr.ToPixel(p)
		return float32(x), float32(y)
	}
	for _, g := range c.groups {
		var polys []orb.Polygon
		switch geom := g.Geom.(type) {
		case orb.Polygon:
			polys = []orb.Polygon{geom}
		case orb.MultiPolygon:
			polys = geom
		default:
			continue
		}
		fill := noDataColour
		fill.A = 90
		if val := c.values[g.ID]; val != nil {
			fill = classColour(c.classes, *val)
			fill.A = choroplethAlpha
		}
		z := vector.NewRasterizer(w, h)
		z.DrawOp = draw.Over
		edge := vector.NewRasterizer(w, h)
		edge.DrawOp = draw.Over
		for _, poly := range polys {
			for _, ring := range poly {
				mapview.AddRing(z, ring, px)
				mapview.AddStroke(edge, orb.LineString(ring), px, 1.5)
			}
		}
		z.Draw(img, img.Rect, image.NewUniform(fill), image.Point{})
		edge.Draw(img, img.Rect, image.NewUniform(edgeColour), image.Point{})
	}
	return img
}
