package printout

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/render"
)

// RouteSheet is one inspector's day on paper, for an inspector without a
// handheld: the map of the route, the stops in order and a box to tick each.
// It holds plain values so that any caller (the command line, the Plan tab
// through cmd) can fill it without this package knowing the planner.
type RouteSheet struct {
	Ward      string // the ward's name
	Demo      bool   // the database is the demo: the sheet says so
	Date      string // dd/mm/yyyy
	Inspector string // "Cán bộ 1"
	Start     orb.Point
	Path      orb.LineString // the way to walk, lon/lat
	// Streets are the ward's streets, drawn faint under the route so the
	// map reads against the streets the inspector knows; may be empty.
	Streets []orb.LineString
	Stops   []SheetStop
	LengthM float64
	TimeS   float64
	Created time.Time // fixed for reproducible files; zero: not set
}

// SheetStop is one numbered stop.
type SheetStop struct {
	Kind   string    // in Vietnamese ("Cây xanh")
	Code   string    // the record's code, as on the ground
	Title  string    // name or address
	Where  string    // what to check there, or the street section
	Point  orb.Point // where the number is drawn on the map
	Arrive string    // planned time "08:15"
}

// Rows per page: the first page carries the header and the map, the others
// only the table. Fixed row height keeps the paging predictable (a person
// and a test can tell how many pages a route needs).
const (
	SheetRowsFirst = 11
	SheetRowsNext  = 25
	sheetRowH      = 10.0
	sheetMapH      = 112.0
	demoLabel      = "dữ liệu mẫu — DEMO DATA"
)

// SheetPages is how many pages a route of n stops prints on.
func SheetPages(n int) int {
	if n <= SheetRowsFirst {
		return 1
	}
	return 1 + (n-SheetRowsFirst+SheetRowsNext-1)/SheetRowsNext
}

// WriteRouteSheet writes the sheet as an A4 portrait PDF with DejaVu Sans
// embedded, so every Vietnamese letter prints.
func WriteRouteSheet(w io.Writer, s *RouteSheet) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes(font, "", render.FontTTF())
	pdf.SetMargins(margin, margin, margin)
	// Pages are broken by hand (SheetPages), never in the middle of a row.
	pdf.SetAutoPageBreak(false, bottom)
	pdf.SetTitle("Lộ trình kiểm tra "+s.Inspector+" "+s.Date, true)
	pdf.SetCreator("wardmap", true)
	if !s.Created.IsZero() {
		pdf.SetCreationDate(s.Created)
		pdf.SetModificationDate(s.Created)
	}
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont(font, "", 8)
		pdf.SetTextColor(110, 110, 110)
		pdf.CellFormat(contentW/2, 5, s.Inspector+" – "+s.Date, "", 0, "L", false, 0, "")
		pdf.CellFormat(contentW/2, 5, fmt.Sprintf("Trang %d/{nb}", pdf.PageNo()), "", 0, "R", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})
	pdf.AddPage()
	sheetHeader(pdf, s)
	y := pdf.GetY() + 2
	sheetMap(pdf, s, margin, y, contentW, sheetMapH)
	pdf.SetY(y + sheetMapH + 3)
	rows := SheetRowsFirst
	for i := 0; i < len(s.Stops) || i == 0; {
		sheetTableHeader(pdf)
		for k := 0; k < rows && i < len(s.Stops); k++ {
			sheetRow(pdf, i+1, s.Stops[i])
			i++
		}
		if i >= len(s.Stops) {
			break
		}
		pdf.AddPage()
		rows = SheetRowsNext
	}
	if len(s.Stops) == 0 {
		pdf.SetFont(font, "", 9)
		pdf.CellFormat(contentW, 8, "Không có điểm nào trong ngày (no stops today).", "", 1, "L", false, 0, "")
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("route sheet: pdf: %w", err)
	}
	return pdf.Output(w)
}

func sheetHeader(p *fpdf.Fpdf, s *RouteSheet) {
	p.SetFont(font, "", 14)
	p.CellFormat(contentW, 7, "LỘ TRÌNH KIỂM TRA — "+strings.ToUpper(s.Inspector), "", 1, "L", false, 0, "")
	p.SetFont(font, "", 9.5)
	ward := s.Ward
	if s.Demo && !strings.Contains(ward, "DEMO DATA") {
		ward += " (" + demoLabel + ")"
	}
	p.CellFormat(contentW, 5, fmt.Sprintf("%s · Ngày %s", ward, s.Date), "", 1, "L", false, 0, "")
	m := int(s.TimeS/60 + 0.5)
	p.CellFormat(contentW, 5, fmt.Sprintf("%d điểm (stops) · %.2f km · %dh%02d dự kiến (planned) · bắt đầu và kết thúc tại ★",
		len(s.Stops), s.LengthM/1000, m/60, m%60), "", 1, "L", false, 0, "")
	if s.Demo {
		p.SetTextColor(190, 40, 40)
		p.CellFormat(contentW, 5, strings.ToUpper(demoLabel[:1])+demoLabel[1:]+": không dùng cho kiểm tra thật (not for real inspections)", "", 1, "L", false, 0, "")
		p.SetTextColor(0, 0, 0)
	}
}

// sheetMap draws the route as vector lines in the box: an equirectangular
// projection at the route's latitude is exact enough for a ward, and
// vectors print sharp at any zoom of the paper.
func sheetMap(p *fpdf.Fpdf, s *RouteSheet, x, y, w, h float64) {
	p.SetDrawColor(120, 120, 120)
	p.SetLineWidth(0.2)
	p.Rect(x, y, w, h, "D")
	var b orb.Bound
	first := true
	add := func(pt orb.Point) {
		if first {
			b, first = orb.Bound{Min: pt, Max: pt}, false
			return
		}
		b = b.Extend(pt)
	}
	add(s.Start)
	for _, pt := range s.Path {
		add(pt)
	}
	for _, st := range s.Stops {
		add(st.Point)
	}
	// A route of one spot (or none) still gets a map of its street block,
	// not a scale of metres per micrometre.
	if half := 0.0015; b.Max[0]-b.Min[0] < 2*half || b.Max[1]-b.Min[1] < 2*half {
		c := b.Center()
		b = b.Union(orb.Bound{Min: orb.Point{c[0] - half, c[1] - half}, Max: orb.Point{c[0] + half, c[1] + half}})
	}
	// Drawn on the local plane in metres, so the scale is mm per metre.
	kx, ky := gis.MetresPerDegree(b.Center()[1])
	bw, bh := (b.Max[0]-b.Min[0])*kx, (b.Max[1]-b.Min[1])*ky
	const pad = 8.0
	scale := math.Min((w-2*pad)/math.Max(bw, 1e-9), (h-2*pad)/math.Max(bh, 1e-9))
	// Centre the drawing in the box.
	ox := x + (w-bw*scale)/2
	oy := y + (h-bh*scale)/2
	proj := func(pt orb.Point) (float64, float64) {
		return ox + (pt[0]-b.Min[0])*kx*scale, oy + (b.Max[1]-pt[1])*ky*scale
	}
	// Streets are clipped to the box: the map's frame is the route's.
	p.ClipRect(x, y, w, h, false)
	p.SetDrawColor(200, 200, 200)
	p.SetLineWidth(0.25)
	for _, ls := range s.Streets {
		if !ls.Bound().Intersects(b.Pad(0.002)) {
			continue
		}
		for i := 1; i < len(ls); i++ {
			x0, y0 := proj(ls[i-1])
			x1, y1 := proj(ls[i])
			p.Line(x0, y0, x1, y1)
		}
	}
	p.ClipEnd()
	p.SetDrawColor(30, 90, 200)
	p.SetLineWidth(0.6)
	p.SetLineCapStyle("round")
	p.SetLineJoinStyle("round")
	for i := 1; i < len(s.Path); i++ {
		x0, y0 := proj(s.Path[i-1])
		x1, y1 := proj(s.Path[i])
		p.Line(x0, y0, x1, y1)
	}
	sheetArrows(p, s.Path, proj)
	sheetStops(p, s.Stops, proj)
	// The start: a filled green square with a star.
	sx, sy := proj(s.Start)
	p.SetFillColor(20, 140, 60)
	p.SetDrawColor(255, 255, 255)
	p.Rect(sx-2.6, sy-2.6, 5.2, 5.2, "FD")
	p.SetTextColor(255, 255, 255)
	p.SetFont(font, "", 7)
	p.SetXY(sx-2.6, sy-2.6)
	p.CellFormat(5.2, 5.2, "★", "", 0, "C", false, 0, "")
	p.SetTextColor(0, 0, 0)
	// Scale bar: a round length near a fifth of the box.
	sheetScaleBar(p, x+4, y+5, scale, w/5)
	p.SetFont(font, "", 7)
	p.SetXY(x+w-60, y+h-6)
	p.CellFormat(58, 4, "★ xuất phát (start) · ● điểm dừng (stop)", "", 0, "R", false, 0, "")
}

// sheetStops draws the stops as numbered marks. Stops closer than a mark's
// width share one mark listing their numbers ("35–38"): otherwise the
// numbers of a street's consecutive segments print over each other.
func sheetStops(p *fpdf.Fpdf, stops []SheetStop, proj func(orb.Point) (float64, float64)) {
	type mark struct {
		x, y float64
		nums []int
	}
	const r = 2.4
	p.SetFont(font, "", 6.5)
	width := func(m *mark) float64 { return math.Max(2*r, p.GetStringWidth(numRanges(m.nums))+1.6) }
	var marks []*mark
	for i, st := range stops {
		cx, cy := proj(st.Point)
		var at *mark
		for _, m := range marks {
			// Joins a mark whose drawn pill it would touch.
			if math.Abs(m.x-cx) < width(m)/2+r && math.Abs(m.y-cy) < 2*r {
				at = m
				break
			}
		}
		if at == nil {
			at = &mark{x: cx, y: cy}
			marks = append(marks, at)
		}
		at.nums = append(at.nums, i+1)
	}
	p.SetLineWidth(0.3)
	p.SetFillColor(255, 255, 255)
	p.SetDrawColor(200, 40, 40)
	for _, m := range marks {
		label, w := numRanges(m.nums), width(m)
		if w == 2*r {
			p.Circle(m.x, m.y, r, "FD")
		} else {
			p.RoundedRect(m.x-w/2, m.y-r, w, 2*r, r, "1234", "FD")
		}
		p.SetXY(m.x-w/2, m.y-r)
		p.CellFormat(w, 2*r, label, "", 0, "C", false, 0, "")
	}
}

// numRanges writes sorted numbers as runs: 3,4,5,9 → "3–5, 9".
func numRanges(ns []int) string {
	var parts []string
	for i := 0; i < len(ns); {
		j := i
		for j+1 < len(ns) && ns[j+1] == ns[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d–%d", ns[i], ns[j]))
		} else {
			parts = append(parts, fmt.Sprint(ns[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// sheetArrows puts a small arrowhead every ~25 mm of drawn route so the
// direction of walking reads on paper.
func sheetArrows(p *fpdf.Fpdf, path orb.LineString, proj func(orb.Point) (float64, float64)) {
	const every = 25.0
	acc := every / 2
	p.SetFillColor(30, 90, 200)
	for i := 1; i < len(path); i++ {
		x0, y0 := proj(path[i-1])
		x1, y1 := proj(path[i])
		d := math.Hypot(x1-x0, y1-y0)
		for d > 0 && acc <= d {
			t := acc / d
			ax, ay := x0+(x1-x0)*t, y0+(y1-y0)*t
			ux, uy := (x1-x0)/d, (y1-y0)/d
			p.Polygon([]fpdf.PointType{
				{X: ax + ux*1.6, Y: ay + uy*1.6},
				{X: ax - ux*1.2 - uy*1.2, Y: ay - uy*1.2 + ux*1.2},
				{X: ax - ux*1.2 + uy*1.2, Y: ay - uy*1.2 - ux*1.2},
			}, "F")
			acc += every
		}
		acc -= d
	}
}

// sheetScaleBar draws a bar of a round number of metres; mmPerM is the
// map's millimetres per metre on the ground.
func sheetScaleBar(p *fpdf.Fpdf, x, y, mmPerM, maxMM float64) {
	m := 1.0
	for _, c := range []float64{10, 20, 50, 100, 200, 500, 1000, 2000, 5000} {
		if c*mmPerM <= maxMM {
			m = c
		}
	}
	l := m * mmPerM
	p.SetDrawColor(0, 0, 0)
	p.SetLineWidth(0.4)
	p.Line(x, y, x+l, y)
	p.Line(x, y-1, x, y+1)
	p.Line(x+l, y-1, x+l, y+1)
	p.SetFont(font, "", 7)
	p.SetXY(x+l+1, y-2)
	label := fmt.Sprintf("%.0f m", m)
	if m >= 1000 {
		label = fmt.Sprintf("%.0f km", m/1000)
	}
	p.CellFormat(20, 4, label, "", 0, "L", false, 0, "")
}

var sheetCols = []struct {
	title string
	w     float64
}{{"#", 10}, {"Giờ", 13}, {"Loại · mã", 36}, {"Kiểm tra gì, ở đâu (what to check, where)", 106}, {"Xong", 15}}

func sheetTableHeader(p *fpdf.Fpdf) {
	p.SetFont(font, "", 8)
	p.SetFillColor(221, 231, 240)
	p.SetDrawColor(120, 120, 120)
	p.SetLineWidth(0.2)
	for _, c := range sheetCols {
		p.CellFormat(c.w, 6, c.title, "1", 0, "C", true, 0, "")
	}
	p.Ln(-1)
}

// sheetRow is one stop: two lines of text at most (cut with "…"), and an
// empty square to tick.
func sheetRow(p *fpdf.Fpdf, n int, st SheetStop) {
	x, y := p.GetX(), p.GetY()
	p.SetFont(font, "", 8)
	cells := []string{fmt.Sprint(n), st.Arrive, st.Kind + "\n" + st.Code, st.Title + "\n" + st.Where, ""}
	cx := x
	for i, c := range sheetCols {
		p.Rect(cx, y, c.w, sheetRowH, "D")
		lines := twoLines(p, cells[i], c.w-2)
		p.SetXY(cx+1, y+(sheetRowH-float64(len(lines))*4)/2)
		for _, l := range lines {
			p.SetX(cx + 1)
			p.CellFormat(c.w-2, 4, l, "", 2, map[bool]string{true: "C", false: "L"}[i < 2], false, 0, "")
		}
		cx += c.w
	}
	// The tick box.
	last := sheetCols[len(sheetCols)-1].w
	p.SetLineWidth(0.4)
	p.Rect(cx-last/2-3, y+sheetRowH/2-3, 6, 6, "D")
	p.SetLineWidth(0.2)
	p.SetXY(x, y+sheetRowH)
}

// twoLines splits s (its own lines first) to the width, at most two lines.
func twoLines(p *fpdf.Fpdf, s string, w float64) []string {
	var out []string
	for _, part := range strings.Split(s, "\n") {
		if part == "" {
			continue
		}
		out = append(out, p.SplitText(part, w)...)
	}
	if len(out) > 2 {
		out = out[:2]
		for p.GetStringWidth(out[1]+"…") > w && len(out[1]) > 0 {
			r := []rune(out[1])
			out[1] = string(r[:len(r)-1])
		}
		out[1] += "…"
	}
	return out
}
