package grid_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/gis/grid"
)

// boxes are n random boxes in [0, 1000)², a third of them points, the
// rest up to 300 wide so that many span several cells.
func boxes(rng *rand.Rand, n int) []orb.Bound {
	out := make([]orb.Bound, n)
	for i := range out {
		x, y := rng.Float64()*1000, rng.Float64()*1000
		w, h := 0.0, 0.0
		if i%3 != 0 {
			w, h = rng.Float64()*300, rng.Float64()*300
		}
		out[i] = orb.Bound{Min: orb.Point{x, y}, Max: orb.Point{x + w, y + h}}
	}
	return out
}

func extent(bs []orb.Bound) orb.Bound {
	ext := bs[0]
	for _, b := range bs {
		ext = ext.Union(b)
	}
	return ext
}

// boxDist is the distance from p to box b (0 inside it).
func boxDist(b orb.Bound, p orb.Point) float64 {
	dx := math.Max(0, math.Max(b.Min[0]-p[0], p[0]-b.Max[0]))
	dy := math.Max(0, math.Max(b.Min[1]-p[1], p[1]-b.Max[1]))
	return math.Hypot(dx, dy)
}

func TestAddNumbersInOrder(t *testing.T) {
	g := grid.New(orb.Bound{Max: orb.Point{10, 10}}, 1)
	for want := range int32(5) {
		if got := g.Add(orb.Bound{Min: orb.Point{float64(want), 1}, Max: orb.Point{float64(want), 1}}); got != want {
			t.Fatalf("Add = %d, want %d", got, want)
		}
	}
	if g.Len() != 5 {
		t.Fatalf("Len = %d, want 5", g.Len())
	}
	if nx, ny := g.Size(); nx != 11 || ny != 11 {
		t.Fatalf("Size = %d×%d, want 11×11 (the extent's maximum falls in a cell of its own)", nx, ny)
	}
	if got := g.Cell(3, 1); !slices.Equal(got, []int32{3}) {
		t.Fatalf("Cell(3, 1) = %v, want [3]", got)
	}
}

// TestEach checks Each against a scan of every box: each item whose box
// meets the query comes exactly once, whichever grid shape holds them.
func TestEach(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	bs := boxes(rng, 2000)
	ext := extent(bs)
	cases := []struct {
		name string
		g    *grid.Index
	}{
		{"cells of 37", grid.New(ext, 37)},
		{"cells of 5000 (one cell)", grid.New(ext, 5000)},
		{"64×16 cells", grid.NewN(ext, 64, 16)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, b := range bs {
				c.g.Add(b)
			}
			for range 300 {
				q := boxes(rng, 2)[1]
				q.Min[0] -= 200 // some queries reach past the extent
				q.Min[1] -= 200
				seen := map[int32]int{}
				c.g.Each(q, func(i int32) { seen[i]++ })
				for i, b := range bs {
					n := seen[int32(i)]
					if n > 1 {
						t.Fatalf("query %v: item %d came %d times", q, i, n)
					}
					if b.Intersects(q) && n == 0 {
						t.Fatalf("query %v: item %d (%v) meets it but did not come", q, i, b)
					}
				}
			}
		})
	}
}

func TestEachOutsideExtent(t *testing.T) {
	g := grid.New(orb.Bound{Max: orb.Point{100, 100}}, 10)
	g.Add(orb.Bound{Min: orb.Point{99, 99}, Max: orb.Point{100, 100}})
	n := 0
	g.Each(orb.Bound{Min: orb.Point{101, 101}, Max: orb.Point{200, 200}}, func(int32) { n++ })
	if n != 0 {
		t.Fatalf("a query beyond the extent found %d items; nothing can meet it", n)
	}
	g.Each(orb.Bound{Min: orb.Point{100, 100}, Max: orb.Point{200, 200}}, func(int32) { n++ })
	if n != 1 {
		t.Fatalf("a query touching the extent's corner found %d items, want 1", n)
	}
}

// TestNearest checks that the ring search finds the same nearest box as
// a scan of all, for points inside and outside the extent, with and
// without a distance limit.
func TestNearest(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	bs := boxes(rng, 500)
	for i := range bs { // points only: their boxes are their distance
		bs[i].Max = bs[i].Min
	}
	for _, cell := range []float64{10, 100, 2000} {
		g := grid.New(extent(bs), cell)
		for _, b := range bs {
			g.Add(b)
		}
		for range 500 {
			p := orb.Point{rng.Float64()*1600 - 300, rng.Float64()*1600 - 300}
			for _, limit := range []float64{0, 40} {
				want, wantD := int32(-1), math.Inf(1)
				for i, b := range bs {
					if d := boxDist(b, p); d < wantD && (limit == 0 || d <= limit) {
						want, wantD = int32(i), d
					}
				}
				got, gotD := int32(-1), math.Inf(1)
				visits := 0
				g.Nearest(p, limit, func(cell []int32) float64 {
					for _, i := range cell {
						visits++
						if d := boxDist(bs[i], p); d < gotD && (limit == 0 || d <= limit) {
							got, gotD = i, d
						}
					}
					return gotD
				})
				if got != want {
					t.Fatalf("cell %g, limit %g, point %v: nearest %d at %g, want %d at %g", cell, limit, p, got, gotD, want, wantD)
				}
				if cell == 10 && limit == 0 && visits > len(bs)/2 {
					t.Fatalf("point %v: %d visits of %d items: the search did not stop early", p, visits, len(bs))
				}
			}
		}
	}
}

func BenchmarkEach(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	bs := boxes(rng, 100000)
	g := grid.New(extent(bs), 20)
	for _, bb := range bs {
		g.Add(bb)
	}
	qs := boxes(rng, 1000)
	n := 0
	for b.Loop() {
		for _, q := range qs {
			g.Each(q, func(int32) { n++ })
		}
	}
}

func TestNewCapsCells(t *testing.T) {
	// Vietnam's length in metres in cells of a city block.
	g := grid.New(orb.Bound{Max: orb.Point{600e3, 1650e3}}, 100)
	nx, ny := g.Size()
	if nx*ny > grid.MaxCells {
		t.Fatalf("%d×%d cells, more than %d", nx, ny, grid.MaxCells)
	}
	if w, h := g.CellSize(); w != h || w < 100 {
		t.Fatalf("cells %g×%g: want square cells of at least 100", w, h)
	}
	g.Add(orb.Bound{Min: orb.Point{599e3, 1649e3}, Max: orb.Point{600e3, 1650e3}})
	n := 0
	g.Each(orb.Bound{Min: orb.Point{599.5e3, 1649.5e3}, Max: orb.Point{599.5e3, 1649.5e3}}, func(int32) { n++ })
	if n != 1 {
		t.Fatalf("the item in the far corner came %d times, want 1", n)
	}
}

// TestNewOddInput: an empty, endless or inverted extent or a cell that is
// not a positive number still makes a usable grid (one cell) at once.
func TestNewOddInput(t *testing.T) {
	inf := math.Inf(1)
	cases := []struct {
		name string
		ext  orb.Bound
		cell float64
	}{
		{"empty extent", orb.Bound{Min: orb.Point{inf, inf}, Max: orb.Point{-inf, -inf}}, 100},
		{"endless extent", orb.Bound{Min: orb.Point{-inf, 0}, Max: orb.Point{inf, 1}}, 100},
		{"NaN extent", orb.Bound{Max: orb.Point{math.NaN(), 1}}, 100},
		{"zero cell", orb.Bound{Max: orb.Point{10, 10}}, 0},
		{"negative cell", orb.Bound{Max: orb.Point{10, 10}}, -5},
		{"NaN cell", orb.Bound{Max: orb.Point{10, 10}}, math.NaN()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := grid.New(c.ext, c.cell)
			if nx, ny := g.Size(); nx < 1 || ny < 1 || nx*ny > grid.MaxCells {
				t.Fatalf("%d×%d cells", nx, ny)
			}
			g.Add(orb.Bound{Min: orb.Point{1, 1}, Max: orb.Point{2, 2}})
		})
	}
}
