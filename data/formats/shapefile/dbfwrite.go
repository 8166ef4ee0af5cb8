package shapefile

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"time"

	"wardmap/data/formats/vnenc"
)

// WriteDBF writes a dBase III .dbf: fields of type C (text, encoded in
// enc), N, F, L and D (values already as dBase writes them: "12.5",
// "T", "20240131"); ldid is the language driver byte. wardmap writes
// Shapefiles in no other way yet; tests use it to make the legacy files
// offices have (TCVN3 and VNI text, which GDAL cannot write).
func WriteDBF(w io.Writer, fields []Field, rows [][]string, enc vnenc.Encoding, ldid byte) error {
	recLen := 1
	for _, f := range fields {
		recLen += f.Length
	}
	hlen := 32 + 32*len(fields) + 1
	h := make([]byte, 32)
	h[0] = 0x03
	now := time.Now()
	h[1], h[2], h[3] = byte(now.Year()-1900), byte(now.Month()), byte(now.Day())
	binary.LittleEndian.PutUint32(h[4:], uint32(len(rows)))
	binary.LittleEndian.PutUint16(h[8:], uint16(hlen))
	binary.LittleEndian.PutUint16(h[10:], uint16(recLen))
	h[29] = ldid
	var buf bytes.Buffer
	buf.Write(h)
	for _, f := range fields {
		d := make([]byte, 32)
		name, err := vnenc.Encode(enc, f.Name)
		if err != nil || len(name) > 10 {
			return fmt.Errorf("shapefile: field name %q", f.Name)
		}
		copy(d, name)
		d[11] = f.Type
		d[16], d[17] = byte(f.Length), byte(f.Decimals)
		buf.Write(d)
	}
	buf.WriteByte(0x0D)
	for _, row := range rows {
		buf.WriteByte(' ')
		for k, f := range fields {
			v := ""
			if k < len(row) {
				v = row[k]
			}
			b := []byte(v)
			if f.Type == 'C' {
				if b, err := vnenc.Encode(enc, v); err != nil {
					return err
				} else if len(b) > f.Length {
					return fmt.Errorf("shapefile: %q is %d bytes, field %s holds %d", v, len(b), f.Name, f.Length)
				} else {
					buf.Write(b)
					buf.WriteString(strings.Repeat(" ", f.Length-len(b)))
				}
				continue
			}
			if len(b) > f.Length {
				return fmt.Errorf("shapefile: %q does not fit field %s", v, f.Name)
			}
			buf.WriteString(strings.Repeat(" ", f.Length-len(b))) // numbers right-aligned
			buf.Write(b)
		}
	}
	buf.WriteByte(0x1A)
	_, err := w.Write(buf.Bytes())
	return err
}
