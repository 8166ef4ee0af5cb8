package crs

import (
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// Transform converts coordinates from one CRS to another. It holds no mutable
// state, so one value may be used from many goroutines.
type Transform struct {
	from, to *CRS
	// shift says whether the datums differ; each side's shift into or
	// out of WGS 84 is then its datum's (pick).
	shift bool
}

// NewTransform prepares conversions from one CRS to another.
func NewTransform(from, to *CRS) (*Transform, error) {
	if from == nil || to == nil {
		return nil, fmt.Errorf("%w: nil CRS", ErrUnknownCRS)
	}
	t := &Transform{from: from, to: to}
	t.shift = !from.datum.same(to.datum)
	return t, nil
}

// From and To return the two systems.
func (t *Transform) From() *CRS { return t.from }

// To returns the target system.
func (t *Transform) To() *CRS { return t.to }

// Inverse returns the transformation the other way; round trips through a
// datum shift and back return the start point to ~1e-12 degrees.
func (t *Transform) Inverse() *Transform {
	inv, _ := NewTransform(t.to, t.from) // cannot fail: both are non-nil
	return inv
}

// Forward converts one coordinate pair: lon, lat degrees for geographic
// systems, easting, northing metres for projected ones. Input outside the
// source's valid range (|lat| > 90, |lon| > 180, NaN, ±Inf, beyond the
// projection's domain) and results that would not be finite give an error
// wrapping ErrOutOfRange.
func (t *Transform) Forward(x, y float64) (float64, float64, error) {
	g, err := t.from.toGeo(x, y)
	if err != nil {
		return 0, 0, fmt.Errorf("%w: (%g, %g) in %s", ErrOutOfRange, x, y, t.from)
	}
	if t.from == t.to {
		return x, y, nil
	}
	if t.shift {
		if h := t.from.datum.pick(g); h != nil {
			g = h.forward(g)
		}
		if h := t.to.datum.pick(g); h != nil {
			g = h.reverse(g)
		}
	}
	ox, oy := t.to.fromGeo(g)
	if math.IsNaN(ox) || math.IsInf(ox, 0) || math.IsNaN(oy) || math.IsInf(oy, 0) {
		return 0, 0, fmt.Errorf("%w: (%g, %g) has no place in %s", ErrOutOfRange, x, y, t.to)
	}
	return ox, oy, nil
}

// Points converts pts in place, x/y as in Forward. On error it stops at the
// first bad point: pts before its index are converted, the rest untouched.
func (t *Transform) Points(pts []orb.Point) error {
	for i, p := range pts {
		x, y, err := t.Forward(p[0], p[1])
		if err != nil {
			return fmt.Errorf("point %d: %w", i, err)
		}
		pts[i] = orb.Point{x, y}
	}
	return nil
}

// errDomain marks input outside a CRS's range before it is given context.
var errDomain = errors.New("outside the domain")

func (c *CRS) toGeo(x, y float64) (geo, error) {
	if c.proj != nil {
		return c.proj.inverse(x*c.unit, y*c.unit)
	}
	g, ok := geoFromDegrees(x, y)
	if !ok {
		return geo{}, errDomain
	}
	if c.pm != 0 {
		g.slam, g.clam = lonAdd(c.pm*deg, g.slam, g.clam)
	}
	return g, nil
}

func (c *CRS) fromGeo(g geo) (x, y float64) {
	if c.proj != nil {
		x, y = c.proj.forward(g)
		return x / c.unit, y / c.unit
	}
	if c.pm != 0 {
		g.slam, g.clam = lonAdd(-c.pm*deg, g.slam, g.clam)
	}
	return g.degrees()
}
