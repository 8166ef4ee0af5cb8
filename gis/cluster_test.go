package gis_test

import (
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/gis"
)

// Single linkage: chains join, a pair just over the radius does not, and a
// link rule can keep a point out.
func TestClusters(t *testing.T) {
	kx, ky := gis.MetresPerDegree(20.81)
	at := func(x, y float64) orb.Point { return orb.Point{106.63 + x/kx, 20.81 + y/ky} }
	pts := []orb.Point{
		at(0, 0), at(500, 0), at(25, 0), at(50, 0), // 0, 2, 3: a chain of 25 m steps
		at(75, 200), at(500, 29), // 1 and 5 are 29 m apart
		at(500, 60), // 31 m from 5: alone
	}
	got := gis.Clusters(pts, 30, nil)
	want := [][]int{{0, 2, 3}, {1, 5}, {4}, {6}}
	if !slices.EqualFunc(got, want, slices.Equal[[]int]) {
		t.Errorf("Clusters = %v, want %v", got, want)
	}
	// A link rule splits the chain: 2 may not join anyone.
	got = gis.Clusters(pts, 30, func(i, j int) bool { return i != 2 && j != 2 })
	want = [][]int{{0}, {1, 5}, {2}, {3}, {4}, {6}}
	if !slices.EqualFunc(got, want, slices.Equal[[]int]) {
		t.Errorf("Clusters with a link rule = %v, want %v", got, want)
	}
	if got := gis.Clusters(nil, 30, nil); len(got) != 0 {
		t.Errorf("no points: %v", got)
	}
}
