package shapefile

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"strings"

	"wardmap/data/formats/vnenc"
)

// Field is one column of a .dbf file.
type Field struct {
	Name     string
	Type     byte // C N F L D M (and I, O, @, …)
	Length   int
	Decimals int
	offset   int
}

// Supported reports whether the field's values are read (memo and binary
// fields are not: their values live in a .dbt/.fpt file).
func (f Field) Supported() bool { return strings.IndexByte("CNFLDIO", f.Type) >= 0 }

// DBF is a .dbf file read into memory.
type DBF struct {
	Fields  []Field
	LDID    byte // the language driver id at byte 29 (0: none)
	records int
	recLen  int
	data    []byte // the records, from the header's end
}

// maxFields bounds a header (dBase allows 255; some writers more).
const maxFields = 2046

// parseDBF reads a .dbf header; field names are decoded in enc.
func parseDBF(b []byte, enc vnenc.Encoding) (*DBF, error) {
	if len(b) < 32 {
		return nil, fmt.Errorf("tệp .dbf ngắn hơn phần đầu (the .dbf is shorter than its header)")
	}
	d := &DBF{LDID: b[29]}
	d.records = int(binary.LittleEndian.Uint32(b[4:]))
	hlen := int(binary.LittleEndian.Uint16(b[8:]))
	d.recLen = int(binary.LittleEndian.Uint16(b[10:]))
	if hlen < 33 || hlen > len(b) || d.recLen < 1 {
		return nil, fmt.Errorf("phần đầu .dbf hỏng (broken .dbf header: header length %d, record length %d, file %d bytes)", hlen, d.recLen, len(b))
	}
	off := 1 // the deletion flag
	seen := map[string]bool{}
	for p := 32; p+32 <= hlen && b[p] != 0x0D; p += 32 {
		if len(d.Fields) == maxFields {
			return nil, fmt.Errorf("phần đầu .dbf hỏng (broken .dbf header: more than %d fields)", maxFields)
		}
		raw := b[p : p+11]
		if i := bytes.IndexByte(raw, 0); i >= 0 {
			raw = raw[:i]
		}
		if enc == "" {
			enc = vnenc.UTF8
		}
		name, err := vnenc.Decode(enc, bytes.TrimSpace(raw))
		if err != nil {
			// A name is not worth refusing the file for: read it as
			// Latin-1, which every byte is.
			name, _ = vnenc.Decode(vnenc.ISO8859_1, bytes.TrimSpace(raw))
		}
		if name == "" {
			name = fmt.Sprintf("FIELD_%d", len(d.Fields)+1)
		}
		for seen[name] {
			name += "_"
		}
		seen[name] = true
		f := Field{Name: name, Type: b[p+11], Length: int(b[p+16]), Decimals: int(b[p+17]), offset: off}
		if f.Type == 'C' {
			f.Length += int(b[p+17]) << 8 // Clipper and GDAL: long text fields
			f.Decimals = 0
		}
		off += f.Length
		d.Fields = append(d.Fields, f)
	}
	if off > d.recLen {
		return nil, fmt.Errorf("phần đầu .dbf hỏng (broken .dbf header: fields span %d bytes, records are %d)", off, d.recLen)
	}
	d.data = b[hlen:]
	if n := len(d.data) / d.recLen; n < d.records {
		d.records = n // a truncated file: the whole records it has
	}
	return d, nil
}

// Len is the number of records.
func (d *DBF) Len() int { return d.records }

// Deleted reports whether record i (0-based) is marked deleted.
func (d *DBF) Deleted(i int) bool { return d.data[i*d.recLen] == '*' }

// raw is field f's bytes in record i.
func (d *DBF) raw(i int, f *Field) []byte {
	r := d.data[i*d.recLen : (i+1)*d.recLen]
	return r[f.offset : f.offset+f.Length]
}

// Value is field f of record i as text: text decoded in enc and composed
// to NFC; a number as written; a logical "true"/"false"; a date as
// YYYY-MM-DD. "" is no value (blank, or a number of '*' overflow marks).
func (d *DBF) Value(i int, f *Field, enc vnenc.Encoding) (string, error) {
	b := d.raw(i, f)
	switch f.Type {
	case 'C':
		b = bytes.TrimRight(b, " \x00")
		if len(b) == 0 {
			return "", nil
		}
		return vnenc.Decode(enc, b)
	case 'N', 'F':
		s := strings.TrimSpace(strings.Trim(string(b), "\x00"))
		if s == "" || strings.Trim(s, "*") == "" {
			return "", nil
		}
		s = strings.Replace(s, ",", ".", 1)
		if x, err := strconv.ParseFloat(s, 64); err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
			return "", fmt.Errorf("không phải số (not a number): %q", s)
		}
		return s, nil
	case 'L':
		switch strings.TrimSpace(string(b)) {
		case "T", "t", "Y", "y":
			return "true", nil
		case "F", "f", "N", "n":
			return "false", nil
		case "", "?":
			return "", nil
		}
		return "", fmt.Errorf("không phải giá trị logic (not a logical value): %q", b)
	case 'D':
		s := strings.TrimSpace(strings.Trim(string(b), "\x00"))
		if s == "" || s == "00000000" {
			return "", nil
		}
		if len(s) != 8 || strings.Trim(s, "0123456789") != "" {
			return "", fmt.Errorf("ngày không theo YYYYMMDD (a date not in YYYYMMDD): %q", s)
		}
		return s[:4] + "-" + s[4:6] + "-" + s[6:], nil
	case 'I':
		if len(b) != 4 {
			return "", fmt.Errorf("trường I dài %d byte (an I field of %d bytes)", len(b), len(b))
		}
		return strconv.Itoa(int(int32(binary.LittleEndian.Uint32(b)))), nil
	case 'O':
		if len(b) != 8 {
			return "", fmt.Errorf("trường O dài %d byte (an O field of %d bytes)", len(b), len(b))
		}
		x := math.Float64frombits(binary.LittleEndian.Uint64(b))
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "", nil
		}
		return strconv.FormatFloat(x, 'g', -1, 64), nil
	}
	return "", nil
}

// ldidEncodings are the language driver ids of dBase and ESRI that name
// an encoding this package reads (GDAL's table: frmts/shapelib and
// ogr/ogrsf_frmts/shape). ESRI has no id for Windows-1258, TCVN3 or VNI;
// Vietnamese files say it in a .cpg, or not at all.
var ldidEncodings = map[byte]vnenc.Encoding{
	0x01: vnenc.CP437, 0x02: vnenc.CP850, 0x03: vnenc.Windows1252,
	// 0x57 is "ANSI": the code page of the Windows that wrote the file,
	// which for a Vietnamese office is 1258 (GDAL assumes ISO-8859-1 and
	// garbles such files). A wrong assumption is caught by vnenc.Check.
	0x57: vnenc.Windows1258,
	0xC8: vnenc.Windows1250, 0xC9: vnenc.Windows1251,
}
