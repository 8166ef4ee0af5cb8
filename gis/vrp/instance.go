// Package vrp solves capacitated vehicle-routing problems, with or without
// time windows, and reads and writes CVRPLIB files so the solver can be
// measured against the field's best-known solutions.
//
// The engine is a hybrid genetic search in the style of HGS-CVRP (Vidal
// 2022) and PyVRP: giant tours, ordered crossover, an optimal split,
// granular local search (relocate, swap, 2-opt, 2-opt*, SWAP*), penalised
// capacity excess and time warp, and a population kept diverse by the
// broken-pairs distance. See README.md.
package vrp

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

// Errors of the reader; every error from Parse wraps one of them.
var (
	ErrSyntax      = errors.New("vrp: syntax error")
	ErrUnsupported = errors.New("vrp: unsupported instance")
	ErrInvalid     = errors.New("vrp: invalid instance")
)

// MaxDimension caps DIMENSION: the solver keeps a full distance matrix.
const MaxDimension = 5000

// Instance is a CVRPLIB instance. Node 0 is the depot; customer i of the
// .sol files is node i. Every time and distance is an integer in units of
// 1/Scale: Scale is 1 for CVRP (distances rounded to the nearest integer,
// TSPLIB's EUC_2D) and 10 for VRPTW (distances truncated to one decimal,
// the DIMACS convention of the Solomon and Gehring–Homberger BKS).
type Instance struct {
	Name     string
	Type     string // "CVRP" or "VRPTW"
	Capacity int64
	Vehicles int // 0: not limited
	Scale    int64
	X, Y     []float64
	Demand   []int64
	// Service, Ready and Due are in 1/Scale units; nil for CVRP.
	Service, Ready, Due []int64
	dist                []int64
}

// N is the number of nodes, depot included.
func (in *Instance) N() int { return len(in.X) }

// Dist is the distance between nodes i and j in 1/Scale units.
func (in *Instance) Dist(i, j int) int64 { return in.dist[i*in.N()+j] }

// HasTimeWindows tells a VRPTW instance.
func (in *Instance) HasTimeWindows() bool { return in.Ready != nil }

// ParseFile reads a .vrp file.
func ParseFile(path string) (*Instance, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	in, err := Parse(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return in, nil
}

type reader struct {
	sc   *bufio.Scanner
	line int
	tok  []string // the current line's fields
}

func (r *reader) next() bool {
	for r.sc.Scan() {
		r.line++
		r.tok = strings.Fields(r.sc.Text())
		if len(r.tok) > 0 {
			return true
		}
	}
	return false
}

func (r *reader) errf(sentinel error, format string, a ...any) error {
	return fmt.Errorf("%w: line %d: %s", sentinel, r.line, fmt.Sprintf(format, a...))
}

// Parse reads a CVRPLIB instance: the header (NAME, TYPE, DIMENSION,
// CAPACITY, EDGE_WEIGHT_TYPE EUC_2D, VEHICLES, SERVICE_TIME) and the
// sections NODE_COORD, DEMAND, DEPOT, and for VRPTW TIME_WINDOW and
// optionally SERVICE_TIME. The depot must be node 1, as in every CVRPLIB
// instance, so that .sol numbering is node number minus one.
func Parse(rd io.Reader) (*Instance, error) {
	r := &reader{sc: bufio.NewScanner(rd)}
	r.sc.Buffer(make([]byte, 64*1024), 1<<20)
	ps := &parsing{in: &Instance{}}
	dim := -1
	var serviceAll int64 = -1
	got := map[string]bool{}
	for r.next() {
		key := strings.TrimSuffix(strings.ToUpper(r.tok[0]), ":")
		if key == "EOF" {
			break
		}
		if strings.HasSuffix(key, "_SECTION") {
			if dim <= 0 {
				return nil, r.errf(ErrSyntax, "%s before DIMENSION", key)
			}
			if got[key] {
				return nil, r.errf(ErrSyntax, "%s twice", key)
			}
			got[key] = true
			if err := ps.section(r, key, dim); err != nil {
				return nil, err
			}
			continue
		}
		val := ""
		if i := strings.IndexByte(r.sc.Text(), ':'); i >= 0 {
			val = strings.TrimSpace(r.sc.Text()[i+1:])
		} else if len(r.tok) > 1 {
			val = strings.Join(r.tok[1:], " ")
		}
		if err := ps.in.header(r, key, val, &dim, &serviceAll); err != nil {
			return nil, err
		}
	}
	if err := r.sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: line %d: %v", ErrSyntax, r.line+1, err)
	}
	return ps.in.finish(dim, serviceAll, ps.svc, ps.ready, ps.due, got)
}

// parsing is an instance being read, with the per-node service times and
// time windows that finish checks and converts.
type parsing struct {
	in              *Instance
	svc, ready, due []float64
}

// section reads the table of section key, dim rows.
func (ps *parsing) section(r *reader, key string, dim int) error {
	in := ps.in
	switch key {
	case "NODE_COORD_SECTION":
		c, err := r.table(dim, 2, key)
		if err != nil {
			return err
		}
		in.X, in.Y = make([]float64, dim), make([]float64, dim)
		for i := range c {
			in.X[i], in.Y[i] = c[i][0], c[i][1]
		}
	case "DEMAND_SECTION":
		c, err := r.table(dim, 1, key)
		if err != nil {
			return err
		}
		in.Demand = make([]int64, dim)
		for i := range c {
			if c[i][0] < 0 || c[i][0] != math.Trunc(c[i][0]) || c[i][0] > 1e12 {
				return r.errf(ErrInvalid, "demand of node %d is not a whole number ≥ 0: %v", i+1, c[i][0])
			}
			in.Demand[i] = int64(c[i][0])
		}
	case "TIME_WINDOW_SECTION":
		c, err := r.table(dim, 2, key)
		if err != nil {
			return err
		}
		ps.ready, ps.due = make([]float64, dim), make([]float64, dim)
		for i := range c {
			ps.ready[i], ps.due[i] = c[i][0], c[i][1]
			if ps.ready[i] > ps.due[i] {
				return r.errf(ErrInvalid, "time window of node %d opens after it closes: [%v, %v]", i+1, ps.ready[i], ps.due[i])
			}
		}
	case "SERVICE_TIME_SECTION":
		c, err := r.table(dim, 1, key)
		if err != nil {
			return err
		}
		ps.svc = make([]float64, dim)
		for i := range c {
			ps.svc[i] = c[i][0]
		}
	case "DEPOT_SECTION":
		return r.depots()
	default:
		return r.errf(ErrUnsupported, "section %s", key)
	}
	return nil
}

func (in *Instance) header(r *reader, key, val string, dim *int, serviceAll *int64) error {
	num := func() (int64, error) {
		v, err := strconv.ParseFloat(val, 64)
		if err != nil || v < 0 || v != math.Trunc(v) || v > 1e12 {
			return 0, r.errf(ErrSyntax, "%s is not a whole number ≥ 0: %q", key, val)
		}
		return int64(v), nil
	}
	switch key {
	case "NAME":
		in.Name = val
	case "COMMENT":
	case "TYPE":
		in.Type = strings.ToUpper(val)
		if in.Type != "CVRP" && in.Type != "VRPTW" {
			return r.errf(ErrUnsupported, "TYPE %q (only CVRP and VRPTW)", val)
		}
	case "EDGE_WEIGHT_TYPE":
		if strings.ToUpper(val) != "EUC_2D" {
			return r.errf(ErrUnsupported, "EDGE_WEIGHT_TYPE %q (only EUC_2D)", val)
		}
	case "DIMENSION":
		v, err := num()
		if err != nil {
			return err
		}
		if v < 2 || v > MaxDimension {
			return r.errf(ErrUnsupported, "DIMENSION %d (2 to %d)", v, MaxDimension)
		}
		*dim = int(v)
	case "CAPACITY":
		v, err := num()
		if err != nil {
			return err
		}
		in.Capacity = v
	case "VEHICLES":
		v, err := num()
		if err != nil {
			return err
		}
		in.Vehicles = int(min(v, MaxDimension))
	case "SERVICE_TIME":
		v, err := strconv.ParseFloat(val, 64)
		if err != nil || v < 0 || v > 1e9 {
			return r.errf(ErrSyntax, "SERVICE_TIME is not a number ≥ 0: %q", val)
		}
		*serviceAll = int64(math.Round(v * 10)) // kept in tenths until Scale is known
	default:
		return r.errf(ErrUnsupported, "keyword %s", key)
	}
	return nil
}

// table reads dim lines "id v1 … vk", ids 1..dim in order.
func (r *reader) table(dim, k int, what string) ([][]float64, error) {
	out := make([][]float64, 0, min(dim, 1024))
	for i := 1; i <= dim; i++ {
		if !r.next() {
			return nil, r.errf(ErrSyntax, "%s ends after %d of %d nodes", what, i-1, dim)
		}
		if len(r.tok) != k+1 {
			return nil, r.errf(ErrSyntax, "%s: want node number and %d values, got %q", what, k, r.sc.Text())
		}
		id, err := strconv.Atoi(r.tok[0])
		if err != nil || id != i {
			return nil, r.errf(ErrSyntax, "%s: want node %d, got %q", what, i, r.tok[0])
		}
		row := make([]float64, k)
		for j := range row {
			v, err := strconv.ParseFloat(r.tok[j+1], 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e9 {
				return nil, r.errf(ErrSyntax, "%s: node %d: not a finite number: %q", what, i, r.tok[j+1])
			}
			row[j] = v
		}
		out = append(out, row)
	}
	return out, nil
}

// depots reads the depot list; only the single depot 1 is supported.
func (r *reader) depots() error {
	var ds []string
	for r.next() {
		if r.tok[0] == "-1" {
			break
		}
		ds = append(ds, r.tok...)
		if len(ds) > 1 {
			return r.errf(ErrUnsupported, "more than one depot")
		}
	}
	if len(ds) != 1 || ds[0] != "1" {
		return r.errf(ErrUnsupported, "DEPOT_SECTION must name node 1 alone, ended by -1 (got %v)", ds)
	}
	return nil
}

func (in *Instance) finish(dim int, serviceAll int64, svc, ready, due []float64, got map[string]bool) (*Instance, error) {
	for _, s := range []string{"NODE_COORD_SECTION", "DEMAND_SECTION", "DEPOT_SECTION"} {
		if !got[s] {
			return nil, fmt.Errorf("%w: %s missing", ErrSyntax, s)
		}
	}
	if in.Type == "" {
		return nil, fmt.Errorf("%w: TYPE missing", ErrSyntax)
	}
	if in.Capacity <= 0 {
		return nil, fmt.Errorf("%w: CAPACITY missing or 0", ErrInvalid)
	}
	if in.Demand[0] != 0 {
		return nil, fmt.Errorf("%w: the depot has demand %d", ErrInvalid, in.Demand[0])
	}
	for i, q := range in.Demand {
		if q > in.Capacity {
			return nil, fmt.Errorf("%w: node %d demands %d, more than the capacity %d", ErrInvalid, i+1, q, in.Capacity)
		}
	}
	in.Scale = 1
	if in.Type == "VRPTW" {
		if ready == nil {
			return nil, fmt.Errorf("%w: VRPTW without TIME_WINDOW_SECTION", ErrSyntax)
		}
		in.Scale = 10
		in.Service, in.Ready, in.Due = make([]int64, dim), make([]int64, dim), make([]int64, dim)
		for i := 0; i < dim; i++ {
			in.Ready[i], in.Due[i] = int64(math.Round(ready[i]*10)), int64(math.Round(due[i]*10))
			switch {
			case svc != nil:
				in.Service[i] = int64(math.Round(svc[i] * 10))
			case i > 0 && serviceAll > 0:
				in.Service[i] = serviceAll // the depot has no service
			}
		}
	} else if ready != nil || svc != nil {
		return nil, fmt.Errorf("%w: time windows or service times in a %s instance", ErrInvalid, in.Type)
	}
	in.dist = make([]int64, dim*dim)
	for i := 0; i < dim; i++ {
		for j := 0; j < dim; j++ {
			e := math.Hypot(in.X[i]-in.X[j], in.Y[i]-in.Y[j])
			if in.Scale == 1 {
				in.dist[i*dim+j] = int64(math.Floor(e + 0.5))
			} else {
				in.dist[i*dim+j] = int64(math.Floor(e * 10))
			}
		}
	}
	if in.HasTimeWindows() {
		for i := 1; i < dim; i++ { // a customer unreachable in its window makes the instance infeasible
			if max(in.Ready[0]+in.Dist(0, i), in.Ready[i])+in.Service[i]+in.Dist(i, 0) > in.Due[0] || in.Ready[0]+in.Dist(0, i) > in.Due[i] {
				return nil, fmt.Errorf("%w: node %d cannot be served within its time window and back by the depot's closing", ErrInvalid, i+1)
			}
		}
	}
	return in, nil
}
