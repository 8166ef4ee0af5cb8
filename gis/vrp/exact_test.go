package vrp

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// bruteForce is the optimum of a tiny problem: the best order of every
// subset of customers as one route (all permutations, infeasible ones
// out), then the best partition of the customers into such routes.
func bruteForce(p *Problem) int64 {
	n := p.N() - 1
	inf := int64(math.MaxInt64 / 4)
	route := make([]int64, 1<<n)
	for mask := 1; mask < 1<<n; mask++ {
		var vs []int32
		var load int64
		for i := 0; i < n; i++ {
			if mask&(1<<i) != 0 {
				vs = append(vs, int32(i+1))
				load += p.Demand[i+1]
			}
		}
		route[mask] = inf
		if load > p.Capacity {
			continue
		}
		permute(vs, 0, func(order []int32) {
			nodes := append(append([]int32{0}, order...), 0)
			if p.Ready != nil && naiveTW(p, nodes) > 0 {
				return
			}
			var d int64
			for k := 1; k < len(nodes); k++ {
				d += p.Dist[int(nodes[k-1])*p.N()+int(nodes[k])]
			}
			route[mask] = min(route[mask], d)
		})
	}
	best := make([]int64, 1<<n)
	for mask := 1; mask < 1<<n; mask++ {
		best[mask] = inf
		low := mask & -mask
		for sub := mask; sub > 0; sub = (sub - 1) & mask {
			if sub&low != 0 && route[sub] < inf && best[mask^sub] < inf {
				best[mask] = min(best[mask], route[sub]+best[mask^sub])
			}
		}
	}
	return best[1<<n-1]
}

func permute(a []int32, k int, f func([]int32)) {
	if k == len(a) {
		f(a)
		return
	}
	for i := k; i < len(a); i++ {
		a[k], a[i] = a[i], a[k]
		permute(a, k+1, f)
		a[k], a[i] = a[i], a[k]
	}
}

// On tiny random instances, with and without time windows, the search
// finds the optimum that exhaustive enumeration gives, and its routes
// are feasible.
func TestTinyInstancesSolvedToOptimality(t *testing.T) {
	for seed := uint64(1); seed <= 30; seed++ {
		rng := rand.New(rand.NewPCG(seed, 99))
		n := 5 + rng.IntN(4)
		p := randomProblem(rng, n, seed%2 == 0)
		want := bruteForce(p)
		res, err := Solve(context.Background(), p, Options{MaxIterations: 100, Seed: seed})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		in := &Instance{Capacity: p.Capacity, Demand: p.Demand, Ready: p.Ready, Due: p.Due, Service: p.Service, X: p.X, Y: p.Y, dist: p.Dist, Scale: 1}
		if err := in.Check(res.Routes); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if got := in.Cost(res.Routes); got != want || res.Distance != want {
			t.Errorf("seed %d (%d customers, tw %v): cost %d (reported %d), optimum %d", seed, n, p.Ready != nil, got, res.Distance, want)
		}
	}
}

// A run bounded by iterations is the same for the same seed.
func TestDeterministicForSeed(t *testing.T) {
	p := randomProblem(rand.New(rand.NewPCG(5, 5)), 60, true)
	a, err := Solve(context.Background(), p, Options{MaxIterations: 50, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Solve(context.Background(), p, Options{MaxIterations: 50, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if a.Distance != b.Distance || len(a.Routes) != len(b.Routes) {
		t.Fatalf("two runs: %d and %d", a.Distance, b.Distance)
	}
	for k := range a.Routes {
		for i := range a.Routes[k] {
			if a.Routes[k][i] != b.Routes[k][i] {
				t.Fatalf("route %d differs", k)
			}
		}
	}
}
