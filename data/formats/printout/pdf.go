package printout

import (
	"bytes"
	"fmt"
	"image/png"
	"io"
	"math"
	"strings"

	"github.com/go-pdf/fpdf"

	"wardmap/gis"
	"wardmap/gis/indicator"
	"wardmap/gis/render"
)

const (
	font     = "dejavu"
	pageW    = 210.0
	pageH    = 297.0
	margin   = 15.0
	contentW = pageW - 2*margin
	bottom   = 18.0
)

var statusRGB = map[indicator.Status][3]int{
	indicator.OnTrack: {46, 139, 87},
	indicator.AtRisk:  {230, 160, 20},
	indicator.Missed:  {200, 50, 50},
	indicator.NoData:  {150, 150, 150},
}

// WritePDF writes the report: the official heading and summary with every
// indicator's value, target, progress and status; a chart of progress and
// of the trend over the quarters; the map of the period's violations; and a
// page per group with how each value is measured and what lies behind it.
// DejaVu Sans is embedded so that every Vietnamese letter prints.
func WritePDF(w io.Writer, r *Bulletin) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes(font, "", render.FontTTF())
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, bottom)
	pdf.SetTitle("Báo cáo chỉ tiêu "+r.Period.Label(), true)
	pdf.SetSubject(Plan, true)
	pdf.SetCreator("wardmap", true)
	if !r.Created.IsZero() {
		pdf.SetCreationDate(r.Created)
		pdf.SetModificationDate(r.Created)
	}
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont(font, "", 8)
		pdf.SetTextColor(110, 110, 110)
		pdf.CellFormat(contentW/2, 5, r.unit()+" – "+r.Period.Label(), "", 0, "L", false, 0, "")
		pdf.CellFormat(contentW/2, 5, fmt.Sprintf("Trang %d/{nb}", pdf.PageNo()), "", 0, "R", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})
	d := &doc{pdf: pdf, r: r}
	d.cover()
	d.charts()
	if r.Map != nil {
		if err := d.mapPage(); err != nil {
			return err
		}
	}
	for _, g := range indicator.Groups {
		d.groupPage(g)
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("report: pdf: %w", err)
	}
	return pdf.Output(w)
}

type doc struct {
	pdf *fpdf.Fpdf
	r   *Bulletin
}

func (d *doc) text(size float64, h float64, s, align string) {
	d.pdf.SetFont(font, "", size)
	d.pdf.MultiCell(contentW, h, s, "", align, false)
}

func (d *doc) cover() {
	p, r := d.pdf, d.r
	p.AddPage()
	p.SetFont(font, "", 10.5)
	y := p.GetY()
	p.SetXY(margin, y)
	p.MultiCell(75, 5, r.unit(), "", "C", false)
	p.SetXY(margin+75, y)
	p.MultiCell(contentW-75, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc", "", "C", false)
	p.SetLineWidth(0.3)
	p.Line(margin+20, y+5.8, margin+55, y+5.8)
	p.Line(margin+75+(contentW-75)/2-22, y+10.8, margin+75+(contentW-75)/2+22, y+10.8)
	p.SetXY(margin+75, y+14)
	created := r.Created
	p.SetFont(font, "", 9.5)
	p.MultiCell(contentW-75, 5, fmt.Sprintf("Kiến An, ngày %02d tháng %02d năm %d", created.Day(), created.Month(), created.Year()), "", "C", false)
	p.Ln(8)
	d.text(15, 7, "BÁO CÁO", "C")
	d.text(11.5, 6, "Kết quả thực hiện các chỉ tiêu của "+Plan, "C")
	d.text(11.5, 6, strings.ToUpper(r.Period.Label()[:1])+r.Period.Label()[1:], "C")
	p.Ln(4)
	d.text(10.5, 5.5, "Kính gửi: "+r.recipient(), "C")
	p.Ln(3)
	c := d.r.counts()
	d.text(9.5, 5, fmt.Sprintf("Kỳ báo cáo từ %s đến %s; số liệu tính đến ngày %s từ cơ sở dữ liệu bản đồ của phường (%s). "+
		"Tổng số %d chỉ tiêu: %d đạt tiến độ, %d có nguy cơ chậm, %d không đạt, %d chưa có số liệu. "+
		"Các chỉ tiêu \"tính từ bản đồ\" được tính tự động từ dữ liệu đoạn đường, cây xanh, đèn chiếu sáng, biển số nhà, vi phạm, phản ánh và kiểm tra; "+
		"các chỉ tiêu \"báo cáo\" do tổ dân phố và đơn vị nhập.",
		dmy(r.Period.From.Time()), dmy(r.Period.To.Time()), dmy(r.Board.AsOf.Time()), r.Ward,
		len(r.Board.Ward), c[indicator.OnTrack], c[indicator.AtRisk], c[indicator.Missed], c[indicator.NoData]), "J")
	p.Ln(3)
	d.resultTable(r.Board.Ward)
}

var tableCols = []struct {
	title string
	w     float64
	align string
}{{"Mã", 15, "L"}, {"Chỉ tiêu", 72, "L"}, {"Giá trị", 20, "R"}, {"Mục tiêu", 22, "R"}, {"Tiến độ", 17, "R"}, {"Trạng thái", 34, "L"}}

func (d *doc) tableHeader() {
	p := d.pdf
	p.SetFont(font, "", 8.5)
	p.SetFillColor(221, 231, 240)
	for _, c := range tableCols {
		p.CellFormat(c.w, 7, c.title, "1", 0, "C", true, 0, "")
	}
	p.Ln(-1)
}

func (d *doc) resultTable(rs []indicator.Result) {
	p := d.pdf
	d.tableHeader()
	const lh = 4.0
	for _, res := range rs {
		cells := []string{res.Code, res.Name.VI, indicator.Format(res.Value, res.Unit), res.TargetText(), progressText(res), res.Status.Label().VI}
		p.SetFont(font, "", 8)
		lines := make([][]string, len(cells))
		n := 1
		for i, s := range cells {
			lines[i] = p.SplitText(s, tableCols[i].w-2)
			n = max(n, len(lines[i]))
		}
		h := float64(n)*lh + 1.8
		if p.GetY()+h > pageH-bottom {
			p.AddPage()
			d.tableHeader()
		}
		x, y := p.GetXY()
		for i, c := range tableCols {
			if i == len(tableCols)-1 {
				rgb := statusRGB[res.Status]
				p.SetFillColor(rgb[0], rgb[1], rgb[2])
				p.Rect(x+1, y+1.6, 2.2, 2.2, "F")
			}
			p.Rect(x, y, c.w, h, "D")
			for k, line := range lines[i] {
				p.SetXY(x+1, y+1+float64(k)*lh)
				off := 0.0
				if i == len(tableCols)-1 {
					off = 3
				}
				p.SetX(x + 1 + off)
				p.CellFormat(c.w-2-off, lh, line, "", 0, c.align, false, 0, "")
			}
			x += c.w
		}
		p.SetXY(margin, y+h)
	}
}

// charts draws the progress of every indicator and, when the report has a
// trend, the statuses quarter by quarter.
func (d *doc) charts() {
	p, r := d.pdf, d.r
	p.AddPage()
	d.text(13, 7, "Biểu đồ tiến độ thực hiện chỉ tiêu", "L")
	d.text(8.5, 4.5, "Thanh: phần đã thực hiện so với mục tiêu của kỳ (từ giá trị gốc đến mục tiêu); vạch đen: tiến độ yêu cầu đến ngày "+
		dmy(r.Board.AsOf.Time())+" theo lộ trình tuyến tính của kế hoạch.", "L")
	p.Ln(2)
	labelW, barW, rowH := 62.0, contentW-62-18, 6.4
	y := p.GetY()
	p.SetFont(font, "", 7.5)
	for i, res := range r.Board.Ward {
		yy := y + float64(i)*rowH
		name := res.Code + " " + res.Name.VI
		for rs := []rune(name); p.GetStringWidth(name) > labelW-2 && len(rs) > 10; {
			rs = rs[:len(rs)-1]
			name = strings.TrimSpace(string(rs)) + "…"
		}
		p.SetXY(margin, yy)
		p.CellFormat(labelW, rowH, name, "", 0, "L", false, 0, "")
		x0 := margin + labelW
		p.SetFillColor(235, 235, 235)
		p.Rect(x0, yy+1.2, barW, rowH-2.4, "F")
		if res.Value != nil {
			frac := math.Min(res.Progress, 1)
			rgb := statusRGB[res.Status]
			p.SetFillColor(rgb[0], rgb[1], rgb[2])
			p.Rect(x0, yy+1.2, barW*frac, rowH-2.4, "F")
			if exp := expectedFraction(res); exp >= 0 {
				p.SetDrawColor(0, 0, 0)
				p.SetLineWidth(0.5)
				p.Line(x0+barW*exp, yy+0.6, x0+barW*exp, yy+rowH-0.6)
			}
		}
		p.SetXY(x0+barW+1, yy)
		p.CellFormat(17, rowH, progressText(res), "", 0, "R", false, 0, "")
	}
	p.SetLineWidth(0.2)
	p.SetY(y + float64(len(r.Board.Ward))*rowH + 4)
	d.legend()
	if len(r.Trend) > 1 {
		p.Ln(6)
		d.trend()
	}
}

// expectedFraction is where the expectation lies on the progress bar.
func expectedFraction(res indicator.Result) float64 {
	base := 0.0
	if res.Baseline != nil {
		base = *res.Baseline
	}
	if res.Direction == indicator.AtMost {
		return 1
	}
	if res.Target == base {
		return -1
	}
	return math.Max(0, math.Min(1, (res.Expected-base)/(res.Target-base)))
}

func (d *doc) legend() {
	p := d.pdf
	p.SetFont(font, "", 8)
	x := margin
	y := p.GetY()
	for _, s := range []indicator.Status{indicator.OnTrack, indicator.AtRisk, indicator.Missed, indicator.NoData} {
		rgb := statusRGB[s]
		p.SetFillColor(rgb[0], rgb[1], rgb[2])
		p.Rect(x, y+1, 4, 3, "F")
		p.SetXY(x+5, y)
		l := s.Label().VI
		p.CellFormat(p.GetStringWidth(l)+6, 5, l, "", 0, "L", false, 0, "")
		x += p.GetStringWidth(l) + 12
	}
	p.Ln(6)
}

// trend draws, for each quarter, how many indicators stood in each status.
func (d *doc) trend() {
	p, r := d.pdf, d.r
	d.text(13, 7, "Diễn biến theo quý", "L")
	d.text(8.5, 4.5, "Số chỉ tiêu theo trạng thái tại cuối mỗi quý (quý đang diễn ra: đến ngày báo cáo).", "L")
	p.Ln(2)
	chartH := 60.0
	y0 := p.GetY()
	n := len(r.Trend)
	colW := math.Min(28, (contentW-12)/float64(n))
	total := float64(len(r.Board.Ward))
	p.SetDrawColor(150, 150, 150)
	p.SetFont(font, "", 7)
	for k := 0; k <= int(total); k += 3 {
		yy := y0 + chartH - chartH*float64(k)/total
		p.Line(margin+10, yy, margin+10+colW*float64(n), yy)
		p.SetXY(margin, yy-2)
		p.CellFormat(8, 4, fmt.Sprint(k), "", 0, "R", false, 0, "")
	}
	for i, tp := range r.Trend {
		c := map[indicator.Status]int{}
		for _, res := range tp.Results {
			c[res.Status]++
		}
		x := margin + 10 + colW*float64(i) + colW*0.2
		yy := y0 + chartH
		for _, s := range []indicator.Status{indicator.OnTrack, indicator.AtRisk, indicator.Missed, indicator.NoData} {
			h := chartH * float64(c[s]) / total
			rgb := statusRGB[s]
			p.SetFillColor(rgb[0], rgb[1], rgb[2])
			p.Rect(x, yy-h, colW*0.6, h, "F")
			yy -= h
		}
		p.SetXY(margin+10+colW*float64(i), y0+chartH+1)
		p.CellFormat(colW, 4, tp.Period.Name, "", 0, "C", false, 0, "")
	}
	p.SetY(y0 + chartH + 8)
	d.legend()
}

func (d *doc) mapPage() error {
	p, r := d.pdf, d.r
	p.AddPage()
	d.text(13, 7, "Bản đồ vi phạm trong kỳ", "L")
	n := 0
	kinds := map[string]int{}
	for _, it := range r.mapViolations() {
		n++
		kinds[it]++
	}
	var parts []string
	for _, o := range gis.ViolationKinds {
		if k := kinds[o.Value]; k > 0 {
			parts = append(parts, fmt.Sprintf("%s: %d", o.Label.VI, k))
		}
	}
	d.text(8.5, 4.5, fmt.Sprintf("Vi phạm phát hiện từ %s đến %s: %d. %s.",
		dmy(r.Period.From.Time()), dmy(r.Board.AsOf.Time()), n, strings.Join(parts, "; ")), "L")
	p.Ln(2)
	var buf bytes.Buffer
	if err := png.Encode(&buf, r.Map); err != nil {
		return err
	}
	p.RegisterImageOptionsReader("map", fpdf.ImageOptions{ImageType: "PNG"}, &buf)
	b := r.Map.Bounds()
	w := contentW
	h := w * float64(b.Dy()) / float64(b.Dx())
	if max := pageH - bottom - p.GetY() - 4; h > max {
		h = max
		w = h * float64(b.Dx()) / float64(b.Dy())
	}
	p.ImageOptions("map", margin+(contentW-w)/2, p.GetY(), w, h, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	p.SetDrawColor(120, 120, 120)
	p.Rect(margin+(contentW-w)/2, p.GetY(), w, h, "D")
	return nil
}

func (r *Bulletin) mapViolations() []string { return r.ViolationKinds }

func (d *doc) groupPage(g indicator.Group) {
	p, r := d.pdf, d.r
	rs := r.group(g)
	if len(rs) == 0 {
		return
	}
	p.AddPage()
	d.text(13, 7, "Nhóm chỉ tiêu: "+g.Label().VI, "L")
	p.Ln(1)
	d.resultTable(rs)
	p.Ln(4)
	cat := r.Catalogue
	for _, res := range rs {
		if p.GetY() > pageH-bottom-30 {
			p.AddPage()
		}
		d.text(10.5, 5.5, res.Code+" – "+res.Name.VI, "L")
		line := fmt.Sprintf("Giá trị: %s; mục tiêu kỳ: %s; yêu cầu đến ngày %s: %s; trạng thái: %s. Loại: %s.",
			indicator.Format(res.Value, res.Unit), res.TargetText(), dmy(r.Board.AsOf.Time()), indicator.Format(&res.Expected, res.Unit),
			res.Status.Label().VI, strings.ToLower(kindLabel(res.Kind)))
		if res.Den > 0 && res.Unit == "%" {
			line += fmt.Sprintf(" Tử số / mẫu số: %s / %s.", trim(res.Num), trim(res.Den))
		}
		if t, ok := cat.Get(res.Code); ok {
			line += " Cách tính: " + t.Method + "."
			if t.Baseline != nil && t.BaselinePeriod != "" {
				line += fmt.Sprintf(" Giá trị gốc (%s): %s.", t.BaselinePeriod, trim(*t.Baseline))
			}
		}
		if res.Note != "" {
			line += " Ghi chú: " + res.Note + "."
		}
		p.SetTextColor(60, 60, 60)
		d.text(8.5, 4.3, line, "J")
		p.SetTextColor(0, 0, 0)
		// Items of one street or TDP come together: one line each.
		type group struct {
			title, reason string
			n             int
		}
		var lines []*group
		byTitle := map[string]*group{}
		for _, it := range res.Items {
			if l, ok := byTitle[it.Title]; ok {
				l.n++
				continue
			}
			l := &group{title: it.Title, reason: it.Reason, n: 1}
			byTitle[it.Title] = l
			lines = append(lines, l)
		}
		const show = 10
		done := 0
		for i, l := range lines {
			if i == show {
				d.text(8, 4, fmt.Sprintf("   … và %d mục khác (xem bảng tính XLSX hoặc `wardmap indicators --drill %s`).", len(res.Items)-done, res.Code), "L")
				break
			}
			done += l.n
			s := "   • " + l.title + " — " + l.reason
			if l.n > 1 {
				s = fmt.Sprintf("   • %s (%d mục) — %s, …", l.title, l.n, l.reason)
			}
			d.text(8, 4, s, "L")
		}
		p.Ln(3)
	}
}

func trim(x float64) string {
	s := fmt.Sprintf("%.1f", x)
	s = strings.TrimSuffix(s, ".0")
	return strings.Replace(s, ".", ",", 1)
}
