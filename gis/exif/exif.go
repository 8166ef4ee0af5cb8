// Package exif reads the two things a field photo can tell about itself:
// when it was taken and where (EXIF DateTimeOriginal and the GPS
// position). It finds the EXIF block where cameras and phones put it: a
// JPEG's APP1 segment, a HEIC/HEIF (or AVIF) file's Exif item, a PNG's
// eXIf chunk and a WebP's EXIF chunk. Nothing else of EXIF is read; a
// photo without them gives an Info with neither.
package exif

import (
	"encoding/binary"
	"errors"
	"math"
	"time"

	"github.com/paulmach/orb"
)

// Info is what a photo says about itself.
type Info struct {
	// Taken is when the photo was taken, read as wall-clock time in loc
	// (EXIF has no zone unless OffsetTimeOriginal gives one).
	Taken    time.Time
	HasTaken bool
	// Where is the camera's GPS position (lon, lat, WGS 84).
	Where    orb.Point
	HasWhere bool
}

// ErrFormat is returned for data that is none of the formats read.
var ErrFormat = errors.New("exif: not a JPEG, HEIC/HEIF, PNG or WebP image")

// maxIFDEntries bounds an IFD's entry count: a corrupt count must not make
// the reader walk megabytes.
const maxIFDEntries = 1000

// Read reads a photo's EXIF time and position, times without a zone in
// loc. Damaged EXIF gives what could be read, never a panic.
func Read(data []byte, loc *time.Location) (Info, error) {
	var block []byte
	switch {
	case len(data) >= 4 && data[0] == 0xFF && data[1] == 0xD8:
		block = jpegExif(data)
	case isPNG(data):
		block = pngExif(data)
	case isWebP(data):
		block = webpExif(data)
	case isHEIF(data):
		block = heifExif(data)
	default:
		return Info{}, ErrFormat
	}
	if block == nil {
		return Info{}, nil
	}
	return readTIFF(block, loc), nil
}

// jpegExif is the TIFF block of a JPEG's APP1 Exif segment, or nil.
func jpegExif(data []byte) []byte {
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return nil
		}
		marker := data[i+1]
		if marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7) {
			i += 2
			continue
		}
		if marker == 0xDA || marker == 0xD9 { // image data: no more metadata
			return nil
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return nil
		}
		seg := data[i+4 : i+2+n]
		if marker == 0xE1 && len(seg) > 6 && string(seg[:6]) == "Exif\x00\x00" {
			return seg[6:]
		}
		i += 2 + n
	}
	return nil
}

// tiff is an EXIF block: a TIFF header and its IFDs.
type tiff struct {
	b  []byte
	bo binary.ByteOrder
}

type entry struct {
	tag, typ uint16
	count    uint32
	value    []byte // the 4 bytes of the entry's value or offset
}

func readTIFF(b []byte, loc *time.Location) Info {
	var info Info
	if len(b) < 8 {
		return info
	}
	t := tiff{b: b}
	switch string(b[:2]) {
	case "II":
		t.bo = binary.LittleEndian
	case "MM":
		t.bo = binary.BigEndian
	default:
		return info
	}
	ifd0 := t.ifd(t.bo.Uint32(b[4:]))
	var taken, offset string
	if e, ok := ifd0[0x8769]; ok { // the Exif IFD
		sub := t.ifd(t.bo.Uint32(e.value))
		taken = t.ascii(sub[0x9003])
		offset = t.ascii(sub[0x9011])
	}
	if taken == "" {
		taken = t.ascii(ifd0[0x0132]) // DateTime: when the file was written
	}
	if tm, ok := parseTime(taken, offset, loc); ok {
		info.Taken, info.HasTaken = tm, true
	}
	if e, ok := ifd0[0x8825]; ok {
		gps := t.ifd(t.bo.Uint32(e.value))
		lat, ok1 := t.degrees(gps[2])
		lon, ok2 := t.degrees(gps[4])
		if ok1 && ok2 {
			if r := t.ascii(gps[1]); r == "S" {
				lat = -lat
			}
			if r := t.ascii(gps[3]); r == "W" {
				lon = -lon
			}
			if math.Abs(lat) <= 90 && math.Abs(lon) <= 180 && (lat != 0 || lon != 0) {
				info.Where, info.HasWhere = orb.Point{lon, lat}, true
			}
		}
	}
	return info
}

// ifd reads the entries of the IFD at off.
func (t tiff) ifd(off uint32) map[uint16]entry {
	out := map[uint16]entry{}
	if uint64(off)+2 > uint64(len(t.b)) {
		return out
	}
	n := int(t.bo.Uint16(t.b[off:]))
	if n > maxIFDEntries {
		return out
	}
	p := int(off) + 2
	for i := 0; i < n && p+12 <= len(t.b); i, p = i+1, p+12 {
		e := entry{tag: t.bo.Uint16(t.b[p:]), typ: t.bo.Uint16(t.b[p+2:]), count: t.bo.Uint32(t.b[p+4:]), value: t.b[p+8 : p+12]}
		out[e.tag] = e
	}
	return out
}

// data is an entry's value bytes: inline when they fit in 4, else at the
// offset; nil when they lie outside the block.
func (t tiff) data(e entry, size int) []byte {
	total := uint64(e.count) * uint64(size)
	if total <= 4 {
		return e.value[:total]
	}
	off := uint64(t.bo.Uint32(e.value))
	if off+total > uint64(len(t.b)) {
		return nil
	}
	return t.b[off : off+total]
}

func (t tiff) ascii(e entry) string {
	if e.typ != 2 || e.count == 0 {
		return ""
	}
	b := t.data(e, 1)
	for i, c := range b {
		if c == 0 {
			b = b[:i]
			break
		}
	}
	return string(b)
}

// degrees reads three RATIONALs (degrees, minutes, seconds).
func (t tiff) degrees(e entry) (float64, bool) {
	if e.typ != 5 || e.count != 3 {
		return 0, false
	}
	b := t.data(e, 8)
	if b == nil {
		return 0, false
	}
	var v [3]float64
	for i := range v {
		num, den := t.bo.Uint32(b[8*i:]), t.bo.Uint32(b[8*i+4:])
		if den == 0 {
			return 0, false
		}
		v[i] = float64(num) / float64(den)
	}
	return v[0] + v[1]/60 + v[2]/3600, true
}

// parseTime reads "2006:01:02 15:04:05", in the zone offset gives
// ("+07:00") or else in loc.
func parseTime(s, offset string, loc *time.Location) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	if offset != "" {
		if tm, err := time.Parse("2006:01:02 15:04:05-07:00", s+offset); err == nil {
			return tm, true
		}
	}
	tm, err := time.ParseInLocation("2006:01:02 15:04:05", s, loc)
	if err != nil || tm.Year() < 1990 {
		return time.Time{}, false
	}
	return tm, true
}
