package render

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// maxBend is how far, in pixels, a street may stray from the straight chord
// a label is set along: real streets are drawn with many short segments,
// none long enough for a name, that together run nearly straight.
const maxBend = 3.0

// straightRuns returns chords of the line at least min pixels long along
// which every vertex between the chord's ends lies within maxBend of it:
// the places a straight label fits. Each run is grown as far as it stays
// straight (nearChord), then the next starts where it ended.
//
// Testing each longer chord against every vertex before it is quadratic in
// a run's length. A run longer than coneFrom vertices (a long straight
// street chained end to end, drawn with many short segments) is grown
// with a chordCone instead, which settles most chords in constant time;
// the runs are exactly nearChord's.
func straightRuns(ls orb.LineString, min float64) [][2]orb.Point {
	return straightRunsFrom(ls, min, coneFrom)
}

// straightRunsFrom is straightRuns growing runs of from vertices or more
// with a chordCone (the tests set from low to try the cone everywhere).
func straightRunsFrom(ls orb.LineString, min float64, from int) [][2]orb.Point {
	var runs [][2]orb.Point
	var c chordCone
	for i := 0; i+1 < len(ls); {
		j := i + 1
		for j+1 < len(ls) && nearChord(ls[i:j+2]) {
			j++
			if j-i == from {
				j = c.grow(ls, i, j)
				break
			}
		}
		if planar.Distance(ls[i], ls[j]) >= min {
			runs = append(runs, [2]orb.Point{ls[i], ls[j]})
		}
		i = j
	}
	return runs
}

// coneFrom is the length of a run, in vertices, from which it is grown
// with a chordCone. The cone costs some twenty times one vertex's test in
// nearChord for each vertex it passes, and most runs are short: at ward
// scale the demo ward's streets bend every 20 to 30 vertices (at most 52),
// where nearChord is cheaper; the cone is there for the long straight
// street drawn with hundreds of short segments.
const coneFrom = 64

// grow continues the run from ls[i] through ls[j], which nearChord has
// passed, as far as it stays straight, and returns the index of its end.
func (c *chordCone) grow(ls orb.LineString, i, j int) int {
	c.start(ls[i])
	for k := i + 1; k < j; k++ {
		c.pass(ls[k])
	}
	for ; j+1 < len(ls); j++ {
		c.pass(ls[j]) // ls[j] is now inside the chord
		if !c.holds(ls[j], ls[j+1]) && !nearChord(ls[i:j+2]) {
			break
		}
	}
	return j
}

// nearChord reports whether every vertex of ls lies within maxBend of the
// segment from its first to its last vertex, and the line does not turn
// back on itself.
func nearChord(ls orb.LineString) bool {
	a, b := ls[0], ls[len(ls)-1]
	dx, dy := b[0]-a[0], b[1]-a[1]
	l := math.Hypot(dx, dy)
	if l == 0 {
		return false
	}
	along := -1.0
	for _, p := range ls[1 : len(ls)-1] {
		px, py := p[0]-a[0], p[1]-a[1]
		if math.Abs(px*dy-py*dx)/l > maxBend {
			return false
		}
		t := alongChord(px, py, dx, dy, l)
		if t < along || t > l {
			return false
		}
		along = t
	}
	return true
}

// alongChord is how far along the chord in direction (dx, dy), of length
// l, lies the point (px, py) from its start: one function so that
// nearChord and chordCone.holds compute the same bits.
func alongChord(px, py, dx, dy, l float64) float64 { return (px*dx + py*dy) / l }

// chordCone is the range of directions a chord from a run's start a can
// take and still pass every inner vertex as nearChord wants: within
// maxBend of each, and each vertex no nearer a along the chord than the
// one before. Each condition allows an arc of directions; every arc is
// taken a little narrower (coneSlack) than the condition allows, by far
// more than float rounding can move nearChord's sums, so that a direction
// inside the cone passes nearChord for certain. A direction outside proves
// nothing: the caller asks nearChord then. Directions are vectors, not
// angles: trigonometry per vertex would cost more than it saves.
type chordCone struct {
	a orb.Point
	// the cone runs counter-clockwise from direction r to direction l,
	// less than half a turn; open: every direction; lost: nothing is
	// certain any more in this run
	r, l       orb.Point
	open, lost bool
	prev       orb.Point // the last inner vertex, relative to a
	inner      bool      // there is one
	far        float64   // how far from a the farthest inner vertex lies
}

// coneSlack is how much narrower, in radians, each arc is taken than its
// condition allows. Rounding moves nearChord's sums by about 1e-15 of
// their size; 1e-7 rad is far more, and at a chord of a thousand pixels
// a ten-thousandth of a pixel.
const coneSlack = 1e-7

var cosSlack, sinSlack = math.Cos(coneSlack), math.Sin(coneSlack)

func (c *chordCone) start(a orb.Point) { *c = chordCone{a: a, open: true} }

// pass narrows the cone by p, the next inner vertex.
func (c *chordCone) pass(p orb.Point) {
	px, py := p[0]-c.a[0], p[1]-c.a[1] // as nearChord computes them
	r := math.Sqrt(px*px + py*py)
	c.far = math.Max(c.far, r)
	// Within maxBend: directions at most asin(maxBend/r) from p's. A vertex
	// nearer a than maxBend is within it whatever the direction; close to
	// maxBend, asin is too steep to bound rounding.
	switch {
	case r < maxBend*(1-1e-6):
	case r <= maxBend*(1+1e-6):
		c.lost = true
	default:
		sin := maxBend / r
		cos := math.Sqrt(1 - sin*sin)
		// the half-width asin(maxBend/r) less the slack
		c.narrow(px, py, cos*cosSlack+sin*sinSlack, sin*cosSlack-cos*sinSlack)
	}
	// In order along the chord: the step from the vertex before must not
	// point backwards. nearChord lets the first inner vertex be up to a
	// pixel behind a; asking it to be ahead is stricter.
	sx, sy := px, py
	if c.inner {
		sx, sy = px-c.prev[0], py-c.prev[1]
	}
	switch tiny := 1e-12 / sinSlack * (c.far + 1); {
	case c.inner && sx == 0 && sy == 0:
		// the same point again: the same distance along any chord
	case !c.inner && r < 0.5:
		// within half a pixel of a: never a pixel behind it
	case sx*sx+sy*sy <= tiny*tiny:
		// too short a step to tell its direction from rounding
		c.lost = true
	default:
		// a quarter turn either side, less the slack
		c.narrow(sx, sy, sinSlack, cosSlack)
	}
	c.prev, c.inner = orb.Point{px, py}, true
}

// narrow intersects the cone with the arc of directions whose angle to
// (ux, uy) has a cosine of at least cos (and a sine of sin): from u turned
// back by that angle to u turned on by it. Only the arc's ends' directions
// count, so u need not be a unit vector.
// Both arcs are less than half a turn, so they meet in one arc or none.
func (c *chordCone) narrow(ux, uy, cos, sin float64) {
	if c.lost {
		return
	}
	if sin <= 0 {
		c.lost = true
		return
	}
	r := orb.Point{ux*cos + uy*sin, uy*cos - ux*sin}
	l := orb.Point{ux*cos - uy*sin, uy*cos + ux*sin}
	if c.open {
		c.r, c.l, c.open = r, l, false
		return
	}
	// each end of the meeting arc is an end of one arc lying in the other
	nr, nl := r, l
	switch {
	case within(r, c.r, c.l):
	case within(c.r, r, l):
		nr = c.r
	default:
		c.lost = true
		return
	}
	switch {
	case within(l, c.r, c.l):
	case within(c.l, r, l):
		nl = c.l
	default:
		c.lost = true
		return
	}
	c.r, c.l = nr, nl
}

// within reports whether direction d lies in the arc from r
// counter-clockwise to l, which is less than half a turn.
func within(d, r, l orb.Point) bool {
	return r[0]*d[1]-r[1]*d[0] >= 0 && d[0]*l[1]-d[1]*l[0] >= 0
}

// holds reports that the chord from the run's start to b certainly passes
// nearChord, last being the inner vertex passed most recently. Inside the
// cone the inner vertices lie within maxBend and in order, so the last is
// the farthest along and only it can lie beyond b; it is measured with
// nearChord's own arithmetic.
func (c *chordCone) holds(last, b orb.Point) bool {
	if c.lost {
		return false
	}
	dx, dy := b[0]-c.a[0], b[1]-c.a[1]
	l := math.Hypot(dx, dy)
	if l == 0 || !c.open && !within(orb.Point{dx, dy}, c.r, c.l) {
		return false
	}
	return alongChord(last[0]-c.a[0], last[1]-c.a[1], dx, dy, l) <= l
}
