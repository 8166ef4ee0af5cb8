package section

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"wardmap/gis"
	"wardmap/gis/grid"
)

// Index holds a ward's sections and finds them by edge id or near a point.
type Index struct {
	Sections []Section
	byEdge   map[string]int
	tdps     []tdp
	near     nearIndex
}

type tdp struct {
	id, name string
	poly     orb.Polygon
	bound    orb.Bound
}

func polygons(fs []*gis.Feature) []tdp {
	var out []tdp
	for _, f := range fs {
		if p, ok := f.Geom.(orb.Polygon); ok && !f.Deleted && len(p) > 0 {
			out = append(out, tdp{id: f.ID, name: f.Text("name"), poly: p, bound: p.Bound()})
		}
	}
	return out
}

// tdpOf is the index of the TDP holding p, or -1.
func (x *Index) tdpOf(p orb.Point) int {
	for i, t := range x.tdps {
		if t.bound.Contains(p) && planar.PolygonContains(t.poly, p) {
			return i
		}
	}
	return -1
}

// TDPAt names the TDP holding p ("" outside every TDP).
func (x *Index) TDPAt(p orb.Point) (id, name string) {
	if i := x.tdpOf(p); i >= 0 {
		return x.tdps[i].id, x.tdps[i].name
	}
	return "", ""
}

// OfEdge is the section a street segment belongs to.
func (x *Index) OfEdge(id string) (*Section, bool) {
	i, ok := x.byEdge[id]
	if !ok {
		return nil, false
	}
	return &x.Sections[i], true
}

// Nearest is the section with a segment nearest p within maxM metres,
// and how far it is; nil when none is that close.
func (x *Index) Nearest(p orb.Point, maxM float64) (*Section, float64) {
	best, bestD := -1, maxM
	x.near.each(p, maxM, func(e *nearEntry) {
		if d := gis.DistanceM(e.line, p); d <= bestD {
			if d < bestD || best < 0 || e.sec < best {
				best, bestD = e.sec, d
			}
		}
	})
	if best < 0 {
		return nil, 0
	}
	return &x.Sections[best], bestD
}

// nearIndex buckets segments in cells of about 100 m so that placing
// thousands of lamps and trees on their streets does not scan every
// segment.
type nearIndex struct {
	grid    *grid.Index // nil when no segment belongs to a section
	entries []nearEntry // by the grid's numbers
}

type nearEntry struct {
	line orb.LineString
	sec  int
}

const cellDeg = 0.001 // about 100 m of latitude, 104 m of longitude at 20° N

func newNearIndex(segs []*seg, byEdge map[string]int) nearIndex {
	var ix nearIndex
	var ext orb.Bound
	for _, s := range segs {
		if i, ok := byEdge[s.f.ID]; ok {
			if len(ix.entries) == 0 {
				ext = s.line.Bound()
			}
			ext = ext.Union(s.line.Bound())
			ix.entries = append(ix.entries, nearEntry{s.line, i})
		}
	}
	if len(ix.entries) == 0 {
		return ix
	}
	ix.grid = grid.New(ext, cellDeg)
	for _, e := range ix.entries {
		ix.grid.Add(e.line.Bound())
	}
	return ix
}

// each calls fn once with every segment in the cells within r metres of
// p: candidates, which the caller measures.
func (ix nearIndex) each(p orb.Point, r float64, fn func(e *nearEntry)) {
	if ix.grid == nil {
		return
	}
	dLon, dLat := gis.MetresToDegrees(r, p[1])
	box := orb.Bound{Min: orb.Point{p[0] - dLon, p[1] - dLat}, Max: orb.Point{p[0] + dLon, p[1] + dLat}}
	ix.grid.Each(box, func(i int32) { fn(&ix.entries[i]) })
}
