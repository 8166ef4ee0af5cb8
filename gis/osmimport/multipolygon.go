package osmimport

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/paulmach/osm"
)

// Multipolygon relations (type=multipolygon) carry most large water bodies
// and land-use areas. They are built after the ways, from the geometry of
// their member ways:
//
//   - the member ways are joined end to end (by node id, reversing a way
//     when needed) into closed rings;
//   - a ring is outer or inner by its ways' roles; a ring whose ways have no
//     role, or mixed ones, is inner when it lies inside an odd number of the
//     relation's other rings (containment, as osmium and GDAL decide);
//   - each inner ring becomes a hole of the smallest outer ring holding it;
//     an inner ring that no outer holds is dropped;
//   - each outer ring with its holes is handed on as one BasemapPolygon
//     (OSMType "relation", the relation's id, Part counting the outers).
//
// A relation is skipped, and counted, when a member way is missing from the
// extract (or lost nodes), or when its ways do not close into rings.

// Roles of a member way.
const (
	roleNone  = 0
	roleOuter = 1
	roleInner = 2
)

// mpRelation is a wanted multipolygon relation: its kind and member ways.
type mpRelation struct {
	id        int64
	kind, sub string // empty for an old-style relation until built
	ways      []int64
	roles     []uint8
	oldStyle  bool
}

// multipolygon returns the relation as a wanted multipolygon, if it is one
// the basemap draws (the tags decide as for a closed way).
func multipolygon(r *osm.Relation) (*mpRelation, bool) {
	if r.Tags.Find("type") != "multipolygon" {
		return nil, false
	}
	kind, sub, ok := areaKind(r.Tags)
	old := !ok && oldStyleTags(r.Tags)
	if !ok && !old {
		return nil, false
	}
	m := &mpRelation{id: int64(r.ID), kind: kind, sub: sub, oldStyle: old}
	seen := make(map[int64]bool, len(r.Members))
	for _, mb := range r.Members {
		if mb.Type != osm.TypeWay {
			continue // nodes (labels) and nested relations are not rings
		}
		if seen[mb.Ref] {
			continue // a way listed twice would make a ring twice
		}
		seen[mb.Ref] = true
		role := uint8(roleNone)
		switch mb.Role {
		case "outer":
			role = roleOuter
		case "inner":
			role = roleInner
		}
		m.ways = append(m.ways, mb.Ref)
		m.roles = append(m.roles, role)
	}
	return m, true
}

// oldStyleTags reports an old-style multipolygon: the relation carries only
// its type (and bookkeeping tags), the area tags are on the outer way. GDAL
// builds these from the outer way's tags, and so does this package: the
// outer closed way is then drawn as the relation, with its holes, not on
// its own (see suppressed).
func oldStyleTags(t osm.Tags) bool {
	for _, tag := range t {
		switch tag.Key {
		case "type", "created_by", "source", "note", "fixme", "FIXME":
		default:
			return false
		}
	}
	return true
}

// suppressedWays are the outer ways of old-style relations with holes: their
// area is the relation's, drawn with its holes, so the closed way itself is
// not handed on.
func suppressedWays(rels []*mpRelation) wayIDSet {
	var s wayIDSet
	for _, r := range rels {
		if !r.oldStyle || !slices.Contains(r.roles, roleInner) {
			continue
		}
		for i, id := range r.ways {
			if r.roles[i] == roleOuter {
				s = append(s, id)
			}
		}
	}
	slices.Sort(s)
	return slices.Compact(s)
}

// memberWay is the geometry of a way that a wanted relation uses. A way with
// nodes missing from the extract has nil pts.
type memberWay struct {
	first, last int64 // end node ids, to join ways
	pts         []orb.Point
	kind, sub   string // a closed way's own area kind, for old-style relations
}

// wayIDSet is a sorted set of way ids.
type wayIDSet []int64

func (s wayIDSet) has(id int64) bool {
	_, ok := slices.BinarySearch(s, id)
	return ok
}

func newWayIDSet(rels []*mpRelation) wayIDSet {
	var s wayIDSet
	for _, r := range rels {
		s = append(s, r.ways...)
	}
	slices.Sort(s)
	return slices.Compact(s)
}

// memberGeometry resolves a member way's nodes; nodes must be indexed.
func (imp *importer) memberGeometry(id int64, refs []int64, w *osm.Way) {
	mw := memberWay{first: refs[0], last: refs[len(refs)-1]}
	if w != nil {
		mw.kind, mw.sub, _ = polygonKind(w)
	}
	pts := make([]orb.Point, 0, len(refs))
	for _, n := range refs {
		p, _, ok := imp.nodes.get(n)
		if !ok {
			pts = nil
			break
		}
		if len(pts) > 0 && pts[len(pts)-1] == p {
			continue
		}
		pts = append(pts, p)
	}
	mw.pts = pts
	if imp.members == nil {
		imp.members = map[int64]memberWay{}
	}
	imp.members[id] = mw
}

// mpRing is a ring being assembled.
type mpRing struct {
	ring  orb.Ring
	role  uint8 // roleOuter, roleInner, or roleNone when the ways disagree
	area  float64
	bound orb.Bound
	holes []orb.Ring
}

// buildMultipolygon assembles a relation into polygons, or reports why not.
func (imp *importer) buildMultipolygon(r *mpRelation) ([]orb.Polygon, bool) {
	pieces, ok := imp.mpPieces(r)
	if !ok {
		imp.stats.MultipolygonsMissingMembers++
		return nil, false
	}
	rings, ok := joinRings(pieces)
	if !ok {
		imp.stats.MultipolygonsOpenRings++
		return nil, false
	}
	settleRoles(rings)
	out := nestHoles(rings)
	if len(out) == 0 { // no outer ring
		imp.stats.MultipolygonsOpenRings++
		return nil, false
	}
	return out, true
}

// mpPiece is a member way's line, to be joined end to end into rings.
type mpPiece struct {
	first, last int64
	pts         []orb.Point
	role        uint8
}

// mpPieces are the relation's ways with their roles; false when a member
// is missing or none has a line.
func (imp *importer) mpPieces(r *mpRelation) ([]mpPiece, bool) {
	var pieces []mpPiece
	for i, id := range r.ways {
		mw, ok := imp.members[id]
		if !ok || mw.pts == nil {
			return nil, false
		}
		if len(mw.pts) < 2 {
			continue // a one-node way adds nothing
		}
		pieces = append(pieces, mpPiece{mw.first, mw.last, mw.pts, r.roles[i]})
	}
	return pieces, len(pieces) > 0
}

// joinRings joins the pieces end to end, by node id, into closed rings; a
// piece already closed is a ring. false when a ring stays open or
// encloses nothing. A ring whose pieces disagree on their role has none.
func joinRings(pieces []mpPiece) ([]*mpRing, bool) {
	ends := map[int64][]int{}
	for i, p := range pieces {
		if p.first != p.last {
			ends[p.first] = append(ends[p.first], i)
			ends[p.last] = append(ends[p.last], i)
		}
	}
	used := make([]bool, len(pieces))
	var rings []*mpRing
	for i := range pieces {
		if used[i] {
			continue
		}
		used[i] = true
		p := pieces[i]
		ring := append(orb.Ring(nil), p.pts...)
		role := p.role
		start, end := p.first, p.last
		for start != end {
			next := -1
			for _, j := range ends[end] {
				if !used[j] {
					next = j
					break
				}
			}
			if next < 0 {
				return nil, false
			}
			used[next] = true
			q := pieces[next]
			pts := q.pts
			if q.first == end {
				end = q.last
			} else {
				pts = slices.Clone(pts)
				slices.Reverse(pts)
				end = q.first
			}
			ring = append(ring, pts[1:]...)
			if q.role != role {
				role = roleNone
			}
		}
		ring[len(ring)-1] = ring[0] // same node, same point; exact closure
		if len(ring) < 4 {
			return nil, false
		}
		a := math.Abs(planar.Area(ring)) // signed by winding
		if a == 0 {
			return nil, false
		}
		rings = append(rings, &mpRing{ring: ring, role: role, area: a, bound: ring.Bound()})
	}
	return rings, true
}

// settleRoles gives rings without a clear role one: inner when nested an
// odd number of times.
func settleRoles(rings []*mpRing) {
	for _, rg := range rings {
		if rg.role != roleNone {
			continue
		}
		depth := 0
		for _, other := range rings {
			if other != rg && other.area > rg.area && ringInside(rg, other) {
				depth++
			}
		}
		rg.role = roleOuter
		if depth%2 == 1 {
			rg.role = roleInner
		}
	}
}

// nestHoles puts each inner ring in the smallest outer ring holding it and
// makes a polygon of each outer ring (none when there is no outer ring).
func nestHoles(rings []*mpRing) []orb.Polygon {
	var outers []*mpRing
	for _, rg := range rings {
		if rg.role == roleOuter {
			outers = append(outers, rg)
		}
	}
	for _, rg := range rings {
		if rg.role != roleInner {
			continue
		}
		var best *mpRing
		for _, o := range outers {
			if o.area > rg.area && (best == nil || o.area < best.area) && ringInside(rg, o) {
				best = o
			}
		}
		if best != nil {
			best.holes = append(best.holes, orient(rg.ring, orb.CW))
		}
	}
	out := make([]orb.Polygon, 0, len(outers))
	for _, o := range outers {
		poly := orb.Polygon{orient(o.ring, orb.CCW)}
		out = append(out, append(poly, o.holes...))
	}
	return out
}

// ringInside reports whether ring a lies inside ring b, testing a's
// vertices until one is clearly inside or outside (rings of a valid
// multipolygon may touch at a vertex).
func ringInside(a, b *mpRing) bool {
	if !b.bound.Contains(a.bound.Min) || !b.bound.Contains(a.bound.Max) {
		return false
	}
	for i, p := range a.ring {
		if i >= 8 {
			break
		}
		if !planar.RingContains(b.ring, p) {
			return false
		}
	}
	return true
}

// orient returns r wound as o asks.
func orient(r orb.Ring, o orb.Orientation) orb.Ring {
	if r.Orientation() != o {
		r = slices.Clone(r)
		slices.Reverse(r)
	}
	return r
}

// relation handles a relation in the pass that builds: a wanted
// multipolygon is assembled from its member ways and emitted.
func (imp *importer) relation(o *osm.Relation) error {
	imp.stats.Relations++
	r, ok := multipolygon(o)
	if !ok {
		return nil
	}
	return imp.emitMultipolygon(r)
}

func (imp *importer) emitMultipolygon(r *mpRelation) error {
	if r.oldStyle {
		for i, id := range r.ways {
			if mw := imp.members[id]; r.roles[i] == roleOuter && mw.kind != "" {
				r.kind, r.sub = mw.kind, mw.sub
				break
			}
		}
		if r.kind == "" {
			return nil // an old-style relation of nothing the basemap draws
		}
	}
	polys, ok := imp.buildMultipolygon(r)
	if !ok {
		imp.stats.BrokenMultipolygons++
		return nil
	}
	var keep []orb.Polygon
	for _, p := range polys {
		if imp.bound == nil || imp.bound.touches(p) {
			keep = append(keep, p)
		}
	}
	if len(keep) == 0 {
		imp.stats.OutsideBoundary++
		return nil
	}
	imp.stats.Multipolygons++
	// Addresses on building relations are not taken: the address schema
	// knows nodes and ways only (an old-style relation's outer way keeps
	// its own address).
	for i, p := range keep {
		imp.stats.Polygons++
		if err := imp.sink.Polygon(BasemapPolygon{OSMType: "relation", OSMID: r.id, Part: i, Kind: r.kind, Subkind: r.sub, Polygon: p}); err != nil {
			return err
		}
	}
	return nil
}
