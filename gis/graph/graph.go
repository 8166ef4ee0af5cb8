// Package graph is the street graph the inspection planner routes over:
// nodes are the end points of street segments (the segments are split at
// junctions), arcs follow the segments with a length in metres and a travel
// time that depends on the profile: walking goes both ways at walking
// speed, a motorbike honours one-way streets and rides faster on main
// streets. It answers shortest paths, one-to-many and many-to-many travel
// time tables (Dijkstra with a reusable workspace, one search per source,
// stopping once every target is settled) and snaps points to the nearest
// street position.
package graph

import (
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"

	"wardmap/gis"
)

// Segment is one street segment as the graph takes it.
type Segment struct {
	ID    string
	Line  orb.LineString // WGS 84 lon/lat, at least two points
	Class string         // main, secondary, alley (speeds by class)
	// From and To are the junction ids of the first and last point
	// (from_node/to_node); 0 means unknown, then the coordinates decide.
	From, To int64
	// Oneway: 0 both ways, 1 only in the drawn direction, -1 only against.
	Oneway int8
	// Length in metres; 0 means compute it from Line.
	Length float64
}

// Profile says how fast one travels on each class and whether one-way
// streets bind.
type Profile struct {
	Name string
	// Speed in metres per second by street class; Default for others.
	Speed   map[string]float64
	Default float64
	Oneway  bool
}

// The two profiles of the planner. Walking: 4.5 km/h everywhere, both
// directions. Motorbike: 25 km/h on main streets, 20 on secondary, 12 in
// alleys (urban Hải Phòng traffic), one-ways honoured.
var (
	Walk      = Profile{Name: "walk", Default: 4.5 / 3.6}
	Motorbike = Profile{Name: "motorbike", Speed: map[string]float64{"main": 25 / 3.6, "secondary": 20 / 3.6, "alley": 12 / 3.6}, Default: 15 / 3.6, Oneway: true}
)

// ProfileByName returns walk or motorbike.
func ProfileByName(name string) (Profile, error) {
	switch name {
	case "walk", "":
		return Walk, nil
	case "motorbike":
		return Motorbike, nil
	}
	return Profile{}, fmt.Errorf("graph: unknown profile %q (walk, motorbike)", name)
}

// SpeedOf returns the speed on a class.
func (p Profile) SpeedOf(class string) float64 {
	if v, ok := p.Speed[class]; ok && v > 0 {
		return v
	}
	return p.Default
}

// Arc is one directed way along a segment.
type Arc struct {
	To   int32
	Seg  int32
	Fwd  bool    // along the segment's drawn direction
	Time float32 // seconds
}

// Graph is an immutable street graph for one profile.
type Graph struct {
	Profile Profile
	Nodes   []orb.Point // node positions (lon/lat)
	Segs    []Segment
	// SegFrom and SegTo are each segment's end nodes.
	SegFrom, SegTo []int32
	// Len is each segment's length in metres, Time its travel time in
	// seconds (one way; a one-way segment's reverse arc does not exist).
	Len, Time []float64
	glen      []float64 // each segment's geometric length in local metres
	first     []int32   // CSR: arcs of node v are arcs[first[v]:first[v+1]]
	arcs      []Arc
	proj      projection
	pieces    *pieces
}

// ErrEmpty reports a graph with no usable segment.
var ErrEmpty = errors.New("graph: no street segments")

// Build makes the graph of segs for profile p. Segments with fewer than
// two points are skipped.
func Build(segs []Segment, p Profile) (*Graph, error) {
	g := &Graph{Profile: p}
	byID := map[int64]int32{}
	byXY := map[[2]int64]int32{}
	node := func(id int64, pt orb.Point) int32 {
		key := [2]int64{int64(math.Round(pt[0] * 1e7)), int64(math.Round(pt[1] * 1e7))}
		if id != 0 {
			if n, ok := byID[id]; ok {
				return n
			}
		}
		n, ok := byXY[key]
		if !ok {
			n = int32(len(g.Nodes))
			g.Nodes = append(g.Nodes, pt)
			byXY[key] = n
		}
		if id != 0 {
			byID[id] = n
		}
		return n
	}
	b, ok := linesBound(segs)
	if !ok {
		return nil, ErrEmpty
	}
	g.proj = newProjection(b.Center())
	var hs []half
	for _, s := range segs {
		if len(s.Line) < 2 {
			continue
		}
		i := int32(len(g.Segs))
		u, v := node(s.From, s.Line[0]), node(s.To, s.Line[len(s.Line)-1])
		gl := g.proj.lineLength(s.Line)
		l := s.Length
		if l <= 0 {
			l = gl
		}
		g.glen = append(g.glen, gl)
		t := l / p.SpeedOf(s.Class)
		g.Segs = append(g.Segs, s)
		g.SegFrom, g.SegTo = append(g.SegFrom, u), append(g.SegTo, v)
		g.Len, g.Time = append(g.Len, l), append(g.Time, t)
		if !p.Oneway || s.Oneway >= 0 {
			hs = append(hs, half{u, Arc{To: v, Seg: i, Fwd: true, Time: float32(t)}})
		}
		if !p.Oneway || s.Oneway <= 0 {
			hs = append(hs, half{v, Arc{To: u, Seg: i, Fwd: false, Time: float32(t)}})
		}
	}
	g.linkArcs(hs)
	g.pieces = newPieces(g)
	return g, nil
}

// half is an arc with the node it leaves, before the arcs are grouped by
// node.
type half struct {
	from int32
	arc  Arc
}

// linesBound is the bound of the segments of two points or more; false
// when there is none.
func linesBound(segs []Segment) (orb.Bound, bool) {
	var b orb.Bound
	first := true
	for _, s := range segs {
		if len(s.Line) < 2 {
			continue
		}
		if first {
			b, first = s.Line.Bound(), false
		} else {
			b = b.Union(s.Line.Bound())
		}
	}
	return b, !first
}

// linkArcs stores the arcs grouped by the node they leave (compressed
// rows: node v's arcs are arcs[first[v]:first[v+1]], in the order given).
func (g *Graph) linkArcs(hs []half) {
	n := len(g.Nodes)
	g.first = make([]int32, n+1)
	for _, h := range hs {
		g.first[h.from+1]++
	}
	for v := 0; v < n; v++ {
		g.first[v+1] += g.first[v]
	}
	g.arcs = make([]Arc, len(hs))
	fill := append([]int32(nil), g.first[:n]...)
	for _, h := range hs {
		g.arcs[fill[h.from]] = h.arc
		fill[h.from]++
	}
}

// Arcs returns the arcs leaving node v.
func (g *Graph) Arcs(v int32) []Arc { return g.arcs[g.first[v]:g.first[v+1]] }

// NumArcs returns the number of directed arcs.
func (g *Graph) NumArcs() int { return len(g.arcs) }

// SegmentAllowed reports whether segment s may be travelled in the given
// direction (fwd: as drawn) under the profile.
func (g *Graph) SegmentAllowed(s int32, fwd bool) bool {
	if !g.Profile.Oneway {
		return true
	}
	o := g.Segs[s].Oneway
	return o == 0 || (o > 0) == fwd
}

// projection is a local equirectangular projection in metres, accurate to
// well under 0.1% over a ward or a city.
type projection struct {
	lon0, lat0, kx, ky float64
}

func newProjection(c orb.Point) projection {
	kx, ky := gis.MetresPerDegree(c[1])
	return projection{c[0], c[1], kx, ky}
}

func (p projection) xy(pt orb.Point) (float64, float64) {
	return (pt[0] - p.lon0) * p.kx, (pt[1] - p.lat0) * p.ky
}

func (p projection) lonlat(x, y float64) orb.Point {
	return orb.Point{p.lon0 + x/p.kx, p.lat0 + y/p.ky}
}

func (p projection) dist(a, b orb.Point) float64 {
	return math.Hypot((a[0]-b[0])*p.kx, (a[1]-b[1])*p.ky)
}

func (p projection) lineLength(ls orb.LineString) float64 {
	var s float64
	for i := 1; i < len(ls); i++ {
		s += p.dist(ls[i-1], ls[i])
	}
	return s
}

// Dist returns the distance in metres between two points (local projection).
func (g *Graph) Dist(a, b orb.Point) float64 { return g.proj.dist(a, b) }
