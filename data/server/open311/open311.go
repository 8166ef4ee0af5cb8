package open311

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/paulmach/orb"

	"wardmap/data/server"
	"wardmap/gis"
	"wardmap/gis/casework"
)

// Prefix is where the GeoReport v2 endpoint lives.
const Prefix = "/open311/v2/"

// Partner is a channel allowed to POST requests with its api_key.
type Partner struct {
	Name    string // "zalo-oa", "hotline-1022"
	Channel string // the report's channel (gis.ReportSchema): zalo, hotline, open311 …
}

// Handler serves Open311 GeoReport v2 under Prefix.
type Handler struct {
	Q *Queue
	// Keys maps api_key → partner. POST requests needs one.
	Keys map[string]Partner
	// Jurisdiction is the jurisdiction_id served; another one is a 404.
	Jurisdiction string
	// BBox limits where lat/long may lie (the ward and its surroundings).
	BBox orb.Bound
	// MaxBody bounds a POST (media included).
	MaxBody int64
	// Contact and KeyService are what service discovery tells developers.
	Contact    string
	KeyService string
	Log        *slog.Logger
	mux        *http.ServeMux
}

// DefaultBBox is a box around Kiến An with a few kilometres to spare.
var DefaultBBox = orb.Bound{Min: orb.Point{106.55, 20.74}, Max: orb.Point{106.70, 20.86}}

// NewHandler returns the Open311 handler over a queue.
func NewHandler(q *Queue, keys map[string]Partner) *Handler {
	h := &Handler{Q: q, Keys: keys, Jurisdiction: "kienan.haiphong.gov.vn", BBox: DefaultBBox, MaxBody: 10 << 20,
		Contact:    "Phòng Kinh tế, Hạ tầng và Đô thị, UBND phường Kiến An (Hải Phòng)",
		KeyService: "Đơn vị muốn gửi phản ánh qua Open311 xin khóa (api_key) tại Phòng Kinh tế, Hạ tầng và Đô thị (ask the ward for an api_key)",
		Log:        slog.New(slog.NewTextHandler(io.Discard, nil)), mux: http.NewServeMux()}
	h.mux.HandleFunc("GET "+Prefix+"{res}", h.getRoot)
	h.mux.HandleFunc("POST "+Prefix+"{res}", h.post)
	h.mux.HandleFunc("GET "+Prefix+"services/{file}", h.serviceDef)
	h.mux.HandleFunc("GET "+Prefix+"requests/{file}", h.request)
	h.mux.HandleFunc("GET "+Prefix+"media/{file}", h.media)
	h.mux.HandleFunc("GET /open311/{file}", h.discovery)
	h.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		h.fail(w, formatOf(r.URL.Path), http.StatusNotFound, "không có tài nguyên này (no such resource)")
	})
	return h
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet {
		// Public data: browser apps of other sites may read it.
		w.Header().Set("Access-Control-Allow-Origin", "*")
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	h.mux.ServeHTTP(w, r)
}

// Endpoint is one API of the discovery document.
type Endpoint struct {
	Specification string   `xml:"specification" json:"specification"`
	URL           string   `xml:"url" json:"url"`
	Changeset     string   `xml:"changeset" json:"changeset"`
	Type          string   `xml:"type" json:"type"`
	Formats       []string `xml:"formats>format" json:"formats"`
}

// Discovery is GET /open311/discovery.{json,xml}.
type Discovery struct {
	XMLName    xml.Name   `xml:"discovery" json:"-"`
	Changeset  string     `xml:"changeset" json:"changeset"`
	Contact    string     `xml:"contact" json:"contact"`
	KeyService string     `xml:"key_service" json:"key_service"`
	Endpoints  []Endpoint `xml:"endpoints>endpoint" json:"endpoints"`
}

// changeset is when this API's definition last changed.
const changeset = "2026-11-28 00:00"

func (h *Handler) discovery(w http.ResponseWriter, r *http.Request) {
	name, format, ok := split(r.PathValue("file"))
	if !ok || name != "discovery" {
		h.fail(w, format, http.StatusNotFound, "không có tài nguyên này (no such resource)")
		return
	}
	d := Discovery{Changeset: changeset, Contact: h.Contact, KeyService: h.KeyService,
		Endpoints: []Endpoint{{Specification: "http://wiki.open311.org/GeoReport_v2", URL: base(r) + strings.TrimSuffix(Prefix, "/"),
			Changeset: changeset, Type: "production", Formats: []string{"text/xml", "application/json"}}}}
	if format == "json" {
		writeJSON(w, http.StatusOK, d)
		return
	}
	writeXML(w, http.StatusOK, d)
}

// formatOf reads ".json" or ".xml" at the end of a path; XML is the
// spec's default.
func formatOf(p string) string {
	if strings.HasSuffix(p, ".json") {
		return "json"
	}
	return "xml"
}

// split cuts "name.fmt"; ok is false for another format.
func split(file string) (name, format string, ok bool) {
	for _, f := range []string{"json", "xml"} {
		if n, cut := strings.CutSuffix(file, "."+f); cut {
			return n, f, true
		}
	}
	return file, "xml", false
}

// --- responses

type apiError struct {
	XMLName     xml.Name `xml:"error" json:"-"`
	Code        int      `xml:"code" json:"code"`
	Description string   `xml:"description" json:"description"`
}

type errorsXML struct {
	XMLName xml.Name   `xml:"errors"`
	Errors  []apiError `xml:"error"`
}

func (h *Handler) fail(w http.ResponseWriter, format string, status int, msg string) {
	errs := []apiError{{Code: status, Description: msg}}
	if format == "json" {
		writeJSON(w, status, errs)
		return
	}
	writeXML(w, status, errorsXML{Errors: errs})
}

func (h *Handler) failErr(w http.ResponseWriter, format string, err error) {
	status := http.StatusBadRequest
	msg := err.Error()
	switch gis.ErrorCode(err) {
	case gis.ENOTFOUND:
		status = http.StatusNotFound
	case gis.EFORBIDDEN, gis.EUNAUTHORIZED:
		status = http.StatusForbidden
	case gis.EINTERNAL:
		var busy *server.ErrBusy
		if errors.As(err, &busy) {
			w.Header().Set("Retry-After", strconv.Itoa(int(busy.RetryAfter.Seconds())))
			status = http.StatusServiceUnavailable
			break
		}
		// The spec answers 400 for a general service error; the cause stays
		// in the log.
		h.Log.Error("open311", "err", err)
		msg = "lỗi dịch vụ, xin thử lại sau (general service error)"
	}
	h.fail(w, format, status, msg)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeXML(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(v); err != nil {
		http.Error(w, "xml", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// checkJurisdiction answers false (and the error) for another jurisdiction.
func (h *Handler) checkJurisdiction(w http.ResponseWriter, r *http.Request, format string) bool {
	j := r.FormValue("jurisdiction_id")
	if j != "" && !strings.EqualFold(j, h.Jurisdiction) {
		h.fail(w, format, http.StatusNotFound, fmt.Sprintf("jurisdiction_id %q không có ở đây; dùng %s (jurisdiction not found)", j, h.Jurisdiction))
		return false
	}
	return true
}

func (h *Handler) getRoot(w http.ResponseWriter, r *http.Request) {
	name, format, ok := split(r.PathValue("res"))
	if !ok {
		h.fail(w, format, http.StatusNotFound, "định dạng chỉ có .json hoặc .xml (format must be .json or .xml)")
		return
	}
	if !h.checkJurisdiction(w, r, format) {
		return
	}
	switch name {
	case "services":
		h.services(w, format)
	case "requests":
		h.requests(w, r, format)
	default:
		h.fail(w, format, http.StatusNotFound, fmt.Sprintf("không có tài nguyên %q (no such resource)", name))
	}
}

// --- services

// Service is one service type of the list.
type Service struct {
	XMLName     xml.Name `xml:"service" json:"-"`
	Code        string   `xml:"service_code" json:"service_code"`
	Name        string   `xml:"service_name" json:"service_name"`
	Description string   `xml:"description" json:"description"`
	Metadata    bool     `xml:"metadata" json:"metadata"`
	Type        string   `xml:"type" json:"type"`
	Keywords    string   `xml:"keywords" json:"keywords"`
	Group       string   `xml:"group" json:"group"`
}

// Attribute is one extra field of a service definition.
type Attribute struct {
	XMLName     xml.Name `xml:"attribute" json:"-"`
	Variable    bool     `xml:"variable" json:"variable"`
	Code        string   `xml:"code" json:"code"`
	Datatype    string   `xml:"datatype" json:"datatype"`
	Required    bool     `xml:"required" json:"required"`
	DatatypeDoc string   `xml:"datatype_description" json:"datatype_description"`
	Order       int      `xml:"order" json:"order"`
	Description string   `xml:"description" json:"description"`
	Values      []Value  `xml:"values>value,omitempty" json:"values,omitempty"`
}

// Value is one choice of a list attribute.
type Value struct {
	Key  string `xml:"key" json:"key"`
	Name string `xml:"name" json:"name"`
}

// Definition is GET services/{code}.
type Definition struct {
	XMLName    xml.Name    `xml:"service_definition" json:"-"`
	Code       string      `xml:"service_code" json:"service_code"`
	Attributes []Attribute `xml:"attributes>attribute" json:"attributes"`
}

var groups = map[string]string{
	"waste": "moi-truong", "trees": "moi-truong", "drainage": "ha-tang", "lighting": "ha-tang", "roads": "ha-tang",
	"encroachment": "trat-tu-do-thi", "illegal_ads": "trat-tu-do-thi", "construction": "trat-tu-do-thi", "security": "an-ninh", "other": "khac",
}

var landmark = Attribute{Variable: true, Code: "landmark", Datatype: "string", Order: 9,
	DatatypeDoc: "Văn bản ngắn (short text)", Description: "Gần đâu: cột điện, cửa hàng, số nhà bên cạnh (a nearby landmark)"}

// attributes are the extra fields each service asks for.
var attributes = map[string][]Attribute{
	"waste": {{Variable: true, Code: "waste_type", Datatype: "singlevaluelist", Required: true, Order: 1,
		DatatypeDoc: "Chọn một (choose one)", Description: "Loại rác (kind of waste)",
		Values: []Value{{"household", "Rác sinh hoạt (household)"}, {"construction", "Phế thải xây dựng (construction debris)"}, {"bulky", "Đồ cồng kềnh (bulky items)"}}}},
	"lighting": {{Variable: true, Code: "pole_code", Datatype: "string", Order: 1,
		DatatypeDoc: "Mã ghi trên cột, ví dụ KA-0123 (code on the pole)", Description: "Mã cột đèn (pole code)"}},
	"encroachment": {{Variable: true, Code: "what", Datatype: "singlevaluelist", Required: true, Order: 1,
		DatatypeDoc: "Chọn một (choose one)", Description: "Lấn chiếm bởi (what encroaches)",
		Values: []Value{{"vendors", "Hàng quán (vendors)"}, {"parking", "Xe đỗ (parked vehicles)"}, {"materials", "Vật liệu (materials)"}}}},
}

func serviceOf(o gis.Option) Service {
	l, _ := casework.Level(o.Value)
	return Service{Code: o.Value, Name: o.Label.VI, Metadata: true, Type: "realtime", Group: groups[o.Value],
		Description: fmt.Sprintf("%s. Thời hạn xử lý %d ngày (%s; handled within %d days).", o.Label.VI, l.Days, o.Label.EN, l.Days),
		Keywords:    strings.ToLower(o.Label.EN)}
}

func definitionOf(code string) Definition {
	d := Definition{Code: code, Attributes: append([]Attribute{}, attributes[code]...)}
	return Definition{Code: d.Code, Attributes: append(d.Attributes, landmark)}
}

func (h *Handler) services(w http.ResponseWriter, format string) {
	var list []Service
	for _, o := range gis.ReportCategories {
		list = append(list, serviceOf(o))
	}
	if format == "json" {
		writeJSON(w, http.StatusOK, list)
		return
	}
	writeXML(w, http.StatusOK, struct {
		XMLName  xml.Name `xml:"services"`
		Services []Service
	}{Services: list})
}

func category(code string) (gis.Option, bool) {
	for _, o := range gis.ReportCategories {
		if o.Value == code {
			return o, true
		}
	}
	return gis.Option{}, false
}

func (h *Handler) serviceDef(w http.ResponseWriter, r *http.Request) {
	code, format, ok := split(r.PathValue("file"))
	if !ok || !h.checkJurisdiction(w, r, format) {
		if !ok {
			h.fail(w, format, http.StatusNotFound, "định dạng chỉ có .json hoặc .xml (format must be .json or .xml)")
		}
		return
	}
	if _, ok := category(code); !ok {
		h.fail(w, format, http.StatusNotFound, fmt.Sprintf("không có service_code %q (service_code not found)", code))
		return
	}
	d := definitionOf(code)
	if format == "json" {
		writeJSON(w, http.StatusOK, d)
		return
	}
	writeXML(w, http.StatusOK, d)
}

// --- requests

// Request is one service request as GET requests answers it.
type Request struct {
	XMLName     xml.Name  `xml:"request" json:"-"`
	ID          string    `xml:"service_request_id" json:"service_request_id"`
	Status      string    `xml:"status" json:"status"`
	StatusNotes string    `xml:"status_notes" json:"status_notes"`
	ServiceName string    `xml:"service_name" json:"service_name"`
	ServiceCode string    `xml:"service_code" json:"service_code"`
	Description string    `xml:"description" json:"description"`
	Agency      string    `xml:"agency_responsible" json:"agency_responsible"`
	Notice      string    `xml:"service_notice" json:"service_notice"`
	Requested   string    `xml:"requested_datetime" json:"requested_datetime"`
	Updated     string    `xml:"updated_datetime" json:"updated_datetime"`
	Expected    string    `xml:"expected_datetime,omitempty" json:"expected_datetime,omitempty"`
	Address     string    `xml:"address" json:"address"`
	Lat         float64   `xml:"lat" json:"lat"`
	Long        float64   `xml:"long" json:"long"`
	MediaURL    string    `xml:"media_url,omitempty" json:"media_url,omitempty"`
	Extended    *Extended `xml:"extended_attributes" json:"extended_attributes"`
}

// Extended carries the ward's own status and deadline (the Open311
// "extended_attributes" extension).
type Extended struct {
	Status      string   `xml:"status" json:"status"`
	StatusLabel string   `xml:"status_label" json:"status_label"`
	Channel     string   `xml:"channel" json:"channel"`
	Deadline    string   `xml:"deadline,omitempty" json:"deadline,omitempty"`
	OverdueDays int      `xml:"overdue_days" json:"overdue_days"`
	DuplicateOf string   `xml:"duplicate_of,omitempty" json:"duplicate_of,omitempty"`
	Answer      string   `xml:"public_answer,omitempty" json:"public_answer,omitempty"`
	Photos      []string `xml:"photos>media_url,omitempty" json:"photos,omitempty"`
}

var statusField, _ = gis.ReportSchema.Field("status")

// StatusLabel is a report status's Vietnamese label.
func StatusLabel(s string) string {
	if o, ok := statusField.Option(s); ok {
		return o.Label.VI
	}
	return s
}

// OpenStatus maps the ward's status to Open311's: open while the ward
// works on it; closed once answered, closed, a duplicate or not the ward's.
func OpenStatus(s string) string {
	if casework.ReportOpen(s) {
		return "open"
	}
	return "closed"
}

func w3(t time.Time) string { return t.In(gis.VietnamTime).Format(time.RFC3339) }

// MediaPath is where a photo is served.
func MediaPath(sha string) string { return Prefix + "media/" + sha + ".jpg" }

// RequestOf builds the public view of a report: only public fields.
func RequestOf(e *Entry, today gis.Date, base string) Request {
	f := e.F
	st := f.Text("status")
	cat, _ := category(f.Text("category"))
	notes := StatusLabel(st)
	if reason := f.Text("reason"); reason != "" && (st == casework.Duplicate || st == casework.NotCompetent) {
		notes += ": " + reason
	}
	if a := f.Text("public_answer"); a != "" {
		notes += ". " + a
	}
	r := Request{ID: f.ID, Status: OpenStatus(st), StatusNotes: notes, ServiceName: cat.Label.VI, ServiceCode: f.Text("category"),
		Description: f.Text("text"), Agency: f.Text("unit"), Requested: w3(e.Received), Updated: w3(f.UpdatedAt), Address: f.Text("address"),
		Extended: &Extended{Status: st, StatusLabel: StatusLabel(st), Channel: f.Text("channel"), DuplicateOf: f.Text("duplicate_of"), Answer: f.Text("public_answer")}}
	if f.UpdatedAt.IsZero() {
		r.Updated = r.Requested
	}
	if l, err := casework.Level(f.Text("category")); err == nil {
		r.Notice = fmt.Sprintf("Phường xử lý trong %d ngày (handled within %d days)", l.Days, l.Days)
	}
	if dl, ok := casework.EffectiveDeadline(f); ok {
		end := time.Date(dl.Year, dl.Month, dl.Day, 23, 59, 59, 0, gis.VietnamTime)
		r.Expected = w3(end)
		r.Extended.Deadline = dl.String()
	}
	r.Extended.OverdueDays, _ = casework.Overdue(f, today)
	if p, ok := f.Geom.(orb.Point); ok {
		r.Lat, r.Long = p[1], p[0]
	}
	for _, sha := range e.Photos {
		r.Extended.Photos = append(r.Extended.Photos, base+MediaPath(sha))
	}
	if len(r.Extended.Photos) > 0 {
		r.MediaURL = r.Extended.Photos[0]
	}
	return r
}

// base is the scheme and host clients reached us at.
func base(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// MaxSpan is the widest date range of one GET requests, and MaxRequests
// the most requests it answers (the spec's defaults).
const (
	MaxSpan     = 90 * 24 * time.Hour
	MaxRequests = 1000
)

func parseW3(name, s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, gis.Errorf(gis.EINVALID, "%s %q cần dạng W3C, ví dụ 2026-11-01T00:00:00+07:00 (needs a W3C datetime with its zone)", name, s)
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (h *Handler) requests(w http.ResponseWriter, r *http.Request, format string) {
	ctx := r.Context()
	if err := h.Q.Sync(ctx, false); err != nil {
		h.failErr(w, format, err)
		return
	}
	now := h.Q.Now()
	today := gis.LocalDate(now)
	b := base(r)
	var out []*Entry
	if ids := splitList(r.FormValue("service_request_id")); len(ids) > 0 {
		// The ids override every other argument.
		for _, id := range ids {
			if e, ok := h.Q.Get(id); ok {
				out = append(out, e)
			}
		}
	} else {
		codes := splitList(r.FormValue("service_code"))
		for _, c := range codes {
			if _, ok := category(c); !ok {
				h.fail(w, format, http.StatusNotFound, fmt.Sprintf("không có service_code %q (service_code not found)", c))
				return
			}
		}
		statuses := splitList(r.FormValue("status"))
		for _, s := range statuses {
			if s != "open" && s != "closed" {
				h.fail(w, format, http.StatusBadRequest, fmt.Sprintf("status %q: chỉ open hoặc closed (status is open or closed)", s))
				return
			}
		}
		var from, to time.Time
		var err error
		sd, ed := r.FormValue("start_date"), r.FormValue("end_date")
		switch {
		case sd != "" && ed != "":
			if from, err = parseW3("start_date", sd); err == nil {
				to, err = parseW3("end_date", ed)
			}
		case sd != "":
			if from, err = parseW3("start_date", sd); err == nil {
				to = from.Add(MaxSpan)
			}
		case ed != "":
			if to, err = parseW3("end_date", ed); err == nil {
				from = to.Add(-MaxSpan)
			}
		default:
			to = now.Add(time.Second)
			from = to.Add(-MaxSpan)
		}
		if err != nil {
			h.failErr(w, format, err)
			return
		}
		if to.Before(from) {
			h.fail(w, format, http.StatusBadRequest, "end_date trước start_date (end_date before start_date)")
			return
		}
		if to.Sub(from) > MaxSpan {
			h.fail(w, format, http.StatusBadRequest, "khoảng thời gian tối đa 90 ngày (a range may not span more than 90 days)")
			return
		}
		h.Q.Range(from, to.Add(time.Nanosecond), func(e *Entry) bool {
			if len(codes) > 0 && !contains(codes, e.F.Text("category")) {
				return true
			}
			if len(statuses) > 0 && !contains(statuses, OpenStatus(e.F.Text("status"))) {
				return true
			}
			out = append(out, e)
			return len(out) < MaxRequests
		})
	}
	h.writeRequests(w, format, out, today, b)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (h *Handler) writeRequests(w http.ResponseWriter, format string, es []*Entry, today gis.Date, b string) {
	if format == "xml" {
		reqs := make([]Request, len(es))
		for i, e := range es {
			reqs[i] = RequestOf(e, today, b)
		}
		writeXML(w, http.StatusOK, struct {
			XMLName  xml.Name `xml:"service_requests"`
			Requests []Request
		}{Requests: reqs})
		return
	}
	buf := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(buf)
	buf.Reset()
	buf.WriteByte('[')
	for i, e := range es {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(h.Q.jsonOf(e, today, b))
	}
	buf.WriteString("]\n")
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Write(buf.Bytes())
}

// bufPool keeps answer buffers: a 1000-request answer is about 700 KB,
// and allocating (and clearing) it per request was most of a request's
// cost.
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// jsonOf is an entry's JSON, cached per day and, for entries with
// photos (whose URLs name the host), per base URL.
func (q *Queue) jsonOf(e *Entry, today gis.Date, b string) []byte {
	if len(e.Photos) == 0 {
		b = ""
	}
	if c := e.cache.Load(); c != nil && c.day == today && c.base == b {
		return c.body
	}
	body, _ := json.Marshal(RequestOf(e, today, b))
	e.cache.Store(&rendered{day: today, base: b, body: body})
	return body
}

func (h *Handler) request(w http.ResponseWriter, r *http.Request) {
	id, format, ok := split(r.PathValue("file"))
	if !ok {
		h.fail(w, format, http.StatusNotFound, "định dạng chỉ có .json hoặc .xml (format must be .json or .xml)")
		return
	}
	if !h.checkJurisdiction(w, r, format) {
		return
	}
	if err := h.Q.Sync(r.Context(), false); err != nil {
		h.failErr(w, format, err)
		return
	}
	e, found := h.Q.Get(id)
	if !found {
		h.fail(w, format, http.StatusNotFound, fmt.Sprintf("không có phản ánh %q (service_request_id not found)", id))
		return
	}
	h.writeRequests(w, format, []*Entry{e}, gis.LocalDate(h.Q.Now()), base(r))
}

// checkFields refuses a form holding text that is not UTF-8 or control
// characters other than tab and line breaks (a NUL above all, which
// PostgreSQL cannot store): nothing a person types carries them, and a
// clear 400 beats a failed write.
func checkFields(v url.Values) error {
	for k, vs := range v {
		for _, s := range vs {
			if !utf8.ValidString(s) {
				return gis.Errorf(gis.EINVALID, "trường %s không phải văn bản UTF-8 (field %s is not UTF-8 text)", k, k)
			}
			for _, c := range s {
				if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7F {
					return gis.Errorf(gis.EINVALID, "trường %s chứa ký tự điều khiển U+%04X (field %s holds control character U+%04X)", k, c, k, c)
				}
			}
		}
	}
	return nil
}

func tooManyPhotos(n int) error {
	return gis.Errorf(gis.EINVALID, "%d ảnh, tối đa %d ảnh mỗi phản ánh (%d photos, at most %d per report)", n, MaxPhotos, n, MaxPhotos)
}

// --- media

// media serves a report's photo without its metadata (StripMetadata);
// staff get the original through the sync API. An image the stripper
// cannot walk is re-encoded (pixels only), within the decode limits.
func (h *Handler) media(w http.ResponseWriter, r *http.Request) {
	serveMedia(h.Q, h.Log, w, r)
}

func serveMedia(q *Queue, log *slog.Logger, w http.ResponseWriter, r *http.Request) {
	sha, _ := strings.CutSuffix(r.PathValue("file"), ".jpg")
	if err := q.Sync(r.Context(), false); err != nil {
		log.Error("media: index", "err", err)
	}
	if !q.PublicPhoto(sha) {
		http.NotFound(w, r)
		return
	}
	b, err := q.Blob(r.Context(), sha)
	if err != nil {
		if gis.ErrorCode(err) != gis.ENOTFOUND {
			log.Error("media: read", "sha", sha, "err", err)
		}
		http.NotFound(w, r)
		return
	}
	out, ctype, err := StripMetadata(b)
	if err != nil {
		if out, err = reencode(r.Context(), bytes.NewReader(b)); err != nil {
			var busy *server.ErrBusy
			if errors.As(err, &busy) {
				w.Header().Set("Retry-After", strconv.Itoa(int(busy.RetryAfter.Seconds())))
				http.Error(w, "bận (busy)", http.StatusServiceUnavailable)
				return
			}
			log.Warn("media: not a servable image", "sha", sha, "err", err)
			http.NotFound(w, r)
			return
		}
		ctype = "image/jpeg"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(out)
}

// --- POST requests

type postAnswer struct {
	XMLName xml.Name `xml:"request" json:"-"`
	ID      string   `xml:"service_request_id" json:"service_request_id"`
	Notice  string   `xml:"service_notice" json:"service_notice"`
	Account *string  `xml:"account_id" json:"account_id"`
}

func (h *Handler) post(w http.ResponseWriter, r *http.Request) {
	name, format, ok := split(r.PathValue("res"))
	if !ok || name != "requests" {
		h.fail(w, format, http.StatusNotFound, "chỉ POST requests.json hoặc requests.xml (only requests can be posted)")
		return
	}
	if r.ContentLength > h.MaxBody {
		h.fail(w, format, http.StatusRequestEntityTooLarge, fmt.Sprintf("dữ liệu quá lớn, tối đa %d MB (request too large)", h.MaxBody>>20))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, h.MaxBody)
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		err = r.ParseMultipartForm(4 << 20)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			h.fail(w, format, http.StatusRequestEntityTooLarge, fmt.Sprintf("dữ liệu quá lớn, tối đa %d MB (request too large)", h.MaxBody>>20))
			return
		}
		h.fail(w, format, http.StatusBadRequest, "không đọc được biểu mẫu (unreadable form): "+err.Error())
		return
	}
	partner, ok := h.Keys[r.PostFormValue("api_key")]
	if !ok || r.PostFormValue("api_key") == "" {
		h.fail(w, format, http.StatusForbidden, "api_key thiếu hoặc không hợp lệ (missing or invalid api_key)")
		return
	}
	if !h.checkJurisdiction(w, r, format) {
		return
	}
	in, err := h.intake(r, partner)
	if err == nil {
		var f *gis.Feature
		var dups []casework.Suggestion
		if f, dups, err = h.Q.Submit(r.Context(), in); err == nil {
			h.created(w, format, in, f, dups)
			return
		}
	}
	if gis.ErrorCode(err) != gis.EINTERNAL {
		// A partner's integration sending what we refuse is worth a line:
		// they will ask why.
		h.Log.Warn("open311: request refused", "partner", partner.Name, "err", err)
	}
	h.failErr(w, format, err)
}

// created answers a POST that made a report.
func (h *Handler) created(w http.ResponseWriter, format string, in Intake, f *gis.Feature, dups []casework.Suggestion) {
	l, _ := casework.Level(in.Category)
	dl, _ := casework.EffectiveDeadline(f)
	notice := fmt.Sprintf("Phường đã tiếp nhận, hạn xử lý %s (%d ngày) (received; due %s)", dl, l.Days, dl)
	if len(dups) > 0 {
		notice += fmt.Sprintf(". Có thể trùng với phản ánh %s cách %.0f m (possible duplicate)", dups[0].ID, dups[0].Distance)
	}
	ans := []postAnswer{{ID: f.ID, Notice: notice}}
	if format == "json" {
		writeJSON(w, http.StatusCreated, ans)
		return
	}
	writeXML(w, http.StatusCreated, struct {
		XMLName xml.Name `xml:"service_requests"`
		Reqs    []postAnswer
	}{Reqs: ans})
}

// intake reads a POST's fields into a report.
func (h *Handler) intake(r *http.Request, p Partner) (Intake, error) {
	v := r.PostForm
	if err := checkFields(v); err != nil {
		return Intake{}, err
	}
	code := v.Get("service_code")
	if code == "" {
		return Intake{}, gis.Errorf(gis.EINVALID, "thiếu service_code (service_code was not provided)")
	}
	if _, ok := category(code); !ok {
		return Intake{}, gis.Errorf(gis.ENOTFOUND, "không có service_code %q (service_code not found)", code)
	}
	in := Intake{Channel: p.Channel, By: "open311:" + p.Name, Category: code, Text: v.Get("description"),
		Address: v.Get("address_string"), Phone: v.Get("phone"),
		Name: strings.TrimSpace(v.Get("first_name") + " " + v.Get("last_name"))}
	if in.Channel == "" {
		in.Channel = "open311"
	}
	var notes []string
	if e := v.Get("email"); e != "" {
		notes = append(notes, "Email: "+e)
	}
	if a := v.Get("account_id"); a != "" {
		notes = append(notes, "Tài khoản (account): "+a)
	}
	in.Note = strings.Join(notes, "; ")
	extra, err := extraLines(code, v)
	if err != nil {
		return Intake{}, err
	}
	if len(extra) > 0 {
		in.Text = strings.TrimSpace(in.Text + "\n" + strings.Join(extra, "\n"))
	}
	if in.Point, err = h.location(r, v, in.Address); err != nil {
		return Intake{}, err
	}
	if in.Photos, err = readPhotos(r, "media"); err != nil {
		return Intake{}, err
	}
	return in, nil
}

// extraLines are the lines a POST adds to the report's text: each of the
// service's attributes given (attribute[code]=value; the required ones
// must be, a listed one by one of its keys) and the media_url.
func extraLines(code string, v url.Values) ([]string, error) {
	var extra []string
	for _, a := range definitionOf(code).Attributes {
		val := strings.TrimSpace(strings.Join(append(v["attribute["+a.Code+"]"], v["attribute["+a.Code+"][]"]...), ", "))
		if val == "" {
			if a.Required {
				return nil, gis.Errorf(gis.EINVALID, "thiếu attribute[%s] (%s is required)", a.Code, a.Description)
			}
			continue
		}
		if len(a.Values) > 0 {
			found := false
			for _, x := range a.Values {
				if x.Key == val {
					found, val = true, x.Name
				}
			}
			if !found {
				return nil, gis.Errorf(gis.EINVALID, "attribute[%s] = %q không có trong danh sách (not one of the values)", a.Code, val)
			}
		}
		extra = append(extra, a.Description+": "+val)
	}
	if m := strings.TrimSpace(v.Get("media_url")); m != "" {
		u, err := url.Parse(m)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, gis.Errorf(gis.EINVALID, "media_url %q không phải địa chỉ http(s) (not an http(s) URL)", m)
		}
		extra = append(extra, "Ảnh (media): "+m)
	}
	return extra, nil
}

// location is where a POST puts the report: lat/long (inside the ward),
// else address_id (an address record), else the address string found
// among the ward's addresses and streets.
func (h *Handler) location(r *http.Request, v url.Values, address string) (orb.Point, error) {
	lat, long := v.Get("lat"), v.Get("long")
	switch {
	case lat != "" || long != "":
		y, err1 := strconv.ParseFloat(lat, 64)
		x, err2 := strconv.ParseFloat(long, 64)
		if err1 != nil || err2 != nil {
			return orb.Point{}, gis.Errorf(gis.EINVALID, "lat và long cần đủ cả hai và là số (lat and long must both be numbers)")
		}
		pt := orb.Point{x, y}
		if !h.BBox.Contains(pt) {
			return orb.Point{}, gis.Errorf(gis.EINVALID, "vị trí %.5f, %.5f ngoài phường (location outside the ward)", y, x)
		}
		return pt, nil
	case v.Get("address_id") != "" || address != "":
		h.Q.Sync(r.Context(), false)
		var pt orb.Point
		ok := false
		if id := v.Get("address_id"); id != "" {
			pt, ok = h.Q.addressPoint(id)
		}
		if !ok {
			pt, ok = h.Q.Locate(address)
		}
		if !ok {
			return orb.Point{}, gis.Errorf(gis.EINVALID, "không tìm thấy địa chỉ %q, xin gửi lat/long (address not found: send lat and long)", address+v.Get("address_id"))
		}
		return pt, nil
	default:
		return orb.Point{}, gis.Errorf(gis.EINVALID, "cần vị trí: lat và long, address_string hoặc address_id (a location is needed)")
	}
}

// readPhotos reads a multipart form's files under field (MaxPhotos at
// most): "media" from an Open311 client, "photo" from the public page. A
// *server.ErrBusy when the photo workers are all busy.
func readPhotos(r *http.Request, field string) ([][]byte, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	if n := len(r.MultipartForm.File[field]); n > MaxPhotos {
		return nil, tooManyPhotos(n)
	}
	var out [][]byte
	for _, fh := range r.MultipartForm.File[field] {
		img, err := readPhoto(r.Context(), fh)
		if err != nil {
			return nil, err
		}
		out = append(out, img)
	}
	return out, nil
}

func (q *Queue) addressPoint(id string) (orb.Point, bool) {
	q.mu.RLock()
	defer q.mu.RUnlock()
	if f, ok := q.streets[id]; ok && f.Kind == gis.Address {
		p, ok := f.Geom.(orb.Point)
		return p, ok
	}
	return orb.Point{}, false
}
