package vrp

import (
	"math"
	"math/rand/v2"
	"testing"
)

// randomProblem is n customers on a 100×100 square, with time windows
// when tw is set (a horizon of 1000, windows of 20 to 200 opening from
// 150 to 640, so that each customer alone is feasible).
func randomProblem(rng *rand.Rand, n int, tw bool) *Problem {
	p := &Problem{Capacity: 30}
	for i := 0; i <= n; i++ {
		p.X = append(p.X, rng.Float64()*100)
		p.Y = append(p.Y, rng.Float64()*100)
		q := int64(1 + rng.IntN(10))
		if i == 0 {
			q = 0
		}
		p.Demand = append(p.Demand, q)
	}
	m := n + 1
	p.Dist = make([]int64, m*m)
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			p.Dist[i*m+j] = int64(math.Round(math.Hypot(p.X[i]-p.X[j], p.Y[i]-p.Y[j])))
		}
	}
	if tw {
		for i := 0; i <= n; i++ {
			r := int64(150 + rng.IntN(490)) // reachable in time from the depot, and back
			w := int64(20 + rng.IntN(180))
			s := int64(10)
			if i == 0 {
				r, w, s = 0, 1000, 0
			}
			p.Ready, p.Due, p.Service = append(p.Ready, r), append(p.Due, r+w), append(p.Service, s)
		}
	}
	return p
}

// naiveTW is the time warp of a route by simulation: arriving late, the
// vehicle travels back in time to the window's end and pays the difference.
func naiveTW(p *Problem, nodes []int32) int64 {
	n := p.N()
	var t, warp int64
	for k := 1; k < len(nodes); k++ {
		a, b := nodes[k-1], nodes[k]
		t = max(t+p.Dist[int(a)*n+int(b)], p.Ready[b])
		if t > p.Due[b] {
			warp += t - p.Due[b]
			t = p.Due[b]
		}
		t += p.Service[b]
	}
	return warp
}

// The local search's O(1) move evaluation (prefix data, segment merges)
// predicts exactly the cost that the moved routes have, recomputed from
// scratch with a naive simulation; and no move ever raises the cost.
func TestMoveEvaluationMatchesSimulation(t *testing.T) {
	for seed := uint64(1); seed <= 6; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		p := randomProblem(rng, 40, seed%2 == 0)
		h := newHGS(p, seed)
		h.penTW, h.penLoad = 3, 5
		ls := h.ls
		naiveCost := func() float64 {
			c := 0.0
			for _, r := range ls.routes {
				var d, l int64
				for k := 1; k < len(r.nodes); k++ {
					d += p.Dist[int(r.nodes[k-1])*p.N()+int(r.nodes[k])]
					l += p.Demand[r.nodes[k]]
				}
				c += float64(d) + 5*float64(max(l-p.Capacity, 0))
				if p.Ready != nil {
					c += 3 * float64(naiveTW(p, r.nodes))
				}
			}
			return c
		}
		tour := make([]int32, 40)
		for i := range tour {
			tour[i] = int32(i + 1)
		}
		rng.Shuffle(len(tour), func(i, j int) { tour[i], tour[j] = tour[j], tour[i] })
		ls.load(h.split(tour, 0), 8)
		prev := naiveCost()
		sum := func() float64 {
			s := 0.0
			for _, r := range ls.routes {
				s += r.cost
			}
			return s
		}
		if math.Abs(sum()-prev) > 1e-6 {
			t.Fatalf("seed %d: route data %v, simulation %v", seed, sum(), prev)
		}
		steps := 0
		ls.stop = func() bool { // check after every applied move
			c := naiveCost()
			if math.Abs(c-sum()) > 1e-6 || c > prev+1e-6 {
				t.Fatalf("seed %d: after move %d: cost %v (route data %v), before %v", seed, ls.moves, c, sum(), prev)
			}
			prev = c
			steps++
			return false
		}
		ls.run()
		if steps == 0 || ls.moves < 5 {
			t.Fatalf("seed %d: only %d moves", seed, ls.moves)
		}
		seen := map[int32]bool{}
		for _, r := range ls.result() {
			for _, v := range r {
				if seen[v] {
					t.Fatalf("customer %d twice", v)
				}
				seen[v] = true
			}
		}
		if len(seen) != 40 {
			t.Fatalf("%d customers after the search", len(seen))
		}
	}
}
