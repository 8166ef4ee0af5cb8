package exif

import (
	"encoding/binary"
)

// Phones save photos as HEIC (iPhones since 2017, many Android phones),
// and some apps as PNG or WebP; each keeps the same TIFF-structured EXIF
// block as a JPEG, in its own kind of container. These functions find
// that block and return it, or nil; every length read from the file is
// checked against the data before it is used.

// trimExifHeader drops the "Exif\0\0" some writers put before the TIFF
// header even where the format does not ask for it.
func trimExifHeader(b []byte) []byte {
	if len(b) >= 6 && string(b[:6]) == "Exif\x00\x00" {
		return b[6:]
	}
	return b
}

const pngMagic = "\x89PNG\r\n\x1a\n"

func isPNG(data []byte) bool { return len(data) >= 8 && string(data[:8]) == pngMagic }

// pngExif is the contents of a PNG's eXIf chunk (PNG 1.5 extension, 2017).
// Chunks are length, type, data, CRC; eXIf may come before or after the
// image data.
func pngExif(data []byte) []byte {
	for i := 8; i+8 <= len(data); {
		n := uint64(binary.BigEndian.Uint32(data[i:]))
		typ := string(data[i+4 : i+8])
		end := uint64(i) + 8 + n
		if end > uint64(len(data)) {
			return nil
		}
		if typ == "eXIf" {
			return trimExifHeader(data[i+8 : end])
		}
		if typ == "IEND" {
			return nil
		}
		i = int(end) + 4 // the CRC
	}
	return nil
}

func isWebP(data []byte) bool {
	return len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP"
}

// webpExif is the contents of a WebP's EXIF chunk. RIFF chunks are a
// four-character code, a little-endian size and the data, padded to an
// even length.
func webpExif(data []byte) []byte {
	for i := 12; i+8 <= len(data); {
		n := uint64(binary.LittleEndian.Uint32(data[i+4:]))
		end := uint64(i) + 8 + n
		if end > uint64(len(data)) {
			return nil
		}
		if string(data[i:i+4]) == "EXIF" {
			return trimExifHeader(data[i+8 : end])
		}
		i = int(end + n%2)
	}
	return nil
}

// box is one ISO base media file format box: its type and contents.
type box struct {
	typ  string
	body []byte
	off  int // where body starts in the data the box was read from
}

// boxes splits b into boxes; a box whose size runs past b ends the list.
func boxes(b []byte) []box {
	var out []box
	for i := 0; i+8 <= len(b); {
		size := uint64(binary.BigEndian.Uint32(b[i:]))
		typ := string(b[i+4 : i+8])
		head := uint64(8)
		switch size {
		case 0: // to the end
			size = uint64(len(b) - i)
		case 1: // a 64-bit size follows
			if i+16 > len(b) {
				return out
			}
			size, head = binary.BigEndian.Uint64(b[i+8:]), 16
		}
		if size < head || size > uint64(len(b)-i) {
			return out
		}
		out = append(out, box{typ: typ, body: b[i+int(head) : i+int(size)], off: i + int(head)})
		i += int(size)
	}
	return out
}

func find(bs []box, typ string) (box, bool) {
	for _, b := range bs {
		if b.typ == typ {
			return b, true
		}
	}
	return box{}, false
}

// heifBrands are the ftyp brands of HEIF still images (HEIC, AVIF …).
var heifBrands = []string{"heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif", "avis"}

func isHEIF(data []byte) bool {
	if len(data) < 16 || string(data[4:8]) != "ftyp" {
		return false
	}
	n := int(binary.BigEndian.Uint32(data))
	if n < 16 || n > len(data) {
		return false
	}
	for i := 8; i+4 <= n; i += 4 {
		if i == 12 { // the minor version, not a brand
			continue
		}
		for _, b := range heifBrands {
			if string(data[i:i+4]) == b {
				return true
			}
		}
	}
	return false
}

// heifExif is the TIFF block of a HEIF file's Exif item: the meta box's
// item info (iinf) names the item of type "Exif", its location (iloc)
// gives the extents, in the file or in the meta box's idat; the item
// starts with the offset of the TIFF header after a 4-byte field.
func heifExif(data []byte) []byte {
	meta, ok := find(boxes(data), "meta")
	if !ok || len(meta.body) < 4 {
		return nil
	}
	children := boxes(meta.body[4:]) // meta is a full box
	id, ok := exifItem(children)
	if !ok {
		return nil
	}
	item := itemData(data, children, id)
	if len(item) < 4 {
		return nil
	}
	skip := uint64(binary.BigEndian.Uint32(item))
	if 4+skip > uint64(len(item)) {
		return nil
	}
	return trimExifHeader(item[4+skip:])
}

// exifItem is the id of the item of type "Exif" in iinf.
func exifItem(meta []box) (uint32, bool) {
	iinf, ok := find(meta, "iinf")
	if !ok || len(iinf.body) < 6 {
		return 0, false
	}
	start := 6 // version/flags and a 16-bit count
	if iinf.body[0] != 0 {
		start = 8
	}
	if start > len(iinf.body) {
		return 0, false
	}
	for _, e := range boxes(iinf.body[start:]) {
		b := e.body
		if e.typ != "infe" || len(b) < 4 || b[0] < 2 {
			continue
		}
		var id uint32
		var typ []byte
		if b[0] == 2 && len(b) >= 12 {
			id, typ = uint32(binary.BigEndian.Uint16(b[4:])), b[8:12]
		} else if b[0] >= 3 && len(b) >= 14 {
			id, typ = binary.BigEndian.Uint32(b[4:]), b[10:14]
		}
		if string(typ) == "Exif" {
			return id, true
		}
	}
	return 0, false
}

// maxItemSize bounds the bytes gathered for one item.
const maxItemSize = 1 << 24

// itemData gathers the extents iloc gives for item id.
func itemData(data []byte, meta []box, id uint32) []byte {
	iloc, ok := find(meta, "iloc")
	if !ok {
		return nil
	}
	r := reader{b: iloc.body}
	version := r.n(1)
	r.n(3) // flags
	sizes := r.n(2)
	offSize, lenSize, baseSize, idxSize := int(sizes>>12), int(sizes>>8&15), int(sizes>>4&15), int(sizes&15)
	if version != 1 && version != 2 {
		idxSize = 0
	}
	count := r.n(2)
	if version == 2 {
		count = r.n(4)
	}
	for i := uint64(0); i < count && !r.bad; i++ {
		itemID := r.n(2)
		if version == 2 {
			itemID = r.n(4)
		}
		method := uint64(0)
		if version == 1 || version == 2 {
			method = r.n(2) & 15
		}
		r.n(2) // data reference index
		base := r.n(baseSize)
		extents := r.n(2)
		var out []byte
		for e := uint64(0); e < extents && !r.bad; e++ {
			r.n(idxSize)
			off, n := base+r.n(offSize), r.n(lenSize)
			if itemID != uint64(id) {
				continue
			}
			src := data
			if method == 1 {
				idat, ok := find(meta, "idat")
				if !ok {
					return nil
				}
				src = idat.body
			} else if method != 0 {
				return nil
			}
			if n == 0 { // to the end of the source
				n = uint64(len(src)) - min(off, uint64(len(src)))
			}
			if off > uint64(len(src)) || n > uint64(len(src))-off || uint64(len(out))+n > maxItemSize {
				return nil
			}
			out = append(out, src[off:off+n]...)
		}
		if itemID == uint64(id) && !r.bad {
			return out
		}
	}
	return nil
}

// reader reads big-endian numbers of 0 to 8 bytes; past the end it reads
// zeros and marks itself bad.
type reader struct {
	b   []byte
	bad bool
}

func (r *reader) n(size int) uint64 {
	if size == 0 {
		return 0
	}
	if size > 8 || size > len(r.b) {
		r.bad, r.b = true, nil
		return 0
	}
	var v uint64
	for _, c := range r.b[:size] {
		v = v<<8 | uint64(c)
	}
	r.b = r.b[size:]
	return v
}
