// Package remote is the sync protocol over HTTP: the server's handler
// (versioned JSON API under /api/v1) and the laptop's Client and Sync.
package remote

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"wardmap/data/server"
	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// MaxBody is the largest JSON request body.
const MaxBody = 8 << 20

// Handler serves the API.
type Handler struct {
	svc *server.Service
	log *slog.Logger
	mux *http.ServeMux
}

// NewHandler returns the API handler over svc.
func NewHandler(svc *server.Service, log *slog.Logger) *Handler {
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	h := &Handler{svc: svc, log: log, mux: http.NewServeMux()}
	h.mux.HandleFunc("GET /healthz", h.healthz)
	h.mux.HandleFunc("POST /api/v1/login", h.login)
	h.mux.HandleFunc("POST /api/v1/logout", h.auth(h.logout))
	h.mux.HandleFunc("GET /api/v1/me", h.auth(h.me))
	h.mux.HandleFunc("POST /api/v1/push", h.auth(h.push))
	h.mux.HandleFunc("GET /api/v1/changes", h.auth(h.changes))
	h.mux.HandleFunc("GET /api/v1/records/{id}/history", h.auth(h.history))
	h.mux.HandleFunc("POST /api/v1/blobs/missing", h.auth(h.blobsMissing))
	h.mux.HandleFunc("GET /api/v1/blobs/{sha}/status", h.auth(h.blobStatus))
	h.mux.HandleFunc("PUT /api/v1/blobs/{sha}", h.auth(h.blobPut))
	h.mux.HandleFunc("GET /api/v1/blobs/{sha}", h.auth(h.blobGet))
	h.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, gis.Errorf(gis.ENOTFOUND, "không có đường dẫn %s %s (no such endpoint)", r.Method, r.URL.Path))
	})
	return h
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w, status: 200}
	// Every answer is JSON or a blob of a declared type: a browser must
	// not guess another type (a photo read as HTML).
	w.Header().Set("X-Content-Type-Options", "nosniff")
	h.mux.ServeHTTP(sw, r)
	h.log.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.String("method", r.Method), slog.String("path", r.URL.Path),
		slog.Int("status", sw.status), slog.Duration("took", time.Since(start)), slog.String("user", sw.user))
}

type statusWriter struct {
	http.ResponseWriter
	status int
	user   string
}

func (w *statusWriter) WriteHeader(code int) { w.status = code; w.ResponseWriter.WriteHeader(code) }

func (h *Handler) auth(next func(http.ResponseWriter, *http.Request, *server.User)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok {
			tok = ""
		}
		u, err := h.svc.Authenticate(r.Context(), strings.TrimSpace(tok))
		if err != nil {
			writeError(w, err)
			return
		}
		if sw, ok := w.(*statusWriter); ok {
			sw.user = u.Name
		}
		next(w, r, u)
	}
}

// ErrorBody is every error answer.
type ErrorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func statusOf(code string) int {
	switch code {
	case gis.EINVALID:
		return http.StatusBadRequest
	case gis.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case gis.EFORBIDDEN:
		return http.StatusForbidden
	case gis.ENOTFOUND:
		return http.StatusNotFound
	case gis.ECONFLICT:
		return http.StatusConflict
	}
	return http.StatusInternalServerError
}

func writeError(w http.ResponseWriter, err error) {
	var body ErrorBody
	status := statusOf(gis.ErrorCode(err))
	body.Error.Code = gis.ErrorCode(err)
	body.Error.Message = err.Error()
	var th *server.ErrThrottled
	var busy *server.ErrBusy
	switch {
	case errors.As(err, &th):
		status = http.StatusTooManyRequests
		body.Error.Code = "throttled"
		w.Header().Set("Retry-After", strconv.Itoa(int(th.RetryAfter.Seconds())+1))
	case errors.As(err, &busy):
		status = http.StatusServiceUnavailable
		body.Error.Code = "busy"
		w.Header().Set("Retry-After", strconv.Itoa(int(busy.RetryAfter.Seconds())+1))
	}
	if status == http.StatusInternalServerError {
		body.Error.Message = "lỗi máy chủ (internal server error)"
	}
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// decode reads a JSON body strictly: size-limited, no unknown fields, one
// value. Its errors are EINVALID with a message saying what is wrong.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	body := http.MaxBytesReader(w, r.Body, MaxBody)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	dec.UseNumber()
	err := dec.Decode(v)
	if err == nil {
		if _, err2 := dec.Token(); err2 != io.EOF {
			err = errors.New("dữ liệu thừa sau giá trị JSON (extra data after the JSON value)")
		}
	}
	if err == nil {
		return nil
	}
	var mb *http.MaxBytesError
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &mb):
		return gis.Errorf(gis.EINVALID, "yêu cầu quá lớn: tối đa %d byte (request body too large: at most %d bytes)", mb.Limit, mb.Limit)
	case errors.As(err, &se):
		return gis.Errorf(gis.EINVALID, "JSON không hợp lệ ở byte %d (malformed JSON at byte %d): %v", se.Offset, se.Offset, err)
	case errors.As(err, &te):
		return gis.Errorf(gis.EINVALID, "JSON sai kiểu ở %q: cần %s (wrong type for %q: want %s)", te.Field, te.Type, te.Field, te.Type)
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return gis.Errorf(gis.EINVALID, "trường không rõ (unknown field): %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
	case errors.Is(err, io.EOF):
		return gis.Errorf(gis.EINVALID, "thiếu nội dung JSON (empty body)")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return gis.Errorf(gis.EINVALID, "JSON không hợp lệ: kết thúc giữa chừng (malformed JSON: unexpected end)")
	}
	return gis.Errorf(gis.EINVALID, "JSON không hợp lệ (malformed JSON): %v", err)
}

func (h *Handler) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := h.svc.Store.Ping(ctx); err != nil {
		h.log.Error("healthz", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "store unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// LoginRequest and LoginResponse are POST /api/v1/login.
type LoginRequest struct {
	User     string `json:"user"`
	Password string `json:"password"`
}

type LoginResponse struct {
	Token   string    `json:"token"`
	Expires time.Time `json:"expires"`
	User    UserInfo  `json:"user"`
}

// UserInfo is who a token belongs to.
type UserInfo struct {
	Name string `json:"name"`
	Role string `json:"role"`
	Ward string `json:"ward"`
	TDP  string `json:"tdp,omitempty"`
}

func info(u *server.User) UserInfo {
	return UserInfo{Name: u.Name, Role: u.Role, Ward: u.Ward, TDP: u.TDP}
}

// MaxLoginBody is the largest login request: a name and a password.
const MaxLoginBody = 16 << 10

func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	// The answer holds a token: no cache, shared or private, may keep it.
	w.Header().Set("Cache-Control", "no-store")
	r.Body = http.MaxBytesReader(w, r.Body, MaxLoginBody)
	var req LoginRequest
	if err := decode(w, r, &req); err != nil {
		writeError(w, err)
		return
	}
	client, _, _ := net.SplitHostPort(r.RemoteAddr)
	tok, u, exp, err := h.svc.Login(r.Context(), req.User, req.Password, client)
	if err != nil {
		h.log.Warn("login failed", "user", req.User, "client", client, "err", err)
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, LoginResponse{Token: tok, Expires: exp, User: info(u)})
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request, _ *server.User) {
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if err := h.svc.Logout(r.Context(), strings.TrimSpace(tok)); err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (h *Handler) me(w http.ResponseWriter, _ *http.Request, u *server.User) {
	writeJSON(w, http.StatusOK, info(u))
}

func (h *Handler) push(w http.ResponseWriter, r *http.Request, u *server.User) {
	var req wire.PushRequest
	if err := decode(w, r, &req); err != nil {
		writeError(w, err)
		return
	}
	if req.Ops == nil {
		writeError(w, gis.Errorf(gis.EINVALID, `thiếu danh sách "ops" (the body needs "ops": a list of operations)`))
		return
	}
	res, err := h.svc.Push(r.Context(), u, req.Ops)
	if err != nil {
		if gis.ErrorCode(err) == gis.EINTERNAL {
			h.log.Error("push", "user", u.Name, "err", err)
		}
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, wire.PushResponse{Results: res})
}

func (h *Handler) changes(w http.ResponseWriter, r *http.Request, u *server.User) {
	q := server.ChangesQuery{}
	v := r.URL.Query()
	var err error
	if s := v.Get("after"); s != "" {
		if q.After, err = strconv.ParseInt(s, 10, 64); err != nil || q.After < 0 {
			writeError(w, gis.Errorf(gis.EINVALID, "after=%q không phải số (not a revision)", s))
			return
		}
	}
	if s := v.Get("limit"); s != "" {
		if q.Limit, err = strconv.Atoi(s); err != nil || q.Limit < 1 {
			writeError(w, gis.Errorf(gis.EINVALID, "limit=%q không hợp lệ (bad limit)", s))
			return
		}
	}
	if q.Kinds, err = server.ParseKinds(v["kinds"]); err != nil {
		writeError(w, err)
		return
	}
	if s := v.Get("bbox"); s != "" {
		parts := strings.Split(s, ",")
		var b [4]float64
		ok := len(parts) == 4
		for i := 0; ok && i < 4; i++ {
			b[i], err = strconv.ParseFloat(parts[i], 64)
			ok = err == nil && !math.IsNaN(b[i]) && !math.IsInf(b[i], 0)
		}
		if !ok || b[0] > b[2] || b[1] > b[3] || b[0] < -180 || b[2] > 180 || b[1] < -90 || b[3] > 90 {
			writeError(w, gis.Errorf(gis.EINVALID, "bbox=%q cần minlon,minlat,maxlon,maxlat (bad bbox)", s))
			return
		}
		q.Bound = &b
	}
	// The page is written as it is read: each record's fields go out as
	// the JSON text the store holds (a wire.Page to the client). An error
	// after the first record cuts the answer, which the client retries.
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	started := false
	next, more, head, err := h.svc.PullRaw(r.Context(), u, q, func(rec *server.RawRecord) error {
		if !started {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(http.StatusOK)
			bw.WriteString(`{"records":[`)
			started = true
		} else {
			bw.WriteByte(',')
		}
		return enc.Encode(pageRecord{Kind: rec.Kind, ID: rec.ID, Rev: rec.Rev, Fields: rec.Fields, Deleted: rec.Deleted,
			CreatedAt: rec.CreatedAt, CreatedBy: rec.CreatedBy, UpdatedAt: rec.UpdatedAt, UpdatedBy: rec.UpdatedBy})
	})
	if err != nil {
		if !started {
			writeError(w, err)
			return
		}
		h.log.Error("pull", "user", u.Name, "err", err)
		panic(http.ErrAbortHandler) // the client sees a cut answer, not a short page
	}
	if !started {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		bw.WriteString(`{"records":[`)
	}
	fmt.Fprintf(bw, `],"next":%d,"more":%t,"head":%d}`+"\n", next, more, head)
	bw.Flush()
}

// pageRecord is a wire.Record with its fields as stored JSON.
type pageRecord struct {
	Kind      string          `json:"kind"`
	ID        string          `json:"id"`
	Rev       int64           `json:"rev"`
	Fields    json.RawMessage `json:"fields"`
	Deleted   bool            `json:"deleted,omitempty"`
	CreatedAt time.Time       `json:"created_at"`
	CreatedBy string          `json:"created_by,omitempty"`
	UpdatedAt time.Time       `json:"updated_at"`
	UpdatedBy string          `json:"updated_by,omitempty"`
}

// HistoryResponse is GET /api/v1/records/{id}/history.
type HistoryResponse struct {
	Changes []wire.Change `json:"changes"`
}

func (h *Handler) history(w http.ResponseWriter, r *http.Request, u *server.User) {
	cs, err := h.svc.History(r.Context(), u, r.PathValue("id"))
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, HistoryResponse{Changes: cs})
}

// BlobsRequest and BlobsResponse are POST /api/v1/blobs/missing.
type BlobsRequest struct {
	SHA256 []string `json:"sha256"`
}

type BlobsResponse struct {
	Missing []string `json:"missing"`
}

func (h *Handler) blobsMissing(w http.ResponseWriter, r *http.Request, u *server.User) {
	var req BlobsRequest
	if err := decode(w, r, &req); err != nil {
		writeError(w, err)
		return
	}
	for _, s := range req.SHA256 {
		if err := server.CheckSHA(s); err != nil {
			writeError(w, err)
			return
		}
	}
	has, err := h.svc.Store.HasBlobs(r.Context(), u.Ward, req.SHA256)
	if err != nil {
		writeError(w, err)
		return
	}
	resp := BlobsResponse{Missing: []string{}}
	for _, s := range req.SHA256 {
		if !has[s] {
			resp.Missing = append(resp.Missing, s)
		}
	}
	writeJSON(w, http.StatusOK, resp)
}

// BlobStatus is how much of a blob the server holds.
type BlobStatus struct {
	Received int64 `json:"received"`
	Complete bool  `json:"complete"`
}

func (h *Handler) blobStatus(w http.ResponseWriter, r *http.Request, u *server.User) {
	sha := r.PathValue("sha")
	if err := server.CheckSHA(sha); err != nil {
		writeError(w, err)
		return
	}
	n, done, err := h.svc.Store.Received(r.Context(), u.Ward, sha)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, BlobStatus{Received: n, Complete: done})
}

// blobPut takes one chunk: PUT /api/v1/blobs/{sha}?offset=N&size=S.
func (h *Handler) blobPut(w http.ResponseWriter, r *http.Request, u *server.User) {
	sha := r.PathValue("sha")
	if err := server.CheckSHA(sha); err != nil {
		writeError(w, err)
		return
	}
	off, err1 := strconv.ParseInt(r.URL.Query().Get("offset"), 10, 64)
	size, err2 := strconv.ParseInt(r.URL.Query().Get("size"), 10, 64)
	if err1 != nil || err2 != nil || off < 0 || size <= 0 || size > server.BlobMax {
		writeError(w, gis.Errorf(gis.EINVALID, "cần offset và size hợp lệ, size ≤ %d (offset and size required)", server.BlobMax))
		return
	}
	if !server.CanWrite(u.Role, "attachment") {
		writeError(w, gis.Errorf(gis.EFORBIDDEN, "vai trò %s không được tải ảnh lên (role may not upload)", u.Role))
		return
	}
	if err := h.svc.Store.ClaimUpload(r.Context(), u.Ward, u.ID, sha, size, server.MaxPartialUploads, server.MaxPartialBytes); err != nil {
		if gis.ErrorCode(err) == gis.ECONFLICT {
			// Not 409, which tells the laptop where to resume: a quota.
			var body ErrorBody
			body.Error.Code, body.Error.Message = "quota", err.Error()
			writeJSON(w, http.StatusInsufficientStorage, body)
			return
		}
		writeError(w, err)
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, server.ChunkMax))
	if err != nil {
		writeError(w, gis.Errorf(gis.EINVALID, "phần tải lên quá lớn hoặc bị cắt (chunk too large or cut): %v", err))
		return
	}
	n, err := h.svc.Store.PutChunk(r.Context(), u.Ward, sha, size, off, data)
	if err != nil {
		if gis.ErrorCode(err) == gis.ECONFLICT {
			writeJSON(w, http.StatusConflict, BlobStatus{Received: n})
			return
		}
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, BlobStatus{Received: n, Complete: n == size})
}

func (h *Handler) blobGet(w http.ResponseWriter, r *http.Request, u *server.User) {
	sha := r.PathValue("sha")
	if err := server.CheckSHA(sha); err != nil {
		writeError(w, err)
		return
	}
	b, err := h.svc.Store.Blob(r.Context(), u.Ward, sha)
	if err != nil {
		writeError(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("ETag", `"`+sha+`"`)
	ServeBytes(w, r, sha, b)
}

// ServeBytes is http.ServeContent for one blob with the Range header
// tamed: a laptop resumes with one range ("bytes=N-"), so a request of
// several ranges is answered with the whole blob (RFC 9110 lets a server
// ignore Range; 5,000 one-byte ranges made a multipart answer 15 times
// the blob), and an empty suffix range ("bytes=-0", which ServeContent
// answers 206 with an impossible Content-Range) is 416.
func ServeBytes(w http.ResponseWriter, r *http.Request, name string, b []byte) {
	if rg := r.Header.Get("Range"); rg != "" {
		spec, ok := strings.CutPrefix(rg, "bytes=")
		spec = strings.TrimSpace(spec)
		switch {
		case !ok || strings.Contains(spec, ","):
			r.Header.Del("Range")
		case strings.HasPrefix(spec, "-") && strings.Trim(spec[1:], "0") == "":
			w.Header().Set("Content-Range", fmt.Sprintf("bytes */%d", len(b)))
			http.Error(w, "khoảng byte rỗng (empty range)", http.StatusRequestedRangeNotSatisfiable)
			return
		}
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
}
