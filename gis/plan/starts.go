package plan

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/graph"
)

// starts is each inspector's start (Starts[i], else Start) and whether
// they are all the same place.
func (o Options) starts() ([]orb.Point, bool) {
	out := make([]orb.Point, o.Inspectors)
	same := true
	for i := range out {
		out[i] = o.Start
		if i < len(o.Starts) && o.Starts[i] != (orb.Point{}) {
			out[i] = o.Starts[i]
		}
		same = same && out[i] == out[0]
	}
	return out, same
}

// makeFromStarts plans for inspectors who start from different places.
// Each target goes to the inspector whose start is nearest (in a ward the
// straight line orders starts as the streets do nearly always), each
// inspector's share is planned alone from their start (makeOne, the time
// budget shared out), then what did not fit a shift is offered, most
// overdue first, to the inspectors with time to spare, least busy first,
// each planned anew with it. A route that is nearly full is not planned
// again, so the second round costs little on a busy day; on a day with
// room the budget may be spent twice (a half-empty route from too short a
// search was worse: its slack filling stops at the deadline). The
// spanning-tree bound assumes one start and is not computed: LowerBound
// is 0.
func makeFromStarts(ctx context.Context, g *graph.Graph, targets []Target, opt Options, starts []orb.Point) (*Plan, error) {
	n := len(starts)
	for i, s := range starts {
		if _, ok := g.Snap(s, 2000, nil); !ok {
			return nil, fmt.Errorf("%w (inspector %d at %v)", ErrStart, i+1, s)
		}
	}
	m := &multi{g: g, targets: targets, opt: opt, starts: starts,
		per: opt.TimeLimit / time.Duration(n), routes: make([]*Route, n), planned: make([][]int, n), reason: map[int]string{}}
	share := make([][]int, n)
	for t := range targets {
		at := targets[t].Point
		if s := targets[t].Segment; at == (orb.Point{}) && s >= 0 && int(s) < len(g.Segs) {
			at = g.Nodes[g.SegFrom[s]]
		}
		best := 0
		for i := range starts {
			if gis.GeodesicDistance(at, starts[i]) < gis.GeodesicDistance(at, starts[best]) {
				best = i
			}
		}
		share[best] = append(share[best], t)
	}
	for i := range starts {
		if err := m.run(ctx, i, share[i]); err != nil {
			return nil, err
		}
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return m.busy(order[a]) < m.busy(order[b]) })
	for _, i := range order {
		if len(m.pool) == 0 || ctx.Err() != nil {
			break
		}
		if m.busy(i) >= 0.95*opt.Shift.Seconds() {
			continue
		}
		ids := append(append([]int(nil), m.planned[i]...), m.pool...)
		sort.Ints(ids) // targets come most overdue first: index order is priority order
		m.pool = nil
		if err := m.run(ctx, i, ids); err != nil {
			return nil, err
		}
	}
	return m.result(), ctx.Err()
}

// multi is the state of makeFromStarts: each inspector's route and the
// targets on it, the targets no one has had time for yet (pool) with why.
type multi struct {
	g       *graph.Graph
	targets []Target
	opt     Options
	starts  []orb.Point
	per     time.Duration
	routes  []*Route
	planned [][]int
	pool    []int
	reason  map[int]string
	left    []Left
}

func (m *multi) busy(i int) float64 {
	if m.routes[i] == nil {
		return 0
	}
	return m.routes[i].Time
}

// run plans inspector i alone over targets ids (indices into m.targets,
// priority order), replacing their route; what is left for lack of time
// goes back to the pool, what cannot be done at all is left over.
func (m *multi) run(ctx context.Context, i int, ids []int) error {
	ids = m.mayFit(ids)
	sub := make([]Target, len(ids))
	for k, id := range ids {
		sub[k] = m.targets[id]
	}
	o := m.opt
	o.Inspectors, o.Start, o.Starts, o.TimeLimit, o.Seed = 1, m.starts[i], nil, m.per, m.opt.Seed+uint64(i)
	p, err := makeOne(ctx, m.g, sub, o)
	if err != nil {
		return err
	}
	m.routes[i], m.planned[i] = nil, nil
	if len(p.Routes) > 0 {
		r := p.Routes[0]
		r.Inspector = i + 1
		for k := range r.Visits {
			r.Visits[k].Target = ids[r.Visits[k].Target]
			m.planned[i] = append(m.planned[i], r.Visits[k].Target)
		}
		m.routes[i] = &r
	}
	for _, l := range p.Left {
		id := ids[l.Target]
		if l.Reason == reasonShift || l.Reason == reasonAlone {
			m.pool = append(m.pool, id)
			m.reason[id] = l.Reason
			continue
		}
		m.left = append(m.left, Left{id, l.Reason})
	}
	return nil
}

// mayFit keeps the most overdue of ids whose work alone (service, and
// the walk along a street) fits in a shift, and puts the rest back in the
// pool: makeOne's table of street times grows with its targets, and on a
// day with thousands due the table of them all took the whole budget of
// each inspector's search.
func (m *multi) mayFit(ids []int) []int {
	shift, sum := m.opt.Shift.Seconds(), 0.0
	for k, id := range ids {
		t := &m.targets[id]
		sum += t.Service
		if t.Segment >= 0 && int(t.Segment) < len(m.g.Segs) {
			sum += m.g.Time[t.Segment]
		}
		if sum > shift && k > 0 {
			for _, rest := range ids[k:] {
				m.pool = append(m.pool, rest)
				m.reason[rest] = reasonShift
			}
			return ids[:k]
		}
	}
	return ids
}

func (m *multi) result() *Plan {
	plan := &Plan{Left: m.left}
	plan.Start, _ = m.g.Snap(m.starts[0], 2000, nil)
	for _, r := range m.routes {
		if r == nil {
			continue
		}
		plan.Routes = append(plan.Routes, *r)
		plan.Length += r.Length
		plan.Time += r.Time
		plan.Required += r.Required
	}
	for _, id := range m.pool {
		plan.Left = append(plan.Left, Left{id, m.reason[id]})
	}
	sort.SliceStable(plan.Left, func(i, j int) bool { return plan.Left[i].Target < plan.Left[j].Target })
	return plan
}
