package tsplib

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// scanner hands out lines and whitespace-separated tokens with line
// numbers. Data sections are read as tokens because explicit matrices wrap
// rows arbitrarily; tokens left over when a section ends are given back to
// the line loop as the next line.
type scanner struct {
	sc      *bufio.Scanner
	line    string
	lineNo  int
	pending []string
	err     error
}

func newScanner(r io.Reader) *scanner {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), maxLineLen)
	return &scanner{sc: sc}
}

// read loads the next raw line; false at EOF or on a read error (s.err).
func (s *scanner) read() bool {
	if !s.sc.Scan() {
		if err := s.sc.Err(); err != nil {
			s.err = fmt.Errorf("%w: line %d: %v", ErrSyntax, s.lineNo+1, err)
		}
		return false
	}
	s.lineNo++
	s.line = s.sc.Text()
	return true
}

// nextLine returns the next line to the specification loop, giving back
// tokens a section did not consume first.
func (s *scanner) nextLine() bool {
	if len(s.pending) > 0 {
		s.line = strings.Join(s.pending, " ")
		s.pending = nil
		return true
	}
	return s.read()
}

// peek returns the next token without consuming it; false at EOF.
func (s *scanner) peek() (string, bool) {
	for len(s.pending) == 0 {
		if !s.read() {
			return "", false
		}
		s.pending = strings.Fields(s.line)
	}
	return s.pending[0], true
}

// token consumes the next token.
func (s *scanner) token() (string, bool) {
	t, ok := s.peek()
	if ok {
		s.pending = s.pending[1:]
	}
	return t, ok
}

// errf builds an error at the current line.
func (s *scanner) errf(sentinel error, format string, a ...any) error {
	return fmt.Errorf("%w: line %d: %s", sentinel, s.lineNo, fmt.Sprintf(format, a...))
}

// float reads a real-valued token.
func (s *scanner) float(what string) (float64, error) {
	t, ok := s.token()
	if !ok {
		return 0, s.eof(what)
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return 0, s.errf(ErrSyntax, "%s: bad number %q", what, t)
	}
	return v, nil
}

// int reads an integer token.
func (s *scanner) int(what string) (int64, error) {
	t, ok := s.token()
	if !ok {
		return 0, s.eof(what)
	}
	v, err := strconv.ParseInt(t, 10, 64)
	if err != nil {
		return 0, s.errf(ErrSyntax, "%s: bad integer %q", what, t)
	}
	return v, nil
}

func (s *scanner) eof(what string) error {
	if s.err != nil {
		return s.err
	}
	return s.errf(ErrSyntax, "unexpected end of file in %s", what)
}

// isNumber reports whether a token starts a data record rather than a
// keyword.
func isNumber(t string) bool {
	_, err := strconv.ParseFloat(t, 64)
	return err == nil
}

// skipRecords skips numeric tokens up to the next keyword (sections such as
// DEMAND_SECTION that the solver does not use).
func (s *scanner) skipRecords() error {
	for {
		t, ok := s.peek()
		if !ok || !isNumber(t) {
			return s.err
		}
		s.token()
	}
}

// skipUntilMinusOne skips a section terminated by -1.
func (s *scanner) skipUntilMinusOne() error {
	for {
		v, err := s.int("section")
		if err != nil {
			return err
		}
		if v == -1 {
			return nil
		}
	}
}

// coordDims returns how many coordinates a node has for the weight type.
func (p *Problem) coordDims() int {
	if strings.HasSuffix(p.EdgeWeightType, "_3D") {
		return 3
	}
	return 2
}

// readCoords reads DIMENSION records "id x y [z]". Records are collected
// before the node table is allocated, so memory follows the input size.
func (p *Problem) readCoords(s *scanner) error {
	if p.Coords != nil {
		return s.errf(ErrSyntax, "second NODE_COORD_SECTION")
	}
	dims := p.coordDims()
	type rec struct {
		id int64
		pt Point
	}
	var recs []rec
	for range p.Dimension {
		id, err := s.int("NODE_COORD_SECTION node id")
		if err != nil {
			return err
		}
		if id < 1 || id > int64(p.Dimension) {
			return s.errf(ErrSyntax, "node id %d outside 1..%d", id, p.Dimension)
		}
		var c [3]float64
		for k := range dims {
			if c[k], err = s.float("NODE_COORD_SECTION coordinate"); err != nil {
				return err
			}
		}
		recs = append(recs, rec{id, Point{c[0], c[1], c[2]}})
	}
	coords := make([]Point, p.Dimension)
	seen := make([]bool, p.Dimension)
	for _, r := range recs {
		if seen[r.id-1] {
			return s.errf(ErrSyntax, "node %d listed twice in NODE_COORD_SECTION", r.id)
		}
		seen[r.id-1] = true
		coords[r.id-1] = r.pt
	}
	p.Coords = coords
	return nil
}

// weightCount returns how many numbers an EDGE_WEIGHT_SECTION holds.
func weightCount(format string, n int) (int, bool) {
	switch format {
	case "FULL_MATRIX":
		return n * n, true
	case "UPPER_ROW", "LOWER_ROW", "UPPER_COL", "LOWER_COL":
		return n * (n - 1) / 2, true
	case "UPPER_DIAG_ROW", "LOWER_DIAG_ROW", "UPPER_DIAG_COL", "LOWER_DIAG_COL":
		return n * (n + 1) / 2, true
	}
	return 0, false
}

// readWeights reads an explicit matrix into a full n*n table.
func (p *Problem) readWeights(s *scanner) error {
	n := p.Dimension
	if n > MaxExplicitDimension {
		return s.errf(ErrDimension, "explicit DIMENSION %d above %d", n, MaxExplicitDimension)
	}
	if p.weights != nil {
		return s.errf(ErrSyntax, "second EDGE_WEIGHT_SECTION")
	}
	count, ok := weightCount(p.EdgeWeightFormat, n)
	if !ok {
		return s.errf(ErrUnsupported, "EDGE_WEIGHT_FORMAT %q", p.EdgeWeightFormat)
	}
	vals := make([]int64, 0, min(count, 1<<16))
	for len(vals) < count {
		v, err := s.int("EDGE_WEIGHT_SECTION")
		if err != nil {
			return err
		}
		vals = append(vals, v)
	}
	p.weights = fillMatrix(p.EdgeWeightFormat, n, vals)
	return nil
}

// fillMatrix expands the values of a format into a symmetric (or, for
// FULL_MATRIX, as given) row-major n*n table. A column-wise upper triangle
// lists the same numbers as a row-wise lower one, and so on.
func fillMatrix(format string, n int, vals []int64) []int64 {
	w := make([]int64, n*n)
	if format == "FULL_MATRIX" {
		copy(w, vals)
		return w
	}
	k := 0
	for i := range n {
		lo, hi := 0, n
		switch format {
		case "UPPER_ROW", "LOWER_COL":
			lo = i + 1
		case "LOWER_ROW", "UPPER_COL":
			hi = i
		case "UPPER_DIAG_ROW", "LOWER_DIAG_COL":
			lo = i
		case "LOWER_DIAG_ROW", "UPPER_DIAG_COL":
			hi = i + 1
		}
		for j := lo; j < hi; j++ {
			w[i*n+j], w[j*n+i] = vals[k], vals[k]
			k++
		}
	}
	return w
}

// readTours reads tours terminated by -1; an extra -1, a keyword or the end
// of file ends the section.
func (p *Problem) readTours(s *scanner) error {
	for {
		t, ok := s.peek()
		if !ok || !isNumber(t) {
			return s.err
		}
		if t == "-1" {
			s.token()
			return nil
		}
		tour, err := p.readTour(s)
		if err != nil {
			return err
		}
		p.Tours = append(p.Tours, tour)
	}
}

// readTour reads one tour and checks it visits every node once.
func (p *Problem) readTour(s *scanner) ([]int, error) {
	n := p.Dimension
	var tour []int
	var seen []bool
	for {
		t, ok := s.peek()
		if !ok || !isNumber(t) {
			break // a last tour may end at EOF or a keyword without -1
		}
		v, err := s.int("TOUR_SECTION")
		if err != nil {
			return nil, err
		}
		if v == -1 {
			break
		}
		if v < 1 || v > int64(n) {
			return nil, s.errf(ErrTour, "node %d outside 1..%d", v, n)
		}
		if len(tour) == 0 {
			seen = make([]bool, n) // only once data proves the section is real
		}
		if seen[v-1] {
			return nil, s.errf(ErrTour, "node %d visited twice", v)
		}
		seen[v-1] = true
		tour = append(tour, int(v-1))
	}
	if len(tour) != n {
		return nil, s.errf(ErrTour, "tour has %d nodes, DIMENSION is %d", len(tour), n)
	}
	return tour, nil
}
