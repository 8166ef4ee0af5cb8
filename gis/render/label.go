package render

import (
	"image"
	"math"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/planar"

	"wardmap/gis"
)

// Label sizes in pixels and the halo around them.
const (
	streetLabelSize = 12
	areaLabelSize   = 13
	pointLabelSize  = 11
	haloRadius      = 2 // what dilate grows by
	// labelRepeat is how far apart, in pixels, the same text may repeat:
	// a long street cut into segments gets one label per stretch.
	labelRepeat = 280
	// labelCell is the side of the grid placed boxes are indexed by.
	labelCell = 64
)

// candidate is a label that may be placed.
type candidate struct {
	text string
	prio int     // lower first
	rank float64 // within a priority, higher first (room along the street)
	tr   textRun
	box  image.Rectangle
	// overBubbles: a street name at neighbourhood scale is set over the
	// cluster bubbles that sit along every street (trees, lamps, plates
	// every few metres), or no street there would be named at all.
	overBubbles bool
}

// newCandidate returns a label w pixels wide whose baseline starts at tr,
// with the screen box its rotated rectangle (with halo) covers.
func (f *frame) newCandidate(text string, w float64, prio int, rank float64, tr textRun) candidate {
	m := float64(haloRadius + 1)
	cos, sin := math.Cos(tr.A), math.Sin(tr.A)
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, c := range [4][2]float64{{-m, -0.8*tr.Size - m}, {w + m, -0.8*tr.Size - m}, {w + m, 0.25*tr.Size + m}, {-m, 0.25*tr.Size + m}} {
		x, y := tr.X+c[0]*cos-c[1]*sin, tr.Y+c[0]*sin+c[1]*cos
		x0, y0, x1, y1 = math.Min(x0, x), math.Min(y0, y), math.Max(x1, x), math.Max(y1, y)
	}
	box := image.Rect(int(math.Floor(x0)), int(math.Floor(y0)), int(math.Ceil(x1)), int(math.Ceil(y1)))
	return candidate{text: text, prio: prio, rank: rank, tr: tr, box: box}
}

// streetLabel proposes the street's name along each straight piece long
// enough to hold it, rotated to read left to right: at the middle, then at
// labelRepeat steps from it, then near the ends, so that a crossing street
// or a bubble in the middle does not leave the street unnamed.
func (f *frame) streetLabel(class string, p projected) {
	if class == "alley" && f.v.Zoom < 17 {
		return
	}
	room := longestPart(p.parts)
	if room < minLabelRoom {
		return
	}
	name := p.name
	if name == "" && p.f != nil {
		name = p.f.Text("name")
	}
	if name == "" {
		return
	}
	size := float64(streetLabelSize)
	w := f.r.face.width(name, size)
	if room < w+8 { // no straight run is longer than its part
		return
	}
	n := 0
	for _, part := range p.parts {
		for _, ch := range straightRuns(part, w+8) {
			if n >= maxStreetCandidates {
				return
			}
			a, b, ok := f.inFrame(ch[0], ch[1])
			l := planar.Distance(a, b)
			if !ok || l < w+8 {
				continue
			}
			if a[0] > b[0] { // read left to right
				a, b = b, a
			}
			for j, s := range labelOffsets(l, w) {
				f.labels = append(f.labels, f.streetCandidate(name, class, a, b, s, w, l-float64(j)))
				n++
			}
		}
	}
}

// minLabelRoom is the shortest straight piece, in pixels, any street name
// fits on; shorter streets are not even asked their name, which at ward
// scale saves thousands of attribute look-ups.
const minLabelRoom = 30

// longestPart is the length of the longest part, in pixels.
func longestPart(parts []orb.LineString) float64 {
	best := 0.0
	for _, part := range parts {
		l := 0.0 // not planar.Length: boxing each part in an orb.Geometry allocates
		for i := 1; i < len(part); i++ {
			dx, dy := part[i][0]-part[i-1][0], part[i][1]-part[i-1][1]
			l += math.Sqrt(dx*dx + dy*dy)
		}
		best = max(best, l)
	}
	return best
}

// inFrame clips segment a→b to the frame, where labels must lie.
func (f *frame) inFrame(a, b orb.Point) (orb.Point, orb.Point, bool) {
	box := orb.Bound{Max: orb.Point{float64(f.v.Width), float64(f.v.Height)}}
	if box.Contains(a) && box.Contains(b) {
		return a, b, true
	}
	parts := clip.LineString(box, orb.LineString{a, b})
	if len(parts) == 0 || len(parts[0]) < 2 {
		return a, b, false
	}
	return parts[0][0], parts[0][len(parts[0])-1], true
}

// maxStreetCandidates bounds the positions tried per street.
const maxStreetCandidates = 8

// labelOffsets are the distances from a segment's start, of length l, at
// which a label w wide is centred, best first.
func labelOffsets(l, w float64) []float64 {
	offs := []float64{l / 2}
	for s := l/2 + labelRepeat; s <= l-w/2-4; s += labelRepeat {
		offs = append(offs, s, l-s)
	}
	if len(offs) == 1 && l > w+40 {
		offs = append(offs, w/2+4, l-w/2-4)
	}
	return offs
}

// streetCandidate centres a label s pixels from a along a→b, a third of
// its size below the line so that the letters sit on the street's middle.
func (f *frame) streetCandidate(name, class string, a, b orb.Point, s, w, rank float64) candidate {
	size := float64(streetLabelSize)
	ang := math.Atan2(b[1]-a[1], b[0]-a[0])
	dx, dy := math.Cos(ang), math.Sin(ang)
	mx, my := a[0]+dx*s, a[1]+dy*s
	tr := textRun{X: mx - dx*w/2 - dy*0.35*size, Y: my - dy*w/2 + dx*0.35*size, A: ang, Size: size}
	c := f.newCandidate(name, w, streetLabelPrio[class], rank, tr)
	c.overBubbles = f.clustering()
	return c
}

// polygonLabel proposes a residential group's or plot's name at its centroid.
func (f *frame) polygonLabel(k gis.Kind, ft *gis.Feature, poly orb.Polygon) {
	name := ft.Text("name")
	if name == "" {
		return
	}
	c, area := planar.CentroidArea(poly)
	if area == 0 {
		return
	}
	x, y := f.pr.ToPixel(c)
	size := float64(areaLabelSize)
	prio := 1
	if k == gis.Plot {
		prio, size = 3, pointLabelSize
	}
	w := f.r.face.width(name, size)
	f.labels = append(f.labels, f.newCandidate(name, w, prio, math.Abs(area), textRun{X: x - w/2, Y: y + 0.35*size, Size: size}))
}

// pointLabel proposes a point's title beside its marker: right, left,
// above or below, whichever is free first.
func (f *frame) pointLabel(name string, x, y float64) {
	if name == "" {
		return
	}
	size := float64(pointLabelSize)
	w := f.r.face.width(name, size)
	base := y + 0.35*size
	for i, at := range [][2]float64{{x + 9, base}, {x - 9 - w, base}, {x - w/2, y - 10}, {x - w/2, y + 10 + 0.8*size}} {
		f.labels = append(f.labels, f.newCandidate(name, w, 4, -float64(i), textRun{X: at[0], Y: at[1], Size: size}))
	}
}

// title is the item's label: its feature's title, or Label when it came
// from a PointSource.
func (it Item) title() string {
	if it.F == nil {
		return it.Label
	}
	return it.F.Title("vi")
}

// placer keeps the boxes already placed, indexed by a coarse grid over
// the frame, and where each text was placed. Its cells are kept between
// frames (emptied, not freed): a map of cells made anew for every frame
// was most of placing's allocations.
type placer struct {
	cells      [][]image.Rectangle // row by row, cols to a row
	cols, rows int
	seen       map[string][]image.Point
}

// reset empties the placer for a frame of the given size.
func (pl *placer) reset(frame image.Rectangle) {
	pl.cols, pl.rows = frame.Dx()/labelCell+1, frame.Dy()/labelCell+1
	n := pl.cols * pl.rows
	if cap(pl.cells) < n {
		pl.cells = make([][]image.Rectangle, n)
	}
	pl.cells = pl.cells[:n]
	for i := range pl.cells {
		pl.cells[i] = pl.cells[i][:0]
	}
	if pl.seen == nil {
		pl.seen = map[string][]image.Point{}
	}
	clear(pl.seen)
}

// span is the range of cells b touches, clamped to the grid: a box is only
// ever tested for collisions when it lies in the frame, so a box partly
// outside is found in the edge cells it overlaps all the same.
func (pl *placer) span(b image.Rectangle) (x0, y0, x1, y1 int) {
	c := func(v, n int) int { return min(max(v/labelCell, 0), n-1) }
	return c(b.Min.X, pl.cols), c(b.Min.Y, pl.rows), c(b.Max.X, pl.cols), c(b.Max.Y, pl.rows)
}

func (pl *placer) collides(b image.Rectangle) bool {
	x0, y0, x1, y1 := pl.span(b)
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			for _, o := range pl.cells[y*pl.cols+x] {
				if o.Overlaps(b) {
					return true
				}
			}
		}
	}
	return false
}

func (pl *placer) add(b image.Rectangle) {
	x0, y0, x1, y1 := pl.span(b)
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			pl.cells[y*pl.cols+x] = append(pl.cells[y*pl.cols+x], b)
		}
	}
}

// repeated reports whether text was placed within labelRepeat of c.
func (pl *placer) repeated(text string, c image.Point) bool {
	for _, o := range pl.seen[text] {
		d := c.Sub(o)
		if d.X*d.X+d.Y*d.Y < labelRepeat*labelRepeat {
			return true
		}
	}
	return false
}

// placeLabels places candidates by priority, skipping any that leave the
// frame, overlap a placed label or a cluster bubble (street names at
// neighbourhood scale only a label), or repeat a nearby text, then draws all halos in one pass and all text in another.
func (f *frame) placeLabels() {
	sort.SliceStable(f.labels, func(i, j int) bool {
		a, b := f.labels[i], f.labels[j]
		if a.prio != b.prio {
			return a.prio < b.prio
		}
		return a.rank > b.rank
	})
	pl, labels := &f.r.placed[0], &f.r.placed[1] // labels: without the bubbles
	pl.reset(f.dst.Rect)
	labels.reset(f.dst.Rect)
	for _, o := range f.obstacles {
		pl.add(o)
	}
	var placed []candidate
	for _, c := range f.labels {
		mid := c.box.Min.Add(c.box.Max).Div(2)
		others := pl
		if c.overBubbles {
			others = labels
		}
		if !c.box.In(f.dst.Rect) || others.collides(c.box) || pl.repeated(c.text, mid) {
			continue
		}
		pl.add(c.box)
		labels.add(c.box)
		pl.seen[c.text] = append(pl.seen[c.text], mid)
		placed = append(placed, c)
		f.st.Labels = append(f.st.Labels, c.box)
	}
	halo := paint{c: withAlpha(f.r.theme.Halo, 220)}
	for _, c := range placed {
		f.r.drawLabel(f.dst, c.box, c.text, c.tr, paint{c: f.r.theme.Text}, halo)
	}
}

// attributionText is what OpenStreetMap's licence asks for.
const attributionText = "© OpenStreetMap contributors"

// attribution draws the OSM credit in the bottom-right corner on a
// translucent plate.
func (f *frame) attribution() {
	const size = 11
	w := f.r.face.width(attributionText, size)
	W, H := float64(f.v.Width), float64(f.v.Height)
	x0, y0 := W-w-8, H-size-6
	f.r.p.fillPolygon(orb.Polygon{{{x0, y0}, {W, y0}, {W, H}, {x0, H}, {x0, y0}}})
	f.flush(paint{c: withAlpha(f.r.theme.Background, 200)})
	box := image.Rect(int(x0), int(y0), f.v.Width, f.v.Height)
	tr := textRun{X: x0 + 4, Y: H - 5, Size: size}
	f.r.drawLabel(f.dst, box, attributionText, tr, paint{c: f.r.theme.Text}, paint{})
}
