package dashboard

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"wardmap/data/server"
	"wardmap/gis"
	"wardmap/gis/indicator"
)

func itoa(i int) string { return strconv.Itoa(i) }

// periodNames are the periods the form offers: each quarter, half and
// year of the plan, and the whole plan.
func periodNames() []string {
	var out []string
	for y := indicator.Plan.From.Year; y <= indicator.Plan.To.Year; y++ {
		for q := 1; q <= 4; q++ {
			out = append(out, fmt.Sprintf("%d-Q%d", y, q))
		}
		out = append(out, fmt.Sprintf("%d-H1", y), fmt.Sprintf("%d-H2", y), itoa(y))
	}
	return append(out, indicator.Plan.Name)
}

// option is one choice of a select.
type option struct {
	Value, Label string
	Selected     bool
}

type optGroup struct {
	Label   string
	Options []option
}

// row is one target's line.
type row struct {
	Code, Name, Value, Target, ProgressText, Status, StatusClass string
	Progress                                                     int
	// Data* are the exact figures for machines (tests): the value as Go
	// formats a float64 ("" when none) and the status code.
	DataValue, DataStatus string
	Link                  string // chooses this target for the map
	Chosen                bool
	NotMeasured           bool // the target is not measured for the chosen TDP
	Spark                 spark
}

type group struct {
	Label string
	Rows  []row
}

type chip struct {
	Class, Label string
	N            int
}

// tdpRow is one TDP's line under the map.
type tdpRow struct {
	ID, Name, Value, Status, StatusClass, DataValue, DataStatus, Link string
	Chosen                                                            bool
}

type pageData struct {
	T                       text
	Lang                    string
	User, Role              string
	PeriodName, PeriodLabel string
	AsOf                    string
	Stale                   string // the note on a stale memo's page
	Periods                 []optGroup
	Scopes                  []option
	ScopeLabel              string
	TDP                     string // the chosen TDP's id, "" for the ward
	Target                  string
	TargetName              string
	Summary                 []chip
	Groups                  []group
	Map                     svgMap
	TDPRows                 []tdpRow
	NotPerTDP               bool
	LangLink, LangName      string
}

// text is the page's words in one language.
type text struct {
	Title, Ward, Period, Scope, Show, Logout, AsOf, Targets, MapTitle, Legend, NotPerTDP, NoTDP, TDPCol, ValueCol,
	TargetCol, ProgressCol, StatusCol, TrendCol, LoginTitle, UserName, Password, LoginButton, Back, NotMeasured, Choose,
	Quarters, Halves, Years, Whole, LoginHint string
}

func texts(l lang) text {
	if l == en {
		return text{Title: "Plan targets 2026–2030", Ward: "Whole ward", Period: "Period", Scope: "Ward or TDP", Show: "Show",
			Logout: "Log out", AsOf: "figures as of", Targets: "The plan's targets", MapTitle: "TDPs by target", Legend: "Legend",
			NotPerTDP: "This target is not measured per TDP.", NoTDP: "No TDP on the server yet.", TDPCol: "TDP", ValueCol: "Value",
			TargetCol: "Target", ProgressCol: "Progress", StatusCol: "Status", TrendCol: "Trend by quarter", LoginTitle: "Log in",
			UserName: "User name", Password: "Password", LoginButton: "Log in", Back: "Back to the dashboard",
			NotMeasured: "not measured per TDP", Choose: "Show on the map", Quarters: "Quarters", Halves: "Half years", Years: "Years",
			Whole: "Whole plan", LoginHint: "Use your account on the ward's server (the one wardmap syncs with)."}
	}
	return text{Title: "Chỉ tiêu kế hoạch 2026–2030", Ward: "Toàn phường", Period: "Kỳ", Scope: "Phường hoặc tổ dân phố", Show: "Xem",
		Logout: "Đăng xuất", AsOf: "số liệu đến ngày", Targets: "Các chỉ tiêu của kế hoạch", MapTitle: "Tổ dân phố theo chỉ tiêu", Legend: "Chú giải",
		NotPerTDP: "Chỉ tiêu này không đo theo tổ dân phố.", NoTDP: "Máy chủ chưa có tổ dân phố nào.", TDPCol: "Tổ dân phố", ValueCol: "Giá trị",
		TargetCol: "Mục tiêu", ProgressCol: "Tiến độ", StatusCol: "Trạng thái", TrendCol: "Xu hướng theo quý", LoginTitle: "Đăng nhập",
		UserName: "Tên đăng nhập", Password: "Mật khẩu", LoginButton: "Đăng nhập", Back: "Về bảng chỉ tiêu",
		NotMeasured: "không đo theo tổ", Choose: "Xem trên bản đồ", Quarters: "Quý", Halves: "6 tháng", Years: "Năm",
		Whole: "Cả giai đoạn", LoginHint: "Dùng tài khoản trên máy chủ của phường (tài khoản đồng bộ wardmap)."}
}

var roleNames = map[string]gis.Label{
	server.Admin: {VI: "quản trị", EN: "admin"}, server.Leader: {VI: "lãnh đạo", EN: "leader"}, server.Planner: {VI: "cán bộ kế hoạch", EN: "planner"},
}

// link is the page's URL with the choices given (empty ones left out).
func link(p, t, tdp string, l lang) string {
	v := url.Values{}
	if p != "" {
		v.Set("p", p)
	}
	if t != "" {
		v.Set("t", t)
	}
	if tdp != "" {
		v.Set("tdp", tdp)
	}
	if l == en {
		v.Set("lang", "en")
	}
	if len(v) == 0 {
		return Prefix
	}
	return Prefix + "?" + v.Encode()
}

func dataValue(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'g', -1, 64)
}

// build turns a view into what the template draws.
func build(v *view, u *server.User, p indicator.Period, today gis.Date, code, tdpID string, l lang) pageData {
	b := v.board
	d := pageData{T: texts(l), Lang: string(l), User: u.Name, Role: l.pick(roleNames[u.Role]), PeriodName: p.Name,
		PeriodLabel: periodLabel(p, l), AsOf: fmt.Sprintf("%02d/%02d/%d", b.AsOf.Day, b.AsOf.Month, b.AsOf.Year)}
	chosen := chooseTarget(v.cat, code)
	if chosen != nil {
		d.Target, d.TargetName = chosen.Code, l.pick(chosen.Name)
	}
	scope := d.setScope(b, tdpID)
	d.Periods = periodOptions(p.Name, l)
	other := en
	d.LangName = "English"
	if l == en {
		other, d.LangName = vi, "Tiếng Việt"
	}
	d.LangLink = link(p.Name, d.Target, d.TDP, other)
	// The results shown: the ward's, or the TDP's (a target not measured
	// per TDP has no result there).
	results := b.Ward
	if scope != nil {
		results = scope.Results
	}
	d.addGroups(v, results, p, l)
	d.NotPerTDP = chosen != nil && !chosen.HasScope(indicator.TDP)
	byTDP := map[string]indicator.Result{}
	if chosen != nil {
		byTDP = b.ByTDP(chosen.Code)
	}
	d.addTDPRows(b, byTDP, p, l)
	d.Map = drawMap(v, b, byTDP, d, l)
	return d
}

// chooseTarget is the target asked for, else the first measured per TDP,
// else the first of all (nil for an empty catalogue).
func chooseTarget(cat indicator.Catalogue, code string) *indicator.Target {
	if t, ok := cat.Get(code); ok {
		return t
	}
	for i := range cat {
		if cat[i].HasScope(indicator.TDP) {
			return &cat[i]
		}
	}
	if len(cat) > 0 {
		return &cat[0]
	}
	return nil
}

// setScope fills the scope chooser (the ward, then each TDP) and returns
// the TDP asked for (nil: the ward, also for an unknown id).
func (d *pageData) setScope(b *indicator.Board, tdpID string) *indicator.TDPBoard {
	var scope *indicator.TDPBoard
	for i := range b.TDPs {
		if b.TDPs[i].TDP.ID == tdpID {
			scope = &b.TDPs[i]
		}
	}
	d.ScopeLabel = d.T.Ward
	d.Scopes = []option{{Value: "", Label: d.T.Ward, Selected: scope == nil}}
	for _, tb := range b.TDPs {
		d.Scopes = append(d.Scopes, option{Value: tb.TDP.ID, Label: tb.TDP.Name, Selected: scope != nil && tb.TDP.ID == scope.TDP.ID})
	}
	if scope != nil {
		d.TDP, d.ScopeLabel = scope.TDP.ID, scope.TDP.Name
	}
	return scope
}

// addGroups fills the table of targets by group, with each one's result in
// the scope shown, and the count of each status above it.
func (d *pageData) addGroups(v *view, results []indicator.Result, p indicator.Period, l lang) {
	byCode := map[string]*indicator.Result{}
	for i := range results {
		byCode[results[i].Code] = &results[i]
	}
	counts := map[indicator.Status]int{}
	for _, g := range indicator.Groups {
		gr := group{Label: l.pick(g.Label())}
		for i := range v.cat {
			t := &v.cat[i]
			if t.Group != g {
				continue
			}
			rw := row{Code: t.Code, Name: l.pick(t.Name), Link: link(p.Name, t.Code, d.TDP, l), Chosen: d.Target == t.Code,
				Spark: sparkline(v.trend, t.Code, d.TDP, l)}
			if r := byCode[t.Code]; r != nil {
				pct, ptext := progress(r)
				rw.Value, rw.Target, rw.Progress, rw.ProgressText = value(r.Value, r.Unit, l), target(r, l), pct, ptext
				rw.Status, rw.StatusClass, rw.DataValue, rw.DataStatus = statusLabel(r.Status, l), statusClass(r.Status), dataValue(r.Value), string(r.Status)
				counts[r.Status]++
			} else {
				rw.NotMeasured, rw.Value, rw.Target, rw.Status, rw.StatusClass = true, "—", "", d.T.NotMeasured, "none"
			}
			gr.Rows = append(gr.Rows, rw)
		}
		if len(gr.Rows) > 0 {
			d.Groups = append(d.Groups, gr)
		}
	}
	for _, s := range statuses {
		d.Summary = append(d.Summary, chip{Class: statusClass(s), Label: statusLabel(s, l), N: counts[s]})
	}
}

// addTDPRows fills the chosen target's table by TDP, the worst first.
func (d *pageData) addTDPRows(b *indicator.Board, byTDP map[string]indicator.Result, p indicator.Period, l lang) {
	for _, tb := range b.TDPs {
		r, ok := byTDP[tb.TDP.ID]
		tr := tdpRow{ID: tb.TDP.ID, Name: tb.TDP.Name, Link: link(p.Name, d.Target, tb.TDP.ID, l), Chosen: tb.TDP.ID == d.TDP,
			Value: "—", Status: d.T.NotMeasured, StatusClass: "none"}
		if ok {
			tr.Value, tr.Status, tr.StatusClass = value(r.Value, r.Unit, l), statusLabel(r.Status, l), statusClass(r.Status)
			tr.DataValue, tr.DataStatus = dataValue(r.Value), string(r.Status)
		}
		d.TDPRows = append(d.TDPRows, tr)
	}
	slices.SortStableFunc(d.TDPRows, func(a, b tdpRow) int {
		return severity(indicator.Status(a.DataStatus)) - severity(indicator.Status(b.DataStatus))
	})
}

func periodOptions(chosen string, l lang) []optGroup {
	gs := []optGroup{{Label: texts(l).Quarters}, {Label: texts(l).Halves}, {Label: texts(l).Years}, {Label: texts(l).Whole}}
	for _, n := range periodNames() {
		p := indicator.MustPeriod(n)
		_, rest, _ := strings.Cut(n, "-")
		i := 3
		switch {
		case rest == "":
			i = 2
		case rest[0] == 'Q':
			i = 0
		case rest[0] == 'H':
			i = 1
		}
		gs[i].Options = append(gs[i].Options, option{Value: n, Label: periodLabel(p, l), Selected: n == chosen})
	}
	return gs
}

// spark is a target's trend: the ward's value per quarter of the plan so
// far, as an SVG polyline.
type spark struct {
	Points string
	Dots   []dot
	Title  string
	Empty  bool
}

type dot struct {
	X, Y, Colour string
}

const sparkW, sparkH, sparkPad = 100.0, 28.0, 3.0

func sparkline(trend []quarter, code, tdp string, l lang) spark {
	var s spark
	type pt struct {
		v  float64
		st indicator.Status
		i  int
	}
	var pts []pt
	var titles []string
	for i, q := range trend {
		results := q.Board.Ward
		if tdp != "" {
			results = nil
			for _, tb := range q.Board.TDPs {
				if tb.TDP.ID == tdp {
					results = tb.Results
				}
			}
		}
		for _, r := range results {
			if r.Code != code {
				continue
			}
			titles = append(titles, periodLabel(q.Period, l)+": "+value(r.Value, r.Unit, l))
			if r.Value != nil {
				pts = append(pts, pt{*r.Value, r.Status, i})
			}
		}
	}
	s.Title = strings.Join(titles, "; ")
	if len(pts) == 0 {
		s.Empty = true
		return s
	}
	lo, hi := pts[0].v, pts[0].v
	for _, p := range pts {
		lo, hi = min(lo, p.v), max(hi, p.v)
	}
	n := max(len(trend)-1, 1)
	var b strings.Builder
	for k, p := range pts {
		x := sparkPad + (sparkW-2*sparkPad)*float64(p.i)/float64(n)
		y := sparkH / 2
		if hi > lo {
			y = sparkH - sparkPad - (sparkH-2*sparkPad)*(p.v-lo)/(hi-lo)
		}
		if len(trend) == 1 {
			x = sparkW / 2
		}
		if k > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%.1f,%.1f", x, y)
		s.Dots = append(s.Dots, dot{X: fmt.Sprintf("%.1f", x), Y: fmt.Sprintf("%.1f", y), Colour: colour(p.st)})
	}
	s.Points = b.String()
	return s
}

// svgMap is the TDPs drawn in a 600-wide box, coloured by the chosen
// target's status in each.
type svgMap struct {
	W, H   int
	Shapes []shape
	Legend []chip
	Empty  bool
}

type shape struct {
	D, Fill, Title, Link, Label, Value string
	X, Y                               string
	Chosen                             bool
}

const mapW, mapPad = 600.0, 8.0

func drawMap(v *view, b *indicator.Board, byTDP map[string]indicator.Result, d pageData, l lang) svgMap {
	m := svgMap{W: int(mapW)}
	var geoms []orb.Geometry
	var bound orb.Bound
	for i, tb := range b.TDPs {
		var g orb.Geometry
		if f := v.tdpGeom(tb.TDP.ID); f != nil {
			g = f
		}
		geoms = append(geoms, g)
		if g == nil {
			continue
		}
		if i == 0 || bound.IsZero() {
			bound = g.Bound()
		} else {
			bound = bound.Union(g.Bound())
		}
	}
	if bound.IsZero() {
		m.Empty, m.H = true, 0
		return m
	}
	mx, my := gis.MetresPerDegree(bound.Center()[1])
	kx := mx / my
	w, h := (bound.Max[0]-bound.Min[0])*kx, bound.Max[1]-bound.Min[1]
	s := (mapW - 2*mapPad) / max(w, 1e-9)
	H := min(h*s+2*mapPad, 900)
	s = min(s, (H-2*mapPad)/max(h, 1e-9))
	ox, oy := (mapW-w*s)/2, (H-h*s)/2
	proj := func(p orb.Point) (float64, float64) {
		return ox + (p[0]-bound.Min[0])*kx*s, H - oy - (p[1]-bound.Min[1])*s
	}
	m.H = int(math.Ceil(H))
	counts := map[indicator.Status]int{}
	for i, tb := range b.TDPs {
		g := geoms[i]
		if g == nil {
			continue
		}
		sh := shape{Link: link(d.PeriodName, d.Target, tb.TDP.ID, l), Label: shortName(tb.TDP.Name), Chosen: tb.TDP.ID == d.TDP, Fill: "#e0e0e0"}
		val := d.T.NotMeasured
		if r, ok := byTDP[tb.TDP.ID]; ok {
			sh.Fill, val = colour(r.Status), value(r.Value, r.Unit, l)+" · "+statusLabel(r.Status, l)
			sh.Value = value(r.Value, r.Unit, l)
			counts[r.Status]++
		}
		sh.Title = tb.TDP.Name + ": " + val
		var path strings.Builder
		addRings(&path, g, proj)
		sh.D = path.String()
		c, _ := planar.CentroidArea(g)
		x, y := proj(c)
		sh.X, sh.Y = fmt.Sprintf("%.1f", x), fmt.Sprintf("%.1f", y)
		m.Shapes = append(m.Shapes, sh)
	}
	for _, st := range statuses {
		m.Legend = append(m.Legend, chip{Class: statusClass(st), Label: statusLabel(st, l), N: counts[st]})
	}
	return m
}

func addRings(b *strings.Builder, g orb.Geometry, proj func(orb.Point) (float64, float64)) {
	ring := func(r orb.Ring) {
		for i, p := range r {
			x, y := proj(p)
			c := byte('L')
			if i == 0 {
				c = 'M'
			}
			fmt.Fprintf(b, "%c%.1f %.1f", c, x, y)
		}
		b.WriteByte('Z')
	}
	switch g := g.(type) {
	case orb.Polygon:
		for _, r := range g {
			ring(r)
		}
	case orb.MultiPolygon:
		for _, pg := range g {
			for _, r := range pg {
				ring(r)
			}
		}
	}
}

// tdpGeom is a TDP's polygon as the model holds it (nil when it has none).
func (v *view) tdpGeom(id string) orb.Geometry {
	if v.geoms == nil {
		return nil
	}
	return v.geoms[id]
}

// staleNote says when the figures shown were computed, and that newer
// ones are on their way.
func staleNote(v *view, l lang) string {
	if v.at.IsZero() {
		b := v.board.AsOf
		return fmt.Sprintf(l.t("Số liệu đến ngày %02d/%02d/%d — đang cập nhật", "Figures as of %02d/%02d/%d — updating"), b.Day, b.Month, b.Year)
	}
	return l.t("Số liệu đến ", "Figures as of ") + v.at.In(gis.VietnamTime).Format("15:04 02/01/2006") + l.t(" — đang cập nhật", " — updating")
}
