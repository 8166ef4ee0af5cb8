package demo

import (
	"fmt"
	"math"
	"strings"

	"wardmap/gis"
)

const streetTreeCount = 1850 // about; plus the trees of planted plots

// demoToday is the day the demo data describes: late November 2026.
var demoToday = day(2026, 11, 25)

// makeTrees plants trees along both kerbs of main and secondary streets,
// then in the plots that are being or have been planted.
func (b *builder) makeTrees() {
	g := newGen(7)
	pieces := b.piecesOf("main", "secondary")
	step := 2 * b.usableLength(pieces, 10) / streetTreeCount
	for _, i := range pieces {
		p := b.net.pieces[i]
		for _, side := range []float64{1, -1} {
			for _, st := range stations(p.pts, g.between(0.2, 1)*step, step, 10) {
				at := st.at.add(st.dir.left().scale(side * g.between(4.5, 6.5)))
				if d, _ := b.index.dist(at); d < 4 {
					continue // it would stand in another street
				}
				addr := fmt.Sprintf("Trước số %d %s", houseNumber(p.d0+st.d, side > 0), b.pieceLine(i).name)
				b.trees = append(b.trees, b.streetTree(g, at, addr))
			}
		}
	}
	for i, site := range b.plotSites {
		b.plantPlot(g, b.plots[i], site)
	}
}

func (b *builder) streetTree(g *gen, at xy, addr string) *gis.Feature {
	planted := g.date(day(1990, 1, 1), day(2025, 12, 31))
	newTree := g.chance(0.14) // the 2026–2030 planting drive has begun
	if newTree {
		planted = g.date(day(2026, 1, 5), day(2026, 11, 15))
	}
	f := b.tree(g, at, b.treeSpecies(g, newTree), planted)
	cond := g.weighted(62, 22, 9, 4, 3)
	if newTree {
		cond = g.weighted(85, 11, 3, 0, 1)
	}
	f.Attrs["condition"] = []string{"good", "fair", "poor", "dangerous", "dead"}[cond]
	f.Attrs["address"] = addr
	return f
}

// treeSpecies picks a species: the drive plants different trees than the
// old avenues have.
func (b *builder) treeSpecies(g *gen, newTree bool) species {
	ws := make([]float64, len(speciesList))
	for i, s := range speciesList {
		ws[i] = s.weight
		if newTree {
			ws[i] = s.newPlantingShare
		}
	}
	return speciesList[g.weighted(ws...)]
}

// tree sets what every tree has; height and trunk follow from its age.
func (b *builder) tree(g *gen, at xy, s species, planted gis.Date) *gis.Feature {
	f := g.feature(gis.Tree, toLonLat(at))
	age := math.Max(0, demoToday.Time().Sub(planted.Time()).Hours()/24/365.25)
	f.Attrs["code"] = fmt.Sprintf("CX-%06d", len(b.trees)+1)
	f.Attrs["species_vi"] = s.vi
	f.Attrs["species_sci"] = s.sci
	f.Attrs["planted_on"] = planted
	height := math.Min(s.maxHeight, 2.5+s.growth*age*g.between(0.8, 1.2))
	f.Attrs["height_m"] = math.Round(height*10) / 10
	f.Attrs["trunk_diameter_cm"] = math.Round(math.Min(150, 4+s.trunkGrowth*age*g.between(0.8, 1.2)))
	if age > 2 && g.chance(0.5) {
		f.Attrs["last_pruned"] = g.date(day(2024, 1, 1), day(2026, 10, 31))
	}
	f.Attrs["funding"] = []string{"budget", "socialized", "other"}[g.weighted(70, 27, 3)]
	return f
}

// plantPlot fills a planted plot on its grid, and half of one being
// planted; the trees refer to the plot.
func (b *builder) plantPlot(g *gen, plot *gis.Feature, site plotSite) {
	spots := site.grid(plot.Attrs["spacing_m"].(float64))
	from, to := day(2026, 3, 1), day(2026, 4, 30)
	switch plot.Text("status") {
	case "planted":
	case "planting":
		spots = spots[:len(spots)/2]
		from, to = day(2026, 10, 1), day(2026, 11, 20)
	default:
		return
	}
	names := strings.Split(plot.Text("planned_species"), ", ")
	for _, at := range spots {
		s := speciesNamed(pick(g, names))
		f := b.tree(g, at, s, g.date(from, to))
		f.Attrs["condition"] = []string{"good", "fair", "dead"}[g.weighted(90, 8, 2)]
		f.Attrs["plot_id"] = plot.ID
		f.Attrs["address"] = plot.Text("name")
		b.trees = append(b.trees, f)
	}
}

func speciesNamed(vi string) species {
	for _, s := range speciesList {
		if s.vi == vi {
			return s
		}
	}
	panic("demo: no species " + vi)
}
