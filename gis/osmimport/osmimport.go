// Package osmimport turns an OpenStreetMap file (XML, gzipped XML or PBF) into
// what a ward map needs: a street graph split at junctions, street addresses
// and basemap polygons (buildings, water, land use). It streams the file and
// hands every value to a Sink; storing them is the caller's business.
//
// A large file is read three times so that memory stays bounded on
// country-size extracts: pass 0 reads only the relations and notes the member
// ways of the multipolygons the basemap wants; pass 1 reads only the ways and
// collects the ids of the nodes they need (and how many street ways share
// each node, to find junctions); pass 2 keeps the coordinates of just those
// nodes, then builds the ways and, at the end, the multipolygons. Memory is
// about 17 bytes per needed node, not per node in the file, plus the
// coordinates of the multipolygons' member ways.
//
// Files must be sorted the usual way (nodes, then ways, then relations), as
// osmium, osmosis, JOSM and planet extracts write them.
package osmimport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/paulmach/orb"
)

// Sentinel errors. Read wraps them, so test with errors.Is.
var (
	// ErrFormat means the file format could not be recognised.
	ErrFormat = errors.New("osmimport: unknown file format")
	// ErrInput means the file could not be read to its end: truncated,
	// corrupt or malformed. Whatever was handed to the Sink before must be
	// discarded by the caller (one transaction).
	ErrInput = errors.New("osmimport: cannot read input")
	// ErrUnsorted means a node came after a way, so ways could not be built.
	ErrUnsorted = errors.New("osmimport: file not sorted (node after way)")
	// ErrBoundary means Options.Boundary is neither a polygon nor a multipolygon.
	ErrBoundary = errors.New("osmimport: boundary must be a polygon or multipolygon")
	// ErrNoSink means Read was called without a Sink.
	ErrNoSink = errors.New("osmimport: nil sink")
)

// Class is the rank of a street for drawing and routing.
type Class string

// Street classes. OSM highway values map to them as follows (see classify.go):
//
//	main:      motorway, trunk, primary (and their _link roads)
//	secondary: secondary, tertiary (and their _link roads)
//	alley:     residential, unclassified, living_street, service,
//	           pedestrian, track, road
//	path:      footway, path, cycleway, bridleway, steps (only with Options.Paths)
//
// Other highway values (construction, proposed, platform, raceway, ...) are
// not streets and are left out.
const (
	ClassMain      Class = "main"
	ClassSecondary Class = "secondary"
	ClassAlley     Class = "alley"
	ClassPath      Class = "path"
)

// Segment is one edge of the street graph: the part of an OSM way between two
// graph nodes. Graph nodes are a way's end nodes, nodes shared by two or more
// street ways (or visited twice by one), the last known node before a node
// missing from the extract, and cut points on the boundary.
type Segment struct {
	WayID            int64
	Index            int   // part number within the way, from 0 along the way
	FromNode, ToNode int64 // OSM node ids; negative for boundary cut points
	Line             orb.LineString
	Name             string
	NameVI, NameEN   string
	Highway          string // the raw OSM highway value
	Class            Class
	Oneway           int // 0 both ways, 1 along Line, -1 against Line
	LengthM          float64
}

// Address is a house number on a street, from a node or a building's centroid.
type Address struct {
	OSMType     string // "node" or "way"
	OSMID       int64
	HouseNumber string
	Street      string
	Point       orb.Point
}

// Polygon kinds.
const (
	KindBuilding = "building"
	KindWater    = "water"
	KindLanduse  = "landuse"
)

// BasemapPolygon is a closed way, or one outer ring (with its holes) of a
// multipolygon relation, to draw under the streets. A relation with several
// outer rings gives several BasemapPolygons with the same OSMID, Part
// counting them from 0 in the order the rings were assembled.
type BasemapPolygon struct {
	OSMType string // "way" or "relation"
	OSMID   int64
	Part    int    // 0 for a way
	Kind    string // KindBuilding, KindWater or KindLanduse
	Subkind string // the tag value: "yes", "house", "pond", "residential", "park", ...
	Polygon orb.Polygon
}

// Sink receives what Read finds, in file order. An error stops the import
// and is returned by Read.
type Sink interface {
	Segment(Segment) error
	Address(Address) error
	Polygon(BasemapPolygon) error
}

// Options tune an import. The zero value imports everything.
type Options struct {
	// Boundary, when set (orb.Polygon or orb.MultiPolygon, lon/lat), keeps
	// only what lies inside: segments are cut where they cross it, addresses
	// are kept if inside, polygons are kept whole if they touch it (the map
	// clips them when drawing).
	Boundary orb.Geometry
	// Paths also imports footways, paths, cycleways, bridleways and steps as
	// ClassPath. Off by default: sidewalks mapped beside streets would double
	// the network and the ward's work is on streets and alleys.
	Paths bool
	// Procs is the number of PBF decoding goroutines; 0 means
	// min(GOMAXPROCS, 4).
	Procs int
}

// Stats tells what an import saw and what it left out.
type Stats struct {
	Nodes, Ways, Relations int64 // elements read (pass 2)
	StreetWays             int64 // ways selected as streets
	Segments               int64
	Addresses              int64
	Polygons               int64
	IndexedNodes           int64 // nodes whose coordinates were kept
	MissingNodeRefs        int64 // way references to nodes not in the file
	IncompleteWays         int64 // ways that lost parts to missing nodes
	// Multipolygons is the number of multipolygon relations built (their
	// polygons are counted in Polygons too); BrokenMultipolygons those
	// skipped, because a member way is missing from the extract or lost
	// nodes (MultipolygonsMissingMembers) or the ways do not close into
	// rings with an outer one (MultipolygonsOpenRings).
	Multipolygons               int64
	BrokenMultipolygons         int64
	MultipolygonsMissingMembers int64
	MultipolygonsOpenRings      int64
	OutsideBoundary             int64 // ways, addresses, polygons dropped by the clip
}

// Read imports one OSM file from r. If r is an io.Seeker it is read three times from
// its current offset; otherwise it is first copied to a temporary file.
// On error nothing handed to the sink should be kept.
func Read(ctx context.Context, r io.Reader, format Format, opt Options, sink Sink) (Stats, error) {
	if sink == nil {
		return Stats{}, ErrNoSink
	}
	if format == FormatUnknown {
		return Stats{}, ErrFormat
	}
	b, err := newBoundary(opt.Boundary)
	if err != nil {
		return Stats{}, err
	}
	rs, cleanup, err := seekable(r)
	if err != nil {
		return Stats{}, err
	}
	defer cleanup()
	start, err := rs.Seek(0, io.SeekCurrent)
	if err != nil {
		return Stats{}, fmt.Errorf("%w: %w", ErrInput, err)
	}
	end, err := rs.Seek(0, io.SeekEnd)
	if err != nil {
		return Stats{}, fmt.Errorf("%w: %w", ErrInput, err)
	}
	imp := &importer{opt: opt, format: format, sink: sink, bound: b}
	rewind := func() (io.Reader, error) {
		_, err := rs.Seek(start, io.SeekStart)
		return rs, err
	}
	if end-start <= singlePassMax {
		return imp.runOnce(ctx, rewind)
	}
	return imp.run(ctx, rewind)
}

// ReadFile opens path, detects its format and imports it.
func ReadFile(ctx context.Context, path string, opt Options, sink Sink) (Stats, error) {
	f, err := os.Open(path)
	if err != nil {
		return Stats{}, fmt.Errorf("osmimport: %w", err)
	}
	defer f.Close()
	head := make([]byte, 64)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return Stats{}, fmt.Errorf("%w: %w", ErrInput, err)
	}
	format, err := DetectFormat(path, head[:n])
	if err != nil {
		return Stats{}, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return Stats{}, fmt.Errorf("%w: %w", ErrInput, err)
	}
	return Read(ctx, f, format, opt, sink)
}

// seekable returns r itself if it can seek, else a temporary copy, so that
// the passes never hold the file in memory.
func seekable(r io.Reader) (io.ReadSeeker, func(), error) {
	if rs, ok := r.(io.ReadSeeker); ok {
		return rs, func() {}, nil
	}
	f, err := os.CreateTemp("", "osmimport-*")
	if err != nil {
		return nil, nil, fmt.Errorf("osmimport: spool input: %w", err)
	}
	cleanup := func() { f.Close(); os.Remove(f.Name()) }
	if _, err := io.Copy(f, r); err != nil {
		cleanup()
		return nil, nil, fmt.Errorf("%w: %w", ErrInput, err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		cleanup()
		return nil, nil, fmt.Errorf("%w: %w", ErrInput, err)
	}
	return f, cleanup, nil
}

// Collector is a Sink that keeps everything in memory, for small extracts
// and tests.
type Collector struct {
	Segments  []Segment
	Addresses []Address
	Polygons  []BasemapPolygon
}

var _ Sink = (*Collector)(nil)

// Segment appends s.
func (c *Collector) Segment(s Segment) error { c.Segments = append(c.Segments, s); return nil }

// Address appends a.
func (c *Collector) Address(a Address) error { c.Addresses = append(c.Addresses, a); return nil }

// Polygon appends p.
func (c *Collector) Polygon(p BasemapPolygon) error { c.Polygons = append(c.Polygons, p); return nil }
