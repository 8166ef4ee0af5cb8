package tsplib_test

import (
	"fmt"
	"strings"

	"wardmap/gis/tsplib"
)

func ExampleParse() {
	in := `NAME: tri
TYPE: TSP
DIMENSION: 3
EDGE_WEIGHT_TYPE: EUC_2D
NODE_COORD_SECTION
1 0 0
2 3 0
3 3 4
EOF`
	p, err := tsplib.Parse(strings.NewReader(in))
	if err != nil {
		panic(err)
	}
	fmt.Println(p.Name, p.N(), p.Dist(0, 2), p.Length([]int{0, 1, 2}))
	// Output: tri 3 5 12
}
