package gis

import (
	"math"

	"github.com/paulmach/orb"
)

// Clusters groups points that lie within radius metres of one another,
// directly or through a chain of such neighbours (single linkage: a
// hotspot is where violations keep happening, however it is shaped).
// link, when not nil, also has to hold for a pair to join (the same kind of
// violation). Each group lists indices into pts in increasing order; the
// groups come in the order of their first index, so the result does not
// depend on map iteration.
func Clusters(pts []orb.Point, radius float64, link func(i, j int) bool) [][]int {
	if len(pts) == 0 {
		return nil
	}
	xy := localPlane(pts)
	cell := math.Max(radius, 1)
	key := func(q [2]float64) [2]int64 {
		return [2]int64{int64(math.Floor(q[0] / cell)), int64(math.Floor(q[1] / cell))}
	}
	// A map of cells, not the bounded gis/grid index: the points may lie
	// anywhere (a GPS fix from another city among a ward's violations),
	// and cells of the radius over such an extent would be millions of
	// empty ones, or, capped, too large to keep the search local (4×
	// slower on BenchmarkClusters, which has such outliers).
	cells := map[[2]int64][]int{}
	for i, q := range xy {
		k := key(q)
		cells[k] = append(cells[k], i)
	}
	parent := make([]int, len(pts))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i, q := range xy {
		k := key(q)
		for dx := int64(-1); dx <= 1; dx++ { // radius <= cell: the 3×3 block holds every neighbour
			for dy := int64(-1); dy <= 1; dy++ {
				for _, j := range cells[[2]int64{k[0] + dx, k[1] + dy}] {
					if j <= i || math.Hypot(xy[j][0]-q[0], xy[j][1]-q[1]) > radius || (link != nil && !link(i, j)) {
						continue
					}
					if a, b := find(i), find(j); a != b {
						parent[max(a, b)] = min(a, b) // the root is the group's smallest index
					}
				}
			}
		}
	}
	var groups [][]int
	at := map[int]int{} // root → its group's position in groups
	for i := range pts {
		r := find(i)
		g, ok := at[r]
		if !ok {
			g = len(groups)
			at[r] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], i)
	}
	return groups
}

// localPlane maps the points to metres on the equirectangular plane at the
// centre of their bound.
func localPlane(pts []orb.Point) [][2]float64 {
	b := orb.MultiPoint(pts).Bound()
	c := b.Center()
	kx, ky := MetresPerDegree(c[1])
	xy := make([][2]float64, len(pts))
	for i, p := range pts {
		xy[i] = [2]float64{(p[0] - c[0]) * kx, (p[1] - c[1]) * ky}
	}
	return xy
}
