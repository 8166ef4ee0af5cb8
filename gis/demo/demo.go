// Package demo generates a plausible, entirely invented ward at Kiến An's
// location: streets split at every junction, residential groups, trees,
// lamps, house-number plates, drains, planting plots, violations, field
// reports and inspections. It exists so that the app, the store and the
// indicators can be shown and tested without anybody's real data.
//
// Generate is deterministic: every call returns the same features with the
// same IDs, because IDs and values come from seeded PCG sources and nothing
// reads the clock or iterates a map into the output.
package demo

import (
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
	"github.com/paulmach/orb"

	"wardmap/gis"
)

// Name is the demo ward's name; it says loudly that the data is invented.
const Name = "Phường Kiến An (dữ liệu mẫu — DEMO DATA)"

// seed fixes the whole ward. Each generator mixes in its own salt so that a
// change in one kind does not reshuffle the IDs of the others.
const seed = 0x4b69656e416e // "KienAn"

// created is when the demo records claim to have been entered.
var created = time.Date(2026, time.January, 5, 8, 0, 0, 0, gis.VietnamTime).UTC()

// Ward is a generated ward: its outline, office and every feature, in the
// map's layer order (gis.Kinds).
type Ward struct {
	Name     string
	Bounds   orb.Bound
	Office   orb.Point // the ward office (trụ sở UBND phường)
	Outline  orb.Polygon
	Features []*gis.Feature
}

// ByKind returns the ward's features of kind k, in generation order.
func (w *Ward) ByKind(k gis.Kind) []*gis.Feature {
	var out []*gis.Feature
	for _, f := range w.Features {
		if f.Kind == k {
			out = append(out, f)
		}
	}
	return out
}

// Generate builds the demo ward. It takes about a hundred milliseconds.
func Generate() *Ward {
	o := newOutline()
	net := buildNetwork(o)
	b := &builder{outline: o, net: net}
	b.run()
	ring := o.ring()
	return &Ward{
		Name:     Name,
		Bounds:   ring.Bound(),
		Office:   toLonLat(officeXY),
		Outline:  orb.Polygon{ring},
		Features: b.features(),
	}
}

// gen is one seeded random source with the helpers every generator needs.
type gen struct{ r *rand.Rand }

func newGen(salt uint64) *gen { return &gen{rand.New(rand.NewPCG(seed, salt))} }

// id returns a UUID v4 drawn from the seeded source.
func (g *gen) id() string {
	var u uuid.UUID
	for i := 0; i < 16; i += 8 {
		x := g.r.Uint64()
		for j := 0; j < 8; j++ {
			u[i+j] = byte(x >> (8 * j))
		}
	}
	u[6] = u[6]&0x0f | 0x40 // version 4
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	return u.String()
}

// feature returns a new feature with a seeded ID and the demo's Meta.
func (g *gen) feature(k gis.Kind, geom orb.Geometry) *gis.Feature {
	return &gis.Feature{
		ID: g.id(), Kind: k, Geom: geom, Attrs: map[string]any{},
		Meta: gis.Meta{CreatedAt: created, CreatedBy: "demo", UpdatedAt: created, UpdatedBy: "demo"},
	}
}

// between returns a uniform float in [lo, hi).
func (g *gen) between(lo, hi float64) float64 { return lo + g.r.Float64()*(hi-lo) }

// chance reports true with probability p.
func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// pick returns a uniformly chosen element.
func pick[T any](g *gen, xs []T) T { return xs[g.r.IntN(len(xs))] }

// weighted returns the index chosen with the given relative weights.
func (g *gen) weighted(ws ...float64) int {
	total := 0.0
	for _, w := range ws {
		total += w
	}
	x := g.r.Float64() * total
	for i, w := range ws {
		if x < w {
			return i
		}
		x -= w
	}
	return len(ws) - 1
}

// date returns a uniform day between two dates, both included.
func (g *gen) date(from, to gis.Date) gis.Date {
	days := int(to.Time().Sub(from.Time()).Hours() / 24)
	return from.AddDays(g.r.IntN(days + 1))
}

// workTime returns a moment on day d between the given local hours, in UTC.
func (g *gen) workTime(d gis.Date, fromHour, toHour int) time.Time {
	minutes := fromHour*60 + g.r.IntN((toHour-fromHour)*60)
	return time.Date(d.Year, d.Month, d.Day, minutes/60, minutes%60, 0, 0, gis.VietnamTime).UTC()
}

func day(y int, m time.Month, d int) gis.Date { return gis.Date{Year: y, Month: m, Day: d} }
