package tour

// exactMax is the largest instance solved by enumeration: 7! orders at
// most, cheaper than building candidate lists, and a double-bridge kick
// needs room anyway.
const exactMax = 8

// exact enumerates every order that starts at node 0 and returns the
// shortest, as a round trip or as an open path.
func exact(m Matrix, open bool) []int {
	n := m.N()
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	best := append([]int(nil), perm...)
	bestLen := cost(m, perm, open)
	permute(perm, 1, func() {
		if l := cost(m, perm, open); l < bestLen {
			bestLen = l
			copy(best, perm)
		}
	})
	return best
}

func cost(m Matrix, order []int, open bool) float64 {
	if open {
		return PathLength(m, order)
	}
	return Length(m, order)
}

// permute calls visit for every permutation of p[k:] (Heap-style swaps).
func permute(p []int, k int, visit func()) {
	if k >= len(p)-1 {
		visit()
		return
	}
	for i := k; i < len(p); i++ {
		p[k], p[i] = p[i], p[k]
		permute(p, k+1, visit)
		p[k], p[i] = p[i], p[k]
	}
}
