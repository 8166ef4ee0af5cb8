package render

import (
	"image"
	"math"

	"github.com/paulmach/orb"

	"wardmap/gis"
)

// points draws a point layer: every marker at street scale, a grid of
// count bubbles below ClusterBelow.
func (f *frame) points(l Layer, fs []*gis.Feature) {
	below := f.r.ClusterBelow
	if below == 0 {
		below = DefaultClusterBelow
	}
	if f.v.Zoom < below {
		f.cluster(l, fs)
		return
	}
	field := StatusField[l.Kind]
	for _, ft := range fs {
		p, ok := ft.Geom.(orb.Point)
		if !ok {
			continue
		}
		x, y := f.pr.ToPixel(p)
		if !f.marker(f.r.theme.Style(l.Kind, ft.Text(field)), x, y) {
			continue
		}
		f.st.Drawn[l.Kind]++
		if l.Labels {
			f.pointLabel(ft, x, y)
		}
	}
}

// marker draws one marker if it shows in the frame and counts it.
func (f *frame) marker(s Style, x, y float64) bool {
	m := s.Radius * 2
	if x < -m || y < -m || x > float64(f.v.Width)+m || y > float64(f.v.Height)+m {
		return false
	}
	blit(f.dst, f.r.markerSprite(s), int(math.Round(x)), int(math.Round(y)))
	return true
}

// clusterCell accumulates the points in one grid cell.
type clusterCell struct {
	n      int
	sx, sy float64
	first  [2]int32 // the first members, drawn as markers if they are alone
}

// cluster bins the layer's points on a pixel grid. A cell with one or two
// points draws them as markers; a fuller cell draws one bubble at the
// points' centroid with their count.
func (f *frame) cluster(l Layer, fs []*gis.Feature) {
	side := f.r.ClusterCell
	if side <= 0 {
		side = DefaultClusterCell
	}
	cols, rows := (f.v.Width+side-1)/side, (f.v.Height+side-1)/side
	cells := make([]clusterCell, cols*rows)
	xs := make([]float64, len(fs)*2)
	for i, ft := range fs {
		p, ok := ft.Geom.(orb.Point)
		if !ok {
			continue
		}
		x, y := f.pr.ToPixel(p)
		if x < 0 || y < 0 || x >= float64(f.v.Width) || y >= float64(f.v.Height) {
			continue
		}
		xs[2*i], xs[2*i+1] = x, y
		c := &cells[int(y)/side*cols+int(x)/side]
		if c.n < len(c.first) {
			c.first[c.n] = int32(i)
		}
		c.n++
		c.sx += x
		c.sy += y
	}
	field := StatusField[l.Kind]
	bubble := f.r.theme.Style(l.Kind, "").Fill
	for _, c := range cells {
		switch {
		case c.n == 0:
		case c.n <= len(c.first):
			for _, i := range c.first[:c.n] {
				if f.marker(f.r.theme.Style(l.Kind, fs[i].Text(field)), xs[2*i], xs[2*i+1]) {
					f.st.Drawn[l.Kind]++
				}
			}
		default:
			sp := f.r.bubbleSprite(bubble, c.n)
			x, y := int(c.sx/float64(c.n)), int(c.sy/float64(c.n))
			blit(f.dst, sp, x, y)
			f.obstacles = append(f.obstacles, sp.img.Rect.Add(image.Pt(x-sp.ax, y-sp.ay)))
			f.st.Clusters++
			f.st.Clustered += c.n
		}
	}
}
