package tsplib_test

import (
	"os"
	"strings"
	"testing"

	"wardmap/gis/gistest"
	"wardmap/gis/tsplib"
)

// FuzzParse checks Parse never panics and that whatever it accepts is
// consistent: tours are permutations and every distance can be computed.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"att48.tsp", "gr96.tsp", "eil51.tsp", "st70.opt.tour"} {
		b, err := os.ReadFile(gistest.SharedData(f, "tsplib", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add("DIMENSION: 3\nEDGE_WEIGHT_TYPE: EXPLICIT\nEDGE_WEIGHT_FORMAT: LOWER_DIAG_ROW\nEDGE_WEIGHT_SECTION\n0\n1 0\n2 3 0\nEOF\n")
	f.Add("DIMENSION: 2\nEDGE_WEIGHT_TYPE: CEIL_2D\nNODE_COORD_SECTION\n1 0 0\n2 1.5 1\nDISPLAY_DATA_SECTION\n1 0 0\n2 1 1\nEOF")
	f.Add("TYPE: TOUR\nDIMENSION: 3\nTOUR_SECTION\n1 2 3 -1\n3 2 1 -1 -1\n")
	f.Fuzz(func(t *testing.T, in string) {
		p, err := tsplib.Parse(strings.NewReader(in))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "tsplib: ") {
				t.Fatalf("error without package prefix: %v", err)
			}
			return
		}
		n := p.N()
		for _, tour := range p.Tours {
			seen := make(map[int]bool)
			for _, v := range tour {
				if v < 0 || v >= n || seen[v] {
					t.Fatalf("tour %v is not a permutation of 0..%d", tour, n-1)
				}
				seen[v] = true
			}
			if len(tour) != n {
				t.Fatalf("tour of %d nodes for dimension %d", len(tour), n)
			}
		}
		if p.HasDistances() {
			for i := range min(n, 20) {
				_ = p.Dist(i, n-1-i)
			}
		}
	})
}
