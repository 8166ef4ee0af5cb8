package app

import (
	"image"
	"image/color"
	"math/rand/v2"
	"testing"
)

// Dense routes drew their stop numbers over one another at ward scale.
// Placed, no two numbers overlap nor cover a start square; each route's
// first and last stops and the selected one keep their number (moved
// aside when their place is taken); a stop goes without a number only
// when its number would overlap one drawn; spread-out stops all keep
// theirs.
func TestPlaceStopsNeverOverlap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var marks []stopMark
	// three routes of 60 stops in a 300×200 px square: a ward-scale plan
	for r := 0; r < 3; r++ {
		x, y := float32(150), float32(100)
		for k := 0; k < 60; k++ {
			x = min(max(x+float32(rng.NormFloat64()*14), 0), 300)
			y = min(max(y+float32(rng.NormFloat64()*14), 0), 200)
			marks = append(marks, stopMark{x: x, y: y, n: k + 1, colour: RouteColour(r), keep: k == 0 || k == 59})
		}
	}
	marks[70].keep = true // the selected stop, in the thick of it
	taken := []image.Rectangle{squareBox(150, 100, 9)}
	ps := placeStops(marks, taken)
	boxes := map[int]image.Rectangle{}
	for _, p := range ps {
		if _, dup := boxes[p.mark]; dup {
			t.Fatalf("stop %d placed twice", p.mark)
		}
		boxes[p.mark] = marks[p.mark].box(p.dx, p.dy)
	}
	forced := 0
	for i, a := range boxes {
		overlaps := a.Overlaps(taken[0])
		for j, b := range boxes {
			if i < j && a.Overlaps(b) {
				overlaps = true
			}
		}
		if overlaps {
			if !marks[i].keep {
				t.Errorf("stop %d of route colour %v overlaps another number", marks[i].n, marks[i].colour)
			}
			forced++
		}
	}
	if forced > 0 {
		t.Errorf("%d kept numbers had no free place within %d px, in a square with room", forced, 3*stopAside)
	}
	for i, m := range marks {
		b, ok := boxes[i]
		switch {
		case m.keep && !ok:
			t.Errorf("kept stop %d (route %v) has no number", m.n, m.colour)
		case !ok:
			free := !m.box(0, 0).Overlaps(taken[0])
			for _, b := range boxes {
				if m.box(0, 0).Overlaps(b) {
					free = false
				}
			}
			if free {
				t.Errorf("stop %d lost its number with room for it", m.n)
			}
		case ok && !m.keep && b != m.box(0, 0):
			t.Errorf("stop %d's number moved off it", m.n)
		}
	}
	if n := len(boxes); n < 30 || n == len(marks) {
		t.Errorf("%d of %d stops numbered: the test's stops are not dense, or nothing was placed", n, len(marks))
	}
	// spread out (40 px apart), every stop keeps its number where it is
	var sparse []stopMark
	for k := 0; k < 20; k++ {
		sparse = append(sparse, stopMark{x: float32(20 + 40*(k%5)), y: float32(20 + 40*(k/5)), n: k + 1, keep: k == 0 || k == 19})
	}
	for _, p := range placeStops(sparse, nil) {
		if p.dx != 0 || p.dy != 0 {
			t.Errorf("stop %d moved in a sparse route", sparse[p.mark].n)
		}
	}
	if got := len(placeStops(sparse, nil)); got != len(sparse) {
		t.Errorf("%d of %d sparse stops numbered", got, len(sparse))
	}
}

// A stop whose number was not placed is still drawn, as a dot in its
// route's colour; the first and last stops, on one spot, are both
// numbered, the last moved aside and tied to its stop by a line.
func TestNumberedDrawsDotsAndMovesKept(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 120, 80))
	c := RouteColour(0)
	marks := []stopMark{
		{x: 60, y: 40, n: 1, colour: c, keep: true},
		{x: 48, y: 40, n: 2, colour: c}, // its number would overlap stop 1's
		{x: 61, y: 39, n: 3, colour: c, keep: true},
	}
	ps := placeStops(marks, nil)
	if len(ps) != 2 || ps[0].mark != 0 || ps[1].mark != 2 || ps[1].dx == 0 && ps[1].dy == 0 {
		t.Fatalf("placed %+v, want stops 1 in place and 3 moved aside", ps)
	}
	numbered(img, marks, nil)
	at := func(x, y float32) color.NRGBA { return img.NRGBAAt(int(x), int(y)) }
	if got := at(48, 40); got != c {
		t.Errorf("stop 2 not drawn as a dot of its route's colour: %v", got)
	}
	// stop 3's number: its disc's colour near its edge, away from the text
	x3, y3 := marks[2].x+ps[1].dx, marks[2].y+ps[1].dy
	if got := at(x3, y3+stopRadius-2); got != c {
		t.Errorf("no disc at stop 3's moved number (%v at %.0f,%.0f)", got, x3, y3+stopRadius-2)
	}
	// halfway along the leader line
	if got := at((marks[2].x+x3)/2, (marks[2].y+y3)/2); got.A == 0 {
		t.Error("no line from stop 3 to its number")
	}
}
