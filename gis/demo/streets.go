package demo

import "wardmap/gis"

// cycleDays is how often each class of street is inspected.
var cycleDays = map[string]int64{"main": 7, "secondary": 14, "alley": 30}

// makeStreets turns the pieces of the network into street segments. Lit
// and one-way are decided per line, so a street does not flicker between
// lit and dark from one junction to the next.
func (b *builder) makeStreets() {
	g := newGen(2)
	lit := make([]bool, len(b.net.lines))
	oneway := make([]string, len(b.net.lines))
	for i, l := range b.net.lines {
		switch l.class {
		case "main":
			lit[i] = true
		case "secondary":
			lit[i] = g.chance(0.75)
		default:
			lit[i] = g.chance(0.3)
		}
		oneway[i] = "no"
		if l.class != "main" && g.chance(0.08) {
			oneway[i] = pick(g, []string{"forward", "backward"})
		}
	}
	for _, p := range b.net.pieces {
		l := b.net.lines[p.line]
		f := g.feature(gis.Street, toLine(p.pts))
		f.Attrs["name"] = l.name
		f.Attrs["class"] = l.class
		if l.class == "main" {
			f.Attrs["name_en"] = l.nameEN
			f.Attrs["key_route"] = l.key
		}
		f.Attrs["oneway"] = oneway[p.line]
		// A few main segments have lost their lighting: the indicator
		// "100% of main roads lit" must have something to find.
		f.Attrs["lit"] = lit[p.line] && !(l.class == "main" && g.chance(0.05))
		f.Attrs["cycle_days"] = cycleDays[l.class]
		f.Attrs["from_node"] = p.from
		f.Attrs["to_node"] = p.to
		gis.Derive(f)
		b.streets = append(b.streets, f)
	}
}
