package plan_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/gis/graph"
	"wardmap/gis/plan"
)

// lamps are point targets at grid points, service 60 s each.
func lamps(ps ...orb.Point) []plan.Target {
	var ts []plan.Target
	for i, q := range ps {
		ts = append(ts, plan.Target{ID: string(rune('a' + i)), Point: q, Segment: -1, Service: 60})
	}
	return ts
}

// Two inspectors starting at the two ends of a long street: each starts
// and ends at their own start and takes the lamps near it, nobody walks
// the length of the ward first.
func TestStartsPerInspector(t *testing.T) {
	g, _ := graph.Build(grid(20, 2, false), graph.Walk)
	ts := lamps(pt(1, 0), pt(2, 1), pt(0, 1), pt(18, 0), pt(17, 1), pt(19, 1))
	o := opts(2, 4*time.Hour, pt(0, 0))
	o.Starts = []orb.Point{pt(0, 0), pt(19, 0)}
	p, err := plan.Make(context.Background(), g, ts, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Routes) != 2 || len(p.Left) != 0 {
		t.Fatalf("%d routes, %d left over", len(p.Routes), len(p.Left))
	}
	seen := map[int]bool{}
	for _, r := range p.Routes {
		want := o.Starts[r.Inspector-1]
		if r.Start != want || r.Path[0] != want || r.Path[len(r.Path)-1] != want {
			t.Errorf("inspector %d: start %v, path %v … %v, want %v", r.Inspector, r.Start, r.Path[0], r.Path[len(r.Path)-1], want)
		}
		for _, v := range r.Visits {
			seen[v.Target] = true
			if east := ts[v.Target].Point[0] > pt(10, 0)[0]; east != (r.Inspector == 2) {
				t.Errorf("inspector %d visits %s at %v", r.Inspector, ts[v.Target].ID, ts[v.Target].Point)
			}
		}
		if r.Length > 800 {
			t.Errorf("inspector %d walks %.0f m for three lamps beside the start", r.Inspector, r.Length)
		}
	}
	if len(seen) != len(ts) {
		t.Errorf("%d of %d lamps visited", len(seen), len(ts))
	}
	one, err := plan.Make(context.Background(), g, ts, opts(2, 4*time.Hour, pt(0, 0)))
	if err != nil {
		t.Fatal(err)
	}
	if p.Length >= one.Length {
		t.Errorf("own starts %.0f m, all from the office %.0f m", p.Length, one.Length)
	}
}

// What one inspector has no time for goes to another with time to spare,
// even from a farther start: every lamp near the first start is done.
func TestStartsShareTheOverflow(t *testing.T) {
	g, _ := graph.Build(grid(12, 2, false), graph.Walk)
	ts := lamps(pt(1, 0), pt(2, 0), pt(3, 0), pt(1, 1), pt(2, 1), pt(3, 1))
	for i := range ts {
		ts[i].Service = 300 // 30 min of work and 10 of walking: more than one 30 min shift
	}
	o := opts(2, 30*time.Minute, pt(0, 0))
	o.Starts = []orb.Point{pt(0, 0), pt(5, 0)}
	p, err := plan.Make(context.Background(), g, ts, o)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range p.Routes {
		if r.Time > 30*60+1e-6 {
			t.Errorf("inspector %d takes %.0f s, over the shift", r.Inspector, r.Time)
		}
		n += len(r.Visits)
	}
	if len(p.Routes) != 2 || n+len(p.Left) != len(ts) || n < 6 {
		t.Fatalf("%d routes, %d visits, %d left over: the second inspector did not help", len(p.Routes), n, len(p.Left))
	}
}

// A start away from every street is refused, naming the inspector.
func TestStartsOffTheStreets(t *testing.T) {
	g, _ := graph.Build(grid(3, 3, false), graph.Walk)
	o := opts(2, time.Hour, pt(0, 0))
	o.Starts = []orb.Point{pt(0, 0), {107.5, 21.5}}
	_, err := plan.Make(context.Background(), g, lamps(pt(1, 1)), o)
	if !errors.Is(err, plan.ErrStart) {
		t.Fatalf("err %v, want ErrStart", err)
	}
}
