package tour_test

import (
	"context"
	"fmt"
	"math"

	"wardmap/gis/tour"
)

// A depot and four stops on a square: the round trip goes around it.
func ExampleSolve() {
	pts := [][2]float64{{0, 0}, {1, 1}, {0, 1}, {1, 0}, {2, 0}}
	m := tour.Func{Size: len(pts), F: func(i, j int) float64 {
		return math.Hypot(pts[i][0]-pts[j][0], pts[i][1]-pts[j][1])
	}}
	t, err := tour.Solve(context.Background(), m, tour.Options{Open: true})
	if err != nil {
		panic(err)
	}
	fmt.Println(t.Order, t.Length)
	// Output: [0 2 1 3 4] 4
}
