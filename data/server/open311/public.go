package open311

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"wardmap/data/server"
	"wardmap/gis"
	"wardmap/gis/casework"
)

// PublicPrefix is where the residents' page lives.
const PublicPrefix = "/phan-anh/"

// Public is the residents' page: the map and list of reports with their
// status and public answer, and a form to send one with a photo.
type Public struct {
	Q       *Queue
	MaxBody int64 // the largest form, photo included (10 MB)
	// Rate limits submissions per client address: at most Burst in Window.
	Burst  int
	Window time.Duration
	// Shown is how many reports the page lists.
	Shown int
	// Log gets the errors a resident only sees as "server error".
	Log  *slog.Logger
	mux  *http.ServeMux
	mu   sync.Mutex
	sent map[string][]time.Time
}

// NewPublic returns the public page over a queue.
func NewPublic(q *Queue) *Public {
	p := &Public{Q: q, MaxBody: 10 << 20, Burst: 5, Window: 10 * time.Minute, Shown: 200, mux: http.NewServeMux(), sent: map[string][]time.Time{},
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	p.mux.HandleFunc("GET "+PublicPrefix+"{$}", p.page)
	p.mux.HandleFunc("POST "+PublicPrefix+"gui", p.submit)
	p.mux.HandleFunc("GET "+PublicPrefix+"anh/{file}", func(w http.ResponseWriter, r *http.Request) { serveMedia(p.Q, p.Log, w, r) })
	return p
}

func (p *Public) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	p.mux.ServeHTTP(w, r)
}

type row struct {
	ID, Category, Status, StatusClass, Date, Address, Text, Answer, Reason, Deadline string
	Overdue                                                                          int
	Photo                                                                            string
}

type mapDot struct {
	X, Y  string
	Class string
	Title string
}

type pageData struct {
	Rows       []row
	Total      int
	Open       int
	Categories []gis.Option
	Streets    []string // SVG path data
	Dots       []mapDot
	Sent       string
	Error      string
	Form       formValues
	MaxMB      int64
}

// formValues is what the form shows again after a mistake; never the
// name or phone, which are private even to the page.
type formValues struct{ Category, Text, Address, Lat, Long, Name, Phone string }

func (p *Public) page(w http.ResponseWriter, r *http.Request) {
	p.render(w, r, http.StatusOK, pageData{Sent: r.URL.Query().Get("da-gui")})
}

func (p *Public) render(w http.ResponseWriter, r *http.Request, status int, d pageData) {
	if err := p.Q.Sync(r.Context(), false); err != nil {
		p.Log.Error("public page: index", "err", err)
		http.Error(w, "Lỗi máy chủ (server error)", http.StatusInternalServerError)
		return
	}
	if d.Sent != "" && !gis.ValidID(d.Sent) {
		d.Sent = ""
	}
	today := gis.LocalDate(p.Q.Now())
	d.Categories, d.Total, d.MaxMB = gis.ReportCategories, p.Q.Len(), p.MaxBody>>20
	var es []*Entry
	p.Q.Latest(func(e *Entry) bool {
		if casework.ReportOpen(e.F.Text("status")) {
			d.Open++
		}
		if len(es) < p.Shown {
			es = append(es, e)
		}
		return true
	})
	streets := p.Q.Streets()
	proj := projector(mapBound(streets, es))
	d.Streets = streetPaths(streets, proj)
	for _, e := range es {
		rw := entryRow(e, today)
		d.Rows = append(d.Rows, rw)
		pt, _ := e.F.Geom.(orb.Point)
		x, y := proj(pt)
		d.Dots = append(d.Dots, mapDot{X: fmt.Sprintf("%.1f", x), Y: fmt.Sprintf("%.1f", y), Class: rw.StatusClass, Title: rw.Category + " – " + rw.Status})
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	pageTmpl.Execute(w, d) // a write error means the client left
}

// mapBound is what the page's map shows: the ward's streets and the
// reports listed.
func mapBound(streets []*gis.Feature, es []*Entry) orb.Bound {
	var bound orb.Bound
	first := true
	grow := func(pt orb.Point) {
		if first {
			bound, first = orb.Bound{Min: pt, Max: pt}, false
		}
		bound = bound.Extend(pt)
	}
	for _, s := range streets {
		if ls, ok := s.Geom.(orb.LineString); ok {
			for _, pt := range ls {
				grow(pt)
			}
		}
	}
	for _, e := range es {
		pt, _ := e.F.Geom.(orb.Point)
		grow(pt)
	}
	return bound
}

// streetPaths are the streets as SVG path data in the map's box.
func streetPaths(streets []*gis.Feature, proj func(orb.Point) (float64, float64)) []string {
	var paths []string
	for _, s := range streets {
		ls, ok := s.Geom.(orb.LineString)
		if !ok || len(ls) < 2 {
			continue
		}
		var b strings.Builder
		for i, pt := range ls {
			x, y := proj(pt)
			if i == 0 {
				fmt.Fprintf(&b, "M%.1f %.1f", x, y)
			} else {
				fmt.Fprintf(&b, "L%.1f %.1f", x, y)
			}
		}
		paths = append(paths, b.String())
	}
	return paths
}

// entryRow is a report as the page lists it: what the public may see,
// its deadline while open and how overdue it is today.
func entryRow(e *Entry, today gis.Date) row {
	f := e.F
	st := f.Text("status")
	cat, _ := category(f.Text("category"))
	rw := row{ID: f.ID, Category: cat.Label.VI, Status: StatusLabel(st), StatusClass: OpenStatus(st),
		Date: e.Received.In(gis.VietnamTime).Format("02/01/2006 15:04"), Address: f.Text("address"), Text: f.Text("text"),
		Answer: f.Text("public_answer")}
	if st == casework.Duplicate || st == casework.NotCompetent {
		rw.Reason = f.Text("reason")
	}
	if dl, ok := casework.EffectiveDeadline(f); ok && casework.ReportOpen(st) {
		rw.Deadline = fmt.Sprintf("%02d/%02d/%d", dl.Day, dl.Month, dl.Year)
	}
	rw.Overdue, _ = casework.Overdue(f, today)
	if rw.Overdue > 0 {
		rw.StatusClass = "overdue"
	}
	if len(e.Photos) > 0 {
		rw.Photo = PublicPrefix + "anh/" + e.Photos[0] + ".jpg"
	}
	return rw
}

// projector maps lon/lat into the 600×400 SVG box, keeping the aspect of
// metres at the ward's latitude.
func projector(b orb.Bound) func(orb.Point) (float64, float64) {
	const W, H, pad = 600.0, 400.0, 12.0
	mx, my := gis.MetresPerDegree(b.Center()[1])
	kx := mx / my // a degree of longitude, in degrees-of-latitude lengths
	w, h := (b.Max[0]-b.Min[0])*kx, b.Max[1]-b.Min[1]
	s := 1.0
	if w > 0 || h > 0 {
		s = min((W-2*pad)/max(w, 1e-9), (H-2*pad)/max(h, 1e-9))
	}
	ox := (W - w*s) / 2
	oy := (H - h*s) / 2
	return func(p orb.Point) (float64, float64) {
		return ox + (p[0]-b.Min[0])*kx*s, H - oy - (p[1]-b.Min[1])*s
	}
}

// allow counts a submission from an address; false when over the limit.
func (p *Public) allow(addr string, now time.Time) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.sent) > 10000 {
		// Forget addresses whose window has passed, so that the map does
		// not grow with every address ever seen.
		for a, ts := range p.sent {
			if len(ts) == 0 || now.Sub(ts[len(ts)-1]) >= p.Window {
				delete(p.sent, a)
			}
		}
	}
	kept := p.sent[addr][:0]
	for _, t := range p.sent[addr] {
		if now.Sub(t) < p.Window {
			kept = append(kept, t)
		}
	}
	if len(kept) >= p.Burst {
		p.sent[addr] = kept
		return false
	}
	p.sent[addr] = append(kept, now)
	return true
}

func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (p *Public) submit(w http.ResponseWriter, r *http.Request) {
	tooBig := func() {
		p.render(w, r, http.StatusRequestEntityTooLarge, pageData{Error: fmt.Sprintf("Ảnh hoặc nội dung quá lớn, tối đa %d MB (too large).", p.MaxBody>>20)})
	}
	if r.ContentLength > p.MaxBody {
		// Refused before reading: the connection closes after this answer.
		w.Header().Set("Connection", "close")
		tooBig()
		return
	}
	if !p.allow(clientAddr(r), p.Q.Now()) {
		w.Header().Set("Retry-After", strconv.Itoa(int(p.Window.Seconds())))
		p.render(w, r, http.StatusTooManyRequests, pageData{Error: "Bạn đã gửi nhiều phản ánh trong thời gian ngắn, xin thử lại sau ít phút (too many reports from this address)."})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, p.MaxBody)
	if err := r.ParseMultipartForm(4 << 20); err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			tooBig()
			return
		}
		p.render(w, r, http.StatusBadRequest, pageData{Error: "Không đọc được biểu mẫu (unreadable form)."})
		return
	}
	fv := formValues{Category: r.PostFormValue("category"), Text: r.PostFormValue("text"), Address: r.PostFormValue("address"),
		Lat: r.PostFormValue("lat"), Long: r.PostFormValue("long"), Name: r.PostFormValue("name"), Phone: r.PostFormValue("phone")}
	fail := func(msg string) {
		p.render(w, r, http.StatusBadRequest, pageData{Error: msg, Form: fv})
	}
	if err := checkFields(r.PostForm); err != nil {
		p.Log.Warn("public form refused", "client", clientAddr(r), "err", err)
		fv = formValues{Category: fv.Category}
		fail(err.Error())
		return
	}
	in, msg := p.formIntake(fv)
	if msg != "" {
		fail(msg)
		return
	}
	var err error
	in.Photos, err = readPhotos(r, "photo")
	var busy *server.ErrBusy
	if errors.As(err, &busy) {
		w.Header().Set("Retry-After", strconv.Itoa(int(busy.RetryAfter.Seconds())))
		p.render(w, r, http.StatusServiceUnavailable, pageData{Error: "Máy chủ đang bận xử lý ảnh, xin gửi lại sau ít giây (server busy, send again in a few seconds).", Form: fv})
		return
	}
	if err != nil {
		fail(err.Error())
		return
	}
	f, _, err := p.Q.Submit(r.Context(), in)
	if err != nil {
		if gis.ErrorCode(err) == gis.EINTERNAL {
			p.Log.Error("public form: submit", "err", err)
			http.Error(w, "Lỗi máy chủ (server error)", http.StatusInternalServerError)
			return
		}
		fail(err.Error())
		return
	}
	http.Redirect(w, r, PublicPrefix+"?da-gui="+f.ID, http.StatusSeeOther)
}

// formIntake is the report the form describes, or the message (in
// Vietnamese, then English) that says what to put right: a text, a
// category, coordinates inside the ward or an address found on its map.
func (p *Public) formIntake(fv formValues) (Intake, string) {
	if strings.TrimSpace(fv.Text) == "" {
		return Intake{}, "Xin nhập nội dung phản ánh (the text is required)."
	}
	in := Intake{Channel: "portal", By: "portal", Category: fv.Category, Text: fv.Text, Address: fv.Address, Name: fv.Name, Phone: fv.Phone}
	if _, ok := category(fv.Category); !ok {
		return Intake{}, "Xin chọn lĩnh vực (choose a category)."
	}
	if fv.Lat != "" || fv.Long != "" {
		y, err1 := strconv.ParseFloat(fv.Lat, 64)
		x, err2 := strconv.ParseFloat(fv.Long, 64)
		if err1 != nil || err2 != nil || !DefaultBBox.Contains(orb.Point{x, y}) {
			return Intake{}, "Tọa độ không hợp lệ hoặc ngoài phường (bad or outside coordinates)."
		}
		in.Point = orb.Point{x, y}
		return in, ""
	}
	pt, ok := p.Q.Locate(fv.Address)
	if !ok {
		return Intake{}, "Không tìm thấy địa chỉ trên bản đồ phường; xin ghi rõ số nhà và tên đường (address not found)."
	}
	in.Point = pt
	return in, ""
}

var pageTmpl = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Phản ánh hiện trường – Phường Kiến An</title>
<style>
body{font-family:system-ui,"Segoe UI",Roboto,Arial,sans-serif;margin:0;background:#f5f6f4;color:#1d2b1f}
header{background:#1f6f3f;color:#fff;padding:14px 16px}
header h1{font-size:1.25rem;margin:0}
header p{margin:4px 0 0;font-size:.9rem}
main{max-width:960px;margin:0 auto;padding:12px}
section{background:#fff;border-radius:8px;padding:12px;margin-bottom:12px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
h2{font-size:1.1rem;margin:0 0 8px}
svg{width:100%;height:auto;background:#eef2ec;border-radius:6px}
svg path{fill:none;stroke:#b7beb4;stroke-width:1.2}
circle{stroke:#fff;stroke-width:1}
circle.open{fill:#d98b00} circle.closed{fill:#2e8b57} circle.overdue{fill:#c62828}
ul.reports{list-style:none;padding:0;margin:0}
ul.reports li{border-top:1px solid #e3e6e1;padding:10px 0}
.badge{display:inline-block;border-radius:10px;padding:1px 8px;font-size:.8rem;color:#fff}
.badge.open{background:#d98b00}.badge.closed{background:#2e8b57}.badge.overdue{background:#c62828}
.meta{font-size:.85rem;color:#5b6b5e}
.answer{background:#eef7f0;border-left:3px solid #2e8b57;padding:6px 8px;margin-top:6px}
.text{white-space:pre-wrap;margin:4px 0}
img.photo{max-width:min(160px,100%);border-radius:4px;display:block;margin-top:6px}
form label{display:block;margin-top:8px;font-weight:600}
input,select,textarea{width:100%;box-sizing:border-box;padding:8px;font:inherit;border:1px solid #c5ccc3;border-radius:6px}
button{margin-top:12px;background:#1f6f3f;color:#fff;border:0;border-radius:6px;padding:10px 18px;font:inherit}
.err{background:#fdecea;color:#8a1c1c;padding:8px;border-radius:6px}
.ok{background:#eef7f0;color:#1f6f3f;padding:8px;border-radius:6px}
.legend span{margin-right:12px;font-size:.85rem}
main,section,li,p,div,b{overflow-wrap:anywhere}
.cols>*{min-width:0}
@media (min-width:800px){.cols{display:grid;grid-template-columns:3fr 2fr;gap:12px}}
</style>
</head>
<body>
<header><h1>Phản ánh hiện trường – Phường Kiến An</h1>
<p>{{.Total}} phản ánh, {{.Open}} đang xử lý. Mọi phản ánh đều được trả lời công khai.</p></header>
<main>
{{if .Sent}}<p class="ok" id="sent">Đã nhận phản ánh của bạn, mã số <b>{{.Sent}}</b>. Kết quả xử lý sẽ hiện ở danh sách dưới đây.</p>{{end}}
{{if .Error}}<p class="err" id="error">{{.Error}}</p>{{end}}
<div class="cols">
<div>
<section id="map"><h2>Bản đồ</h2>
<svg viewBox="0 0 600 400" role="img" aria-label="Bản đồ phản ánh">
{{range .Streets}}<path d="{{.}}"/>{{end}}
{{range .Dots}}<circle cx="{{.X}}" cy="{{.Y}}" r="5" class="{{.Class}}"><title>{{.Title}}</title></circle>{{end}}
</svg>
<p class="legend"><span style="color:#d98b00">● đang xử lý</span><span style="color:#c62828">● quá hạn</span><span style="color:#2e8b57">● đã xử lý</span></p>
</section>
<section id="list"><h2>Phản ánh gần đây</h2>
<ul class="reports">
{{range .Rows}}<li id="r-{{.ID}}">
<span class="badge {{.StatusClass}}">{{.Status}}{{if gt .Overdue 0}} – quá hạn {{.Overdue}} ngày{{end}}</span>
<b>{{.Category}}</b>
<div class="meta">{{.Date}}{{if .Address}} · {{.Address}}{{end}}{{if .Deadline}} · hạn {{.Deadline}}{{end}}</div>
<p class="text">{{.Text}}</p>
{{if .Reason}}<div class="meta">Lý do: {{.Reason}}</div>{{end}}
{{if .Answer}}<div class="answer"><b>Trả lời:</b> {{.Answer}}</div>{{end}}
{{if .Photo}}<img class="photo" src="{{.Photo}}" alt="Ảnh phản ánh" loading="lazy">{{end}}
</li>{{else}}<li>Chưa có phản ánh.</li>{{end}}
</ul>
</section>
</div>
<section id="send"><h2>Gửi phản ánh</h2>
<form method="post" action="/phan-anh/gui" enctype="multipart/form-data">
<label for="category">Lĩnh vực</label>
<select id="category" name="category" required>
{{$cur := .Form.Category}}{{range .Categories}}<option value="{{.Value}}"{{if eq .Value $cur}} selected{{end}}>{{.Label.VI}}</option>{{end}}
</select>
<label for="text">Nội dung</label>
<textarea id="text" name="text" rows="4" maxlength="4000" required>{{.Form.Text}}</textarea>
<label for="address">Địa điểm (số nhà, tên đường)</label>
<input id="address" name="address" value="{{.Form.Address}}">
<label for="lat">Vĩ độ, kinh độ (nếu biết)</label>
<input id="lat" name="lat" inputmode="decimal" placeholder="20.81" value="{{.Form.Lat}}">
<input id="long" name="long" inputmode="decimal" placeholder="106.63" value="{{.Form.Long}}">
<label for="photo">Ảnh (tối đa {{.MaxMB}} MB)</label>
<input id="photo" name="photo" type="file" accept="image/*" capture="environment">
<label for="name">Họ tên (không công khai)</label>
<input id="name" name="name" autocomplete="name">
<label for="phone">Điện thoại (không công khai)</label>
<input id="phone" name="phone" type="tel" autocomplete="tel">
<button type="submit">Gửi phản ánh</button>
</form>
</section>
</div>
</main>
</body>
</html>
`))
