package ogcapi

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"wardmap/gis"
)

// Limits on what one request may ask: every cost an anonymous caller can
// trigger is bounded by them.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
	// maxParamLen bounds one query parameter's value and maxQueryLen the
	// whole query string: nothing legitimate comes close.
	maxParamLen = 1024
	maxQueryLen = 8192
)

// itemsQuery is a parsed /items request.
type itemsQuery struct {
	Limit int
	// Bound is the bbox in CRS84 (minlon, minlat, maxlon, maxlat), nil for
	// none.
	Bound *[4]float64
	// From and To bound the updated time (zero: open).
	From, To time.Time
	// After is the keyset cursor: the last revision of the previous page.
	After int64
	// CRS is the output CRS (nil: CRS84).
	CRS *refSys
	// Props are the property=value filters, on queryables.
	Props map[string]string
}

// badParam is a bad parameter: a 400 with the OGC exception body.
func badParam(format string, args ...any) error {
	return gis.Errorf(gis.EINVALID, format, args...)
}

// parseItems reads the query of /collections/{kind}/items. queryable
// reports whether a name is a queryable of the collection. Unknown
// parameters are refused (Part 1 lets a server do so): a misspelt filter
// must not silently return everything.
func parseItems(raw string, queryable func(string) bool) (*itemsQuery, error) {
	v, err := parseQuery(raw)
	if err != nil {
		return nil, err
	}
	q := &itemsQuery{Limit: DefaultLimit}
	bboxCRS := crs84
	if s, ok := v["bbox-crs"]; ok {
		if bboxCRS, err = lookupRefSys(s); err != nil {
			return nil, err
		}
	}
	for name, val := range v {
		switch name {
		case "f":
			err = checkFormat(val, "json", "geojson")
		case "limit":
			q.Limit, err = parseLimit(val)
		case "bbox":
			q.Bound, err = parseBBox(val, bboxCRS)
		case "bbox-crs":
			if _, ok := v["bbox"]; !ok {
				err = badParam("bbox-crs cần đi cùng bbox (bbox-crs without bbox)")
			}
		case "datetime":
			q.From, q.To, err = parseDatetime(val)
		case "crs":
			q.CRS, err = lookupRefSys(val)
		case "cursor":
			q.After, err = strconv.ParseInt(val, 10, 64)
			if err != nil || q.After < 0 {
				err = badParam("cursor %q không hợp lệ: hãy theo liên kết next (bad cursor: follow the next link)", val)
			}
		default:
			if !queryable(name) {
				return nil, badParam("tham số không rõ %q (unknown query parameter; see /queryables)", name)
			}
			if q.Props == nil {
				q.Props = map[string]string{}
			}
			q.Props[name] = val
		}
		if err != nil {
			return nil, err
		}
	}
	return q, nil
}

// parseQuery splits a query string, refusing what no client sends: an
// over-long query or value, a parameter given twice, bad escapes.
func parseQuery(raw string) (map[string]string, error) {
	if len(raw) > maxQueryLen {
		return nil, badParam("chuỗi truy vấn quá dài: tối đa %d byte (query string too long: at most %d bytes)", maxQueryLen, maxQueryLen)
	}
	vs, err := url.ParseQuery(raw)
	if err != nil {
		return nil, badParam("chuỗi truy vấn không hợp lệ (malformed query string): %v", err)
	}
	out := make(map[string]string, len(vs))
	for name, list := range vs {
		if len(list) != 1 {
			return nil, badParam("tham số %q lặp lại (parameter given more than once)", name)
		}
		if len(list[0]) > maxParamLen {
			return nil, badParam("giá trị %q quá dài (value too long)", name)
		}
		out[name] = list[0]
	}
	return out, nil
}

// parseSimple reads the query of the pages without filters (landing,
// collections, one item): f, and crs where allowed.
func parseSimple(raw string, formats []string, withCRS bool) (*refSys, error) {
	v, err := parseQuery(raw)
	if err != nil {
		return nil, err
	}
	var rs *refSys
	for name, val := range v {
		switch {
		case name == "f":
			err = checkFormat(val, formats...)
		case name == "crs" && withCRS:
			rs, err = lookupRefSys(val)
		default:
			err = badParam("tham số không rõ %q (unknown query parameter)", name)
		}
		if err != nil {
			return nil, err
		}
	}
	return rs, nil
}

func checkFormat(f string, allowed ...string) error {
	if slices.Contains(allowed, f) {
		return nil
	}
	return badParam("định dạng %q không hỗ trợ; có (format not offered; offered): %s", f, strings.Join(allowed, ", "))
}

func parseLimit(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, badParam("limit %q phải là số nguyên từ 1 đến %d (limit must be an integer from 1 to %d)", s, MaxLimit, MaxLimit)
	}
	// Part 1: a server may cap limit rather than refuse it; clients that
	// ask for "everything" in one page get the largest page instead.
	return min(n, MaxLimit), nil
}

// parseBBox reads 4 or 6 finite numbers in rs and returns the box in
// CRS84. A third dimension is accepted and ignored: wardmap keeps 2-D.
func parseBBox(s string, rs *refSys) (*[4]float64, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 && len(parts) != 6 {
		return nil, badParam("bbox cần 4 hoặc 6 số (bbox needs 4 or 6 numbers), có (got) %d", len(parts))
	}
	nums := make([]float64, len(parts))
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, badParam("bbox: %q không phải số hữu hạn (not a finite number)", p)
		}
		nums[i] = x
	}
	var b [4]float64
	if len(nums) == 4 {
		b = [4]float64{nums[0], nums[1], nums[2], nums[3]}
	} else {
		b = [4]float64{nums[0], nums[1], nums[3], nums[4]}
	}
	b = rs.fromAxes(b)
	if b[0] > b[2] || b[1] > b[3] {
		return nil, badParam("bbox: góc dưới phải nhỏ hơn góc trên; không hỗ trợ hộp vắt qua kinh tuyến 180 (lower corner must not exceed the upper; boxes across the antimeridian are not supported)")
	}
	return rs.boundToCRS84(b)
}

// parseDatetime reads an RFC 3339 instant, a date (the whole day, UTC) or
// an interval "a/b" with ".." or "" for an open end.
func parseDatetime(s string) (from, to time.Time, err error) {
	if a, b, ok := strings.Cut(s, "/"); ok {
		if from, _, err = parseInstant(a, true); err != nil {
			return
		}
		if _, to, err = parseInstant(b, true); err != nil {
			return
		}
		if from.IsZero() && to.IsZero() {
			return from, to, badParam("datetime: khoảng mở cả hai đầu (an interval open at both ends)")
		}
		if !from.IsZero() && !to.IsZero() && to.Before(from) {
			return from, to, badParam("datetime: cuối trước đầu (interval ends before it starts)")
		}
		return
	}
	return parseInstant(s, false)
}

// parseInstant returns the time span an instant or a date covers (one
// instant: from == to). open allows ".." and "" (an interval's open end).
func parseInstant(s string, open bool) (from, to time.Time, err error) {
	if open && (s == ".." || s == "") {
		return
	}
	if t, e := time.Parse(time.RFC3339Nano, s); e == nil {
		t = t.UTC()
		return t, t, nil
	}
	if d, e := time.Parse(time.DateOnly, s); e == nil {
		return d, d.Add(24*time.Hour - time.Nanosecond), nil
	}
	return from, to, badParam("datetime %q: cần RFC 3339 (2026-03-01T08:00:00Z), ngày (2026-03-01) hoặc khoảng a/b (want RFC 3339, a date or an interval a/b)", s)
}

// matchTime reports whether t lies in [from, to] (zero ends are open).
func (q *itemsQuery) matchTime(t time.Time) bool {
	return (q.From.IsZero() || !t.Before(q.From)) && (q.To.IsZero() || !t.After(q.To))
}

// timeFiltered reports whether the query filters on something the store
// does not (updated time, properties): such pages scan more rows.
func (q *itemsQuery) timeFiltered() bool {
	return !q.From.IsZero() || !q.To.IsZero() || len(q.Props) > 0
}

func (q *itemsQuery) String() string {
	return fmt.Sprintf("limit=%d bbox=%v after=%d", q.Limit, q.Bound, q.After)
}
