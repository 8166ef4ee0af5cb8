package render

import (
	"math"

	"github.com/paulmach/orb"
)

// chainer joins the pixel parts of same-named segments that meet end to
// end into longer lines, for labelling. Streets are stored split at every
// junction (the demo ward's 760 segments, OSM ways cut at each crossing),
// so below street scale no single segment was long enough for its name and
// the map showed no street names while a whole neighbourhood was in view.
//
// It keeps its tables between frames: joining a map of strings to slices
// and a map of ends per name allocated anew in every frame was 7 % of the
// ward-scale frame and two thirds of its allocations.
type chainer struct {
	groupOf map[string]int32  // name → its group, in order of first appearance
	names   []string          // group → name
	start   []int32           // group → first index in parts (counting sort)
	parts   []orb.LineString  // every part, grouped by name, in input order
	gidx    []int32           // group of each part in input order
	ends    map[chainEnd]ends // a name's end point → the parts touching it
	links   []chainLink
	used    []bool
	seq     []chainStep // the parts of the chain being built, in order
	chains  []orb.LineString
	out     []projected
}

// chainEnd is a part's end point rounded to the pixel, within a name group.
type chainEnd struct{ g, x, y int32 }

// ends is a list in links, in the order parts were added.
type ends struct{ head, tail int32 }

type chainLink struct{ part, next int32 }

// chainStep is one part of a chain, reversed or not.
type chainStep struct {
	part int32
	rev  bool
}

func (c *chainer) key(g int32, p orb.Point) chainEnd {
	return chainEnd{g, int32(math.Round(p[0])), int32(math.Round(p[1]))}
}

// chain returns one projected line per name, holding the name's parts
// joined end to end, in order of first appearance; the points come from
// a, so they live as long as the frame's other pixel geometry.
func (c *chainer) chain(ps []projected, a *arena) []projected {
	c.group(ps)
	if c.ends == nil {
		c.ends = map[chainEnd]ends{}
	}
	clear(c.ends)
	c.links = c.links[:0]
	for g := range c.names {
		for i := c.start[g]; i < c.start[g+1]; i++ {
			if pt := c.parts[i]; len(pt) >= 2 {
				c.link(c.key(int32(g), pt[0]), i)
				c.link(c.key(int32(g), pt[len(pt)-1]), i)
			}
		}
	}
	c.used = append(c.used[:0], make([]bool, len(c.parts))...)
	c.out, c.chains = c.out[:0], c.chains[:0]
	for g, name := range c.names {
		from := len(c.chains)
		for i := c.start[g]; i < c.start[g+1]; i++ {
			if c.used[i] || len(c.parts[i]) < 2 {
				continue
			}
			c.chains = append(c.chains, c.build(int32(g), i, a))
		}
		c.out = append(c.out, projected{name: name, parts: c.chains[from:len(c.chains):len(c.chains)]})
	}
	return c.out
}

// group sorts the parts of ps by name, keeping their order within a name.
func (c *chainer) group(ps []projected) {
	if c.groupOf == nil {
		c.groupOf = map[string]int32{}
	}
	clear(c.groupOf)
	c.names, c.gidx, c.start = c.names[:0], c.gidx[:0], c.start[:0]
	n := 0
	for _, p := range ps {
		name := p.name
		if name == "" && p.f != nil {
			name = p.f.Text("name")
		}
		g := int32(-1)
		if name != "" {
			var ok bool
			if g, ok = c.groupOf[name]; !ok {
				g = int32(len(c.names))
				c.groupOf[name] = g
				c.names = append(c.names, name)
			}
			n += len(p.parts)
		}
		c.gidx = append(c.gidx, g)
	}
	c.start = append(c.start, make([]int32, len(c.names)+1)...)
	for i, p := range ps {
		if g := c.gidx[i]; g >= 0 {
			c.start[g+1] += int32(len(p.parts))
		}
	}
	for g := range c.names {
		c.start[g+1] += c.start[g]
	}
	if cap(c.parts) < n {
		c.parts = make([]orb.LineString, n)
	}
	c.parts = c.parts[:n]
	next := append([]int32(nil), c.start...) // small: one per name
	for i, p := range ps {
		if g := c.gidx[i]; g >= 0 {
			next[g] += int32(copy(c.parts[next[g]:], p.parts))
		}
	}
}

func (c *chainer) link(k chainEnd, part int32) {
	l := int32(len(c.links))
	c.links = append(c.links, chainLink{part: part, next: -1})
	e, ok := c.ends[k]
	if !ok {
		c.ends[k] = ends{l, l}
		return
	}
	c.links[e.tail].next = l
	e.tail = l
	c.ends[k] = e
}

// next finds the first unused part touching p, marks it used and reports
// whether it must be reversed to start at p.
func (c *chainer) next(g int32, p orb.Point) (chainStep, bool) {
	k := c.key(g, p)
	e, ok := c.ends[k]
	if !ok {
		return chainStep{}, false
	}
	for l := e.head; l >= 0; l = c.links[l].next {
		j := c.links[l].part
		if c.used[j] {
			continue
		}
		c.used[j] = true
		return chainStep{part: j, rev: c.key(g, c.parts[j][0]) != k}, true
	}
	return chainStep{}, false
}

// build grows a chain from part i forwards from its end, then backwards
// from its start, and writes its points.
func (c *chainer) build(g, i int32, a *arena) orb.LineString {
	c.used[i] = true
	c.seq = append(c.seq[:0], chainStep{part: i})
	end := c.parts[i][len(c.parts[i])-1]
	for {
		s, ok := c.next(g, end)
		if !ok {
			break
		}
		c.seq = append(c.seq, s)
		end = c.last(s)
	}
	fwd := len(c.seq)
	begin := c.parts[i][0]
	for {
		s, ok := c.next(g, begin)
		if !ok {
			break
		}
		s.rev = !s.rev // it runs towards the chain's start
		c.seq = append(c.seq, s)
		begin = c.first(s)
	}
	n := 1
	for _, s := range c.seq {
		n += len(c.parts[s.part]) - 1
	}
	ls := a.line(n)[:0]
	for k := len(c.seq) - 1; k >= fwd; k-- { // the backward parts, farthest first
		ls = c.appendPart(ls, c.seq[k], 0, 1)
	}
	ls = c.appendPart(ls, c.seq[0], 0, 0)
	for k := 1; k < fwd; k++ {
		ls = c.appendPart(ls, c.seq[k], 1, 0)
	}
	return ls
}

// first and last are the end points of a step as it runs in the chain.
func (c *chainer) first(s chainStep) orb.Point {
	pt := c.parts[s.part]
	if s.rev {
		return pt[len(pt)-1]
	}
	return pt[0]
}

func (c *chainer) last(s chainStep) orb.Point {
	pt := c.parts[s.part]
	if s.rev {
		return pt[0]
	}
	return pt[len(pt)-1]
}

// appendPart appends the step's points in chain order, less head points
// at its start and tail at its end: where two parts join, the line keeps
// the point of the part nearer to the one the chain was grown from.
func (c *chainer) appendPart(ls orb.LineString, s chainStep, head, tail int) orb.LineString {
	pt := c.parts[s.part]
	if !s.rev {
		return append(ls, pt[head:len(pt)-tail]...)
	}
	for k := len(pt) - 1 - head; k >= tail; k-- {
		ls = append(ls, pt[k])
	}
	return ls
}
