package shapefile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"

	"wardmap/data/formats/vnenc"
)

// Options tune reading.
type Options struct {
	// Encoding of the .dbf text, as the user gives it (--encoding); it
	// wins over the .cpg and the language driver, since it is what a user
	// says after wardmap refused a wrong declaration. Empty: the .cpg,
	// else the language driver id, else UTF-8 if the text is valid UTF-8.
	Encoding string
}

// File is a Shapefile read into memory.
type File struct {
	ShapeType int
	// Fields are the .dbf columns whose values are read, in file order.
	Fields []Field
	// PRJ is the .prj text (ESRI WKT), "" when there is none.
	PRJ string
	// Encoding is the .dbf text's encoding and EncodingFrom where it was
	// found: "--encoding", ".cpg", "LDID 0x57" or "UTF-8 (mặc định, default)".
	Encoding     vnenc.Encoding
	EncodingFrom string
	Records      []Record
	// Warnings say what was not read (memo fields, deleted records).
	Warnings []string
}

// Record is a shape and its attributes.
type Record struct {
	N       int // 1-based record number in the .shp and .dbf
	Geom    orb.Geometry
	GeomErr error // why the shape could not be read
	Values  []string
}

// TextError is a .dbf text value that is not valid in the encoding used:
// the whole file is refused, since every text value is read alike.
type TextError struct {
	Field    string
	Record   int
	Encoding vnenc.Encoding
	From     string
	Err      error
	// Candidates are the encodings in which every text value reads as
	// Vietnamese.
	Candidates []vnenc.Encoding
}

func (e *TextError) Error() string {
	hint := "hãy chỉ đúng bảng mã bằng --encoding (give the right one with --encoding): " + vnenc.Names
	if len(e.Candidates) > 0 {
		names := make([]string, len(e.Candidates))
		for i, c := range e.Candidates {
			names[i] = string(c)
		}
		hint = "văn bản đọc đúng theo (the text reads right as): --encoding " + strings.Join(names, " | --encoding ")
	}
	return fmt.Sprintf("trường %s, bản ghi %d: văn bản không phải %s (theo %s) (field %s, record %d: the text is not %s, as %s says): %v; %s",
		e.Field, e.Record, e.Encoding, e.From, e.Field, e.Record, e.Encoding, e.From, e.Err, hint)
}

func (e *TextError) Unwrap() error { return e.Err }

// maxFile bounds the .shp and .dbf held in memory.
const maxFile = 2 << 30

// Open reads the Shapefile whose .shp is path, with its .dbf, .prj and
// .cpg beside it (any case of the extensions).
func Open(path string, opt Options) (*File, error) {
	shp, err := readPart(path, ".shp", true)
	if err != nil {
		return nil, err
	}
	st, shapes, err := readSHP(shp)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	f := &File{ShapeType: st}
	if prj, err := readPart(path, ".prj", false); err != nil {
		return nil, err
	} else {
		f.PRJ = strings.TrimSpace(strings.TrimPrefix(string(prj), "\ufeff"))
	}
	dbf, err := readPart(path, ".dbf", false)
	if err != nil {
		return nil, err
	}
	if dbf == nil {
		f.Warnings = append(f.Warnings, "không có tệp .dbf: chỉ có hình (no .dbf: geometry only)")
		for i, s := range shapes {
			f.Records = append(f.Records, Record{N: i + 1, Geom: s.Geom, GeomErr: s.Err})
		}
		return f, nil
	}
	if err := f.encoding(path, opt, dbf); err != nil {
		return nil, err
	}
	d, err := parseDBF(dbf, f.Encoding)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	if err := f.resolveDefault(d); err != nil {
		return nil, err
	}
	return f, f.read(d, shapes)
}

// encoding finds the declared encoding: --encoding, the .cpg, the LDID.
func (f *File) encoding(path string, opt Options, dbf []byte) error {
	if opt.Encoding != "" {
		e, ok := vnenc.Parse(opt.Encoding)
		if !ok {
			return fmt.Errorf("--encoding %q không được hỗ trợ (unsupported); dùng (use) %s", opt.Encoding, vnenc.Names)
		}
		f.Encoding, f.EncodingFrom = e, "--encoding"
		return nil
	}
	cpg, err := readPart(path, ".cpg", false)
	if err != nil {
		return err
	}
	if name := strings.TrimSpace(strings.TrimPrefix(string(cpg), "\ufeff")); name != "" {
		e, ok := vnenc.Parse(name)
		if !ok {
			return fmt.Errorf("tệp .cpg ghi bảng mã %q không được hỗ trợ (the .cpg names an unsupported encoding %q): dùng --encoding (use --encoding) %s", name, name, vnenc.Names)
		}
		f.Encoding, f.EncodingFrom = e, ".cpg"
		return nil
	}
	if len(dbf) > 29 {
		if e, ok := ldidEncodings[dbf[29]]; ok {
			f.Encoding, f.EncodingFrom = e, fmt.Sprintf("LDID 0x%02X", dbf[29])
			return nil
		}
	}
	return nil
}

// resolveDefault: with nothing declared, UTF-8 if every text value is
// valid UTF-8 (what GDAL writes), else a refusal naming the encodings in
// which the text reads as Vietnamese (no silent guess).
func (f *File) resolveDefault(d *DBF) error {
	if f.Encoding != "" {
		return nil
	}
	f.Encoding, f.EncodingFrom = vnenc.UTF8, "UTF-8 (mặc định, default)"
	for i := 0; i < d.Len(); i++ {
		for k := range d.Fields {
			fd := &d.Fields[k]
			if fd.Type != 'C' {
				continue
			}
			if _, err := d.Value(i, fd, vnenc.UTF8); err != nil {
				return &TextError{Field: fd.Name, Record: i + 1, Encoding: vnenc.UTF8, From: "không có .cpg (no .cpg or language driver)", Err: err, Candidates: candidates(d)}
			}
		}
	}
	return nil
}

// candidates are the encodings in which every text value decodes and
// passes vnenc.Check: the Vietnamese ones, and ISO-8859-1, which GDAL
// writes by default under the same LDID 0x57 that Windows-1258 files carry.
func candidates(d *DBF) []vnenc.Encoding {
	var out []vnenc.Encoding
next:
	for _, e := range []vnenc.Encoding{vnenc.Windows1258, vnenc.TCVN3, vnenc.VNI, vnenc.ISO8859_1} {
		for i := 0; i < d.Len(); i++ {
			for k := range d.Fields {
				if fd := &d.Fields[k]; fd.Type == 'C' {
					s, err := d.Value(i, fd, e)
					if err == nil {
						err = vnenc.Check(s)
					}
					if err != nil {
						continue next
					}
				}
			}
		}
		out = append(out, e)
	}
	return out
}

func (f *File) read(d *DBF, shapes []Shape) error {
	var fields []*Field
	for k := range d.Fields {
		fd := &d.Fields[k]
		if fd.Supported() {
			fields = append(fields, fd)
			f.Fields = append(f.Fields, *fd)
			continue
		}
		what := "kiểu " + string(fd.Type)
		if fd.Type == 'M' {
			what = "ghi chú (memo)"
		}
		f.Warnings = append(f.Warnings, fmt.Sprintf("trường %s (%s) không được đọc (field %s of type %c is not read)", fd.Name, what, fd.Name, fd.Type))
	}
	n := max(d.Len(), len(shapes))
	if d.Len() != len(shapes) {
		f.Warnings = append(f.Warnings, fmt.Sprintf(".shp có %d hình, .dbf có %d bản ghi (the .shp has %d shapes, the .dbf %d records)", len(shapes), d.Len(), len(shapes), d.Len()))
	}
	deleted := 0
	for i := 0; i < n; i++ {
		r := Record{N: i + 1}
		if i < len(shapes) {
			r.Geom, r.GeomErr = shapes[i].Geom, shapes[i].Err
		} else {
			r.GeomErr = errors.New("không có hình trong .shp (no shape in the .shp)")
		}
		if i < d.Len() {
			if d.Deleted(i) {
				deleted++
				continue
			}
			r.Values = make([]string, len(fields))
			for k, fd := range fields {
				v, err := d.Value(i, fd, f.Encoding)
				if err == nil && fd.Type == 'C' && f.Encoding.Vietnamese() {
					err = vnenc.Check(v)
				}
				if err != nil {
					if fd.Type == 'C' {
						return &TextError{Field: fd.Name, Record: i + 1, Encoding: f.Encoding, From: f.EncodingFrom, Err: err, Candidates: candidates(d)}
					}
					return fmt.Errorf("trường %s, bản ghi %d (field %s, record %d): %w", fd.Name, i+1, fd.Name, i+1, err)
				}
				r.Values[k] = v
			}
		}
		f.Records = append(f.Records, r)
	}
	if deleted > 0 {
		f.Warnings = append(f.Warnings, fmt.Sprintf("bỏ %d bản ghi đã xoá trong .dbf (%d records marked deleted in the .dbf are skipped)", deleted, deleted))
	}
	return nil
}

// readPart reads the file beside path with extension ext (.shp, .dbf…) in
// any case; nil when it is absent and not required.
func readPart(path, ext string, required bool) ([]byte, error) {
	stem := strings.TrimSuffix(path, filepath.Ext(path))
	for _, e := range []string{ext, strings.ToUpper(ext)} {
		fh, err := os.Open(stem + e)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		defer fh.Close()
		b, err := io.ReadAll(io.LimitReader(fh, maxFile+1))
		if err != nil {
			return nil, err
		}
		if len(b) > maxFile {
			return nil, fmt.Errorf("%s lớn hơn 2 GiB (larger than 2 GiB)", stem+e)
		}
		return b, nil
	}
	if required {
		return nil, fmt.Errorf("không có tệp %s (no %s file beside it): %s", ext, ext, stem+ext)
	}
	return nil, nil
}
