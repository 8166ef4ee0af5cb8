package printout

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"wardmap/gis/indicator"
)

// SummarySheet and the group sheets' names (Excel allows 31 characters).
const SummarySheet = "Tổng hợp"

// GroupSheet names a group's sheet.
func GroupSheet(g indicator.Group) string { return g.Label().VI }

// TDPSheet holds the per-TDP table when the board has one.
const TDPSheet = "Theo tổ dân phố"

// Header is the summary sheet's column headings (row 5).
var Header = []string{"Mã", "Nhóm", "Chỉ tiêu", "Đơn vị", "Loại", "Giá trị", "Mục tiêu kỳ", "Yêu cầu đến ngày", "Tiến độ", "Trạng thái", "Tử số", "Mẫu số", "Số mục chi tiết", "Ghi chú"}

// HeaderRow is the row of the column headings on every sheet.
const HeaderRow = 5

// WriteXLSX writes the workbook: a summary sheet, one sheet per group with
// the features behind each number, and a per-TDP sheet. Values are numbers
// (a share of 87.5 % is the number 87.5 beside the unit "%", as the
// ward's forms write it).
func WriteXLSX(w io.Writer, r *Bulletin) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", SummarySheet); err != nil {
		return err
	}
	if err := r.summarySheet(f, st); err != nil {
		return err
	}
	for _, g := range indicator.Groups {
		if err := r.groupSheet(f, st, g); err != nil {
			return err
		}
	}
	if len(r.Board.TDPs) > 0 {
		if err := r.tdpSheet(f, st); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	f.SetDocProps(&excelize.DocProperties{Title: "Báo cáo chỉ tiêu " + r.Period.Label(), Creator: "wardmap", Language: "vi-VN"})
	_, err = f.WriteTo(w)
	return err
}

type styles struct {
	title, header, text, number int
	status                      map[indicator.Status]int
}

func newStyles(f *excelize.File) (*styles, error) {
	st := &styles{status: map[indicator.Status]int{}}
	var err error
	mk := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(s)
		return id
	}
	border := []excelize.Border{{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1}, {Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1}}
	st.title = mk(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	st.header = mk(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"DDE7F0"}, Pattern: 1},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center", Horizontal: "center"}, Border: border})
	st.text = mk(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}, Border: border})
	dec := "#,##0.0"
	st.number = mk(&excelize.Style{CustomNumFmt: &dec, Alignment: &excelize.Alignment{Vertical: "top"}, Border: border})
	for s, c := range map[indicator.Status]string{indicator.OnTrack: "C6EFCE", indicator.AtRisk: "FFEB9C", indicator.Missed: "FFC7CE", indicator.NoData: "EEEEEE"} {
		st.status[s] = mk(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Color: []string{c}, Pattern: 1}, Border: border, Alignment: &excelize.Alignment{Vertical: "top"}})
	}
	return st, err
}

func cell(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

func (r *Bulletin) titles(f *excelize.File, st *styles, sheet, title string) {
	f.SetCellValue(sheet, "A1", r.unit())
	f.SetCellValue(sheet, "A2", title)
	f.SetCellStyle(sheet, "A2", "A2", st.title)
	f.SetCellValue(sheet, "A3", fmt.Sprintf("Kỳ báo cáo: %s (%s – %s), số liệu đến ngày %s. %s", r.Period.Label(),
		dmy(r.Period.From.Time()), dmy(r.Period.To.Time()), dmy(r.Board.AsOf.Time()), r.Ward))
}

func (r *Bulletin) header(f *excelize.File, st *styles, sheet string, cols []string, widths []float64) {
	for i, h := range cols {
		f.SetCellValue(sheet, cell(i+1, HeaderRow), h)
		col, _ := excelize.ColumnNumberToName(i + 1)
		if i < len(widths) {
			f.SetColWidth(sheet, col, col, widths[i])
		}
	}
	f.SetCellStyle(sheet, cell(1, HeaderRow), cell(len(cols), HeaderRow), st.header)
	f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: HeaderRow, TopLeftCell: cell(1, HeaderRow+1), ActivePane: "bottomLeft"})
}

// resultRow writes one indicator from column 1 on; numbers stay numbers.
func (r *Bulletin) resultRow(f *excelize.File, st *styles, sheet string, row int, res indicator.Result) {
	vals := []any{res.Code, res.Group.Label().VI, res.Name.VI, res.Unit, kindLabel(res.Kind), nil, res.Target, res.Expected, nil,
		res.Status.Label().VI, res.Num, res.Den, len(res.Items), res.Note}
	if res.Value != nil {
		vals[5] = *res.Value
		vals[8] = res.Progress * 100
	}
	for i, v := range vals {
		if v != nil {
			f.SetCellValue(sheet, cell(i+1, row), v)
		}
	}
	f.SetCellStyle(sheet, cell(1, row), cell(5, row), st.text)
	f.SetCellStyle(sheet, cell(6, row), cell(9, row), st.number)
	f.SetCellStyle(sheet, cell(10, row), cell(10, row), st.status[res.Status])
	f.SetCellStyle(sheet, cell(11, row), cell(13, row), st.number)
	f.SetCellStyle(sheet, cell(14, row), cell(14, row), st.text)
}

var widths = []float64{8, 16, 48, 8, 14, 10, 11, 11, 10, 16, 9, 9, 9, 30}

func (r *Bulletin) summarySheet(f *excelize.File, st *styles) error {
	r.titles(f, st, SummarySheet, "BÁO CÁO KẾT QUẢ THỰC HIỆN CHỈ TIÊU – "+Plan)
	r.header(f, st, SummarySheet, Header, widths)
	for i, res := range r.Board.Ward {
		r.resultRow(f, st, SummarySheet, HeaderRow+1+i, res)
	}
	return nil
}

func (r *Bulletin) groupSheet(f *excelize.File, st *styles, g indicator.Group) error {
	sheet := GroupSheet(g)
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	r.titles(f, st, sheet, "Nhóm chỉ tiêu: "+g.Label().VI)
	r.header(f, st, sheet, Header, widths)
	rs := r.group(g)
	row := HeaderRow + 1
	for _, res := range rs {
		r.resultRow(f, st, sheet, row, res)
		row++
	}
	row += 2
	f.SetCellValue(sheet, cell(1, row), "Chi tiết: các đối tượng chưa đạt")
	f.SetCellStyle(sheet, cell(1, row), cell(1, row), st.title)
	row++
	cols := []string{"Mã", "Loại đối tượng", "Đối tượng", "Lý do", "Kinh độ", "Vĩ độ", "ID"}
	for i, h := range cols {
		f.SetCellValue(sheet, cell(i+1, row), h)
	}
	f.SetCellStyle(sheet, cell(1, row), cell(len(cols), row), st.header)
	row++
	for _, res := range rs {
		for _, it := range res.Items {
			f.SetCellValue(sheet, cell(1, row), res.Code)
			f.SetCellValue(sheet, cell(2, row), string(it.Kind))
			f.SetCellValue(sheet, cell(3, row), it.Title)
			f.SetCellValue(sheet, cell(4, row), it.Reason)
			if it.Location != nil {
				f.SetCellValue(sheet, cell(5, row), it.Location[0])
				f.SetCellValue(sheet, cell(6, row), it.Location[1])
			}
			f.SetCellValue(sheet, cell(7, row), it.ID)
			row++
		}
	}
	return nil
}

func (r *Bulletin) tdpSheet(f *excelize.File, st *styles) error {
	if _, err := f.NewSheet(TDPSheet); err != nil {
		return err
	}
	r.titles(f, st, TDPSheet, "Chỉ tiêu theo tổ dân phố")
	cols := []string{"Tổ dân phố", "Tổ trưởng", "Số hộ"}
	var codes []indicator.Result
	if len(r.Board.TDPs) > 0 {
		codes = r.Board.TDPs[0].Results
	}
	for _, c := range codes {
		cols = append(cols, c.Code+" ("+c.Unit+")")
	}
	r.header(f, st, TDPSheet, cols, []float64{24, 22, 8})
	for i, tb := range r.Board.TDPs {
		row := HeaderRow + 1 + i
		f.SetCellValue(TDPSheet, cell(1, row), tb.TDP.Name)
		f.SetCellValue(TDPSheet, cell(2, row), tb.TDP.Head)
		f.SetCellValue(TDPSheet, cell(3, row), tb.TDP.Households)
		for k, res := range tb.Results {
			if res.Value != nil {
				f.SetCellValue(TDPSheet, cell(4+k, row), round1(*res.Value))
			}
			f.SetCellStyle(TDPSheet, cell(4+k, row), cell(4+k, row), st.status[res.Status])
		}
	}
	return nil
}

func round1(x float64) float64 {
	return float64(int64(x*10+sign(x)*0.5)) / 10
}

func sign(x float64) float64 {
	if x < 0 {
		return -1
	}
	return 1
}
