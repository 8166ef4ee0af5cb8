package demo

import (
	"math"
	"strconv"

	"wardmap/gis"
)

// line is one named street or alley before it is split at junctions.
type line struct {
	name, nameEN string
	class        string // main, secondary, alley
	key          bool   // tuyến trọng điểm
	pts          []xy
	cut          []bool // cut[i]: pts[i] is a junction (filled by split)
	parent       int    // for an alley, the index of the street it leaves; else -1
	mouth        int    // for an alley, the vertex of the parent it leaves from
}

// road is a named street drawn through hand-set bends; the warp and the
// clipping to the outline make it wavy and fit it in.
type road struct {
	name  string
	main  bool
	key   bool
	bends []xy
}

// roads are the demo's main and secondary streets. The names are real
// Kiến An street names; where they run is invented.
var roads = []road{
	{"Trần Thành Ngọ", true, true, []xy{{2050, -100}, {2200, 1300}, {2340, 2160}, {2500, 3300}, {2700, 4600}}},
	{"Trường Chinh", true, true, []xy{{4900, 4100}, {3900, 3300}, {3050, 2550}, {2000, 1900}, {900, 1350}, {-100, 800}}},
	{"Phan Đăng Lưu", true, false, []xy{{-100, 2700}, {1200, 2500}, {2400, 2420}, {3600, 2250}, {4900, 2050}}},
	{"Lê Duẩn", true, true, []xy{{-100, 1000}, {700, 930}, {1600, 820}, {2700, 650}, {3800, 500}, {4900, 420}}},
	{"Nguyễn Lương Bằng", true, false, []xy{{1000, 4550}, {1250, 3400}, {1450, 2200}, {1380, 1000}, {1250, -100}}},
	{"Trần Nhân Tông", true, true, []xy{{-100, 3550}, {1100, 3650}, {2300, 3700}, {3500, 3550}, {4900, 3500}}},
	{"Lê Quốc Uy", true, false, []xy{{3500, -100}, {3350, 1100}, {3550, 2300}, {3750, 3400}, {3900, 4550}}},
	{"Trữ Khê", true, false, []xy{{4800, 1200}, {3800, 1550}, {2900, 1700}, {2400, 1450}, {1950, 1230}}},
	{"Hoàng Quốc Việt", false, false, []xy{{300, 1900}, {900, 2050}, {1800, 2000}, {2700, 1950}}},
	{"Cao Toàn", false, false, []xy{{2850, 2200}, {2950, 3000}, {3050, 4300}}},
	{"Đồng Hòa", false, false, []xy{{3950, 2900}, {4300, 1800}, {4500, 900}}},
	{"Bắc Sơn", false, false, []xy{{1700, 4300}, {1850, 3200}, {2000, 2200}}},
	{"Quán Trữ", false, false, []xy{{50, 1550}, {800, 1700}, {1700, 1620}}},
	{"Lệ Tảo", false, false, []xy{{2600, 300}, {3000, 1200}, {3200, 2000}}},
	{"Trần Tất Văn", false, false, []xy{{500, 3000}, {1000, 2850}, {2000, 3050}, {2900, 3100}}},
	{"Lãm Hà", false, false, []xy{{3300, 3000}, {4200, 3000}, {4700, 2800}}},
}

const (
	densifyStep = 20.0 // metres between the vertices of a street
	alleyStep   = 15.0 // metres between the vertices of an alley
)

// buildNetwork lays out the streets and alleys and splits them at every
// junction into segments.
func buildNetwork(o outline) *network {
	g := newGen(1)
	w := newWarp(g)
	var lines []*line
	for _, r := range roads {
		pts := clip(o, w.apply(densify(r.bends, densifyStep)))
		if len(pts) < 2 {
			continue
		}
		class := "secondary"
		if r.main {
			class = "main"
		}
		lines = append(lines, &line{name: r.name, nameEN: englishName(r.name), class: class, key: r.key, pts: pts, parent: -1})
	}
	streets := len(lines)
	for i := 0; i < streets; i++ {
		lines = append(lines, alleysOf(g, o, lines, i)...)
	}
	return split(lines)
}

// englishName is the name on bilingual signs: "Tran Thanh Ngo Street".
func englishName(vi string) string { return gis.FoldASCII(vi) + " Street" }

// densify puts a vertex every step metres along the bends.
func densify(bends []xy, step float64) []xy {
	out := []xy{bends[0]}
	for i := 1; i < len(bends); i++ {
		a, b := bends[i-1], bends[i]
		n := int(math.Ceil(a.dist(b) / step))
		for k := 1; k <= n; k++ {
			out = append(out, lerp(a, b, float64(k)/float64(n)))
		}
	}
	return out
}

// clip keeps the longest run of vertices well inside the ward.
func clip(o outline, pts []xy) []xy {
	bestFrom, bestLen, from := 0, 0, -1
	for i := 0; i <= len(pts); i++ {
		in := i < len(pts) && o.inside(pts[i])
		switch {
		case in && from < 0:
			from = i
		case !in && from >= 0:
			if i-from > bestLen {
				bestFrom, bestLen = from, i-from
			}
			from = -1
		}
	}
	return pts[bestFrom : bestFrom+bestLen]
}

// warp is a smooth displacement field of a few tens of metres: applied to
// every street it bends straight runs into the gentle curves of a town that
// grew from villages, while keeping which streets cross which.
type warp struct{ phase [4]float64 }

func newWarp(g *gen) warp {
	var w warp
	for i := range w.phase {
		w.phase[i] = g.between(0, 2*math.Pi)
	}
	return w
}

func (w warp) apply(pts []xy) []xy {
	out := make([]xy, len(pts))
	for i, p := range pts {
		dx := 22*math.Sin(p.Y/130+w.phase[0]) + 9*math.Sin(p.X/55+w.phase[1])
		dy := 22*math.Sin(p.X/150+w.phase[2]) + 9*math.Sin(p.Y/60+w.phase[3])
		out[i] = xy{p.X + dx, p.Y + dy}
	}
	return out
}

// alleysOf grows dead-end alleys (ngõ) from the vertices of street i, on
// both sides, each named after the house number at its mouth.
func alleysOf(g *gen, o outline, lines []*line, i int) []*line {
	parent := lines[i]
	used := map[int]bool{} // house numbers already naming an alley of this street
	var out []*line
	dist := cumulative(parent.pts)
	for k := 3 + g.r.IntN(4); k < len(parent.pts)-3; k += 4 + g.r.IntN(6) {
		side := 1.0
		if g.chance(0.5) {
			side = -1
		}
		tangent := parent.pts[k+1].sub(parent.pts[k-1]).unit()
		pts := growAlley(g, o, parent.pts[k], tangent.left().scale(side))
		if len(pts) < 3 {
			continue
		}
		no := houseNumber(dist[k], side > 0)
		for used[no] {
			no += 2
		}
		used[no] = true
		out = append(out, &line{name: "Ngõ " + strconv.Itoa(no) + " " + parent.name, class: "alley", pts: pts, parent: i, mouth: k})
	}
	return out
}

// growAlley walks from the mouth in direction dir, turning a little at
// every step, until it reaches its length or the ward's edge.
func growAlley(g *gen, o outline, mouth, dir xy) []xy {
	dir = dir.rotate(g.between(-0.3, 0.3))
	steps := 4 + g.r.IntN(14) // 60 to 255 m
	pts := []xy{mouth}
	p := mouth
	for s := 0; s < steps; s++ {
		dir = dir.rotate(g.between(-0.15, 0.15))
		p = p.add(dir.scale(alleyStep))
		if !o.inside(p) {
			break
		}
		pts = append(pts, p)
	}
	return pts
}

// cumulative returns the distance from the start at every vertex.
func cumulative(pts []xy) []float64 {
	d := make([]float64, len(pts))
	for i := 1; i < len(pts); i++ {
		d[i] = d[i-1] + pts[i].dist(pts[i-1])
	}
	return d
}

// lotWidth is the frontage of one house lot: numbers grow by two every lot.
const lotWidth = 5.0

// houseNumber is the number of the house d metres from the start of a
// street: odd on the left, even on the right, as in Hải Phòng.
func houseNumber(d float64, left bool) int {
	n := 2 * int(d/lotWidth)
	if left {
		return n + 1
	}
	return n + 2
}
