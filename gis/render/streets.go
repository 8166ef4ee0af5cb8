package render

import (
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
		byClass[ci] = append(byClass[ci], projected{ft.F, parts})
	}
	var ps []*pass
	var pts []paint
	for _, casing := range []bool{true, false} {
		for ci, class := range streetClasses {
			p := &f.r.streetP[len(ps)]
			p.reset(f.v.Width, f.v.Height)
			if pt, ok := f.strokeClass(p, byClass[ci], f.r.theme.Style(gis.Street, class), casing); ok {
				ps, pts = append(ps, p), append(pts, pt)
			}
		}
	}
	if len(ps) > 0 {
		flushTiles(f.dst, ps, pts, &f.r.raster)
	}
	for ci, class := range streetClasses {
		for _, p := range byClass[ci] {
			f.st.Drawn[gis.Street]++
			if !f.st.OSMAttribution {
				_, f.st.OSMAttribution = p.f.Attrs["osm_id"]
			}
			if l.Labels {
				f.streetLabel(class, p)
			}
		}
	}
}

// A street gets a casing from casingFrom pixels wide; at ward scale only
// from wardCasingFrom, as there the casing would be most of what shows of
// a thin street, and it costs a pass over the whole frame.
const (
	casingFrom     = 2
	wardCasingFrom = 4
)

// strokeClass adds one class's casing (a pixel wider on each side) or its
// fill to p, and returns the paint to flush it with; false when the class
// has no casing at this width.
func (f *frame) strokeClass(p *pass, ps []projected, s Style, casing bool) (paint, bool) {
	w := lineWidth(s.Width, f.v.Zoom)
	c := s.Fill
	if casing {
		if w < casingFrom || (w < wardCasingFrom && f.v.Zoom < DefaultClusterBelow) {
			return paint{}, false
		}
		w, c = w+2, s.Stroke
	}
	for _, pr := range ps {
		for _, part := range pr.parts {
			p.strokeLine(part, w)
		}
	}
	return paint{c: c}, !p.empty()
}
