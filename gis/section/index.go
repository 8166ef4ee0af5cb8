package section

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"wardmap/gis"
)

// Index holds a ward's sections and finds them by edge id or near a point.
type Index struct {
	Sections []Section
	byEdge   map[string]int
	tdps     []tdp
	grid     grid
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
	for _, e := range x.grid.near(p, maxM) {
		if d := gis.DistanceM(e.line, p); d <= bestD {
			if d < bestD || best < 0 || e.sec < best {
				best, bestD = e.sec, d
			}
		}
	}
	if best < 0 {
		return nil, 0
	}
	return &x.Sections[best], bestD
}

// grid buckets segments in cells of about 100 m so that placing thousands
// of lamps and trees on their streets does not scan every segment.
type grid struct {
	cells map[[2]int][]gridEntry
}

type gridEntry struct {
	line orb.LineString
	sec  int
}

const cellDeg = 0.001 // about 100 m of latitude, 104 m of longitude at 20° N

func cellOf(p orb.Point) [2]int {
	return [2]int{int(math.Floor(p[0] / cellDeg)), int(math.Floor(p[1] / cellDeg))}
}

func newGrid(segs []*seg, byEdge map[string]int) grid {
	g := grid{cells: map[[2]int][]gridEntry{}}
	for _, s := range segs {
		i, ok := byEdge[s.f.ID]
		if !ok {
			continue
		}
		b := s.line.Bound()
		lo, hi := cellOf(b.Min), cellOf(b.Max)
		for cx := lo[0]; cx <= hi[0]; cx++ {
			for cy := lo[1]; cy <= hi[1]; cy++ {
				k := [2]int{cx, cy}
				g.cells[k] = append(g.cells[k], gridEntry{s.line, i})
			}
		}
	}
	return g
}

// near lists the segments in the cells within r metres of p (a segment
// may come more than once).
func (g grid) near(p orb.Point, r float64) []gridEntry {
	dLon, dLat := gis.MetresToDegrees(r, p[1])
	lo, hi := cellOf(orb.Point{p[0] - dLon, p[1] - dLat}), cellOf(orb.Point{p[0] + dLon, p[1] + dLat})
	var out []gridEntry
	for cx := lo[0]; cx <= hi[0]; cx++ {
		for cy := lo[1]; cy <= hi[1]; cy++ {
			out = append(out, g.cells[[2]int{cx, cy}]...)
		}
	}
	return out
}
