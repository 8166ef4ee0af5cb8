package render

import (
	"image/color"

	"github.com/paulmach/orb"

	"wardmap/gis"
)

// streetClasses is the drawing order of street classes, narrowest first,
// so that main streets pass over the alleys that join them.
var streetClasses = []string{"alley", "secondary", "main"}

// classIndex is the index of a street class in streetClasses; an unknown
// class is drawn as an alley.
func classIndex(class string) int {
	for i, c := range streetClasses {
		if c == class {
			return i
		}
	}
	return 0
}

// labelPrio orders label candidates: lower is placed first.
var streetLabelPrio = map[string]int{"main": 0, "secondary": 2, "alley": 5}

// projected is a street in pixels.
type projected struct {
	f     *gis.Feature
	name  string // the item's Label; read from f when empty
	parts []orb.LineString
}

// streets draws the street layer: every class's casing first, then every
// class's fill, so casings never cut across a junction.
func (f *frame) streets(l Layer, fs []Item) {
	byClass := &f.r.byClass // reused: 20,000 streets at ward scale
	for i := range byClass {
		byClass[i] = byClass[i][:0]
	}
	for _, ft := range fs {
		ls, ok := ft.Geom.(orb.LineString)
		if !ok {
			continue
		}
		parts := f.toPixels(ls, false)
		if len(parts) == 0 {
			continue
		}
		ci := classIndex(ft.Status)
		byClass[ci] = append(byClass[ci], projected{ft.F, ft.Label, parts})
	}
	f.strokeStreets()
	f.countAndLabelStreets(l)
}

// strokeStreets draws casings then fills, each class in its own paint.
// Wide classes go into passes flushed tile by tile together; a thin class
// is drawn straight into the frame, so the passes before it are flushed
// first.
func (f *frame) strokeStreets() {
	byClass := &f.r.byClass
	var ps []*pass
	var pts []paint
	flushPasses := func() {
		if len(ps) > 0 {
			flushTiles(f.dst, ps, pts, &f.r.raster)
			ps, pts = ps[:0], pts[:0]
		}
	}
	n := 0
	for _, casing := range []bool{true, false} {
		for ci, class := range streetClasses {
			s := f.r.theme.Style(gis.Street, class)
			w, c, ok := f.classWidth(s, casing)
			if !ok || len(byClass[ci]) == 0 {
				continue
			}
			if w < thinFrom {
				flushPasses()
				f.thinStreets(byClass[ci], w, c)
				continue
			}
			p := &f.r.streetP[n]
			n++
			p.reset(f.v.Width, f.v.Height)
			for _, pr := range byClass[ci] {
				for _, part := range pr.parts {
					p.strokeLine(part, w)
				}
			}
			if !p.empty() {
				ps, pts = append(ps, p), append(pts, paint{c: c})
			}
		}
	}
	flushPasses()
}

// thinStreets draws one class of streets thinner than thinFrom straight
// into the frame, as hairlines below hairlineBelow.
func (f *frame) thinStreets(streets []projected, w float64, c color.RGBA) {
	f.r.thin.init(f.dst.Rect.Dx(), f.dst.Rect.Dy())
	tl := newThinLinesMask(f.dst, &f.r.thin, c)
	tl.square = f.clustering()
	hair := w < hairlineBelow
	for _, pr := range streets {
		for _, part := range pr.parts {
			if hair {
				tl.hairline(part, w)
			} else {
				tl.line(part, w)
			}
		}
	}
	tl.flush()
}

// countAndLabelStreets counts the streets drawn, notes OSM's data for the
// attribution, and names them: alleys from zoom 17, the others chained
// end to end by name at the neighbourhood scale.
func (f *frame) countAndLabelStreets(l Layer) {
	byClass := &f.r.byClass
	for ci, class := range streetClasses {
		f.st.Drawn[gis.Street] += len(byClass[ci])
		for _, p := range byClass[ci] {
			if f.st.OSMAttribution {
				break
			}
			_, f.st.OSMAttribution = p.f.Attrs["osm_id"]
		}
		if !l.Labels || class == "alley" && f.v.Zoom < 17 {
			continue
		}
		labelled := byClass[ci]
		if f.v.Zoom < 17 && (!f.clustering() || f.v.Zoom >= chainFrom && len(byClass[1])+len(byClass[2]) <= maxChained) {
			// the neighbourhood scale, bubbles or not: a name needs the
			// whole street, not one segment between two junctions
			labelled = f.r.chains.chain(labelled, &f.r.arena)
		}
		for _, p := range labelled {
			f.streetLabel(class, p)
		}
	}
}

// chainFrom is the zoom from which main and secondary streets are named,
// chained end to end by name: at 14 a window of 1024 px shows the whole
// demo ward (a few square kilometres), and people read a map by its
// streets well before they zoom to one street. Alleys wait for 17; below
// 14 chaining the tens of thousands of segments of a city's OSM data cost
// a quarter of the frame for names that would not fit.
const chainFrom = 14

// maxChained is how many main and secondary segments a frame under the
// clustering zoom chains for names at most: a ward has a few thousand; a
// frame of a whole city's (the 20,000-segment benchmark) would spend a
// fifth of its time on names that find no room between the bubbles.
const maxChained = 3000

// A street gets a casing from casingFrom pixels wide; at ward scale only
// from wardCasingFrom, as there the casing would be most of what shows of
// a thin street, and it costs a pass over the whole frame.
const (
	casingFrom     = 2
	wardCasingFrom = 4
)

// classWidth is the width and colour of one class's casing (a pixel wider
// on each side) or fill; false when the class has no casing at this width.
func (f *frame) classWidth(s Style, casing bool) (float64, color.RGBA, bool) {
	w := lineWidth(s.Width, f.v.Zoom)
	if !casing {
		return w, s.Fill, true
	}
	if w < casingFrom || (w < wardCasingFrom && f.v.Zoom < DefaultClusterBelow) {
		return 0, color.RGBA{}, false
	}
	return w + 2, s.Stroke, true
}
