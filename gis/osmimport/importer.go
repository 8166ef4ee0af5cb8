package osmimport

import (
	"context"
	"fmt"
	"io"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
	"github.com/paulmach/orb/planar"
	"github.com/paulmach/osm"
	"github.com/paulmach/osm/osmpbf"
)

// importer carries the state of one Read.
type importer struct {
	opt    Options
	format Format
	sink   Sink
	bound  *boundary
	nodes  nodeIndex
	stats  Stats
	// memberIDs are the ways wanted multipolygons use; members their
	// geometry, kept as the ways go by.
	memberIDs wayIDSet
	members   map[int64]memberWay
	// suppressed are closed ways whose area an old-style relation draws.
	suppressed wayIDSet
	// plain collects a PBF's plain nodes on the decoding goroutines while
	// the file is read once; nil otherwise.
	plain *plainNodes
}

// vertex is a way node with its coordinates.
type vertex struct {
	id int64
	p  orb.Point
}

func (imp *importer) run(ctx context.Context, rewind func() (io.Reader, error)) (Stats, error) {
	var wanted []*mpRelation
	if err := imp.scan(ctx, rewind, passRelations, func(o osm.Object) error {
		if r, ok := o.(*osm.Relation); ok {
			if m, ok := multipolygon(r); ok {
				wanted = append(wanted, m)
			}
		}
		return nil
	}); err != nil {
		return imp.stats, err
	}
	imp.memberIDs = newWayIDSet(wanted)
	imp.suppressed = suppressedWays(wanted)
	wanted = nil
	if err := imp.scan(ctx, rewind, passWays, imp.collect); err != nil {
		return imp.stats, err
	}
	imp.nodes.seal()
	imp.stats.IndexedNodes = int64(len(imp.nodes.ids))
	sawWay := false
	err := imp.scan(ctx, rewind, passAll, func(o osm.Object) error {
		switch o := o.(type) {
		case *osm.Node:
			if sawWay {
				return ErrUnsorted
			}
			return imp.node(o)
		case *osm.Way:
			sawWay = true
			if imp.memberIDs.has(int64(o.ID)) && len(o.Nodes) > 0 {
				imp.memberGeometry(int64(o.ID), wayRefs(o.Nodes, nil), o)
			}
			return imp.way(o)
		case *osm.Relation:
			return imp.relation(o)
		}
		return nil
	})
	return imp.stats, err
}

// wayRefs appends the node ids of a way to dst.
func wayRefs(ns osm.WayNodes, dst []int64) []int64 {
	for _, n := range ns {
		dst = append(dst, int64(n.ID))
	}
	return dst
}

// singlePassMax is the largest file read in one pass. A small file's
// nodes (24 bytes each) and selected ways are kept in memory while it is
// read once; a larger one is read three times and only the nodes the selected
// ways use are kept. A second pass decodes every way again and costs the
// PBF decoder another 32 MiB buffer, most of the time of a small import;
// 8 MiB of PBF is about a million nodes, 24 MB.
var singlePassMax int64 = 8 << 20

// runOnce imports a small file in one read: every node's coordinates, the
// node addresses and every selected way are kept until the end of the file,
// then handed on as the second pass of run does, in file order, so the sink
// sees the same calls in the same order, and none when the file is broken.
func (imp *importer) runOnce(ctx context.Context, rewind func() (io.Reader, error)) (Stats, error) {
	if imp.format == FormatPBF {
		imp.plain = &plainNodes{}
	}
	rd, err := imp.readOnce(ctx, rewind)
	if err != nil {
		return imp.stats, err
	}
	plain := imp.plain
	imp.plain = nil
	if plain != nil {
		imp.stats.Nodes += int64(plain.n)
	}
	// The multipolygons' member ways need their nodes indexed too.
	imp.memberIDs = newWayIDSet(rd.wanted)
	imp.suppressed = suppressedWays(rd.wanted)
	rd.markMemberNodes(imp)
	imp.nodes.seal()
	imp.stats.IndexedNodes = int64(len(imp.nodes.ids))
	if plain != nil {
		for _, c := range plain.chunks {
			for _, n := range c {
				imp.nodes.setFixed(n)
			}
		}
	}
	for _, n := range rd.nodes {
		imp.nodes.setFixed(n)
	}
	rd.nodes = nil
	rd.memberGeometries(imp)
	rd.spareIDs, rd.spareRefs, rd.spareEnd = nil, nil, nil
	err = imp.emitOnce(ctx, rd) // before reading the stats it adds to
	return imp.stats, err
}

// onceRead is what runOnce keeps of the file until its end.
type onceRead struct {
	nodes []nodeAt // all the nodes but a PBF's plain ones (imp.plain)
	ways  []*osm.Way
	addrs []Address // emitted after the read, so broken input emits nothing
	// The other ways' node ids, flattened, in case a multipolygon uses them.
	spareIDs, spareRefs []int64
	spareEnd            []int
	wanted              []*mpRelation
}

// spare is the node ids of the i-th other way.
func (rd *onceRead) spare(i int) []int64 {
	start := 0
	if i > 0 {
		start = rd.spareEnd[i-1]
	}
	return rd.spareRefs[start:rd.spareEnd[i]]
}

// readOnce reads the whole file, keeping nodes, addresses, the selected
// ways, the other ways' node ids and the wanted multipolygons.
func (imp *importer) readOnce(ctx context.Context, rewind func() (io.Reader, error)) (*onceRead, error) {
	rd := &onceRead{}
	sawWay := false
	err := imp.scan(ctx, rewind, passAll, func(o osm.Object) error {
		switch o := o.(type) {
		case *osm.Node:
			if sawWay {
				return ErrUnsorted
			}
			imp.stats.Nodes++
			rd.nodes = append(rd.nodes, newNodeAt(int64(o.ID), o.Point()))
			if num, street, ok := address(o.Tags); ok {
				rd.addrs = append(rd.addrs, Address{OSMType: "node", OSMID: int64(o.ID), HouseNumber: num, Street: street, Point: o.Point()})
			}
		case *osm.Way:
			sawWay = true
			if err := imp.collect(o); err != nil {
				return err
			}
			_, street := streetClass(o, imp.opt.Paths)
			_, _, poly := polygonKind(o)
			if street || poly {
				rd.ways = append(rd.ways, o)
			} else {
				imp.stats.Ways++
				if len(o.Nodes) > 0 {
					rd.spareIDs = append(rd.spareIDs, int64(o.ID))
					rd.spareRefs = wayRefs(o.Nodes, rd.spareRefs)
					rd.spareEnd = append(rd.spareEnd, len(rd.spareRefs))
				}
			}
		case *osm.Relation:
			imp.stats.Relations++
			if m, ok := multipolygon(o); ok {
				rd.wanted = append(rd.wanted, m)
			}
		}
		return nil
	})
	return rd, err
}

// markMemberNodes indexes the nodes of the multipolygons' member ways.
func (rd *onceRead) markMemberNodes(imp *importer) {
	if len(imp.memberIDs) == 0 {
		return
	}
	for _, w := range rd.ways {
		if imp.memberIDs.has(int64(w.ID)) {
			for _, n := range w.Nodes {
				imp.nodes.add(int64(n.ID), useNeeded)
			}
		}
	}
	for i, id := range rd.spareIDs {
		if imp.memberIDs.has(id) {
			for _, n := range rd.spare(i) {
				imp.nodes.add(n, useNeeded)
			}
		}
	}
}

// memberGeometries gives the multipolygons' member ways their lines, once
// the nodes have their coordinates.
func (rd *onceRead) memberGeometries(imp *importer) {
	if len(imp.memberIDs) == 0 {
		return
	}
	for _, w := range rd.ways {
		if imp.memberIDs.has(int64(w.ID)) && len(w.Nodes) > 0 {
			imp.memberGeometry(int64(w.ID), wayRefs(w.Nodes, nil), w)
		}
	}
	for i, id := range rd.spareIDs {
		if imp.memberIDs.has(id) {
			imp.memberGeometry(id, rd.spare(i), nil)
		}
	}
}

// emitOnce hands on the addresses, ways and multipolygons in file order,
// letting each go once handed on.
func (imp *importer) emitOnce(ctx context.Context, rd *onceRead) error {
	for _, a := range rd.addrs {
		if err := imp.emitAddress(a); err != nil {
			return err
		}
	}
	rd.addrs = nil
	for i, w := range rd.ways {
		rd.ways[i] = nil
		if err := imp.way(w); err != nil {
			return err
		}
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
	}
	for _, r := range rd.wanted {
		if err := imp.emitMultipolygon(r); err != nil {
			return err
		}
	}
	return nil
}

// scan reads the file once from its start, handing each object to fn.
func (imp *importer) scan(ctx context.Context, rewind func() (io.Reader, error), p pass, fn func(osm.Object) error) error {
	r, err := rewind()
	if err != nil {
		return fmt.Errorf("%w: %w", ErrInput, err)
	}
	s, closeScanner, err := openScanner(ctx, r, imp.format, p, imp.opt.Procs)
	if err != nil {
		return err
	}
	if ps, ok := s.(*osmpbf.Scanner); ok && imp.plain != nil {
		ps.FilterNode = imp.plain.filter
	}
	defer closeScanner()
	for s.Scan() {
		if err := fn(s.Object()); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := s.Err(); err != nil {
		return fmt.Errorf("%w: pass %d: %w", ErrInput, p, err)
	}
	return nil
}

// collect is pass 1: note which nodes the wanted ways use, and how.
func (imp *importer) collect(o osm.Object) error {
	w, ok := o.(*osm.Way)
	if !ok {
		return nil
	}
	if _, ok := streetClass(w, imp.opt.Paths); ok {
		refs := dedupe(w.Nodes)
		for i, n := range refs {
			use := uint8(useStreet)
			if i == 0 || i == len(refs)-1 {
				use = useJunction
			}
			imp.nodes.add(int64(n.ID), use)
		}
	}
	if _, _, ok := polygonKind(w); ok || imp.memberIDs.has(int64(w.ID)) {
		for _, n := range w.Nodes {
			imp.nodes.add(int64(n.ID), useNeeded)
		}
	}
	return nil
}

// dedupe drops a node repeated right after itself, which would make a
// zero-length segment. Most ways have none and are returned as they are
// (callers only read the result); a copy is made only when one is dropped.
func dedupe(ns osm.WayNodes) osm.WayNodes {
	first := 1
	for first < len(ns) && ns[first].ID != ns[first-1].ID {
		first++
	}
	if first >= len(ns) {
		return ns
	}
	out := make(osm.WayNodes, first, len(ns)-1)
	copy(out, ns[:first])
	for i := first + 1; i < len(ns); i++ {
		if ns[i].ID == ns[i-1].ID {
			continue
		}
		out = append(out, ns[i])
	}
	return out
}

func (imp *importer) node(n *osm.Node) error {
	imp.stats.Nodes++
	imp.nodes.set(int64(n.ID), n.Point())
	num, street, ok := address(n.Tags)
	if !ok {
		return nil
	}
	a := Address{OSMType: "node", OSMID: int64(n.ID), HouseNumber: num, Street: street, Point: n.Point()}
	return imp.emitAddress(a)
}

func (imp *importer) emitAddress(a Address) error {
	if imp.bound != nil && !imp.bound.contains(a.Point) {
		imp.stats.OutsideBoundary++
		return nil
	}
	imp.stats.Addresses++
	return imp.sink.Address(a)
}

func (imp *importer) way(w *osm.Way) error {
	imp.stats.Ways++
	if class, ok := streetClass(w, imp.opt.Paths); ok {
		if err := imp.street(w, class); err != nil {
			return err
		}
	}
	if kind, sub, ok := polygonKind(w); ok {
		return imp.polygon(w, kind, sub)
	}
	return nil
}

// street splits a street way at graph nodes and at gaps left by missing
// nodes, clips the parts to the boundary and emits them.
func (imp *importer) street(w *osm.Way, class Class) error {
	imp.stats.StreetWays++
	tmpl := Segment{
		WayID:   int64(w.ID),
		Name:    w.Tags.Find("name"),
		NameVI:  w.Tags.Find("name:vi"),
		NameEN:  w.Tags.Find("name:en"),
		Highway: w.Tags.Find("highway"),
		Class:   class,
		Oneway:  oneway(w.Tags),
	}
	e := emitter{imp: imp, tmpl: tmpl}
	var part []vertex
	incomplete := false
	for i, n := range dedupe(w.Nodes) {
		p, junction, ok := imp.nodes.get(int64(n.ID))
		if !ok {
			imp.stats.MissingNodeRefs++
			incomplete = true
			if err := e.part(part); err != nil {
				return err
			}
			part = nil
			continue
		}
		part = append(part, vertex{int64(n.ID), p})
		if junction && i > 0 && len(part) >= 2 {
			if err := e.part(part); err != nil {
				return err
			}
			part = []vertex{{int64(n.ID), p}}
		}
	}
	if incomplete {
		imp.stats.IncompleteWays++
	}
	if err := e.part(part); err != nil {
		return err
	}
	if e.index == 0 && imp.bound != nil && !incomplete {
		imp.stats.OutsideBoundary++
	}
	return nil
}

// emitter numbers the segments of one way and the boundary cuts on it.
type emitter struct {
	imp   *importer
	tmpl  Segment
	index int
	cuts  int
}

func (e *emitter) part(vs []vertex) error {
	if len(vs) < 2 {
		return nil
	}
	if e.imp.bound == nil {
		return e.emit(vs)
	}
	pieces, err := e.imp.bound.clip(vs, e.cutID)
	if err != nil {
		return err
	}
	for _, piece := range pieces {
		if err := e.emit(piece); err != nil {
			return err
		}
	}
	return nil
}

// cutID gives a boundary cut point a deterministic negative id, the same
// for the same way and boundary on every run: -(wayID*65536 + k) for the
// k-th cut along the way.
func (e *emitter) cutID() (int64, error) {
	if e.cuts >= 1<<16 {
		return 0, fmt.Errorf("osmimport: way %d crosses the boundary more than 65535 times", e.tmpl.WayID)
	}
	id := -(e.tmpl.WayID<<16 | int64(e.cuts))
	e.cuts++
	return id, nil
}

func (e *emitter) emit(vs []vertex) error {
	s := e.tmpl
	s.Index = e.index
	s.FromNode, s.ToNode = vs[0].id, vs[len(vs)-1].id
	s.Line = make(orb.LineString, len(vs))
	for i, v := range vs {
		s.Line[i] = v.p
	}
	s.LengthM = geo.LengthHaversine(s.Line)
	e.index++
	e.imp.stats.Segments++
	return e.imp.sink.Segment(s)
}

// polygon emits a closed way as a basemap polygon and, for a building with
// an address, its centroid as an address. A polygon with missing nodes is
// dropped: an open ring cannot be drawn filled.
func (imp *importer) polygon(w *osm.Way, kind, sub string) error {
	ring := make(orb.Ring, 0, len(w.Nodes))
	lost := 0
	for _, n := range w.Nodes {
		p, _, ok := imp.nodes.get(int64(n.ID))
		if !ok {
			lost++
			continue
		}
		ring = append(ring, p)
	}
	if lost > 0 {
		imp.stats.MissingNodeRefs += int64(lost)
		imp.stats.IncompleteWays++
		return nil
	}
	poly := orb.Polygon{ring}
	if imp.bound != nil && !imp.bound.touches(poly) {
		imp.stats.OutsideBoundary++
		return nil
	}
	// An old-style multipolygon's outer way is drawn as the relation.
	if !imp.suppressed.has(int64(w.ID)) {
		imp.stats.Polygons++
		if err := imp.sink.Polygon(BasemapPolygon{OSMType: "way", OSMID: int64(w.ID), Kind: kind, Subkind: sub, Polygon: poly}); err != nil {
			return err
		}
	}
	if !hasBuildingAddress(w) {
		return nil
	}
	num, street, _ := address(w.Tags)
	c, _ := planar.CentroidArea(poly)
	return imp.emitAddress(Address{OSMType: "way", OSMID: int64(w.ID), HouseNumber: num, Street: street, Point: c})
}
