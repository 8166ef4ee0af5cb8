// Package dashboard is wardd's page for the ward's leaders (issue 13): the
// plan's 18 targets for a chosen period, for the ward or one TDP, with the
// status colours, a trend per target and a map of the TDPs coloured by the
// chosen target. The numbers are those of `wardmap indicators`: the same
// indicator.Model computes them, from the server's records (see cache.go).
//
// Server-side HTML (html/template) and inline SVG, no script (CSP
// default-src 'none'); Vietnamese first, English with ?lang=en. Only
// leaders, planners and admins see it: a login form sets a session cookie
// holding a server token (the API's, from Service.Login), or a client
// sends the token as "Authorization: Bearer".
package dashboard

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"wardmap/data/server"
	"wardmap/gis"
	"wardmap/gis/indicator"
)

// Prefix is where the dashboard lives.
const Prefix = "/dashboard/"

// CookieName is the session cookie the login form sets.
const CookieName = "wardmap_dash"

// maxLoginForm bounds the login form (a name and a password).
const maxLoginForm = 16 << 10

// Roles may see the dashboard.
var Roles = []string{server.Leader, server.Planner, server.Admin}

// Handler serves the dashboard.
type Handler struct {
	Svc *server.Service
	Log *slog.Logger
	// Now gives the day of evaluation (nil: the service's clock).
	Now   func() time.Time
	cache *cache
	ref   *refresher
	mux   *http.ServeMux
	login map[lang][]byte // the anonymous login page, rendered once
}

// MaxWards is how many wards' models the dashboard keeps in memory.
const MaxWards = 8

// New returns the dashboard over svc.
func New(svc *server.Service, log *slog.Logger) *Handler {
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	h := &Handler{Svc: svc, Log: log, cache: newCache(MaxWards), mux: http.NewServeMux(), login: map[lang][]byte{}}
	h.ref = newRefresher(h, Workers)
	h.cache.now, h.cache.onStale = h.now, h.ref.nudge
	for _, l := range []lang{vi, en} {
		var b bytes.Buffer
		if err := loginTmpl.Execute(&b, loginData(l, "")); err != nil {
			panic(err) // the template and its data are constant
		}
		h.login[l] = b.Bytes()
	}
	h.mux.HandleFunc("GET "+Prefix+"{$}", h.page)
	h.mux.HandleFunc("GET /dashboard", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, Prefix+query(r.URL.RawQuery), http.StatusMovedPermanently)
	})
	h.mux.HandleFunc("POST "+Prefix+"dang-nhap", h.doLogin)
	h.mux.HandleFunc("POST "+Prefix+"dang-xuat", h.doLogout)
	h.mux.HandleFunc(Prefix, func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "Không có trang này (not found)", http.StatusNotFound)
	})
	return h
}

// Pushed tells the dashboard that the ward's records changed (wardd hands
// it to Service.OnPush): its kept views are recomputed in the background,
// at most once for pushes that come while it waits (refresh.go).
func (h *Handler) Pushed(ward string) { h.ref.enqueue(ward) }

// Wait blocks until no ward is queued or being recomputed (tests and
// benchmarks wait on it rather than sleep).
func (h *Handler) Wait() { h.ref.wait() }

// Close cancels the background recomputes and waits for them to end.
func (h *Handler) Close() { h.ref.close() }

func query(raw string) string {
	if raw == "" {
		return ""
	}
	return "?" + raw
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "same-origin")
	// The figures are the ward's own: no shared cache keeps them, and a
	// browser's back button after logout shows nothing kept.
	hd.Set("Cache-Control", "no-store")
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	h.mux.ServeHTTP(sw, r)
	h.Log.LogAttrs(r.Context(), slog.LevelInfo, "dashboard", slog.String("method", r.Method), slog.String("path", r.URL.Path),
		slog.String("query", r.URL.RawQuery), slog.Int("status", sw.status), slog.Duration("took", time.Since(start)))
}

// statusWriter keeps the status for the log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) { w.status = code; w.ResponseWriter.WriteHeader(code) }

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return h.Svc.Now()
}

// token is the session's token: the cookie's, or a bearer token.
func token(r *http.Request) string {
	if t, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		return strings.TrimSpace(t)
	}
	if c, err := r.Cookie(CookieName); err == nil {
		return c.Value
	}
	return ""
}

func (h *Handler) page(w http.ResponseWriter, r *http.Request) {
	l := parseLang(r.URL.Query().Get("lang"))
	tok := token(r)
	if tok == "" {
		// Anonymous: the login page as rendered at start, no store query.
		writeHTML(w, http.StatusOK, h.login[l])
		return
	}
	u, err := h.Svc.Authenticate(r.Context(), tok)
	if err != nil {
		if gis.ErrorCode(err) == gis.EUNAUTHORIZED {
			clearCookie(w, r)
			h.renderLogin(w, http.StatusUnauthorized, l, l.t("Phiên đăng nhập đã hết hạn, mời đăng nhập lại.", "Your session has ended: please log in again."))
			return
		}
		h.fail(w, l, err)
		return
	}
	if !slices.Contains(Roles, u.Role) {
		h.renderMessage(w, http.StatusForbidden, l, u, l.t("Vai trò "+u.Role+" không xem được bảng chỉ tiêu: chỉ lãnh đạo, cán bộ kế hoạch và quản trị.",
			"The role "+u.Role+" may not see the dashboard: leaders, planners and admins only."))
		return
	}
	q := r.URL.Query()
	today := gis.LocalDate(h.now())
	p, err := choosePeriod(q.Get("p"), today)
	if err != nil {
		h.renderMessage(w, http.StatusBadRequest, l, u, err.Error())
		return
	}
	h.ref.ask(u.Ward, p.Name)
	v, err := h.cache.View(r.Context(), h.Svc.Store, u.Ward, p, today, false)
	if err != nil {
		h.fail(w, l, err)
		return
	}
	d := build(v, u, p, today, q.Get("t"), q.Get("tdp"), l)
	if v.stale {
		d.Stale = staleNote(v, l)
	}
	var b bytes.Buffer
	if err := pageTmpl.Execute(&b, d); err != nil {
		h.fail(w, l, err)
		return
	}
	writeHTML(w, http.StatusOK, b.Bytes())
}

// choosePeriod is the period asked for, one of those the form offers
// (the plan's quarters, halves, years and the whole plan), by default
// the quarter of today.
func choosePeriod(s string, today gis.Date) (indicator.Period, error) {
	if s == "" {
		return indicator.QuarterOf(today), nil
	}
	p, err := indicator.ParsePeriod(s)
	if err != nil || !slices.Contains(periodNames(), p.Name) {
		return p, gis.Errorf(gis.EINVALID, "kỳ %q không có trong kế hoạch 2026–2030: chọn quý, 6 tháng, năm hoặc cả giai đoạn (not a period of the plan)", s)
	}
	return p, nil
}

func writeHTML(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b) // a write error means the client left
}

func (h *Handler) fail(w http.ResponseWriter, l lang, err error) {
	h.Log.Error("dashboard", "err", err)
	http.Error(w, l.t("Lỗi máy chủ (server error)", "Server error (lỗi máy chủ)"), http.StatusInternalServerError)
}

func (h *Handler) renderLogin(w http.ResponseWriter, status int, l lang, msg string) {
	var b bytes.Buffer
	if err := loginTmpl.Execute(&b, loginData(l, msg)); err != nil {
		h.fail(w, l, err)
		return
	}
	writeHTML(w, status, b.Bytes())
}

func (h *Handler) renderMessage(w http.ResponseWriter, status int, l lang, u *server.User, msg string) {
	var b bytes.Buffer
	if err := messageTmpl.Execute(&b, messageData{T: texts(l), Lang: string(l), User: u.Name, Message: msg}); err != nil {
		h.fail(w, l, err)
		return
	}
	writeHTML(w, status, b.Bytes())
}

// sameOrigin refuses a form posted from another site (a login or logout
// forced on the user): the browser names the form's origin.
func sameOrigin(r *http.Request) bool {
	if o := r.Header.Get("Origin"); o != "" && o != "null" {
		u, err := url.Parse(o)
		return err == nil && u.Host == r.Host
	}
	s := r.Header.Get("Sec-Fetch-Site")
	return s == "" || s == "same-origin" || s == "none"
}

func (h *Handler) doLogin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxLoginForm)
	err := r.ParseForm()
	l := parseLang(r.PostForm.Get("lang"))
	if err != nil || !sameOrigin(r) {
		h.renderLogin(w, http.StatusBadRequest, l, l.t("Biểu mẫu không hợp lệ.", "Invalid form."))
		return
	}
	client, _, _ := net.SplitHostPort(r.RemoteAddr)
	name := strings.TrimSpace(r.PostForm.Get("user"))
	tok, u, exp, err := h.Svc.Login(r.Context(), name, r.PostForm.Get("password"), client)
	if err != nil {
		var th *server.ErrThrottled
		var busy *server.ErrBusy
		status := http.StatusUnauthorized
		switch {
		case errors.As(err, &th):
			status = http.StatusTooManyRequests
		case errors.As(err, &busy):
			status = http.StatusServiceUnavailable
		case gis.ErrorCode(err) != gis.EUNAUTHORIZED:
			h.fail(w, l, err)
			return
		}
		h.Log.Warn("dashboard login failed", "user", name, "client", client, "err", err)
		h.renderLogin(w, status, l, err.Error())
		return
	}
	if !slices.Contains(Roles, u.Role) {
		h.Svc.Logout(r.Context(), tok)
		h.renderLogin(w, http.StatusForbidden, l, l.t("Vai trò "+u.Role+" không xem được bảng chỉ tiêu: chỉ lãnh đạo, cán bộ kế hoạch và quản trị.",
			"The role "+u.Role+" may not see the dashboard: leaders, planners and admins only."))
		return
	}
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: tok, Path: strings.TrimSuffix(Prefix, "/"), Expires: exp,
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, Prefix+langQuery(l), http.StatusSeeOther)
}

func langQuery(l lang) string {
	if l == en {
		return "?lang=en"
	}
	return ""
}

func (h *Handler) doLogout(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxLoginForm)
	r.ParseForm()
	l := parseLang(r.PostForm.Get("lang"))
	if !sameOrigin(r) {
		h.renderLogin(w, http.StatusBadRequest, l, l.t("Biểu mẫu không hợp lệ.", "Invalid form."))
		return
	}
	if tok := token(r); tok != "" {
		if err := h.Svc.Logout(r.Context(), tok); err != nil {
			h.fail(w, l, err)
			return
		}
	}
	clearCookie(w, r)
	http.Redirect(w, r, Prefix+langQuery(l), http.StatusSeeOther)
}

func clearCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: "", Path: strings.TrimSuffix(Prefix, "/"), MaxAge: -1,
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
}
