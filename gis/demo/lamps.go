package demo

import (
	"fmt"

	"wardmap/gis"
)

const (
	lampCount       = 800 // about
	lampsPerCabinet = 30
	lampSideOffset  = 7.0
	minLampSpacing  = 25.0
	maxLampSpacing  = 35.0
)

// makeLamps sets lamp poles along the lit main and secondary segments,
// staggered from side to side, fed by cabinets of about thirty lamps.
func (b *builder) makeLamps() {
	g := newGen(8)
	var lit []int
	for _, i := range b.piecesOf("main", "secondary") {
		if b.streets[i].Bool("lit") {
			lit = append(lit, i)
		}
	}
	step := min(maxLampSpacing, max(minLampSpacing, b.usableLength(lit, 5)/lampCount))
	cabinet, onCabinet, lastLine := 0, lampsPerCabinet, -1
	side := 1.0
	for _, i := range lit {
		p := b.net.pieces[i]
		if p.line != lastLine || onCabinet >= lampsPerCabinet {
			cabinet, onCabinet, lastLine = cabinet+1, 0, p.line
		}
		for _, st := range stations(p.pts, g.between(0.1, 0.9)*step, step, 5) {
			side = -side
			f := b.lamp(g, st.at.add(st.dir.left().scale(side*lampSideOffset)))
			f.Attrs["cabinet"] = fmt.Sprintf("TĐ-%02d", cabinet)
			f.Attrs["circuit"] = fmt.Sprintf("Lộ %d", 1+onCabinet/12)
			f.Attrs["street"] = b.pieceLine(i).name
			b.lamps = append(b.lamps, f)
			onCabinet++
		}
	}
}

func (b *builder) lamp(g *gen, at xy) *gis.Feature {
	f := g.feature(gis.Lamp, toLonLat(at))
	f.Attrs["pole_code"] = fmt.Sprintf("KA-L-%04d", len(b.lamps)+1)
	kind := g.weighted(78, 17, 3, 2)
	f.Attrs["lamp_type"] = []string{"led", "sodium", "metal_halide", "compact"}[kind]
	powers := [][]float64{{60, 90, 100, 120, 150}, {150, 250}, {150, 250}, {60, 80}}[kind]
	f.Attrs["power_w"] = pick(g, powers)
	f.Attrs["status"] = []string{"working", "broken", "missing"}[g.weighted(93, 6, 1)]
	f.Attrs["funding"] = []string{"budget", "socialized"}[g.weighted(85, 15)]
	f.Attrs["installed_on"] = g.date(day(2008, 1, 1), day(2026, 6, 30))
	return f
}
