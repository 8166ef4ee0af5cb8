package demo

import "math"

// streetIndex finds the street segments near a point, so that trees,
// plates and plots are not set down in the middle of another street.
type streetIndex struct {
	nx, ny int
	cells  [][]segRef // segRef.line is a piece index here
	net    *network
}

const indexCell = 50.0

func newStreetIndex(n *network) *streetIndex {
	ix := &streetIndex{nx: int(math.Ceil(areaW / indexCell)), ny: int(math.Ceil(areaH / indexCell)), net: n}
	ix.cells = make([][]segRef, ix.nx*ix.ny)
	for pi, p := range n.pieces {
		for s := 0; s+1 < len(p.pts); s++ {
			c := ix.cell(lerp(p.pts[s], p.pts[s+1], 0.5))
			ix.cells[c] = append(ix.cells[c], segRef{pi, s})
		}
	}
	return ix
}

func (ix *streetIndex) cell(p xy) int {
	cx := clampInt(int(math.Floor(p.X/indexCell)), 0, ix.nx-1)
	cy := clampInt(int(math.Floor(p.Y/indexCell)), 0, ix.ny-1)
	return cy*ix.nx + cx
}

// dist returns the distance from p to the nearest street segment, capped at
// indexCell metres (anything farther is "far"), and that segment's piece.
func (ix *streetIndex) dist(p xy) (float64, int) {
	best, piece := indexCell, -1
	c := ix.cell(p)
	cx, cy := c%ix.nx, c/ix.nx
	for y := max(cy-1, 0); y <= min(cy+1, ix.ny-1); y++ {
		for x := max(cx-1, 0); x <= min(cx+1, ix.nx-1); x++ {
			for _, r := range ix.cells[y*ix.nx+x] {
				pts := ix.net.pieces[r.line].pts
				if d := segDist(p, pts[r.seg], pts[r.seg+1]); d < best {
					best, piece = d, r.line
				}
			}
		}
	}
	return best, piece
}

// segDist is the distance from p to the segment ab.
func segDist(p, a, b xy) float64 {
	ab := b.sub(a)
	l2 := ab.X*ab.X + ab.Y*ab.Y
	if l2 == 0 {
		return p.dist(a)
	}
	t := math.Max(0, math.Min(1, (p.sub(a).X*ab.X+p.sub(a).Y*ab.Y)/l2))
	return p.dist(lerp(a, b, t))
}
