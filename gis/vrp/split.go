package vrp

import "math"

// split cuts a giant tour into consecutive routes of least penalised
// cost (Prins 2004; Bellman over the tour's positions, a route growing
// until its load passes 1.5 capacities). With a fleet limit it falls back
// to the layered version over the number of routes.
func (e *engine) split(tour []int32, fleet int) [][]int32 {
	n := len(tour)
	pot := make([]float64, n+1)
	pred := make([]int, n+1)
	for i := range pot {
		pot[i] = math.Inf(1)
	}
	pot[0] = 0
	for i := 0; i < n; i++ {
		e.routesFrom(tour, i, func(j int, c float64) {
			if pot[i]+c < pot[j+1] {
				pot[j+1], pred[j+1] = pot[i]+c, i
			}
		})
	}
	var out [][]int32
	for j := n; j > 0; j = pred[j] {
		out = append(out, tour[pred[j]:j])
	}
	if fleet > 0 && len(out) > fleet {
		return e.splitLimited(tour, fleet)
	}
	reverse(out)
	return out
}

// routesFrom calls f(j, cost) for each route tour[i..j] starting at i.
func (e *engine) routesFrom(tour []int32, i int, f func(j int, cost float64)) {
	var load, dist int64
	var s seg
	limit := e.cap + e.cap/2
	for j := i; j < len(tour); j++ {
		v := tour[j]
		load += e.demand[v]
		if j > i && load > limit {
			return
		}
		var tw int64
		if j == i {
			dist = e.dist(0, v)
		} else {
			dist += e.dist(tour[j-1], v)
		}
		if e.hasTW {
			if j == i {
				s = e.merge(e.single(0), e.single(v))
			} else {
				s = e.merge(s, e.single(v))
			}
			tw = e.merge(s, e.single(0)).tw
		}
		f(j, float64(dist+e.dist(v, 0))+e.penalty(load, tw))
	}
}

func (e *engine) splitLimited(tour []int32, fleet int) [][]int32 {
	n := len(tour)
	inf := math.Inf(1)
	pot := make([][]float64, fleet+1)
	pred := make([][]int, fleet+1)
	for k := range pot {
		pot[k] = make([]float64, n+1)
		pred[k] = make([]int, n+1)
		for j := range pot[k] {
			pot[k][j] = inf
		}
	}
	pot[0][0] = 0
	for k := 0; k < fleet; k++ {
		for i := 0; i < n; i++ {
			if math.IsInf(pot[k][i], 1) {
				continue
			}
			e.routesFrom(tour, i, func(j int, c float64) {
				if pot[k][i]+c < pot[k+1][j+1] {
					pot[k+1][j+1], pred[k+1][j+1] = pot[k][i]+c, i
				}
			})
		}
	}
	bestK := -1
	for k := 1; k <= fleet; k++ {
		if !math.IsInf(pot[k][n], 1) && (bestK < 0 || pot[k][n] < pot[bestK][n]) {
			bestK = k
		}
	}
	if bestK < 0 { // the load bound cut every way: one route per vehicle, evenly
		var out [][]int32
		for k := 0; k < fleet; k++ {
			if a, b := k*n/fleet, (k+1)*n/fleet; b > a {
				out = append(out, tour[a:b])
			}
		}
		return out
	}
	var out [][]int32
	for k, j := bestK, n; k > 0; k-- {
		i := pred[k][j]
		out = append(out, tour[i:j])
		j = i
	}
	reverse(out)
	return out
}

func reverse[T any](s []T) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}
