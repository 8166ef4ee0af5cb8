package ogcapi

import (
	"net/http"
	"slices"
	"time"

	"wardmap/data/server"
	"wardmap/gis"
)

// collectionDoc is one collection (Part 1 and Part 2's crs, storageCrs).
type collectionDoc struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Links       []link   `json:"links"`
	Extent      *extent  `json:"extent,omitempty"`
	ItemType    string   `json:"itemType"`
	CRS         []string `json:"crs"`
	StorageCRS  string   `json:"storageCrs"`
}

type extent struct {
	Spatial  *spatialExtent  `json:"spatial,omitempty"`
	Temporal *temporalExtent `json:"temporal,omitempty"`
}

type spatialExtent struct {
	BBox [][4]float64 `json:"bbox"`
	CRS  string       `json:"crs"`
}

type temporalExtent struct {
	Interval [][2]*string `json:"interval"`
	TRS      string       `json:"trs"`
}

// collectionOf describes kind s for the caller, with its extent.
func (h *Handler) collectionOf(base string, s *gis.Schema, e *wardExtent) collectionDoc {
	id := string(s.Kind)
	self := base + "/collections/" + id
	d := collectionDoc{
		ID:          id,
		Title:       s.Label.VI + " (" + s.Label.EN + ")",
		Description: s.Label.VI + " của phường; " + s.Label.EN + " records of the ward",
		Links: []link{
			{Href: self, Rel: "self", Type: typeJSON, Title: "this collection"},
			{Href: self + "/items", Rel: "items", Type: typeGeoJSON, Title: s.Label.EN + " features"},
			{Href: self + "/queryables", Rel: "http://www.opengis.net/def/rel/ogc/1.0/queryables", Type: typeSchema, Title: "queryables"},
		},
		ItemType:   "feature",
		CRS:        crsURIs(),
		StorageCRS: crs84URI,
	}
	if k := e.kinds[id]; k != nil && k.Count > 0 {
		d.Extent = &extent{Temporal: &temporalExtent{
			Interval: [][2]*string{{timeString(k.First), timeString(k.Last)}},
			TRS:      "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian",
		}}
		if k.HasBound {
			d.Extent.Spatial = &spatialExtent{BBox: [][4]float64{k.Bound}, CRS: crs84URI}
		}
	}
	return d
}

func timeString(t time.Time) *string {
	s := t.UTC().Format(time.RFC3339)
	return &s
}

// collections lists the collections the caller may read: every kind for a
// logged-in user, the public layers for anybody else.
func (h *Handler) collections(w http.ResponseWriter, r *http.Request) {
	if _, err := parseSimple(r.URL.RawQuery, []string{"json"}, false); err != nil {
		writeErr(w, err)
		return
	}
	c, err := h.who(r)
	if err != nil {
		writeErr(w, err)
		return
	}
	e, err := h.ext.get(r.Context(), c.ward)
	if err != nil {
		writeErr(w, err)
		return
	}
	b := h.base(r)
	list := []collectionDoc{}
	for _, k := range gis.Kinds() {
		if h.canRead(c, string(k)) {
			list = append(list, h.collectionOf(b, gis.MustLookup(k), e))
		}
	}
	writeJSON(w, 200, typeJSON, map[string]any{
		"links":       []link{{Href: b + "/collections", Rel: "self", Type: typeJSON, Title: "collections"}},
		"collections": list,
		"crs":         crsURIs(),
	})
}

func (h *Handler) collection(w http.ResponseWriter, r *http.Request) {
	c, s, ok := h.start(w, r)
	if !ok {
		return
	}
	if _, err := parseSimple(r.URL.RawQuery, []string{"json"}, false); err != nil {
		writeErr(w, err)
		return
	}
	e, err := h.ext.get(r.Context(), c.ward)
	if err != nil {
		writeErr(w, err)
		return
	}
	writeJSON(w, 200, typeJSON, h.collectionOf(h.base(r), s, e))
}

// start authenticates and resolves {kind}; false when it answered.
func (h *Handler) start(w http.ResponseWriter, r *http.Request) (*caller, *gis.Schema, bool) {
	c, err := h.who(r)
	if err != nil {
		writeErr(w, err)
		return nil, nil, false
	}
	s, err := h.kindFor(r, c)
	if err != nil {
		writeErr(w, err)
		return nil, nil, false
	}
	return c, s, true
}

// queryableFields are a kind's fields that may be filtered on with
// property=value: every field but the private ones, for every caller
// alike, so that no filter can probe a value the caller may not read.
func queryableFields(s *gis.Schema) []gis.Field {
	private := server.PrivateFields(string(s.Kind))
	var out []gis.Field
	for _, f := range s.Fields {
		if !slices.Contains(private, f.Name) {
			out = append(out, f)
		}
	}
	return out
}

func isQueryable(s *gis.Schema, name string) bool {
	f, ok := s.Field(name)
	return ok && !f.Private && !slices.Contains(server.PrivateFields(string(s.Kind)), name)
}

// fieldSchema is a field as JSON Schema (Part 3's queryables, and the
// OpenAPI parameters).
func fieldSchema(f gis.Field) map[string]any {
	m := map[string]any{"title": f.Label.VI + " (" + f.Label.EN + ")"}
	switch f.Type {
	case gis.Int:
		m["type"] = "integer"
	case gis.Real:
		m["type"] = "number"
	case gis.Bool:
		m["type"] = "boolean"
	case gis.DateType:
		m["type"], m["format"] = "string", "date"
	case gis.TimeType:
		m["type"], m["format"] = "string", "date-time"
	case gis.EnumType:
		m["type"] = "string"
		var vals []string
		for _, o := range f.Options {
			vals = append(vals, o.Value)
		}
		m["enum"] = vals
	default:
		m["type"] = "string"
	}
	if f.HasRange {
		m["minimum"], m["maximum"] = f.Min, f.Max
	}
	return m
}

func (h *Handler) queryables(w http.ResponseWriter, r *http.Request) {
	_, s, ok := h.start(w, r)
	if !ok {
		return
	}
	if _, err := parseSimple(r.URL.RawQuery, []string{"json"}, false); err != nil {
		writeErr(w, err)
		return
	}
	props := map[string]any{}
	for _, f := range queryableFields(s) {
		props[f.Name] = fieldSchema(f)
	}
	if hasTDPFilter(s) {
		props[tdpParam] = tdpSchema()
	}
	writeJSON(w, 200, typeSchema, map[string]any{
		"$schema":              "https://json-schema.org/draft/2019-09/schema",
		"$id":                  h.base(r) + "/collections/" + string(s.Kind) + "/queryables",
		"type":                 "object",
		"title":                s.Label.VI + " (" + s.Label.EN + ")",
		"description":          "Lọc bằng tham số tên=giá trị, so sánh bằng (filter with name=value query parameters, equality)",
		"properties":           props,
		"additionalProperties": false,
	})
}
