package indicator

import (
	"math"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"wardmap/gis"
	"wardmap/gis/grid"
)

// plane maps lon/lat to metres on a local equirectangular plane: exact
// enough for distances of tens of metres inside one ward.
type plane struct{ lon0, lat0, kx, ky float64 }

func newPlane(b orb.Bound) plane {
	c := b.Center()
	kx, ky := gis.MetresPerDegree(c[1])
	return plane{lon0: c[0], lat0: c[1], kx: kx, ky: ky}
}

func (p plane) xy(q orb.Point) [2]float64 {
	return [2]float64{(q[0] - p.lon0) * p.kx, (q[1] - p.lat0) * p.ky}
}

func (p plane) lonlat(x, y float64) orb.Point { return orb.Point{x/p.kx + p.lon0, y/p.ky + p.lat0} }

// line is a street projected to metres.
type line struct {
	f   *gis.Feature
	pts [][2]float64
}

// dist is the distance in metres from (x, y) to the line.
func (l *line) dist(x, y float64) float64 {
	best := math.Inf(1)
	for i := 1; i < len(l.pts); i++ {
		best = math.Min(best, segDist(x, y, l.pts[i-1], l.pts[i]))
	}
	if len(l.pts) == 1 {
		best = math.Hypot(x-l.pts[0][0], y-l.pts[0][1])
	}
	return best
}

func segDist(x, y float64, a, b [2]float64) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = math.Max(0, math.Min(1, ((x-a[0])*dx+(y-a[1])*dy)/l2))
	}
	return math.Hypot(x-a[0]-t*dx, y-a[1]-t*dy)
}

// lineIndex finds the street nearest a point within a distance.
type lineIndex struct {
	lines []line      // by the grid's numbers
	g     *grid.Index // nil when there is no line
}

func newLineIndex(pl plane, fs []*gis.Feature, cell float64) *lineIndex {
	ix := &lineIndex{}
	var boxes []orb.Bound
	var ext orb.Bound
	for _, f := range fs {
		ls, ok := f.Geom.(orb.LineString)
		if !ok || len(ls) == 0 {
			continue
		}
		l := line{f: f, pts: make([][2]float64, len(ls))}
		x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		for i, p := range ls {
			q := pl.xy(p)
			l.pts[i] = q
			x0, y0, x1, y1 = math.Min(x0, q[0]), math.Min(y0, q[1]), math.Max(x1, q[0]), math.Max(y1, q[1])
		}
		b := orb.Bound{Min: orb.Point{x0, y0}, Max: orb.Point{x1, y1}}
		if len(boxes) == 0 {
			ext = b
		}
		ext = ext.Union(b)
		boxes = append(boxes, b)
		ix.lines = append(ix.lines, l)
	}
	if len(boxes) == 0 {
		return ix
	}
	ix.g = grid.New(ext, cell)
	for _, b := range boxes {
		ix.g.Add(b)
	}
	return ix
}

// each calls fn once with every line in the cells within r metres of
// (x, y): candidates, which the caller measures.
func (ix *lineIndex) each(x, y, r float64, fn func(i int32)) {
	if ix.g != nil {
		ix.g.Each(orb.Bound{Min: orb.Point{x - r, y - r}, Max: orb.Point{x + r, y + r}}, fn)
	}
}

// nearest returns the index of the nearest line within r metres, or -1.
func (ix *lineIndex) nearest(x, y, r float64) int {
	best, bestD := -1, r
	ix.each(x, y, r, func(j int32) {
		i := int(j)
		if d := ix.lines[i].dist(x, y); d <= bestD && (best < 0 || d < bestD || i < best) {
			best, bestD = i, d
		}
	})
	return best
}

// within calls fn once for each line within r metres of (x, y).
func (ix *lineIndex) within(x, y, r float64, fn func(i int)) {
	ix.each(x, y, r, func(i int32) {
		if ix.lines[i].dist(x, y) <= r {
			fn(int(i))
		}
	})
}

// anchor is the point that places a feature: the point itself, a line's
// middle vertex-wise midpoint, a polygon's first ring's centre.
func anchor(g orb.Geometry) (orb.Point, bool) {
	switch g := g.(type) {
	case orb.Point:
		return g, true
	case orb.LineString:
		if len(g) == 0 {
			return orb.Point{}, false
		}
		return midpoint(g), true
	case orb.Polygon:
		if len(g) == 0 || len(g[0]) == 0 {
			return orb.Point{}, false
		}
		c, _ := planar.CentroidArea(g)
		return c, true
	case nil:
		return orb.Point{}, false
	}
	return g.Bound().Center(), true
}

// midpoint is the point halfway along a line (planar in degrees: fine at
// street scale).
func midpoint(ls orb.LineString) orb.Point {
	var total float64
	for i := 1; i < len(ls); i++ {
		total += planar.Distance(ls[i-1], ls[i])
	}
	half := total / 2
	for i := 1; i < len(ls); i++ {
		d := planar.Distance(ls[i-1], ls[i])
		if half <= d && d > 0 {
			f := half / d
			return orb.Point{ls[i-1][0] + f*(ls[i][0]-ls[i-1][0]), ls[i-1][1] + f*(ls[i][1]-ls[i-1][1])}
		}
		half -= d
	}
	return ls[len(ls)-1]
}

// tdpLocator answers which residential group contains a point. Cells of a
// grid that no group's boundary crosses are answered once, by scanlines
// through their centres; only points in boundary cells are tested against
// the few polygons whose box holds them.
type tdpLocator struct {
	polys  []orb.Polygon
	bounds []orb.Bound
	b      orb.Bound
	n      int
	dx, dy float64
	cell   []int32     // -2: boundary cell, -1: outside every group, else the group
	bucket *grid.Index // coarse cells (n/8 × n/8): polygons whose box meets each
}

func newTDPLocator(polys []orb.Polygon) *tdpLocator {
	t := &tdpLocator{polys: polys}
	if len(polys) == 0 {
		return t
	}
	t.n = max(256, min(2048, int(64*math.Sqrt(float64(len(polys))))))
	t.n -= t.n % 8
	t.b = polys[0].Bound()
	for _, p := range polys {
		bb := p.Bound()
		t.bounds = append(t.bounds, bb)
		t.b = t.b.Union(bb)
	}
	t.dx = (t.b.Max[0] - t.b.Min[0]) / float64(t.n)
	t.dy = (t.b.Max[1] - t.b.Min[1]) / float64(t.n)
	if t.dx == 0 || t.dy == 0 {
		return t
	}
	t.bucket = grid.NewN(t.b, t.n/8, t.n/8)
	for _, bb := range t.bounds {
		t.bucket.Add(bb)
	}
	t.cell = make([]int32, t.n*t.n)
	for i := range t.cell {
		t.cell[i] = -1
	}
	for _, p := range polys {
		for _, r := range p {
			for k := 1; k < len(r); k++ {
				a, b := r[k-1], r[k]
				i0, j0 := t.index(math.Min(a[0], b[0]), math.Min(a[1], b[1]))
				i1, j1 := t.index(math.Max(a[0], b[0]), math.Max(a[1], b[1]))
				for j := j0; j <= j1; j++ {
					for i := i0; i <= i1; i++ {
						t.cell[j*t.n+i] = -2
					}
				}
			}
		}
	}
	// Each polygon fills the rows its box spans: crossings of the row's
	// centre line, paired even-odd, give the cells inside it.
	var xs []float64
	for pi, p := range polys {
		_, j0 := t.index(t.bounds[pi].Min[0], t.bounds[pi].Min[1])
		_, j1 := t.index(t.bounds[pi].Max[0], t.bounds[pi].Max[1])
		for j := j0; j <= j1; j++ {
			y := t.b.Min[1] + (float64(j)+0.5)*t.dy
			xs = xs[:0]
			for _, r := range p {
				for k := 1; k < len(r); k++ {
					a, b := r[k-1], r[k]
					if (a[1] > y) != (b[1] > y) {
						xs = append(xs, a[0]+(y-a[1])*(b[0]-a[0])/(b[1]-a[1]))
					}
				}
			}
			sort.Float64s(xs)
			row := t.cell[j*t.n : (j+1)*t.n]
			for k := 0; k+1 < len(xs); k += 2 {
				for i := max(0, int(math.Ceil((xs[k]-t.b.Min[0])/t.dx-0.5))); i < t.n; i++ {
					if t.b.Min[0]+(float64(i)+0.5)*t.dx > xs[k+1] {
						break
					}
					if row[i] == -1 {
						row[i] = int32(pi)
					}
				}
			}
		}
	}
	return t
}

func (t *tdpLocator) index(x, y float64) (int, int) {
	i := int((x - t.b.Min[0]) / t.dx)
	j := int((y - t.b.Min[1]) / t.dy)
	return max(0, min(t.n-1, i)), max(0, min(t.n-1, j))
}

// slow tests p against the polygons whose box holds it.
func (t *tdpLocator) slow(p orb.Point) int {
	test := func(i int) bool { return t.bounds[i].Contains(p) && polygonContains(t.polys[i], p) }
	if t.bucket == nil {
		for i := range t.polys {
			if test(i) {
				return i
			}
		}
		return -1
	}
	best := -1
	for _, c := range t.bucket.Cell(t.bucket.Col(p[0]), t.bucket.Row(p[1])) {
		if (best < 0 || int(c) < best) && test(int(c)) {
			best = int(c)
		}
	}
	return best
}

// polygonContains is the even-odd rule over every ring (holes included).
func polygonContains(poly orb.Polygon, p orb.Point) bool {
	in := false
	for _, r := range poly {
		for k, n := 0, len(r); k < n; k++ {
			a, b := r[k], r[(k+1)%n]
			if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < a[0]+(p[1]-a[1])*(b[0]-a[0])/(b[1]-a[1]) {
				in = !in
			}
		}
	}
	return in
}

// locate returns the group containing p, or -1.
func (t *tdpLocator) locate(p orb.Point) int {
	if len(t.polys) == 0 || !t.b.Contains(p) {
		return -1
	}
	if t.cell == nil {
		return t.slow(p)
	}
	i, j := t.index(p[0], p[1])
	if c := t.cell[j*t.n+i]; c != -2 {
		return int(c)
	}
	return t.slow(p)
}
