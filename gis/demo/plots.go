package demo

import (
	"fmt"
	"math"

	"wardmap/gis"
)

// plotPlan is what the planner has decided for one planting plot.
type plotPlan struct {
	species string
	spacing float64
	year    int64
	status  string
}

// plotPlans covers every plot status; "planting" and "planted" plots get
// trees that refer to them.
var plotPlans = []plotPlan{
	{"Sao đen", 6, 2026, "planted"},
	{"Bằng lăng", 5, 2026, "planting"},
	{"Lim xẹt, Muồng hoàng yến", 5, 2027, "approved"},
	{"Chò nâu", 8, 2028, "planned"},
	{"Sấu", 7, 2030, "planned"},
	{"Hoa sữa", 6, 2029, "cancelled"},
}

// plotSite is a plot's rectangle on the plane: centre, half sides, and the
// unit vectors of its sides.
type plotSite struct {
	c, u, v xy
	hw, hh  float64
}

func (s plotSite) corners() []xy {
	a, b := s.u.scale(s.hw), s.v.scale(s.hh)
	return []xy{s.c.sub(a).sub(b), s.c.add(a).sub(b), s.c.add(a).add(b), s.c.sub(a).add(b)}
}

// grid returns points inside the rectangle every spacing metres, half a
// spacing in from its edges.
func (s plotSite) grid(spacing float64) []xy {
	var out []xy
	for y := -s.hh + spacing/2; y <= s.hh-spacing/2; y += spacing {
		for x := -s.hw + spacing/2; x <= s.hw-spacing/2; x += spacing {
			out = append(out, s.c.add(s.u.scale(x)).add(s.v.scale(y)))
		}
	}
	return out
}

// makePlots places rectangular plots on open ground: no street within
// 12 m of any part of them and clear of each other.
func (b *builder) makePlots() {
	g := newGen(4)
	var sites []plotSite
	for i, plan := range plotPlans {
		site, ok := b.findSite(g, sites)
		if !ok {
			continue
		}
		sites = append(sites, site)
		_, piece := b.nearestStreet(site.c)
		f := g.feature(gis.Plot, polygonOf(site.corners()))
		f.Attrs["name"] = fmt.Sprintf("Ô trồng cây số %d – gần %s", i+1, b.pieceLine(piece).name)
		f.Attrs["planned_species"] = plan.species
		f.Attrs["spacing_m"] = plan.spacing
		f.Attrs["planned_year"] = plan.year
		f.Attrs["status"] = plan.status
		gis.Derive(f)
		b.plots = append(b.plots, f)
		b.plotSites = append(b.plotSites, site)
	}
}

// findSite tries random rectangles until one fits.
func (b *builder) findSite(g *gen, taken []plotSite) (plotSite, bool) {
	for range 400 {
		a := g.between(0, 2*math.Pi)
		s := plotSite{
			c: b.outline.at(g.between(0, 2*math.Pi), g.between(0.2, 0.85)),
			u: polar(a, 1), v: polar(a+math.Pi/2, 1),
			hw: g.between(20, 45), hh: g.between(15, 30),
		}
		if b.siteFree(s, taken) {
			return s, true
		}
	}
	return plotSite{}, false
}

func (b *builder) siteFree(s plotSite, taken []plotSite) bool {
	for _, t := range taken {
		if s.c.dist(t.c) < math.Hypot(s.hw, s.hh)+math.Hypot(t.hw, t.hh)+10 {
			return false
		}
	}
	for _, p := range s.grid(5) {
		if d, _ := b.index.dist(p); d < 12 {
			return false
		}
	}
	for _, p := range s.corners() {
		if d, _ := b.index.dist(p); d < 12 {
			return false
		}
	}
	return true
}

// nearestStreet scans every segment; it is used a handful of times.
func (b *builder) nearestStreet(p xy) (float64, int) {
	best, piece := math.Inf(1), 0
	for i, pc := range b.net.pieces {
		for s := 0; s+1 < len(pc.pts); s++ {
			if d := segDist(p, pc.pts[s], pc.pts[s+1]); d < best {
				best, piece = d, i
			}
		}
	}
	return best, piece
}
