package app

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"wardmap/gis"
)

// crossReach is how near, in metres, another street's end must come to a
// segment's end to count as the cross street there; houseReach is how far
// from a segment its house numbers are looked for.
const (
	crossReach = 4
	houseReach = 35
)

// describe says which one a search result is, beyond its title: for a
// street segment the cross streets at its two ends ("từ A đến B"), its
// house numbers and its residential group; for anything else its group.
// Fifty segments of one street used to read as fifty identical rows.
func (w *Window) describe(ctx context.Context, f *gis.Feature) string {
	var parts []string
	if ls, ok := f.Geom.(orb.LineString); ok && f.Kind == gis.Street && len(ls) > 1 {
		name := f.Text("name")
		a, b := w.crossStreet(ctx, ls[0], name), w.crossStreet(ctx, ls[len(ls)-1], name)
		if a != "" || b != "" {
			parts = append(parts, w.tr.T("search.between", orDash(a), orDash(b)))
		}
		if h := w.houseRange(ctx, ls, name); h != "" {
			parts = append(parts, w.tr.T("search.houses", h))
		}
	}
	if f.Kind != gis.TDP && f.Geom != nil {
		if g := w.groupAt(ctx, middle(f.Geom)); g != "" {
			parts = append(parts, g)
		}
	}
	return strings.Join(parts, " · ")
}

func orDash(s string) string {
	if s == "" {
		return "…"
	}
	return s
}

// crossStreet names another street ending or passing within crossReach
// metres of p.
func (w *Window) crossStreet(ctx context.Context, p orb.Point, name string) string {
	dx, dy := gis.MetresToDegrees(crossReach, p[1])
	b := orb.Bound{Min: orb.Point{p[0] - dx, p[1] - dy}, Max: orb.Point{p[0] + dx, p[1] + dy}}
	fs, err := w.deps.Store.Features(ctx, gis.Street, b)
	if err != nil {
		return ""
	}
	best, bestD := "", float64(crossReach)
	for _, s := range fs {
		n := s.Text("name")
		ls, ok := s.Geom.(orb.LineString)
		if !ok || n == "" || n == name || s.Deleted {
			continue
		}
		if d := metresFrom(ls, p); d <= bestD {
			best, bestD = n, d
		}
	}
	return best
}

// metresFrom is the distance in metres from p to ls, near enough at a
// street's scale (planar in degrees scaled at p's latitude).
func metresFrom(ls orb.LineString, p orb.Point) float64 {
	dLon, dLat := gis.MetresToDegrees(1, p[1])
	sc := make(orb.LineString, len(ls))
	for i, q := range ls {
		sc[i] = orb.Point{(q[0] - p[0]) / dLon, (q[1] - p[1]) / dLat}
	}
	return planar.DistanceFrom(sc, orb.Point{})
}

// houseRange is the lowest and highest house number on street name within
// houseReach metres of ls ("12–48"), or one number alone.
func (w *Window) houseRange(ctx context.Context, ls orb.LineString, name string) string {
	c := ls.Bound().Center()
	dx, dy := gis.MetresToDegrees(houseReach, c[1])
	b := ls.Bound()
	b = orb.Bound{Min: orb.Point{b.Min[0] - dx, b.Min[1] - dy}, Max: orb.Point{b.Max[0] + dx, b.Max[1] + dy}}
	fs, err := w.deps.Store.Features(ctx, gis.Address, b)
	if err != nil {
		return ""
	}
	var nums []int
	label := map[int]string{}
	for _, a := range fs {
		p, ok := a.Geom.(orb.Point)
		if !ok || a.Deleted || !sameStreet(a.Text("street"), name) || !beside(ls, p) {
			continue
		}
		hn := a.Text("housenumber")
		n, err := strconv.Atoi(strings.TrimLeft(leadingDigits(hn), "0"))
		if err != nil {
			continue
		}
		if _, seen := label[n]; !seen {
			nums = append(nums, n)
			label[n] = hn
		}
	}
	if len(nums) == 0 {
		return ""
	}
	sort.Ints(nums)
	lo, hi := label[nums[0]], label[nums[len(nums)-1]]
	if lo == hi {
		return lo
	}
	return lo + "–" + hi
}

// beside reports whether p lies within houseReach of ls and alongside it,
// not beyond one of its ends (where it belongs to the next section).
func beside(ls orb.LineString, p orb.Point) bool {
	d := metresFrom(ls, p)
	if d > houseReach {
		return false
	}
	for _, end := range []orb.Point{ls[0], ls[len(ls)-1]} {
		if de := metresFrom(orb.LineString{end, end}, p); de > 1 && de-d < 0.01 {
			return false
		}
	}
	return true
}

func sameStreet(a, b string) bool { return gis.FoldSearch(a) == gis.FoldSearch(b) }

func leadingDigits(s string) string {
	for i, r := range s {
		if r < '0' || r > '9' {
			return s[:i]
		}
	}
	return s
}

// groupAt names the residential group containing p.
func (w *Window) groupAt(ctx context.Context, p orb.Point) string {
	fs, err := w.deps.Store.Features(ctx, gis.TDP, orb.Bound{Min: p, Max: p})
	if err != nil {
		return ""
	}
	for _, g := range fs {
		if poly, ok := g.Geom.(orb.Polygon); ok && !g.Deleted && planar.PolygonContains(poly, p) {
			return g.Title(w.tr.Lang)
		}
	}
	return ""
}
