package render

import (
	"testing"

	"wardmap/gis"
	"wardmap/gis/tile"
)

func TestPick(t *testing.T) {
	v := tile.View{Center: kienAn, Zoom: 18, Width: 800, Height: 600}
	lamp := feature(gis.Lamp, at(0, 0), nil)
	tree := feature(gis.Tree, at(6, 0), nil) // about 9 px east of the lamp
	road := street("Phố", "main", false, [2]float64{-100, -20}, [2]float64{100, -20})
	tdp := feature(gis.TDP, rect(-200, -200, 200, 200), nil)
	plot := feature(gis.Plot, rect(50, 50, 100, 100), nil)
	gone := feature(gis.Lamp, at(-30, 0), nil)
	gone.Deleted = true
	fs := []*gis.Feature{tdp, plot, road, lamp, tree, gone}
	px := func(dx, dy float64) (float64, float64) { return v.ToPixel(at(dx, dy)) }
	cases := []struct {
		name   string
		dx, dy float64
		want   *gis.Feature
	}{
		{"on the lamp", 0, 0, lamp},
		{"nearer the tree than the lamp", 4.5, 0, tree},
		{"beside the street", 0, -22, road},
		{"inside the plot inside the group", 75, 75, plot},
		{"inside the group only", -150, 150, tdp},
		{"deleted lamp is not picked", -30, 0, tdp},
		{"outside everything", 500, 500, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			x, y := px(tc.dx, tc.dy)
			got, ok := Pick(fs, v, x, y, 6)
			if ok != (tc.want != nil) || got != tc.want {
				t.Errorf("picked %v (%v), want %v", kindOf(got), ok, kindOf(tc.want))
			}
		})
	}
}

func kindOf(f *gis.Feature) gis.Kind {
	if f == nil {
		return "nothing"
	}
	return f.Kind
}
