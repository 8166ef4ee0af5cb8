// Package match measures how much of each street segment a GPS track
// covers, so that imported track logs can record which streets were
// inspected.
//
// The track is resampled every few metres along each step between two
// consecutive fixes, but only across steps short enough to be trusted
// (MaxGap): a gap in the log (tunnel, receiver off) is not bridged, so the
// streets in between are not credited. Each sample marks the 5 m bins of
// every segment piece within the tolerance whose direction agrees with the
// step's heading (within MaxAngle, either way), so crossing a street at a
// junction or standing at a corner does not credit it, nor do fixes beyond
// a segment's ends (a short stub past a junction); a segment's coverage
// is the share of its bins marked. Marks are a union: going back and forth
// counts once, and isolated noisy fixes mark only a bin or two.
package match

import (
	"math"
	"time"

	"github.com/paulmach/orb"

	"wardmap/gis/graph"
)

// Options tune the matching; zero values take the defaults.
type Options struct {
	Tolerance float64 // metres (default 20)
	MaxGap    float64 // metres between fixes still joined (default 60)
	MaxAngle  float64 // degrees between step and street (default 40)
	Bin       float64 // metres per coverage bin (default 5)
}

func (o Options) withDefaults() Options {
	if o.Tolerance <= 0 {
		o.Tolerance = 20
	}
	if o.MaxGap <= 0 {
		o.MaxGap = 60
	}
	if o.MaxAngle <= 0 {
		o.MaxAngle = 40
	}
	if o.Bin <= 0 {
		o.Bin = 5
	}
	return o
}

// Point is a fix with its time (zero if the log has none).
type Point struct {
	orb.Point
	Time time.Time
}

// Coverage is the result for one segment.
type Coverage struct {
	Seg      int32
	Fraction float64   // 0..1 of the segment's length
	Last     time.Time // latest fix that marked it (zero without times)
}

// Matcher accumulates tracks over one graph.
type Matcher struct {
	g    *graph.Graph
	opt  Options
	bins [][]bool // per segment, allocated on first mark
	last []time.Time
	cos  float64
	sum  [][2]float64 // prefix sums of the current track's fixes
	// Samples counts the resampled points examined.
	Samples int
}

// New returns a matcher for g.
func New(g *graph.Graph, opt Options) *Matcher {
	opt = opt.withDefaults()
	return &Matcher{g: g, opt: opt, bins: make([][]bool, len(g.Segs)), last: make([]time.Time, len(g.Segs)), cos: math.Cos(opt.MaxAngle * math.Pi / 180)}
}

// headingBase is the straight-line span of fixes over which a heading is
// measured: GPS noise of several metres makes the direction between two
// fixes a second apart meaningless. The heading is the direction from the
// centroid of the window's first half to that of its second half, which
// averages the noise out.
const headingBase = 30.0

// Add matches one continuous track segment.
func (m *Matcher) Add(pts []Point) {
	step := m.opt.Bin * 0.8
	xs := make([][2]float64, len(pts))
	m.sum = m.sum[:0]
	m.sum = append(m.sum, [2]float64{})
	for i, p := range pts {
		x, y := m.g.XY(p.Point)
		xs[i] = [2]float64{x, y}
		last := m.sum[len(m.sum)-1]
		m.sum = append(m.sum, [2]float64{last[0] + x, last[1] + y})
	}
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		dx, dy := xs[i][0]-xs[i-1][0], xs[i][1]-xs[i-1][1]
		l := math.Hypot(dx, dy)
		if l > m.opt.MaxGap {
			continue // a gap in the log: not bridged
		}
		ux, uy, ok := m.heading(xs, i-1, i)
		if !ok {
			continue // standing still: no heading to trust
		}
		n := int(l/step) + 1
		for k := 0; k <= n; k++ {
			f := float64(k) / float64(n)
			p := orb.Point{a.Point[0] + f*(b.Point[0]-a.Point[0]), a.Point[1] + f*(b.Point[1]-a.Point[1])}
			t := b.Time
			m.Samples++
			m.g.Near(p, m.opt.Tolerance, func(seg int32, off, dist, sx, sy float64) {
				if math.Abs(sx*ux+sy*uy) < m.cos {
					return
				}
				// A fix beyond the segment's end projects onto the end
				// itself: it is near the junction, not along this street.
				if off <= 0 || off >= m.g.Len[seg] {
					return
				}
				m.mark(seg, off, t)
			})
		}
	}
}

// heading is the unit direction of travel around the step from fix a to
// fix b: the window widens both ways (never across a gap) until its ends
// are headingBase apart, then the centroids of its halves give the
// direction.
func (m *Matcher) heading(xs [][2]float64, a, b int) (float64, float64, bool) {
	lo, hi := a, b
	for range 80 {
		if math.Hypot(xs[hi][0]-xs[lo][0], xs[hi][1]-xs[lo][1]) >= headingBase {
			break
		}
		grew := false
		if lo > 0 && math.Hypot(xs[lo][0]-xs[lo-1][0], xs[lo][1]-xs[lo-1][1]) <= m.opt.MaxGap {
			lo--
			grew = true
		}
		if hi < len(xs)-1 && math.Hypot(xs[hi+1][0]-xs[hi][0], xs[hi+1][1]-xs[hi][1]) <= m.opt.MaxGap {
			hi++
			grew = true
		}
		if !grew {
			break
		}
	}
	c := (lo + hi + 1) / 2
	if c <= lo || c > hi {
		return 0, 0, false
	}
	n1, n2 := float64(c-lo), float64(hi+1-c)
	x1, y1 := (m.sum[c][0]-m.sum[lo][0])/n1, (m.sum[c][1]-m.sum[lo][1])/n1
	x2, y2 := (m.sum[hi+1][0]-m.sum[c][0])/n2, (m.sum[hi+1][1]-m.sum[c][1])/n2
	dx, dy := x2-x1, y2-y1
	d := math.Hypot(dx, dy)
	if d < headingBase/6 {
		return 0, 0, false
	}
	return dx / d, dy / d, true
}

func (m *Matcher) mark(seg int32, off float64, t time.Time) {
	bs := m.bins[seg]
	if bs == nil {
		bs = make([]bool, max(1, int(math.Ceil(m.g.Len[seg]/m.opt.Bin))))
		m.bins[seg] = bs
	}
	i := min(max(int(off/m.opt.Bin), 0), len(bs)-1)
	bs[i] = true
	if t.After(m.last[seg]) {
		m.last[seg] = t
	}
}

// Coverage returns every segment touched, with its covered fraction.
func (m *Matcher) Coverage() []Coverage {
	var out []Coverage
	for s, bs := range m.bins {
		if bs == nil {
			continue
		}
		n := 0
		for _, b := range bs {
			if b {
				n++
			}
		}
		out = append(out, Coverage{Seg: int32(s), Fraction: float64(n) / float64(len(bs)), Last: m.last[s]})
	}
	return out
}
