// Package tour solves the symmetric travelling salesman problem: the order
// in which a field team visits a set of points, as a closed round trip or as
// an open path starting at a depot (node 0).
//
// The solver is iterated local search. A nearest-neighbour tour is improved
// by a Lin–Kernighan style search built from 2-opt flips (sequential 2-, 3-
// and deeper exchanges over K-nearest-neighbour candidate lists, with
// don't-look bits); then, until the time or iteration budget runs out, a
// local double-bridge kick (three segment reversals) perturbs the tour, the
// search repairs it, and the result is kept unless it got longer. Costs are
// float64 so integer TSPLIB distances and street travel times both fit.
//
// Runs are deterministic for a given Seed when bounded by MaxIterations
// only; a TimeLimit makes the iteration count depend on machine speed.
package tour

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Matrix gives the cost of travelling between two of N nodes. The solver
// assumes Cost(i, j) == Cost(j, i) and finite costs.
type Matrix interface {
	N() int
	Cost(i, j int) float64
}

// Func adapts a cost function to Matrix.
type Func struct {
	Size int
	F    func(i, j int) float64
}

var _ Matrix = Func{}

// N returns the number of nodes.
func (f Func) N() int { return f.Size }

// Cost calls F.
func (f Func) Cost(i, j int) float64 { return f.F(i, j) }

// Ints adapts an integer distance function such as tsplib.Problem.Dist.
func Ints(n int, d func(i, j int) int64) Matrix {
	return Func{Size: n, F: func(i, j int) float64 { return float64(d(i, j)) }}
}

// Sentinel errors.
var (
	ErrNoNodes = errors.New("tour: no nodes")
	ErrOptions = errors.New("tour: invalid options")
	// ErrCost reports a NaN or infinite cost: gains would be meaningless.
	// Give unreachable pairs a large finite cost instead.
	ErrCost = errors.New("tour: cost not finite")
)

// Options bound and shape a Solve run. With neither TimeLimit nor
// MaxIterations set, the search stops after DefaultIterationsPerNode kicks
// per node.
type Options struct {
	TimeLimit     time.Duration // stop kicking after this long (0: no limit)
	MaxIterations int           // stop after this many kicks (0: no limit)
	Seed          uint64        // seeds the kicks; same seed, same tour
	Neighbours    int           // candidate list length K (0: DefaultNeighbours)
	// Open asks for a path that starts at node 0 and ends anywhere, rather
	// than a round trip back to node 0.
	Open bool
}

// Defaults for zero Options fields.
const (
	DefaultNeighbours        = 10
	DefaultIterationsPerNode = 20
)

// Tour is a solution: Order starts at node 0 and lists every node once.
type Tour struct {
	Order      []int
	Length     float64 // includes the way back to node 0 unless Open
	Iterations int     // kicks tried
}

// Length returns the length of the round trip through order.
func Length(m Matrix, order []int) float64 {
	if len(order) < 2 {
		return 0
	}
	return PathLength(m, order) + m.Cost(order[len(order)-1], order[0])
}

// PathLength returns the length of the open path through order.
func PathLength(m Matrix, order []int) float64 {
	var s float64
	for k := 1; k < len(order); k++ {
		s += m.Cost(order[k-1], order[k])
	}
	return s
}

// Solve finds a short tour through every node of m. If ctx is cancelled it
// returns the best tour found so far together with ctx.Err().
func Solve(ctx context.Context, m Matrix, opt Options) (Tour, error) {
	n := m.N()
	if n < 1 {
		return Tour{}, ErrNoNodes
	}
	if opt.TimeLimit < 0 || opt.MaxIterations < 0 || opt.Neighbours < 0 {
		return Tour{}, fmt.Errorf("%w: negative limit in %+v", ErrOptions, opt)
	}
	if n <= exactMax {
		return finish(m, exact(m, opt.Open), 0, opt.Open), ctx.Err()
	}
	if opt.TimeLimit == 0 && opt.MaxIterations == 0 {
		opt.MaxIterations = DefaultIterationsPerNode * n
	}
	if opt.Neighbours == 0 {
		opt.Neighbours = DefaultNeighbours
	}
	inner := m
	if opt.Open {
		inner = openMatrix{m}
	}
	s, err := newSolver(inner, opt)
	if err != nil {
		return Tour{}, err
	}
	if opt.Open {
		s.fixA, s.fixB = int32(n), 0 // the dummy end stays beside the depot
	}
	iters, err := s.run(ctx, opt)
	return finish(m, s.order(opt.Open), iters, opt.Open), err
}

// finish rotates order to start at node 0 and measures it.
func finish(m Matrix, order []int, iters int, open bool) Tour {
	t := Tour{Order: order, Iterations: iters}
	if open {
		t.Length = PathLength(m, order)
	} else {
		t.Length = Length(m, order)
	}
	return t
}

// openMatrix adds a dummy node n at cost 0 from everyone. A round trip that
// keeps the edge dummy–0 is an open path from 0 plus a free way back.
type openMatrix struct{ m Matrix }

func (o openMatrix) N() int { return o.m.N() + 1 }

func (o openMatrix) Cost(i, j int) float64 {
	n := o.m.N()
	if i == n || j == n {
		return 0
	}
	return o.m.Cost(i, j)
}
