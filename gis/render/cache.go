package render

import (
	"context"
	"slices"
	"sync"

	"github.com/paulmach/orb"

	"wardmap/gis"
)

// Cache is a Source in front of a slower one (the GeoPackage store) that
// keeps, per kind, the items of its last query with the box they were read
// for, enlarged by Margin. While the views asked for stay inside that box
// no query reaches the store: panning and zooming in draw from memory.
// Invalidate drops everything after the store changed. It is safe for
// concurrent use.
type Cache struct {
	src Source
	// Margin enlarges each query box on every side by this share of its
	// size, so that a pan can go that far before the store is asked again.
	Margin float64

	mu    sync.Mutex
	gen   uint64
	kinds map[gis.Kind]*cached
	// Queries counts the reads that reached src (for tests and the status
	// bar's diagnostics).
	Queries int
}

type cached struct {
	bound  orb.Bound // what was read
	items  []Item
	bounds []orb.Bound // each item's box, beside items; nil when all are points
}

var _ ItemSource = (*Cache)(nil)

// NewCache returns a cache in front of src with a margin of half a view.
func NewCache(src Source) *Cache {
	return &Cache{src: src, Margin: 0.5, kinds: map[gis.Kind]*cached{}}
}

// Invalidate forgets every cached query; the next frame reads the store.
func (c *Cache) Invalidate() {
	c.mu.Lock()
	c.gen++
	clear(c.kinds)
	c.mu.Unlock()
}

// Features implements Source. Point kinds of a PointSource are cached
// without their features, so those are read from the source.
func (c *Cache) Features(ctx context.Context, k gis.Kind, b orb.Bound) ([]*gis.Feature, error) {
	if _, ok := c.pointSource(k); ok {
		return c.src.Features(ctx, k, b)
	}
	its, err := c.Items(ctx, k, b, nil)
	if err != nil {
		return nil, err
	}
	fs := make([]*gis.Feature, len(its))
	for i, it := range its {
		fs[i] = it.F
	}
	return fs, nil
}

// entry returns the cached read of kind k that holds b, reading it first
// when there is none.
func (c *Cache) entry(ctx context.Context, k gis.Kind, b orb.Bound) (*cached, error) {
	c.mu.Lock()
	e, gen := c.kinds[k], c.gen
	c.mu.Unlock()
	if e == nil || !contains(e.bound, b) {
		var err error
		if e, err = c.read(ctx, k, b); err != nil {
			return nil, err
		}
		c.mu.Lock()
		if c.gen == gen { // not invalidated meanwhile
			c.kinds[k] = e
		}
		c.mu.Unlock()
	}
	return e, nil
}

var _ ItemRanger = (*Cache)(nil)

// RangeItems implements ItemRanger: fn sees the cached items whose boxes
// meet b, without a copy.
func (c *Cache) RangeItems(ctx context.Context, k gis.Kind, b orb.Bound, fn func(*Item)) error {
	e, err := c.entry(ctx, k, b)
	if err != nil {
		return err
	}
	if contains(b, e.bound) { // all of them: no box to test
		for i := range e.items {
			fn(&e.items[i])
		}
		return nil
	}
	for i := range e.items {
		it := &e.items[i]
		if e.bounds == nil {
			if b.Contains(it.Point) {
				fn(it)
			}
		} else if e.bounds[i].Intersects(b) {
			fn(it)
		}
	}
	return nil
}

// Items implements ItemSource: the cached items whose boxes meet b.
func (c *Cache) Items(ctx context.Context, k gis.Kind, b orb.Bound, dst []Item) ([]Item, error) {
	e, err := c.entry(ctx, k, b)
	if err != nil {
		return dst, err
	}
	if contains(b, e.bound) {
		return append(slices.Grow(dst, len(e.items)), e.items...), nil
	}
	if e.bounds == nil { // points: the position is the box
		for _, it := range e.items {
			if b.Contains(it.Point) {
				dst = append(dst, it)
			}
		}
		return dst, nil
	}
	for i, bb := range e.bounds {
		if bb.Intersects(b) {
			dst = append(dst, e.items[i])
		}
	}
	return dst, nil
}

// read queries the source for b enlarged by the margin.
func (c *Cache) read(ctx context.Context, k gis.Kind, b orb.Bound) (*cached, error) {
	dx, dy := (b.Max[0]-b.Min[0])*c.Margin, (b.Max[1]-b.Min[1])*c.Margin
	q := orb.Bound{Min: orb.Point{b.Min[0] - dx, b.Min[1] - dy}, Max: orb.Point{b.Max[0] + dx, b.Max[1] + dy}}
	e := &cached{bound: q}
	var err error
	if ps, ok := c.pointSource(k); ok {
		e.items, err = ps.Points(ctx, k, q, make([]Item, 0, 64))
	} else if is, ok := c.src.(ItemSource); ok {
		e.items, err = is.Items(ctx, k, q, make([]Item, 0, 64))
	} else {
		var fs []*gis.Feature
		fs, err = c.src.Features(ctx, k, q)
		for _, f := range fs {
			if !f.Deleted && f.Geom != nil {
				e.items = append(e.items, NewItem(f))
			}
		}
	}
	if err != nil {
		return nil, err
	}
	packLines(e.items)
	if allPoints(e.items) {
		// a point's box is its position: a million points save 32 MB
		c.mu.Lock()
		c.Queries++
		c.mu.Unlock()
		return e, nil
	}
	e.bounds = make([]orb.Bound, len(e.items))
	for i, it := range e.items {
		if it.Geom != nil {
			e.bounds[i] = it.Geom.Bound()
		}
	}
	c.mu.Lock()
	c.Queries++
	c.mu.Unlock()
	return e, nil
}

// allPoints reports whether every item is a point.
func allPoints(its []Item) bool {
	for _, it := range its {
		if _, ok := it.Geom.(orb.Point); !ok {
			return false
		}
	}
	return true
}

// pointSource is the source's PointSource when k is a point kind.
func (c *Cache) pointSource(k gis.Kind) (PointSource, bool) {
	ps, ok := c.src.(PointSource)
	if !ok {
		return nil, false
	}
	sc, known := gis.Lookup(k)
	return ps, known && sc.Geom == gis.Point
}

// contains reports whether a holds all of b.
func contains(a, b orb.Bound) bool {
	return a.Min[0] <= b.Min[0] && a.Min[1] <= b.Min[1] && a.Max[0] >= b.Max[0] && a.Max[1] >= b.Max[1]
}
