package render

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"wardmap/gis"
	"wardmap/gis/tile"
)

// Pick returns the feature under pixel (px, py) of view v: the nearest
// point or line within tolPx pixels, else the smallest polygon containing
// the pixel (a plot inside a residential group wins). Markers and lines win
// over polygons because they sit on top of them.
func Pick(fs []*gis.Feature, v tile.View, px, py, tolPx float64) (*gis.Feature, bool) {
	pr := v.Projector()
	cursor := orb.Point{px, py}
	var best, bestPoly *gis.Feature
	bestD, bestArea := tolPx, math.Inf(1)
	for _, f := range fs {
		if f.Deleted {
			continue
		}
		switch g := f.Geom.(type) {
		case orb.Point:
			x, y := pr.ToPixel(g)
			if d := math.Hypot(x-px, y-py); d <= bestD {
				best, bestD = f, d
			}
		case orb.LineString:
			if d := planar.DistanceFrom(pixelLine(pr, g), cursor); d <= bestD {
				best, bestD = f, d
			}
		case orb.Polygon:
			poly := pixelPolygon(pr, g)
			if planar.PolygonContains(poly, cursor) {
				if a := math.Abs(planar.Area(poly)); a < bestArea {
					bestPoly, bestArea = f, a
				}
			}
		}
	}
	if best != nil {
		return best, true
	}
	return bestPoly, bestPoly != nil
}

func pixelLine(pr tile.Projector, ls orb.LineString) orb.LineString {
	out := make(orb.LineString, len(ls))
	for i, p := range ls {
		out[i][0], out[i][1] = pr.ToPixel(p)
	}
	return out
}

func pixelPolygon(pr tile.Projector, poly orb.Polygon) orb.Polygon {
	out := make(orb.Polygon, len(poly))
	for i, r := range poly {
		out[i] = orb.Ring(pixelLine(pr, orb.LineString(r)))
	}
	return out
}
