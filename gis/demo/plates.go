package demo

import (
	"strconv"

	"wardmap/gis"
)

const plateCount = 3000 // about

// makePlates numbers the houses along every street and alley (odd on the
// left, even on the right, from the start of the street) and puts a plate
// on each, then a sign at the mouth of every alley.
func (b *builder) makePlates() {
	g := newGen(9)
	all := b.piecesOf("main", "secondary", "alley")
	step := 2 * b.usableLength(all, 8) / plateCount
	for _, i := range all {
		p, l := b.net.pieces[i], b.pieceLine(i)
		offset := 10.0
		if l.class == "alley" {
			offset = 4
		}
		for _, side := range []float64{1, -1} {
			for _, st := range stations(p.pts, g.between(0.2, 1)*step, step, 8) {
				at := st.at.add(st.dir.left().scale(side * offset))
				if d, _ := b.index.dist(at); d < offset-2 {
					continue // another street runs there: no house
				}
				b.plates = append(b.plates, b.plate(g, at, houseNumber(p.d0+st.d, side > 0), l.name))
			}
		}
		if l.class == "alley" && p.d0 == 0 {
			b.signs = append(b.signs, b.alleySign(g, p, l))
		}
	}
}

func (b *builder) plate(g *gen, at xy, no int, street string) *gis.Feature {
	f := g.feature(gis.Plate, toLonLat(at))
	f.Attrs["number"] = strconv.Itoa(no)
	f.Attrs["street"] = street
	f.Attrs["address"] = "Số " + strconv.Itoa(no) + " " + street
	status := []string{"installed", "missing", "damaged"}[g.weighted(85, 10, 5)]
	f.Attrs["status"] = status
	if status != "missing" {
		f.Attrs["installed_on"] = g.date(day(2015, 1, 1), day(2026, 10, 31))
	}
	return f
}

// alleySign stands a few metres into the alley, on its left.
func (b *builder) alleySign(g *gen, p *piece, l *line) *gis.Feature {
	st := stations(p.pts, 6, 1e9, 0)
	at := p.pts[0]
	if len(st) > 0 {
		at = st[0].at.add(st[0].dir.left().scale(3))
	}
	f := g.feature(gis.AlleySign, toLonLat(at))
	f.Attrs["name"] = l.name
	f.Attrs["street"] = b.net.lines[l.parent].name
	status := []string{"installed", "missing", "damaged"}[g.weighted(80, 15, 5)]
	f.Attrs["status"] = status
	if status != "missing" {
		f.Attrs["installed_on"] = g.date(day(2015, 1, 1), day(2026, 10, 31))
	}
	return f
}
