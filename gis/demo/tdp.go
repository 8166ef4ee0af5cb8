package demo

import (
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"wardmap/gis"
)

// Residential groups are cells of the outline's polar grid: four around the
// centre, eight in the ring around them. A cell spans the bearings between
// two wavy dividers and a band of shares of the radius; because the map from
// (bearing, share) to the plane is one to one, cells with disjoint ranges
// cannot overlap. Thin gaps keep their borders from touching.
const (
	innerFrom, innerTo = 0.03, 0.575
	outerFrom, outerTo = 0.59, 0.975
	cellGap            = 0.004 // radians left between neighbouring cells
)

// divider is the bearing of a border between cells, wavering with the share.
type divider struct{ base, phase float64 }

func (d divider) at(rho float64) float64 { return d.base + 0.06*math.Sin(9*rho+d.phase) }

func (b *builder) makeTDPs() {
	g := newGen(3)
	no := 1
	for _, ring := range []struct {
		cells    int
		from, to float64
	}{{4, innerFrom, innerTo}, {8, outerFrom, outerTo}} {
		divs := dividers(g, ring.cells)
		for i := range ring.cells {
			left, right := divs[i], divs[i+1]
			poly := b.outline.cell(left, right, ring.from, ring.to)
			b.tdps = append(b.tdps, b.tdp(g, no, poly))
			no++
		}
	}
}

// dividers returns n+1 borders, the last one the first turned a full circle.
func dividers(g *gen, n int) []divider {
	start := g.between(0, 2*math.Pi)
	step := 2 * math.Pi / float64(n)
	divs := make([]divider, n+1)
	for i := range n {
		divs[i] = divider{start + float64(i)*step + g.between(-0.15, 0.15)*step, g.between(0, 2*math.Pi)}
	}
	divs[n] = divider{divs[0].base + 2*math.Pi, divs[0].phase}
	return divs
}

// cell returns the anticlockwise boundary of the polar cell.
func (o outline) cell(left, right divider, from, to float64) []xy {
	const maxStep = 0.04 // radians between arc vertices
	var pts []xy
	arc := func(rho float64, reverse bool) {
		a0, a1 := left.at(rho)+cellGap, right.at(rho)-cellGap
		n := int(math.Ceil((a1 - a0) / maxStep))
		for k := 0; k <= n; k++ {
			t := float64(k) / float64(n)
			if reverse {
				t = 1 - t
			}
			pts = append(pts, o.at(a0+(a1-a0)*t, rho))
		}
	}
	side := func(d divider, gap float64, up bool) {
		const steps = 12
		for k := 1; k < steps; k++ {
			t := float64(k) / steps
			if !up {
				t = 1 - t
			}
			rho := from + (to-from)*t
			pts = append(pts, o.at(d.at(rho)+gap, rho))
		}
	}
	arc(from, false)
	side(right, -cellGap, true)
	arc(to, true)
	side(left, cellGap, false)
	return pts
}

func (b *builder) tdp(g *gen, no int, pts []xy) *gis.Feature {
	f := g.feature(gis.TDP, polygonOf(pts))
	pop := int64(700 + g.r.IntN(300))
	f.Attrs["name"] = fmt.Sprintf("Tổ dân phố %d", no)
	f.Attrs["code"] = fmt.Sprintf("TDP-%02d", no)
	f.Attrs["head"] = personName(g)
	f.Attrs["households"] = int64(math.Round(float64(pop) / g.between(3.3, 3.9)))
	f.Attrs["population"] = pop
	return f
}

// polygonOf closes the vertices into a one-ring polygon, anticlockwise.
func polygonOf(pts []xy) orb.Polygon {
	area := 0.0
	for i := range pts {
		j := (i + 1) % len(pts)
		area += pts[i].cross(pts[j])
	}
	if area < 0 {
		pts = slices.Clone(pts)
		slices.Reverse(pts)
	}
	return orb.Polygon{toRing(pts)}
}
