package demo

import (
	"fmt"
	"math"
	"slices"

	"wardmap/gis"
)

const (
	floodPointCount = 10
	drainCount      = 300 // about; drains are spread evenly along the streets
	floodRadius     = 150.0
)

// junction is a node where two or more named streets meet.
type junction struct {
	at     xy
	names  []string
	degree int
}

// junctions lists the nodes where main and secondary streets meet, in node
// order.
func (b *builder) junctions() []junction {
	byNode := map[int64]*junction{}
	var order []int64
	add := func(id int64, at xy, name string) {
		j, ok := byNode[id]
		if !ok {
			j = &junction{at: at}
			byNode[id] = j
			order = append(order, id)
		}
		j.degree++
		if !slices.Contains(j.names, name) {
			j.names = append(j.names, name)
		}
	}
	for _, i := range b.piecesOf("main", "secondary") {
		p := b.net.pieces[i]
		name := b.pieceLine(i).name
		add(p.from, p.pts[0], name)
		add(p.to, p.pts[len(p.pts)-1], name)
	}
	slices.Sort(order)
	var out []junction
	for _, id := range order {
		if j := byNode[id]; len(j.names) >= 2 {
			out = append(out, *j)
		}
	}
	return out
}

// makeFloodPoints marks low junctions that flood after heavy rain.
func (b *builder) makeFloodPoints() {
	g := newGen(5)
	js := b.junctions()
	g.r.Shuffle(len(js), func(i, k int) { js[i], js[k] = js[k], js[i] })
	seen := map[string]bool{}
	for _, j := range js {
		if len(b.floods) == floodPointCount {
			break
		}
		name := junctionName(j)
		if seen[name] {
			continue
		}
		seen[name] = true
		f := g.feature(gis.FloodPoint, toLonLat(j.at.add(polar(g.between(0, 2*math.Pi), 6))))
		f.Attrs["name"] = name
		f.Attrs["depth_cm"] = float64(15 + 5*g.r.IntN(10))
		f.Attrs["frequency"] = []string{"rare", "seasonal", "every_heavy_rain"}[g.weighted(2, 5, 3)]
		f.Attrs["street"] = j.names[0]
		f.Attrs["note"] = fmt.Sprintf("Ngập sau mưa lớn, nước rút sau %d–%d giờ", 1+g.r.IntN(2), 3+g.r.IntN(3))
		b.floods = append(b.floods, f)
		b.floodAt = append(b.floodAt, j.at)
	}
}

// junctionName is how people name a junction: "Ngã ba Trần Thành Ngọ – Trữ Khê".
func junctionName(j junction) string {
	kind := "Ngã tư"
	if j.degree == 3 {
		kind = "Ngã ba"
	}
	return kind + " " + j.names[0] + " – " + j.names[1]
}

// makeDrains sets manholes and grate inlets along the kerbs of main and
// secondary streets; those near a flood point are flood-prone.
func (b *builder) makeDrains() {
	g := newGen(6)
	pieces := b.piecesOf("main", "secondary")
	step := b.usableLength(pieces, 8) / drainCount
	side := 1.0
	for _, i := range pieces {
		p := b.net.pieces[i]
		for _, st := range stations(p.pts, g.between(0.2, 1)*step, step, 8) {
			side = -side
			at := st.at.add(st.dir.left().scale(6 * side))
			b.drains = append(b.drains, b.drain(g, len(b.drains)+1, at, b.pieceLine(i).name))
		}
	}
}

func (b *builder) drain(g *gen, no int, at xy, street string) *gis.Feature {
	f := g.feature(gis.Drain, toLonLat(at))
	f.Attrs["code"] = fmt.Sprintf("HG-%04d", no)
	f.Attrs["drain_type"] = []string{"manhole", "grate", "culvert", "ditch"}[g.weighted(60, 30, 7, 3)]
	f.Attrs["status"] = []string{"clear", "silted", "blocked", "broken_cover"}[g.weighted(72, 16, 7, 5)]
	prone := false
	for _, fp := range b.floodAt {
		prone = prone || at.dist(fp) < floodRadius
	}
	f.Attrs["flood_prone"] = prone
	if g.chance(0.8) {
		f.Attrs["last_dredged"] = g.date(day(2024, 1, 1), day(2026, 9, 30))
	}
	f.Attrs["street"] = street
	return f
}

// usableLength is the summed length of the pieces less margin metres at
// each end, where nothing is set down: what a spacing is computed from.
func (b *builder) usableLength(pieces []int, margin float64) float64 {
	total := 0.0
	for _, i := range pieces {
		total += max(0, length(b.net.pieces[i].pts)-2*margin)
	}
	return total
}
