// Package ogcapi serves the ward's records as OGC API – Features (Part 1
// Core with GeoJSON and OpenAPI 3.0, Part 2 CRS by reference, Part 3
// Queryables as query parameters) over server.Store, so that GDAL's
// OAPIF driver, QGIS and any other OGC client read the registry from
// wardd, on SQLite and on PostgreSQL alike.
//
// Who reads what follows the sync API: any logged-in role reads every
// collection (the same Bearer tokens), private fields reach only the
// roles server.SeesPrivate admits, and anonymous callers read only the
// asset layers the ward made public (wardd --public-layers).
package ogcapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"wardmap/data/server"
	"wardmap/gis"
)

// DefaultPrefix is where wardd serves the API.
const DefaultPrefix = "/ogc"

// Options configure a Handler.
type Options struct {
	// Prefix is the API's path ("/ogc" when empty).
	Prefix string
	// Ward is the ward anonymous callers read (the public layers); a
	// logged-in user reads its own ward.
	Ward string
	// Public lists the asset kinds anyone may read without logging in.
	Public []gis.Kind
	Log    *slog.Logger
}

// Handler serves the API.
type Handler struct {
	svc    *server.Service
	opt    Options
	public map[string]bool
	mux    *http.ServeMux
	ext    extentCache
}

// New returns the API over svc. A public kind that is not an asset layer
// (field reports, violations, inspections, attachments) is refused.
func New(svc *server.Service, opt Options) (*Handler, error) {
	if opt.Prefix == "" {
		opt.Prefix = DefaultPrefix
	}
	opt.Prefix = "/" + strings.Trim(opt.Prefix, "/")
	if opt.Log == nil {
		opt.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	h := &Handler{svc: svc, opt: opt, public: map[string]bool{}, mux: http.NewServeMux()}
	for _, k := range opt.Public {
		if !IsAsset(k) {
			return nil, notAssetErr(string(k))
		}
		h.public[string(k)] = true
	}
	h.ext.init(svc.Store)
	p := opt.Prefix
	h.mux.HandleFunc("GET "+p, h.landing)
	h.mux.HandleFunc("GET "+p+"/{$}", h.landing)
	h.mux.HandleFunc("GET "+p+"/conformance", h.conformance)
	h.mux.HandleFunc("GET "+p+"/api", h.openAPI)
	h.mux.HandleFunc("GET "+p+"/collections", h.collections)
	h.mux.HandleFunc("GET "+p+"/collections/{kind}", h.collection)
	h.mux.HandleFunc("GET "+p+"/collections/{kind}/queryables", h.queryables)
	h.mux.HandleFunc("GET "+p+"/collections/{kind}/items", h.items)
	h.mux.HandleFunc("GET "+p+"/collections/{kind}/items/{id}", h.item)
	h.mux.HandleFunc(p+"/", func(w http.ResponseWriter, r *http.Request) {
		writeErr(w, gis.Errorf(gis.ENOTFOUND, "không có đường dẫn %s (no such resource)", r.URL.Path))
	})
	return h, nil
}

// Prefix is the path the API is served under.
func (h *Handler) Prefix() string { return h.opt.Prefix }

// IsAsset reports whether a kind is an asset layer: a spatial kind that
// is not a field report or a violation (citizens' and violators' cases,
// which only the Open311 side publishes, by its own public rule).
func IsAsset(k gis.Kind) bool {
	s, ok := gis.Lookup(k)
	return ok && s.Spatial() && k != gis.Report && k != gis.Violation
}

func notAssetErr(k string) error {
	var assets []string
	for _, x := range gis.Kinds() {
		if IsAsset(x) {
			assets = append(assets, string(x))
		}
	}
	return gis.Errorf(gis.EINVALID, "%q không phải lớp tài sản có thể công khai; phản ánh và vi phạm chỉ công khai qua Open311 (%q is not an asset layer that may be public; reports and violations are published only by Open311); lớp tài sản (asset layers): %s",
		k, k, strings.Join(assets, ", "))
}

// ParsePublic reads wardd's --public-layers: a comma list of asset kinds.
func ParsePublic(s string) ([]gis.Kind, error) {
	var out []gis.Kind
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		k, err := gis.ParseKind(p)
		if err != nil {
			return nil, err
		}
		if !IsAsset(k) {
			return nil, notAssetErr(p)
		}
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out, nil
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w, status: 200}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	// Answers differ by who asks: no shared cache may hand one caller's
	// page to another.
	w.Header().Set("Vary", "Authorization")
	w.Header().Set("Cache-Control", "private, no-cache")
	ctx, cancel := context.WithTimeout(r.Context(), requestTimeout)
	defer cancel()
	h.mux.ServeHTTP(sw, r.WithContext(ctx))
	h.opt.Log.LogAttrs(r.Context(), slog.LevelInfo, "ogc", slog.String("method", r.Method), slog.String("path", r.URL.Path),
		slog.Int("status", sw.status), slog.Duration("took", time.Since(start)))
}

// requestTimeout bounds the database work of one request.
const requestTimeout = 30 * time.Second

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) { w.status = code; w.ResponseWriter.WriteHeader(code) }

// caller is who asks: a user, or nobody (anonymous) reading ward.
type caller struct {
	user *server.User
	ward string
}

// who authenticates the request: no Authorization header is an anonymous
// caller; a header that is not a valid session is a 401, never a silent
// downgrade to anonymous.
func (h *Handler) who(r *http.Request) (*caller, error) {
	hdr := r.Header.Get("Authorization")
	if hdr == "" {
		return &caller{ward: h.opt.Ward}, nil
	}
	tok, ok := strings.CutPrefix(hdr, "Bearer ")
	if !ok {
		return nil, gis.Errorf(gis.EUNAUTHORIZED, "cần Authorization: Bearer TOKEN (want Authorization: Bearer TOKEN)")
	}
	u, err := h.svc.Authenticate(r.Context(), strings.TrimSpace(tok))
	if err != nil {
		return nil, err
	}
	return &caller{user: u, ward: u.Ward}, nil
}

// canRead reports whether c may read a kind's collection.
func (h *Handler) canRead(c *caller, kind string) bool {
	return c.user != nil || h.public[kind]
}

// seesPrivate reports whether c reads private fields (the sync API's rule).
func (c *caller) seesPrivate() bool { return c.user != nil && server.SeesPrivate(c.user.Role) }

// kindFor resolves {kind} for c: 404 for no such collection, 401 for one
// that needs a login.
func (h *Handler) kindFor(r *http.Request, c *caller) (*gis.Schema, error) {
	name := r.PathValue("kind")
	s, ok := gis.Lookup(gis.Kind(name))
	if !ok {
		return nil, gis.Errorf(gis.ENOTFOUND, "không có tập dữ liệu %q (no such collection)", name)
	}
	if !h.canRead(c, name) {
		return nil, gis.Errorf(gis.EUNAUTHORIZED, "tập %q cần đăng nhập (collection %q needs a login: Authorization: Bearer TOKEN)", name, name)
	}
	return s, nil
}

// exception is the OGC API exception body.
type exception struct {
	Code        string `json:"code"`
	Description string `json:"description"`
}

func writeErr(w http.ResponseWriter, err error) {
	code := gis.ErrorCode(err)
	status := http.StatusInternalServerError
	switch code {
	case gis.EINVALID:
		status = http.StatusBadRequest
	case gis.EUNAUTHORIZED:
		status = http.StatusUnauthorized
		w.Header().Set("WWW-Authenticate", `Bearer realm="wardd"`)
	case gis.EFORBIDDEN:
		status = http.StatusForbidden
	case gis.ENOTFOUND:
		status = http.StatusNotFound
	}
	var th *server.ErrThrottled
	if errors.As(err, &th) {
		status = http.StatusTooManyRequests
		w.Header().Set("Retry-After", strconv.Itoa(int(th.RetryAfter.Seconds())+1))
	}
	msg := err.Error()
	if status == http.StatusInternalServerError {
		msg = "lỗi máy chủ (internal server error)"
		if errors.Is(err, context.DeadlineExceeded) {
			status, msg = http.StatusServiceUnavailable, "máy chủ bận, hãy thử lại (server busy, try again)"
			w.Header().Set("Retry-After", "5")
		}
	}
	if code == "" {
		code = http.StatusText(status)
	}
	writeJSON(w, status, "application/json", exception{Code: code, Description: msg})
}

// writeJSON encodes v whole before sending, so that a failure is an
// error answer rather than half a document.
func writeJSON(w http.ResponseWriter, status int, ctype string, v any) {
	b, err := encodeJSON(v)
	if err != nil {
		status, ctype = http.StatusInternalServerError, "application/json"
		b = []byte(`{"code":"internal","description":"lỗi máy chủ (internal server error)"}` + "\n")
	}
	writeBody(w, status, ctype, b)
}

func writeBody(w http.ResponseWriter, status int, ctype string, b []byte) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}

// link is an OGC link.
type link struct {
	Href  string `json:"href"`
	Rel   string `json:"rel"`
	Type  string `json:"type,omitempty"`
	Title string `json:"title,omitempty"`
}

// base is the API's absolute URL as the caller reached it.
func (h *Handler) base(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + h.opt.Prefix
}

const (
	typeJSON    = "application/json"
	typeGeoJSON = "application/geo+json"
	typeOpenAPI = "application/vnd.oai.openapi+json;version=3.0"
	typeSchema  = "application/schema+json"
)

// Conformance classes: only what is implemented and tested.
var conformsTo = []string{
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
	"http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
	"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
	"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
}

func (h *Handler) landing(w http.ResponseWriter, r *http.Request) {
	if _, err := parseSimple(r.URL.RawQuery, []string{"json"}, false); err != nil {
		writeErr(w, err)
		return
	}
	b := h.base(r)
	writeJSON(w, 200, typeJSON, map[string]any{
		"title":       "wardmap — sổ đăng ký của phường (the ward's registry)",
		"description": "Cây xanh, đèn, biển số nhà, cống… của phường, theo OGC API – Features. Trees, lamps, house-number plates, drains… of the ward, as OGC API – Features.",
		"links": []link{
			{Href: b, Rel: "self", Type: typeJSON, Title: "this document"},
			{Href: b + "/api", Rel: "service-desc", Type: typeOpenAPI, Title: "the API definition (OpenAPI 3.0)"},
			{Href: b + "/conformance", Rel: "conformance", Type: typeJSON, Title: "conformance classes"},
			{Href: b + "/collections", Rel: "data", Type: typeJSON, Title: "collections"},
		},
	})
}

func (h *Handler) conformance(w http.ResponseWriter, r *http.Request) {
	if _, err := parseSimple(r.URL.RawQuery, []string{"json"}, false); err != nil {
		writeErr(w, err)
		return
	}
	writeJSON(w, 200, typeJSON, map[string]any{"conformsTo": conformsTo})
}

// encodeJSON is json.Marshal without HTML escaping (links keep their &).
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return buf.Bytes(), err
}
