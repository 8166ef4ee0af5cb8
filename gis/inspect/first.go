package inspect

import (
	"math"
	"sort"

	"github.com/paulmach/orb"

	"wardmap/gis"
)

// periodic is what a record's periodic cycle depends on.
type periodic struct {
	cycle  Cycle
	days   int // the cycle's days, or the record's own when stricter
	class  string
	length float64
	last   *gis.Date
}

// periodicOf finds the cycle of a record of a periodic kind (street,
// lamp, drain …); last is its last inspection, which a street's own
// last_inspected date replaces when later.
func periodicOf(f *gis.Feature, in Input, last *gis.Date) (periodic, bool) {
	p := periodic{last: last}
	if f.Kind == gis.Street {
		p.class = f.Text("class")
		if f.Bool("key_route") {
			p.class = "key"
		}
		p.length, _ = f.Float("length_m")
		if d, ok := f.Date("last_inspected"); ok && (last == nil || last.Before(d)) {
			p.last = &d
		}
	}
	c, ok := in.Cycles.For(f.Kind, p.class)
	if !ok {
		return p, false
	}
	p.cycle, p.days = c, c.Days
	if own, ok := f.Float("cycle_days"); ok && own >= 1 && (p.days == 0 || int(own) < p.days) {
		p.days = int(own)
	}
	return p, true
}

// FirstCycleStart is the day a never inspected record's first cycle
// starts: the day it entered the registry, or start if later (or when the
// record has no creation time); today when neither is known.
func FirstCycleStart(f *gis.Feature, start, today gis.Date) gis.Date {
	d := start
	if !f.CreatedAt.IsZero() {
		if c := gis.LocalDate(f.CreatedAt); d.IsZero() || d.Before(c) {
			d = c
		}
	}
	if d.IsZero() {
		return today
	}
	return d
}

// firstDue gives each never inspected periodic record the day it falls
// due in its first cycle. Records whose first cycle starts on the same day
// with the same kind, class and length of cycle form a cohort (a bulk
// import, the day the ward began); a cohort of n records with a cycle of
// d days is put in order along a Hilbert curve over the map, and record k
// falls due k·d/n days into the cycle. Every day then gets ⌈n/d⌉ records
// at most, and they lie together: one day's share is one part of the
// ward, a round an inspector can walk, not a scatter across it. A record
// added later joins its own cohort, so it moves nobody else's day.
func firstDue(in Input) map[string]gis.Date {
	type cohort struct {
		kind  gis.Kind
		class string
		days  int
		start gis.Date
	}
	groups := map[cohort][]rec{}
	for _, f := range in.Features {
		if f.Deleted || f.Geom == nil || f.Kind == gis.Violation || f.Kind == gis.Report {
			continue
		}
		if _, ok := in.Last[f.ID]; ok {
			continue
		}
		p, ok := periodicOf(f, in, nil)
		if !ok || p.last != nil || p.days <= 0 {
			continue
		}
		k := cohort{f.Kind, p.class, p.days, FirstCycleStart(f, in.Start, in.Date)}
		groups[k] = append(groups[k], rec{id: f.ID, at: f.Geom.Bound().Center()})
	}
	n := 0
	for _, rs := range groups {
		n += len(rs)
	}
	out := make(map[string]gis.Date, n)
	for k, rs := range groups {
		alongHilbert(rs)
		for i, r := range rs {
			out[r.id] = k.start.AddDays(i * k.days / len(rs))
		}
	}
	return out
}

type rec struct {
	id  string
	at  orb.Point
	key uint64
}

// alongHilbert orders records along a Hilbert curve over their bounds
// (then by id): neighbours on the curve are neighbours on the map.
func alongHilbert(rs []rec) {
	b := orb.Bound{Min: rs[0].at, Max: rs[0].at}
	for _, r := range rs {
		b = b.Extend(r.at)
	}
	const side = 1 << 16
	scale := func(v, lo, hi float64) uint32 {
		if hi <= lo {
			return 0
		}
		return uint32(math.Min(side-1, (v-lo)/(hi-lo)*side))
	}
	for i := range rs {
		rs[i].key = hilbert(side, scale(rs[i].at[0], b.Min[0], b.Max[0]), scale(rs[i].at[1], b.Min[1], b.Max[1]))
	}
	sort.Slice(rs, func(i, j int) bool {
		if rs[i].key != rs[j].key {
			return rs[i].key < rs[j].key
		}
		return rs[i].id < rs[j].id
	})
}

// hilbert is the distance of cell (x, y) along the Hilbert curve filling
// an n×n grid (n a power of two).
func hilbert(n, x, y uint32) uint64 {
	var d uint64
	for s := n / 2; s > 0; s /= 2 {
		var rx, ry uint32
		if x&s > 0 {
			rx = 1
		}
		if y&s > 0 {
			ry = 1
		}
		d += uint64(s) * uint64(s) * uint64((3*rx)^ry)
		if ry == 0 {
			if rx == 1 {
				x, y = s-1-x, s-1-y
			}
			x, y = y, x
		}
	}
	return d
}

// ParseStart reads the first-cycle start setting: "" (none) or YYYY-MM-DD.
func ParseStart(s string) (gis.Date, error) {
	if s == "" {
		return gis.Date{}, nil
	}
	d, err := gis.ParseDate(s)
	if err != nil {
		return gis.Date{}, gis.Errorf(gis.EINVALID, "ngày bắt đầu chu kỳ đầu %q không hợp lệ, cần YYYY-MM-DD (first cycle start must be YYYY-MM-DD)", s)
	}
	return d, nil
}

// StartSetting is the wm_settings key of the first-cycle start.
const StartSetting = "first_cycle_start"
