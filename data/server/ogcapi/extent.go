package ogcapi

import (
	"context"
	"encoding/json"
	"math"
	"sync"
	"time"

	"wardmap/data/server"
	"wardmap/gis"
)

// A collection's extent is computed from the data: one scan of the ward's
// records gives every kind's bounding box, count and updated-time span.
// The scan is kept with the ward's head revision and redone only when the
// head moved AND the last scan is older than extentTTL, one scan at a
// time: an anonymous caller asking /collections in a loop costs one
// revision lookup per request, and at most one scan per extentTTL.
const extentTTL = 30 * time.Second

// scanPage is how many records one query of the scan reads.
const scanPage = 5000

type kindExtent struct {
	Count       int
	Bound       [4]float64 // valid when HasBound
	HasBound    bool
	First, Last time.Time // updated time span (zero: no records)
}

type wardExtent struct {
	head  int64
	at    time.Time
	kinds map[string]*kindExtent
}

type extentCache struct {
	st    server.Store
	mu    sync.Mutex // guards byWard
	scan  sync.Mutex // one scan at a time
	now   func() time.Time
	ward  map[string]*wardExtent
	scans int // scans run (tests)
}

func (c *extentCache) init(st server.Store) {
	c.st, c.now, c.ward = st, time.Now, map[string]*wardExtent{}
}

func (c *extentCache) cached(ward string) *wardExtent {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ward[ward]
}

// get returns the ward's extents, scanning when they are stale.
func (c *extentCache) get(ctx context.Context, ward string) (*wardExtent, error) {
	head, err := c.st.Head(ctx, ward)
	if gis.ErrorCode(err) == gis.ENOTFOUND {
		// A ward nothing was pushed to yet: empty collections.
		return &wardExtent{kinds: map[string]*kindExtent{}}, nil
	}
	if err != nil {
		return nil, err
	}
	fresh := func(e *wardExtent) bool {
		return e != nil && (e.head == head || c.now().Sub(e.at) < extentTTL)
	}
	if e := c.cached(ward); fresh(e) {
		return e, nil
	}
	c.scan.Lock()
	defer c.scan.Unlock()
	if e := c.cached(ward); fresh(e) {
		return e, nil // another request scanned while this one waited
	}
	e, err := scanExtents(ctx, c.st, ward)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.ward[ward] = e
	c.scans++
	c.mu.Unlock()
	return e, nil
}

// scanExtents reads every live record of the ward once.
func scanExtents(ctx context.Context, st server.Store, ward string) (*wardExtent, error) {
	head, err := st.Head(ctx, ward)
	if err != nil {
		return nil, err
	}
	e := &wardExtent{head: head, at: time.Now(), kinds: map[string]*kindExtent{}}
	for after := int64(0); ; {
		n := 0
		err := st.ChangesRaw(ctx, ward, server.ChangesQuery{After: after, Limit: scanPage}, func(r *server.RawRecord) error {
			n++
			after = r.Rev
			if r.Deleted || r.Rev > head {
				return nil
			}
			k := e.kinds[r.Kind]
			if k == nil {
				k = &kindExtent{}
				e.kinds[r.Kind] = k
			}
			k.Count++
			if k.First.IsZero() || r.UpdatedAt.Before(k.First) {
				k.First = r.UpdatedAt
			}
			if r.UpdatedAt.After(k.Last) {
				k.Last = r.UpdatedAt
			}
			if b, ok := geomBound(r.Fields); ok {
				if !k.HasBound {
					k.Bound, k.HasBound = b, true
				} else {
					k.Bound = [4]float64{min(k.Bound[0], b[0]), min(k.Bound[1], b[1]), max(k.Bound[2], b[2]), max(k.Bound[3], b[3])}
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if n < scanPage {
			return e, nil
		}
	}
}

// geomBound is the bounding box of a record's "geom" (GeoJSON), read from
// its stored fields.
func geomBound(fields []byte) ([4]float64, bool) {
	var f struct {
		Geom *struct {
			Coordinates any `json:"coordinates"`
		} `json:"geom"`
	}
	if json.Unmarshal(fields, &f) != nil || f.Geom == nil {
		return [4]float64{}, false
	}
	b := [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	var walk func(v any)
	walk = func(v any) {
		a, ok := v.([]any)
		if !ok {
			return
		}
		if len(a) >= 2 {
			x, okx := a[0].(float64)
			y, oky := a[1].(float64)
			if okx && oky {
				b = [4]float64{min(b[0], x), min(b[1], y), max(b[2], x), max(b[3], y)}
				return
			}
		}
		for _, c := range a {
			walk(c)
		}
	}
	walk(f.Geom.Coordinates)
	return b, b[0] <= b[2] && b[1] <= b[3]
}

// matched is the live count of a kind when the last scan is at the
// ward's current head (an unfiltered page's numberMatched), else false:
// a count is given only when it is exact, and a page never starts a scan.
func (c *extentCache) matched(ctx context.Context, ward, kind string) (int, bool) {
	e := c.cached(ward)
	if e == nil {
		return 0, false
	}
	head, err := c.st.Head(ctx, ward)
	if err != nil || head != e.head {
		return 0, false
	}
	if k := e.kinds[kind]; k != nil {
		return k.Count, true
	}
	return 0, true
}
