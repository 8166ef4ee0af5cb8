package app

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"wardmap/gis"
	"wardmap/gis/render"
)

// areaLabelReach is how near, in raster pixels, a click must fall to an
// area's label (its centroid) to select the area from inside it.
const areaLabelReach = 40

// tapCluster zooms to the cluster bubble under pixel (x, y) and reports
// whether there was one. A bubble stands for many features: selecting one
// of them at random (what the click did before) shows the user a record
// they did not choose, so the click opens the bubble up instead, as QField
// and Field Maps do: centred on it, at least at the zoom where points are
// drawn one by one.
func (w *Window) tapCluster(x, y float64) bool {
	st, _ := w.Map.LastStats()
	b, ok := st.BubbleAt(x, y)
	if !ok {
		return false
	}
	v := w.Map.View()
	v.Center = v.ToLonLat(b.X, b.Y)
	v.Zoom = math.Max(v.Zoom+1, render.DefaultClusterBelow)
	w.Map.SetView(v)
	return true
}

// pickable keeps the features a click at pixel (x, y) may select: points
// hidden inside a cluster bubble's cell are not on screen, so they are
// left out; and a residential group (TDP), which covers all the ground of
// the ward, is taken only by a deliberate click: on its boundary, on its
// label, or with Ctrl/Shift held. A miss on empty ground therefore clears
// the selection instead of selecting the group under it. Plots stay
// selectable by a click inside: they are things on the ground people tap,
// like a building in Field Maps.
func (w *Window) pickable(fs []*gis.Feature, x, y float64) []*gis.Feature {
	st, _ := w.Map.LastStats()
	v := w.Map.View()
	pr := v.Projector()
	deliberate := w.areaModifier()
	out := fs[:0:0]
	for _, f := range fs {
		switch g := f.Geom.(type) {
		case orb.Point:
			if len(st.Bubbles) > 0 {
				px, py := pr.ToPixel(g)
				if st.InBubble(px, py) {
					continue
				}
			}
		case orb.Polygon:
			if f.Kind == gis.TDP && !deliberate && !nearAreaEdgeOrLabel(g, pr, x, y) {
				continue
			}
		}
		out = append(out, f)
	}
	return out
}

// nearAreaEdgeOrLabel reports whether pixel (x, y) is within the pick
// tolerance of the polygon's boundary or near its label.
func nearAreaEdgeOrLabel(poly orb.Polygon, pr interface {
	ToPixel(orb.Point) (float64, float64)
}, x, y float64) bool {
	c := orb.Point{x, y}
	for _, r := range poly {
		px := make(orb.LineString, len(r))
		for i, p := range r {
			px[i][0], px[i][1] = pr.ToPixel(p)
		}
		if planar.DistanceFrom(px, c) <= pickTolerance {
			return true
		}
	}
	lc, _ := planar.CentroidArea(poly)
	lx, ly := pr.ToPixel(lc)
	return math.Hypot(lx-x, ly-y) <= areaLabelReach
}

// areaModifier reports whether Ctrl or Shift is held, which makes a click
// inside a residential group select it. Tests set holdModifier.
func (w *Window) areaModifier() bool {
	if w.holdModifier {
		return true
	}
	a := fyne.CurrentApp()
	if a == nil {
		return false
	}
	if d, ok := a.Driver().(desktop.Driver); ok {
		m := d.CurrentKeyModifiers()
		return m&(fyne.KeyModifierControl|fyne.KeyModifierShift|fyne.KeyModifierSuper) != 0
	}
	return false
}
