package inventory

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"wardmap/gis"
)

// readXLSX reads one sheet of an Excel workbook: the sheet src.Layer
// names, else the first; its first non-empty row is the header. Values
// are read as the cell types they are, not as the sheet displays them: a
// number as its full value (not "12.5" rounded to "13" by a format), a
// date (a number with a date format, or a "d" cell) as YYYY-MM-DD or ISO
// 8601 with the time, a boolean as true/false, text as it is.
func readXLSX(path string, src SourceOptions) (*table, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, gis.Errorf(gis.EINVALID, "không đọc được tệp Excel (cannot read the Excel file): %v", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, gis.Errorf(gis.EINVALID, "tệp Excel không có trang tính (the workbook has no sheet)")
	}
	sheet := sheets[0]
	if src.Layer != "" {
		sheet = ""
		for _, s := range sheets {
			if s == src.Layer || sheet == "" && strings.EqualFold(s, src.Layer) {
				sheet = s
			}
		}
		if sheet == "" {
			return nil, gis.Errorf(gis.EINVALID, "tệp Excel không có trang %q (the workbook has no sheet %q); các trang (sheets): %s", src.Layer, src.Layer, quoteList(sheets))
		}
	}
	x := &xlsxReader{f: f, sheet: sheet, dateStyle: map[int]bool{}}
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		x.date1904 = *p.Date1904
	}
	return x.read()
}

type xlsxReader struct {
	f         *excelize.File
	sheet     string
	date1904  bool
	dateStyle map[int]bool // style index → a date format
}

func (x *xlsxReader) read() (*table, error) {
	rows, err := x.f.Rows(x.sheet)
	if err != nil {
		return nil, gis.Errorf(gis.EINVALID, "không đọc được trang %q (cannot read sheet %q): %v", x.sheet, x.sheet, err)
	}
	defer rows.Close()
	t := &table{format: formatXLSX, idx: map[string]int{}}
	header := true
	for line := 1; rows.Next(); line++ {
		raw, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, gis.Errorf(gis.EINVALID, "trang %q, dòng %d hỏng (sheet %q, row %d is broken): %v", x.sheet, line, x.sheet, line, err)
		}
		if blank(raw) {
			continue
		}
		if header {
			for i, h := range raw {
				h = strings.TrimSpace(h)
				if h == "" {
					h = fmt.Sprintf("column_%d", i+1)
				}
				if _, dup := t.idx[h]; dup {
					h = fmt.Sprintf("%s_%d", h, i+1)
				}
				t.addCol(h)
			}
			header = false
			continue
		}
		r := record{n: len(t.recs) + 1, line: line, vals: make([]string, len(t.cols))}
		for i, v := range raw {
			if v == "" {
				continue
			}
			if i >= len(t.cols) {
				r.bad = fmt.Sprintf("có giá trị ở cột %d, tiêu đề có %d cột (a value in column %d; the header has %d)", i+1, len(t.cols), i+1, len(t.cols))
				break
			}
			if r.vals[i], err = x.value(i+1, line, v); err != nil {
				r.bad = err.Error()
				break
			}
		}
		t.recs = append(t.recs, r)
	}
	if header {
		return nil, gis.Errorf(gis.EINVALID, "trang %q rỗng (sheet %q is empty)", x.sheet, x.sheet)
	}
	return t, rows.Error()
}

func blank(row []string) bool {
	for _, v := range row {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// value is a cell's raw value as text of its type.
func (x *xlsxReader) value(col, row int, raw string) (string, error) {
	cell, _ := excelize.CoordinatesToCellName(col, row)
	typ, err := x.f.GetCellType(x.sheet, cell)
	if err != nil {
		return "", err
	}
	switch typ {
	case excelize.CellTypeBool:
		return strconv.FormatBool(raw == "1" || strings.EqualFold(raw, "true")), nil
	case excelize.CellTypeDate:
		return raw, nil // already ISO 8601
	case excelize.CellTypeError:
		return "", fmt.Errorf("ô %s có lỗi Excel (cell %s holds an Excel error) %s", cell, cell, raw)
	case excelize.CellTypeSharedString, excelize.CellTypeInlineString:
		return raw, nil
	}
	n, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		return raw, nil // a formula's string result
	}
	if !x.isDate(cell) {
		return raw, nil
	}
	tm, err := excelize.ExcelDateToTime(n, x.date1904)
	if err != nil {
		return "", fmt.Errorf("ô %s: ngày hỏng (cell %s: a bad date) %s", cell, cell, raw)
	}
	if tm.Hour() == 0 && tm.Minute() == 0 && tm.Second() == 0 && tm.Nanosecond() < int(time.Millisecond) {
		return tm.Format("2006-01-02"), nil
	}
	return tm.Format("2006-01-02T15:04:05"), nil
}

// isDate reports whether the cell's number format shows a date or time:
// the built-in formats 14–22 and 45–47, or a custom one with y, d or h
// outside quotes and brackets.
func (x *xlsxReader) isDate(cell string) bool {
	idx, err := x.f.GetCellStyle(x.sheet, cell)
	if err != nil || idx == 0 {
		return false
	}
	if d, ok := x.dateStyle[idx]; ok {
		return d
	}
	d := false
	if st, err := x.f.GetStyle(idx); err == nil {
		switch {
		case st.NumFmt >= 14 && st.NumFmt <= 22, st.NumFmt >= 45 && st.NumFmt <= 47:
			d = true
		case st.CustomNumFmt != nil:
			d = dateFormat(*st.CustomNumFmt)
		}
	}
	x.dateStyle[idx] = d
	return d
}

func dateFormat(f string) bool {
	inQuote, inBracket := false, false
	for _, r := range strings.ToLower(f) {
		switch {
		case r == '"':
			inQuote = !inQuote
		case inQuote:
		case r == '[':
			inBracket = true
		case r == ']':
			inBracket = false
		case inBracket:
		case r == 'y' || r == 'd' || r == 'h':
			return true
		}
	}
	return false
}
