package app

import (
	"strings"
	"time"

	"github.com/paulmach/orb"

	"wardmap/gis/plan"
)

// FocusRoute shows only inspector route i on the map, zoomed to it, with
// its stops in order and the time each is reached (leaving the office at
// plan.LeaveAt), numbered as on the map. Choosing the route shown
// again, or i < 0, shows all routes again.
func (p *Planner) FocusRoute(i int) {
	d := p.day
	if d == nil || i >= len(d.Routes) || i == p.focus {
		i = -1
	}
	p.focus = i
	p.layer.setFocus(i)
	if i < 0 {
		showText(p.Stops, "")
		p.w.Map.Redraw()
		return
	}
	r := d.Routes[i]
	from, back := "planner.stops", "planner.back"
	if p.ownStart(r.Inspector - 1) {
		from, back = "planner.stops_own", "planner.back_own"
	}
	lines := []string{p.w.tr.T(from, r.Inspector, clock(0))}
	for k, v := range r.Visits {
		title := ""
		if v.Target >= 0 && v.Target < len(d.Due) {
			title = d.Due[v.Target].Title
		}
		lines = append(lines, p.w.tr.T("planner.stop", k+1, clock(v.Arrive), title))
	}
	lines = append(lines, p.w.tr.T(back, clock(r.Time)))
	showText(p.Stops, strings.Join(lines, "\n"))
	if len(r.Path) > 0 {
		p.w.Map.ShowBound(orb.MultiPoint(r.Path).Bound().Pad(0.0003), 19)
	}
	p.w.Map.Redraw()
}

// FocusedRoute is the route shown alone (-1 when all are shown).
func (p *Planner) FocusedRoute() int { return p.focus }

// clock is the local time s seconds after the day's start, "07:42".
func clock(s float64) string {
	t := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Add(plan.LeaveAt + time.Duration(s*float64(time.Second)))
	return t.Format("15:04")
}
