package ogcapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"wardmap/data/server"
	"wardmap/gis"
)

const (
	// maxScan bounds the rows one page reads when it filters on what the
	// store does not index (updated time, properties): such a page may
	// come back short, with a next link to go on from where it stopped.
	maxScan = 5000
	// maxBody bounds one page's size; a page that reaches it ends early
	// with a next link (at least one feature always goes out).
	maxBody = 16 << 20
)

var errPageFull = errors.New("page full")

// page is one items page being built.
type page struct {
	h      *Handler
	s      *gis.Schema
	c      *caller
	q      *itemsQuery
	buf    bytes.Buffer
	n      int   // features written
	rows   int   // rows read
	last   int64 // revision of the last row read
	full   bool
	fields []gis.Field // the properties, in schema order
	area   orb.Polygon // the tdp filter's polygon (nil: none)
}

func (h *Handler) items(w http.ResponseWriter, r *http.Request) {
	c, s, ok := h.start(w, r)
	if !ok {
		return
	}
	q, err := parseItems(r.URL.RawQuery, func(name string) bool {
		return isQueryable(s, name) || name == tdpParam && hasTDPFilter(s)
	})
	if err != nil {
		writeErr(w, err)
		return
	}
	p := &page{h: h, s: s, c: c, q: q, last: q.After, fields: propertyNames(s, c)}
	bound, none, err := h.tdpFilter(r, c, p)
	if err != nil {
		writeErr(w, err)
		return
	}
	scan := q.Limit
	if q.timeFiltered() || p.area != nil {
		scan = maxScan
	}
	p.buf.WriteString(`{"type":"FeatureCollection","features":[`)
	if !none {
		err = h.scan(r, c, s, server.ChangesQuery{After: q.After, Limit: scan, Kinds: []string{string(s.Kind)}, Bound: bound}, p.add)
		if err != nil && !errors.Is(err, errPageFull) {
			writeErr(w, err)
			return
		}
	}
	more := p.full || p.rows == scan
	self := h.base(r) + "/collections/" + string(s.Kind) + "/items"
	links := []link{{Href: self + queryString(r.URL.Query(), ""), Rel: "self", Type: typeGeoJSON, Title: "this page"}}
	if more {
		links = append(links, link{Href: self + queryString(r.URL.Query(), strconv.FormatInt(p.last, 10)), Rel: "next", Type: typeGeoJSON, Title: "next page"})
	}
	links = append(links, link{Href: h.base(r) + "/collections/" + string(s.Kind), Rel: "collection", Type: typeJSON, Title: "the collection"})
	tail, _ := encodeJSON(links)
	p.buf.WriteString(`],"links":`)
	p.buf.Write(bytes.TrimSpace(tail))
	p.buf.WriteString(`,"timeStamp":"` + time.Now().UTC().Format(time.RFC3339) + `","numberReturned":` + strconv.Itoa(p.n))
	if q.Bound == nil && !q.timeFiltered() && p.area == nil {
		if n, ok := h.ext.matched(r.Context(), c.ward, string(s.Kind)); ok {
			p.buf.WriteString(`,"numberMatched":` + strconv.Itoa(n))
		}
	}
	p.buf.WriteString("}\n")
	w.Header().Set("Content-Crs", "<"+q.crs().URI+">")
	writeBody(w, 200, typeGeoJSON, p.buf.Bytes())
}

// scan reads a page's rows. A box page goes to the store's layer where
// it has one (PostgreSQL): the layer of a ward is in spatial order, the
// records in write order, and a box of a city's ward read from the
// records cost 4 times one ward's (BenchmarkCity). The layer holds no
// private fields, so a caller who sees them reads the records.
func (h *Handler) scan(r *http.Request, c *caller, s *gis.Schema, cq server.ChangesQuery, fn func(*server.RawRecord) error) error {
	if lp, ok := h.svc.Store.(server.LayerPager); ok && cq.Bound != nil &&
		(!c.seesPrivate() || len(server.PrivateFields(string(s.Kind))) == 0) {
		if ok, err := lp.LayerChangesRaw(r.Context(), c.ward, cq, fn); ok || err != nil {
			return err
		}
	}
	return h.svc.Store.ChangesRaw(r.Context(), c.ward, cq, fn)
}

func (q *itemsQuery) crs() *refSys {
	if q.CRS == nil {
		return crs84
	}
	return q.CRS
}

// queryString is the request's (validated) query with the cursor set to
// cursor ("" drops it).
func queryString(v url.Values, cursor string) string {
	v.Del("cursor")
	if cursor != "" {
		v.Set("cursor", cursor)
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

// add is the scan's callback: one row of the store.
func (p *page) add(r *server.RawRecord) error {
	p.rows++
	p.last = r.Rev
	if r.Deleted || !p.q.matchTime(r.UpdatedAt) {
		return nil
	}
	fields, err := splitFields(r.Fields)
	if err != nil {
		return err
	}
	if p.q.Bound != nil && !intersects(fields["geom"], p.q.Bound) {
		return nil
	}
	if p.area != nil && !meetsArea(fields["geom"], p.area) {
		return nil
	}
	for name, want := range p.q.Props {
		if !matchValue(fields[name], want) {
			return nil
		}
	}
	if p.n > 0 {
		p.buf.WriteByte(',')
	}
	if err := p.h.writeFeature(&p.buf, p.s, p.fields, r, fields, p.q.crs()); err != nil {
		return err
	}
	p.n++
	if p.n >= p.q.Limit || p.buf.Len() >= maxBody {
		p.full = true
		return errPageFull
	}
	return nil
}

// tdpFilter takes the tdp queryable out of the property filters: the
// page keeps the TDP's polygon, and the store selects by the TDP's box
// (within the bbox, if any). none: the two boxes do not meet.
func (h *Handler) tdpFilter(r *http.Request, c *caller, p *page) (bound *[4]float64, none bool, err error) {
	q := p.q
	arg, ok := q.Props[tdpParam]
	if !ok {
		return q.Bound, false, nil
	}
	delete(q.Props, tdpParam)
	if !h.canRead(c, string(gis.TDP)) {
		// The filter reads the TDPs' polygons: only for who may read them.
		return nil, false, gis.Errorf(gis.EUNAUTHORIZED, "lọc theo tổ dân phố cần đăng nhập (the tdp filter needs a login)")
	}
	if p.area, err = tdpArea(r.Context(), h.svc.Store, c.ward, arg); err != nil {
		return nil, false, err
	}
	ab := p.area.Bound()
	b := [4]float64{ab.Min[0], ab.Min[1], ab.Max[0], ab.Max[1]}
	if q.Bound != nil {
		b = [4]float64{max(b[0], q.Bound[0]), max(b[1], q.Bound[1]), min(b[2], q.Bound[2]), min(b[3], q.Bound[3])}
	}
	return &b, b[0] > b[2] || b[1] > b[3], nil
}

// splitFields reads a record's stored fields without decoding the values.
func splitFields(b []byte) (map[string]json.RawMessage, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	return m, nil
}

// propertyNames are the properties a caller gets for a kind: the schema's
// fields in order, without the private ones unless the caller's role
// reads them (the sync API's rule, server.SeesPrivate).
func propertyNames(s *gis.Schema, c *caller) []gis.Field {
	private := server.PrivateFields(string(s.Kind))
	var out []gis.Field
	for _, f := range s.Fields {
		if c.seesPrivate() || !slices.Contains(private, f.Name) {
			out = append(out, f)
		}
	}
	return out
}

// writeFeature writes one GeoJSON feature: every property of the kind,
// null when unset (so that a client reading the first page learns every
// column), and updated_at, the time datetime filters on.
func (h *Handler) writeFeature(buf *bytes.Buffer, s *gis.Schema, props []gis.Field, r *server.RawRecord, fields map[string]json.RawMessage, rs *refSys) error {
	id, _ := json.Marshal(r.ID)
	buf.WriteString(`{"type":"Feature","id":`)
	buf.Write(id)
	buf.WriteString(`,"geometry":`)
	if err := writeGeom(buf, fields["geom"], rs); err != nil {
		return err
	}
	buf.WriteString(`,"properties":{`)
	for _, f := range props {
		buf.WriteString(`"` + f.Name + `":`)
		v := fields[f.Name]
		switch {
		case len(v) == 0:
			buf.WriteString("null")
		case f.Type == gis.Real && isIntLiteral(v):
			// 46 → 46.0: clients type a column by the values they see
			// first (GDAL's GeoJSON reader), and a real field whose first
			// values happen to be whole would become an integer column.
			buf.Write(v)
			buf.WriteString(".0")
		default:
			buf.Write(v)
		}
		buf.WriteByte(',')
	}
	buf.WriteString(`"updated_at":"` + r.UpdatedAt.UTC().Format(time.RFC3339Nano) + `"}}`)
	return nil
}

// isIntLiteral reports whether a JSON number has no fraction or exponent.
func isIntLiteral(v []byte) bool {
	for i, c := range v {
		if !(c >= '0' && c <= '9' || c == '-' && i == 0) {
			return false
		}
	}
	return len(v) > 0
}

// writeGeom writes a stored GeoJSON geometry, converted to rs.
func writeGeom(buf *bytes.Buffer, raw json.RawMessage, rs *refSys) error {
	if len(raw) == 0 || string(raw) == "null" {
		buf.WriteString("null")
		return nil
	}
	if rs.code == 0 {
		buf.Write(raw)
		return nil
	}
	g, err := geojson.UnmarshalGeometry(raw)
	if err != nil {
		return err
	}
	out, err := rs.project(g.Geometry())
	if err != nil {
		return err
	}
	b, err := geojson.NewGeometry(out).MarshalJSON()
	if err != nil {
		return err
	}
	buf.Write(b)
	return nil
}

// matchValue reports whether a stored value equals a query parameter:
// text as written, numbers by value, booleans as true/false. Null never
// matches.
func matchValue(raw json.RawMessage, want string) bool {
	if len(raw) == 0 {
		return false
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return false
	}
	switch x := v.(type) {
	case string:
		return x == want
	case float64:
		w, err := strconv.ParseFloat(want, 64)
		return err == nil && w == x
	case bool:
		return strconv.FormatBool(x) == strings.ToLower(want)
	}
	return false
}

// intersects reports whether a stored geometry meets the box: the store
// selects by bounding box, and a street whose box overlaps the query's
// may still pass beside it. Features without geometry never match.
func intersects(raw json.RawMessage, b *[4]float64) bool {
	if len(raw) == 0 || string(raw) == "null" {
		return false
	}
	g, err := geojson.UnmarshalGeometry(raw)
	if err != nil {
		return false
	}
	return geomIntersects(g.Geometry(), orb.Bound{Min: orb.Point{b[0], b[1]}, Max: orb.Point{b[2], b[3]}})
}

// item is one feature by ID.
func (h *Handler) item(w http.ResponseWriter, r *http.Request) {
	c, s, ok := h.start(w, r)
	if !ok {
		return
	}
	rs, err := parseSimple(r.URL.RawQuery, []string{"json", "geojson"}, true)
	if err != nil {
		writeErr(w, err)
		return
	}
	if rs == nil {
		rs = crs84
	}
	id := r.PathValue("id")
	var rec server.RawRecord
	found := false
	if gis.ValidID(id) {
		if found, err = h.svc.Store.RecordRaw(r.Context(), c.ward, id, &rec); err != nil {
			writeErr(w, err)
			return
		}
	}
	if !found || rec.Deleted || rec.Kind != string(s.Kind) {
		writeErr(w, gis.Errorf(gis.ENOTFOUND, "không có %s %q (no such feature)", s.Kind, id))
		return
	}
	fields, err := splitFields(rec.Fields)
	if err != nil {
		writeErr(w, err)
		return
	}
	var buf bytes.Buffer
	if err := h.writeFeature(&buf, s, propertyNames(s, c), &rec, fields, rs); err != nil {
		writeErr(w, err)
		return
	}
	// Splice the links in before the feature's closing brace.
	b := h.base(r) + "/collections/" + string(s.Kind)
	links, _ := encodeJSON([]link{
		{Href: b + "/items/" + url.PathEscape(id) + queryString(r.URL.Query(), ""), Rel: "self", Type: typeGeoJSON, Title: "this feature"},
		{Href: b, Rel: "collection", Type: typeJSON, Title: "the collection"},
	})
	out := buf.Bytes()
	out = append(out[:len(out)-1], `,"links":`...)
	out = append(out, bytes.TrimSpace(links)...)
	out = append(out, "}\n"...)
	w.Header().Set("Content-Crs", "<"+rs.URI+">")
	writeBody(w, 200, typeGeoJSON, out)
}
