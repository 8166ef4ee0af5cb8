package render

import (
	"image/color"
	"math"
	"slices"

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
// attribution, and names them (streetLabels).
func (f *frame) countAndLabelStreets(l Layer) {
	byClass := &f.r.byClass
	for ci := range streetClasses {
		f.st.Drawn[gis.Street] += len(byClass[ci])
		for _, p := range byClass[ci] {
			if f.st.OSMAttribution {
				break
			}
			_, f.st.OSMAttribution = p.f.Attrs["osm_id"]
		}
	}
	if l.Labels {
		f.streetLabels(byClass)
	}
}

// streetLabels proposes the streets' names. At the neighbourhood scale,
// bubbles or not, a name needs the whole street, not one segment between
// two junctions, so same-named segments are chained first; there the
// candidates are kept, and a frame whose streets are the last one's to
// the bit (a redraw of the same view) takes them again.
func (f *frame) streetLabels(byClass *[3][]projected) {
	chained := f.v.Zoom < 17 && (!f.clustering() || f.v.Zoom >= chainFrom && len(byClass[1])+len(byClass[2]) <= maxChained)
	m := &f.r.streetMemo
	if chained && m.same(f, byClass) {
		f.labels = append(f.labels, m.cands...)
		return
	}
	from := len(f.labels)
	for ci, class := range streetClasses {
		if class == "alley" && f.v.Zoom < 17 {
			continue
		}
		labelled := byClass[ci]
		if chained {
			labelled = f.r.chains.chain(labelled, &f.r.arena)
		}
		for _, p := range labelled {
			f.streetLabel(class, p)
		}
	}
	if chained {
		m.keep(f.labels[from:])
	}
}

// streetMemo is the last chained frame's street-name candidates and what
// they were made from: the view's zoom, size and clustering, and every
// named street's name and pixel points, compared bit for bit. Chaining
// the streets and finding their straight runs was two thirds of the label
// work of a ward-scale frame, and a redraw (a selection, a hover, a
// repaint) sets the same names in the same places. Streets come from the
// source every frame, so the key is what was read, not the view alone.
type streetMemo struct {
	key, next     []uint64
	names, nnames []string
	cands         []candidate
	valid         bool
}

// same reports whether the frame's streets are the kept ones; if not, it
// keeps their key, for keep to add the candidates made from them.
func (m *streetMemo) same(f *frame, byClass *[3][]projected) bool {
	bits := func(v float64) uint64 { return math.Float64bits(v) }
	clustering := uint64(0)
	if f.clustering() {
		clustering = 1
	}
	k := append(m.next[:0], bits(f.v.Zoom), uint64(f.v.Width), uint64(f.v.Height), clustering)
	names := m.nnames[:0]
	for ci, class := range streetClasses {
		if class == "alley" && f.v.Zoom < 17 {
			continue
		}
		k = append(k, uint64(ci), uint64(len(byClass[ci])))
		for _, p := range byClass[ci] {
			name := p.name
			if name == "" && p.f != nil {
				name = p.f.Text("name")
			}
			names = append(names, name)
			k = append(k, uint64(len(p.parts)))
			for _, part := range p.parts {
				k = append(k, uint64(len(part)))
				for _, pt := range part {
					k = append(k, bits(pt[0]), bits(pt[1]))
				}
			}
		}
	}
	m.next, m.nnames = k, names
	if m.valid && slices.Equal(k, m.key) && slices.Equal(names, m.names) {
		return true
	}
	m.key, m.next = m.next, m.key
	m.names, m.nnames = m.nnames, m.names
	m.valid = false
	return false
}

// keep stores the candidates made from the key same kept.
func (m *streetMemo) keep(cs []candidate) {
	m.cands = append(m.cands[:0], cs...)
	m.valid = true
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
