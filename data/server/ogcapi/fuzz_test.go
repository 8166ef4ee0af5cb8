package ogcapi

import (
	"math"
	"testing"

	"wardmap/gis"
)

// FuzzParseItems: whatever the query string, the parser answers a query
// within the limits or a 400 (EINVALID), never a panic, and what it
// accepts is bounded: 1 ≤ limit ≤ MaxLimit, a finite lon/lat box with
// min ≤ max, an interval that does not end before it starts.
func FuzzParseItems(f *testing.F) {
	for _, s := range []string{
		"", "limit=10", "limit=100000", "bbox=106.6,20.8,106.7,20.9", "bbox=1,2,3,4,5,6",
		"bbox=580000,2300000,590000,2310000&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/9210",
		"bbox=20.8,106.6,20.9,106.7&bbox-crs=EPSG:4326", "datetime=2026-01-01/..", "datetime=../2026-03-01T00:00:00Z",
		"datetime=2026-03-01", "crs=http://www.opengis.net/def/crs/EPSG/0/3857", "cursor=123", "condition=good&species_vi=B%C3%A0ng",
		"f=json", "bbox=NaN,0,1,1", "limit=1&limit=2", "%zz", "bbox=1e308,1e308,1e308,1e308&bbox-crs=EPSG:3857",
	} {
		f.Add(s)
	}
	queryable := func(name string) bool { return isQueryable(gis.TreeSchema, name) }
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := parseItems(raw, queryable)
		if err != nil {
			if gis.ErrorCode(err) != gis.EINVALID {
				t.Fatalf("%q: error %v is not a 400", raw, err)
			}
			return
		}
		if q.Limit < 1 || q.Limit > MaxLimit || q.After < 0 {
			t.Fatalf("%q: limit %d, cursor %d", raw, q.Limit, q.After)
		}
		if b := q.Bound; b != nil {
			for _, x := range b {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					t.Fatalf("%q: bbox %v", raw, b)
				}
			}
			if b[0] > b[2] || b[1] > b[3] || b[0] < -180 || b[2] > 180 || b[1] < -90 || b[3] > 90 {
				t.Fatalf("%q: bbox %v", raw, b)
			}
		}
		if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
			t.Fatalf("%q: interval %v–%v", raw, q.From, q.To)
		}
		for name := range q.Props {
			if !queryable(name) {
				t.Fatalf("%q: filter on %q", raw, name)
			}
		}
	})
}
