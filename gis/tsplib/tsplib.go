// Package tsplib reads TSPLIB95 files (Reinelt, Heidelberg): symmetric and
// asymmetric TSP instances and tour files. It exists so the route solver can
// be measured against published optimal tour lengths.
//
// Supported: TYPE TSP, ATSP and TOUR; EDGE_WEIGHT_TYPE EUC_2D, EUC_3D,
// MAN_2D, MAN_3D, MAX_2D, MAX_3D, CEIL_2D, ATT, GEO and EXPLICIT with the
// FULL_MATRIX, UPPER_ROW, LOWER_ROW, UPPER_DIAG_ROW, LOWER_DIAG_ROW (and the
// equivalent *_COL) formats. Node ids in files are 1-based; everything this
// package returns is 0-based.
//
// The parser never trusts DIMENSION for allocation: memory grows with the
// data actually read, and dimensions are capped (MaxDimension,
// MaxExplicitDimension) so a hostile header cannot exhaust memory.
package tsplib

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// Limits on the size of what Parse accepts.
const (
	// MaxDimension caps the number of nodes of a coordinate instance.
	MaxDimension = 1 << 20
	// MaxExplicitDimension caps explicit matrices, stored as n*n int64.
	MaxExplicitDimension = 4000
	// maxLineLen caps one input line; TSPLIB lines are short but explicit
	// matrices are sometimes written as one long line per row.
	maxLineLen = 1 << 20
)

// Sentinel errors; the errors Parse returns wrap one of them and say on
// which line the problem is.
var (
	ErrSyntax      = errors.New("tsplib: syntax error")
	ErrUnsupported = errors.New("tsplib: unsupported")
	ErrDimension   = errors.New("tsplib: bad dimension")
	ErrTour        = errors.New("tsplib: invalid tour")
)

// Point is a node's coordinates; Z is zero for 2-D instances.
type Point struct{ X, Y, Z float64 }

// Problem is one parsed TSPLIB file.
type Problem struct {
	Name             string
	Comment          string
	Type             string // TSP, ATSP, TOUR, ...
	Dimension        int
	EdgeWeightType   string // EUC_2D, GEO, EXPLICIT, ...
	EdgeWeightFormat string // FULL_MATRIX, UPPER_ROW, ... for EXPLICIT
	// Coords holds node coordinates (index = node id - 1), nil if none.
	Coords []Point
	// Tours holds the tours of a TOUR file (or a TOUR_SECTION), 0-based.
	Tours [][]int

	weights []int64 // n*n row-major, EXPLICIT only
	geo     []geoPoint
	dist    func(p *Problem, i, j int) int64
}

// N returns the number of nodes.
func (p *Problem) N() int { return p.Dimension }

// HasDistances reports whether Dist may be called: the file defined a
// distance (coordinates with a supported type, or an explicit matrix).
func (p *Problem) HasDistances() bool { return p.dist != nil }

// Dist returns the TSPLIB distance between nodes i and j (0-based). It panics
// if HasDistances is false or an index is out of range, like a slice would.
// A node is at distance 0 from itself, except where an explicit matrix says
// otherwise: the document defines the functions for two different nodes
// only, and GEO would give 1.
func (p *Problem) Dist(i, j int) int64 {
	if i == j && p.weights == nil {
		return 0
	}
	return p.dist(p, i, j)
}

// Length returns the length of the closed tour (0-based node ids).
func (p *Problem) Length(tour []int) int64 {
	var s int64
	for k := range tour {
		s += p.Dist(tour[k], tour[(k+1)%len(tour)])
	}
	return s
}

// ParseFile reads a TSPLIB file from disk.
func ParseFile(path string) (*Problem, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("tsplib: %w", err)
	}
	defer f.Close()
	p, err := Parse(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

// ReadTourFile reads a .tour file and returns its first tour (0-based),
// checked to be a permutation of 0..DIMENSION-1.
func ReadTourFile(path string) ([]int, error) {
	p, err := ParseFile(path)
	if err != nil {
		return nil, err
	}
	if len(p.Tours) == 0 {
		return nil, fmt.Errorf("%s: %w: no TOUR_SECTION", path, ErrTour)
	}
	return p.Tours[0], nil
}

// Parse reads a TSPLIB file.
func Parse(r io.Reader) (*Problem, error) {
	s := newScanner(r)
	p := &Problem{}
	if err := p.parse(s); err != nil {
		return nil, err
	}
	if err := p.finish(); err != nil {
		return nil, err
	}
	return p, nil
}

// parse walks the specification entries and data sections in file order.
func (p *Problem) parse(s *scanner) error {
	for s.nextLine() {
		line := strings.TrimSpace(s.line)
		if line == "" {
			continue
		}
		key, val, _ := strings.Cut(line, ":")
		key = strings.ToUpper(strings.TrimSpace(key))
		val = strings.TrimSpace(val)
		if key == "EOF" {
			return nil
		}
		if strings.HasSuffix(key, "_SECTION") {
			if err := p.section(s, key, val); err != nil {
				return err
			}
			continue
		}
		if err := p.spec(s.lineNo, key, val); err != nil {
			return err
		}
	}
	return s.err
}

// spec records one "KEY : VALUE" entry.
func (p *Problem) spec(line int, key, val string) error {
	switch key {
	case "NAME":
		p.Name = val
	case "COMMENT":
		if p.Comment != "" {
			p.Comment += "\n"
		}
		p.Comment += val
	case "TYPE":
		p.Type = strings.ToUpper(strings.Fields(val + " ?")[0])
	case "DIMENSION":
		n, err := strconv.Atoi(val)
		if err != nil || n < 1 || n > MaxDimension {
			return fmt.Errorf("%w: line %d: DIMENSION %q (want 1..%d)", ErrDimension, line, val, MaxDimension)
		}
		p.Dimension = n
	case "EDGE_WEIGHT_TYPE":
		p.EdgeWeightType = strings.ToUpper(val)
	case "EDGE_WEIGHT_FORMAT":
		p.EdgeWeightFormat = strings.ToUpper(val)
	case "CAPACITY", "NODE_COORD_TYPE", "DISPLAY_DATA_TYPE", "EDGE_DATA_FORMAT":
		// Accepted and ignored: they do not change distances.
	default:
		return fmt.Errorf("%w: line %d: unknown keyword %q", ErrSyntax, line, key)
	}
	return nil
}

// section reads one data section; val is anything after the keyword on the
// same line (rare, but some writers put the first data there).
func (p *Problem) section(s *scanner, key, val string) error {
	if p.Dimension == 0 {
		return fmt.Errorf("%w: line %d: %s before DIMENSION", ErrDimension, s.lineNo, key)
	}
	if val != "" {
		s.pending = strings.Fields(val)
	}
	switch key {
	case "NODE_COORD_SECTION":
		return p.readCoords(s)
	case "EDGE_WEIGHT_SECTION":
		return p.readWeights(s)
	case "TOUR_SECTION":
		return p.readTours(s)
	case "DISPLAY_DATA_SECTION", "DEMAND_SECTION":
		return s.skipRecords()
	case "DEPOT_SECTION", "FIXED_EDGES_SECTION":
		return s.skipUntilMinusOne()
	default:
		return fmt.Errorf("%w: line %d: section %s", ErrUnsupported, s.lineNo, key)
	}
}

// finish checks the problem is complete and picks the distance function.
func (p *Problem) finish() error {
	if p.Dimension == 0 {
		return fmt.Errorf("%w: no DIMENSION", ErrDimension)
	}
	if p.Type == "TOUR" || p.EdgeWeightType == "" {
		return nil // a tour file or a coordinate-only file: no distances
	}
	if p.EdgeWeightType == "EXPLICIT" {
		if p.weights == nil {
			return fmt.Errorf("%w: EXPLICIT without EDGE_WEIGHT_SECTION", ErrSyntax)
		}
		p.dist = explicitDist
		return nil
	}
	f, ok := distFuncs[p.EdgeWeightType]
	if !ok {
		return fmt.Errorf("%w: EDGE_WEIGHT_TYPE %s", ErrUnsupported, p.EdgeWeightType)
	}
	if p.Coords == nil {
		return fmt.Errorf("%w: %s without NODE_COORD_SECTION", ErrSyntax, p.EdgeWeightType)
	}
	if p.EdgeWeightType == "GEO" {
		p.geo = toGeo(p.Coords)
	}
	p.dist = f
	return nil
}
