package tour

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// denseMax is the largest instance whose costs are cached in an n*n table
// (8 MB at 1000 nodes, 32 MB at 2048). Larger ones call the Matrix.
const denseMax = 2048

// Search shape: how many candidates the Lin–Kernighan step tries at each
// depth before giving up (backtracking breadth), and how deep it goes.
var breadth = [...]int{5, 3, 1, 1, 1, 1}

const maxDepth = len(breadth)

// kickMaxSegment bounds the two segments a double-bridge kick swaps: small
// kicks keep the repair local and cheap.
const kickMaxSegment = 50

// solver holds the tour as an array of cities plus each city's position, so
// neighbours are O(1) and a 2-opt flip reverses the shorter side.
type solver struct {
	n     int
	m     Matrix
	d     []float64 // n*n costs, nil above denseMax
	k     int
	nb    []int32 // n*k nearest neighbours, nearest first
	tour  []int32 // position -> city
	pos   []int32 // city -> position
	eps   float64 // smallest gain that counts, against float noise
	rng   *rand.Rand
	fixA  int32 // an edge never removed (open paths); -1 if none
	fixB  int32
	queue []int32 // cities whose don't-look bit is off, from qHead on
	qHead int
	inQ   []bool
	// journal records raw reversals (start position, length) since the
	// last accepted kick so a rejected one can be undone exactly.
	journal [][2]int32
	chain   []int32 // cities touched by the move being built
	added   [][2]int32
	cands   [maxDepth][]cand
}

type cand struct {
	t3, t4 int32
	val    float64
}

func newSolver(m Matrix, opt Options) (*solver, error) {
	n := m.N()
	s := &solver{
		n: n, m: m, k: min(opt.Neighbours, n-1),
		rng:  rand.New(rand.NewPCG(opt.Seed, 0x9e3779b97f4a7c15)),
		fixA: -1, fixB: -1,
		inQ: make([]bool, n),
	}
	if n <= denseMax {
		s.d = make([]float64, n*n)
		for i := range n {
			for j := range n {
				c := m.Cost(i, j)
				if math.IsNaN(c) || math.IsInf(c, 0) {
					return nil, fmt.Errorf("%w: Cost(%d, %d) = %v", ErrCost, i, j, c)
				}
				s.d[i*n+j] = c
			}
		}
	}
	s.buildNeighbours()
	for i := range s.cands {
		s.cands[i] = make([]cand, 0, s.k)
	}
	return s, nil
}

func (s *solver) c(i, j int32) float64 {
	if s.d != nil {
		return s.d[int(i)*s.n+int(j)]
	}
	return s.m.Cost(int(i), int(j))
}

func (s *solver) next(c int32) int32 {
	p := s.pos[c] + 1
	if int(p) == s.n {
		p = 0
	}
	return s.tour[p]
}

func (s *solver) prev(c int32) int32 {
	p := s.pos[c] - 1
	if p < 0 {
		p = int32(s.n - 1)
	}
	return s.tour[p]
}

func (s *solver) fixed(a, b int32) bool {
	return (a == s.fixA && b == s.fixB) || (a == s.fixB && b == s.fixA)
}

// buildNeighbours keeps, for every city, the k cheapest others (insertion
// into a short sorted list: O(n² k) worst, O(n²) in practice).
func (s *solver) buildNeighbours() {
	n, k := s.n, s.k
	s.nb = make([]int32, n*k)
	dist := make([]float64, k)
	for i := range n {
		row := s.nb[i*k : (i+1)*k]
		cnt := 0
		for j := range n {
			if j == i {
				continue
			}
			dj := s.c(int32(i), int32(j))
			if cnt == k && dj >= dist[k-1] {
				continue
			}
			p := min(cnt, k-1)
			for p > 0 && dist[p-1] > dj {
				dist[p], row[p] = dist[p-1], row[p-1]
				p--
			}
			dist[p], row[p] = dj, int32(j)
			cnt = min(cnt+1, k)
		}
	}
}

// run builds the first tour, descends, then iterates kicks until a budget
// runs out. It returns the number of kicks.
func (s *solver) run(ctx context.Context, opt Options) (int, error) {
	s.nearestNeighbour()
	s.eps = max(1e-9, 1e-12*s.length())
	for c := range s.n {
		s.push(int32(c))
	}
	if err := s.descend(ctx); err != nil {
		return 0, err
	}
	s.journal = s.journal[:0] // the first descent is never undone
	var deadline time.Time
	if opt.TimeLimit > 0 {
		deadline = time.Now().Add(opt.TimeLimit)
	}
	iters := 0
	for ; opt.MaxIterations == 0 || iters < opt.MaxIterations; iters++ {
		if !deadline.IsZero() && time.Now().After(deadline) {
			break
		}
		if iters&63 == 0 && ctx.Err() != nil {
			return iters, ctx.Err()
		}
		s.iterate()
	}
	return iters, nil
}

// iterate applies one kick, repairs the tour and undoes both if the tour
// got longer.
func (s *solver) iterate() {
	s.journal = s.journal[:0]
	delta, ok := s.kick()
	if !ok {
		return
	}
	delta -= s.descendNoCtx()
	if delta > s.eps {
		for i := len(s.journal) - 1; i >= 0; i-- {
			s.reverse(s.journal[i][0], s.journal[i][1])
		}
	}
	s.journal = s.journal[:0]
}

// length measures the current round trip.
func (s *solver) length() float64 {
	var l float64
	for i := range s.n {
		l += s.c(s.tour[i], s.tour[(i+1)%s.n])
	}
	return l
}

// order returns the tour as node ids starting at 0. For an open path the
// dummy node (id n-1 inside the solver) is dropped and the path runs away
// from it, so it ends where the dummy was.
func (s *solver) order(open bool) []int {
	start := s.pos[0]
	step := int32(1)
	if open && s.prev(0) != int32(s.n-1) {
		step = -1 // the dummy follows 0: walk the other way
	}
	out := make([]int, 0, s.n)
	p := start
	for range s.n {
		c := s.tour[p]
		if !open || int(c) != s.n-1 {
			out = append(out, int(c))
		}
		p = (p + step + int32(s.n)) % int32(s.n)
	}
	return out
}

// nearestNeighbour builds the starting tour greedily, using the candidate
// lists and falling back to a scan when all candidates are taken. It starts
// on the fixed edge so that edge is in the tour.
func (s *solver) nearestNeighbour() {
	n := s.n
	s.tour = make([]int32, 0, n)
	s.pos = make([]int32, n)
	used := make([]bool, n)
	visit := func(c int32) {
		used[c] = true
		s.pos[c] = int32(len(s.tour))
		s.tour = append(s.tour, c)
	}
	cur := int32(0)
	if s.fixA >= 0 {
		visit(s.fixA)
		cur = s.fixB
	}
	visit(cur)
	for len(s.tour) < n {
		nxt := int32(-1)
		for _, c := range s.nb[int(cur)*s.k : int(cur+1)*s.k] {
			if !used[c] {
				nxt = c
				break
			}
		}
		if nxt < 0 {
			nxt = s.closestUnused(cur, used)
		}
		visit(nxt)
		cur = nxt
	}
}

func (s *solver) closestUnused(cur int32, used []bool) int32 {
	best, bestD := int32(-1), 0.0
	for c := range int32(s.n) {
		if !used[c] && (best < 0 || s.c(cur, c) < bestD) {
			best, bestD = c, s.c(cur, c)
		}
	}
	return best
}

func (s *solver) push(c int32) {
	if !s.inQ[c] {
		s.inQ[c] = true
		s.queue = append(s.queue, c)
	}
}

// descend runs the local search until no queued city yields a gain,
// checking ctx now and then (the first descent on a big instance is long).
func (s *solver) descend(ctx context.Context) error {
	for steps := 0; len(s.queue) > 0; steps++ {
		if steps&255 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		s.popImprove()
	}
	return nil
}

// descendNoCtx is descend for the short repairs after a kick; it returns
// the total gain.
func (s *solver) descendNoCtx() float64 {
	var g float64
	for len(s.queue) > 0 {
		g += s.popImprove()
	}
	return g
}

// popImprove takes the oldest queued city and tries to improve from it;
// cities around an improving move are queued again.
func (s *solver) popImprove() float64 {
	t1 := s.queue[s.qHead]
	s.qHead++
	if s.qHead == len(s.queue) {
		s.queue, s.qHead = s.queue[:0], 0
	}
	s.inQ[t1] = false
	g := s.improve(t1)
	if g > 0 {
		for _, c := range s.chain {
			s.push(c)
		}
	}
	return g
}

// kick applies a local double bridge A B C D -> A C B D as three
// reversals and returns its cost change. It fails (rarely) when a cut
// would remove the fixed edge.
func (s *solver) kick() (float64, bool) {
	n := int32(s.n)
	maxSeg := min(int32(kickMaxSegment), (n-1)/2)
	l1 := 1 + s.rng.Int32N(maxSeg)
	l2 := 1 + s.rng.Int32N(maxSeg)
	p := s.rng.Int32N(n)
	at := func(q int32) int32 { return s.tour[(p+q)%n] }
	a, b1, b2, c1, c2, d := at(0), at(1), at(l1), at(l1+1), at(l1+l2), at(l1+l2+1)
	if s.fixed(a, b1) || s.fixed(b2, c1) || s.fixed(c2, d) {
		return 0, false
	}
	delta := s.c(a, c1) + s.c(c2, b1) + s.c(b2, d) - s.c(a, b1) - s.c(b2, c1) - s.c(c2, d)
	start := (p + 1) % n
	s.logReverse(start, l1+l2)
	s.logReverse(start, l2)
	s.logReverse((start+l2)%n, l1)
	for _, c := range [...]int32{a, b1, b2, c1, c2, d} {
		s.push(c)
	}
	return delta, true
}

// logReverse reverses and records it for undo.
func (s *solver) logReverse(start, length int32) {
	s.reverse(start, length)
	s.journal = append(s.journal, [2]int32{start, length})
}

// reverse reverses length positions starting at start, wrapping around.
func (s *solver) reverse(start, length int32) {
	n := int32(s.n)
	i, j := start, (start+length-1)%n
	for range length / 2 {
		ci, cj := s.tour[i], s.tour[j]
		s.tour[i], s.tour[j] = cj, ci
		s.pos[cj], s.pos[ci] = i, j
		if i++; i == n {
			i = 0
		}
		if j--; j < 0 {
			j = n - 1
		}
	}
}

// flip reverses the tour path from city a forward to city b, or the rest
// of the cycle if that is shorter: both give the same set of edges.
func (s *solver) flip(a, b int32) {
	n := int32(s.n)
	i, j := s.pos[a], s.pos[b]
	l := (j-i+n)%n + 1
	if 2*l > n {
		i, l = (j+1)%n, n-l
	}
	s.logReverse(i, l)
}

// sortCands orders candidates best first (insertion sort: k is small).
func sortCands(cs []cand) {
	slices.SortStableFunc(cs, func(x, y cand) int {
		switch {
		case x.val > y.val:
			return -1
		case x.val < y.val:
			return 1
		}
		return 0
	})
}
