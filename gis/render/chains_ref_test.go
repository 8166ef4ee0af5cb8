package render

import (
	"math"

	"github.com/paulmach/orb"
)

// chainByNameRef is the first, allocating chainByName, kept as the
// referee of chainer: it joins the pixel parts of same-named segments that meet end to
// end into longer lines, for labelling. Streets are stored split at every
// junction (the demo ward's 760 segments, OSM ways cut at each crossing),
// so below street scale no single segment was long enough for its name and
// the map showed no street names while a whole neighbourhood was in view.
func chainByNameRef(ps []projected) []projected {
	type end struct{ x, y int32 }
	key := func(p orb.Point) end { return end{int32(math.Round(p[0])), int32(math.Round(p[1]))} }
	byName := map[string][]orb.LineString{}
	var order []string
	for _, p := range ps {
		name := p.name
		if name == "" && p.f != nil {
			name = p.f.Text("name")
		}
		if name == "" {
			continue
		}
		if _, ok := byName[name]; !ok {
			order = append(order, name)
		}
		byName[name] = append(byName[name], p.parts...)
	}
	out := make([]projected, 0, len(order))
	for _, name := range order {
		parts := byName[name]
		at := map[end][]int{} // end point → parts starting or ending there
		for i, pt := range parts {
			if len(pt) < 2 {
				continue
			}
			at[key(pt[0])] = append(at[key(pt[0])], i)
			at[key(pt[len(pt)-1])] = append(at[key(pt[len(pt)-1])], i)
		}
		used := make([]bool, len(parts))
		var chains []orb.LineString
		// next finds an unused part touching p and returns it oriented
		// to start at p.
		next := func(p orb.Point) (orb.LineString, bool) {
			for _, j := range at[key(p)] {
				if used[j] {
					continue
				}
				used[j] = true
				pt := parts[j]
				if key(pt[0]) == key(p) {
					return pt, true
				}
				r := make(orb.LineString, len(pt))
				for k := range pt {
					r[k] = pt[len(pt)-1-k]
				}
				return r, true
			}
			return nil, false
		}
		for i, pt := range parts {
			if used[i] || len(pt) < 2 {
				continue
			}
			used[i] = true
			chain := append(orb.LineString(nil), pt...)
			for { // forwards from the end
				n, ok := next(chain[len(chain)-1])
				if !ok {
					break
				}
				chain = append(chain, n[1:]...)
			}
			for { // backwards from the start
				n, ok := next(chain[0])
				if !ok {
					break
				}
				rev := make(orb.LineString, 0, len(n)+len(chain))
				for k := len(n) - 1; k >= 1; k-- {
					rev = append(rev, n[k])
				}
				chain = append(rev, chain...)
			}
			chains = append(chains, chain)
		}
		out = append(out, projected{name: name, parts: chains})
	}
	return out
}
