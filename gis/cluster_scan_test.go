package gis_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/gis"
)

// wardPoints are n points spread over about 2 × 2 km of the ward, with
// some far outliers (a GPS fix in another city).
func wardPoints(n int) []orb.Point {
	r := rand.New(rand.NewPCG(7, 8))
	pts := make([]orb.Point, n)
	for i := range pts {
		pts[i] = orb.Point{106.62 + r.Float64()*0.02, 20.80 + r.Float64()*0.02}
		if i%500 == 499 {
			pts[i] = orb.Point{105.8 + r.Float64(), 21 + r.Float64()}
		}
	}
	return pts
}

// TestClustersAgainstPairs holds Clusters to single linkage worked out
// over every pair of points.
func TestClustersAgainstPairs(t *testing.T) {
	pts := wardPoints(1500)
	const radius = 30
	parent := make([]int, len(pts))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		if parent[i] != i {
			parent[i] = find(parent[i])
		}
		return parent[i]
	}
	// The same plane as Clusters: the equirectangular one at the centre.
	c := orb.MultiPoint(pts).Bound().Center()
	kx, ky := gis.MetresPerDegree(c[1])
	for i := range pts {
		for j := range i {
			if math.Hypot((pts[i][0]-c[0])*kx-(pts[j][0]-c[0])*kx, (pts[i][1]-c[1])*ky-(pts[j][1]-c[1])*ky) <= radius {
				a, b := find(i), find(j)
				parent[max(a, b)] = min(a, b)
			}
		}
	}
	got := gis.Clusters(pts, radius, nil)
	for _, g := range got {
		for _, i := range g {
			if find(i) != find(g[0]) {
				t.Fatalf("group %v holds %d, which the pairs put apart from %d", g, i, g[0])
			}
		}
	}
	roots := map[int]bool{}
	for i := range pts {
		roots[find(i)] = true
	}
	if len(got) != len(roots) {
		t.Fatalf("%d groups, the pairs give %d", len(got), len(roots))
	}
	if !slices.IsSortedFunc(got, func(a, b []int) int { return a[0] - b[0] }) {
		t.Fatal("groups not in the order of their first index")
	}
}

// BenchmarkClusters groups 100,000 points of the ward within 30 m (the
// hotspots of a year of violations at a million-feature load).
func BenchmarkClusters(b *testing.B) {
	pts := wardPoints(100000)
	for b.Loop() {
		gis.Clusters(pts, 30, nil)
	}
}
