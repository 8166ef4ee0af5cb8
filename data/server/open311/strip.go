package open311

import (
	"bytes"
	"encoding/binary"
	"errors"
)

// Photos from laptops reach the store as the inspector's phone made them,
// with an EXIF block (GPS position, camera serial, owner's name), XMP, PNG
// text chunks. Staff keep that original (the sync API serves it); what the
// public handlers serve is the same image with its metadata cut out: the
// coded pixels are copied byte for byte (no re-encoding, no loss, no CPU
// spent decoding), and of the metadata only what draws the image is kept
// (ICC colour profile, Adobe colour transform, PNG gamma and transparency,
// GIF loop count) plus the EXIF orientation, rebuilt alone, so that an
// upright phone photo stays upright.

var errNotImage = errors.New("open311: not a JPEG, PNG, GIF or WebP")

// StripMetadata returns an image without its metadata, and its MIME type.
func StripMetadata(b []byte) ([]byte, string, error) {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		out, err := stripJPEG(b)
		return out, "image/jpeg", err
	case bytes.HasPrefix(b, pngSig):
		out, err := stripPNG(b)
		return out, "image/png", err
	case bytes.HasPrefix(b, []byte("GIF87a")) || bytes.HasPrefix(b, []byte("GIF89a")):
		out, err := stripGIF(b)
		return out, "image/gif", err
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		out, err := stripWebP(b)
		return out, "image/webp", err
	}
	return nil, "", errNotImage
}

var errTruncated = errors.New("open311: truncated or malformed image")

// --- JPEG

// stripJPEG keeps SOI, the coding segments (tables, frame, scans and
// their entropy-coded data) up to EOI, JFIF (APP0), ICC (APP2
// "ICC_PROFILE") and Adobe (APP14); it drops every other APPn (EXIF, XMP,
// MPF, IPTC, maker blocks), comments and whatever trails EOI.
func stripJPEG(b []byte) ([]byte, error) {
	out := make([]byte, 0, len(b))
	out = append(out, 0xFF, 0xD8)
	orientation := 0
	insertAt := len(out) // after SOI and JFIF: where readers look for EXIF
	i := 2
	for {
		// Markers may be preceded by fill bytes 0xFF.
		if i >= len(b) || b[i] != 0xFF {
			return nil, errTruncated
		}
		for i < len(b) && b[i] == 0xFF {
			i++
		}
		if i >= len(b) {
			return nil, errTruncated
		}
		m := b[i]
		i++
		switch {
		case m == 0xD9: // EOI
			out = append(out, 0xFF, 0xD9)
			if orientation > 1 {
				seg := appendOrientation(nil, orientation)
				out = append(out[:insertAt], append(seg, out[insertAt:]...)...)
			}
			return out, nil
		case m == 0x01 || m >= 0xD0 && m <= 0xD7 || m == 0xD8:
			out = append(out, 0xFF, m)
			continue
		case m == 0x00:
			return nil, errTruncated
		}
		if i+2 > len(b) {
			return nil, errTruncated
		}
		n := int(binary.BigEndian.Uint16(b[i:]))
		if n < 2 || i+n > len(b) {
			return nil, errTruncated
		}
		seg := b[i+2 : i+n]
		if m == 0xE1 && orientation == 0 {
			orientation = exifOrientation(seg)
		}
		if !keepSegment(m, seg) {
			i += n
			continue
		}
		out = append(out, 0xFF, m)
		out = append(out, b[i:i+n]...)
		if m == 0xE0 && insertAt == 2 {
			insertAt = len(out)
		}
		i += n
		if m != 0xDA { // SOS: entropy-coded data follows
			continue
		}
		end, ok := scanEnd(b, i)
		if !ok {
			return nil, errTruncated
		}
		out = append(out, b[i:end]...)
		i = end
	}
}

// keepSegment tells whether a segment with marker m and payload seg stays:
// the coding segments, JFIF (APP0), ICC (APP2) and Adobe (APP14); not
// EXIF (APP1, whose orientation is kept apart), any other APPn or a
// comment.
func keepSegment(m byte, seg []byte) bool {
	switch {
	case m == 0xE0:
		return bytes.HasPrefix(seg, []byte("JFIF\x00")) || bytes.HasPrefix(seg, []byte("JFXX\x00"))
	case m == 0xE2:
		return bytes.HasPrefix(seg, []byte("ICC_PROFILE\x00"))
	case m == 0xEE:
		return bytes.HasPrefix(seg, []byte("Adobe"))
	case m >= 0xE0 && m <= 0xEF, m == 0xFE:
		return false
	}
	return true
}

// scanEnd is where the entropy-coded data of a scan starting at i ends:
// at the next marker that is not a stuffed 0xFF00, a restart marker or
// fill; false when the data runs off the end.
func scanEnd(b []byte, i int) (int, bool) {
	for {
		if i+1 >= len(b) {
			return 0, false
		}
		if b[i] == 0xFF && b[i+1] != 0x00 && (b[i+1] < 0xD0 || b[i+1] > 0xD7) && b[i+1] != 0xFF {
			return i, true
		}
		i++
	}
}

// exifOrientation reads tag 0x0112 of IFD0 from an APP1 payload; 0 when
// absent or unreadable.
func exifOrientation(seg []byte) int {
	t, ok := bytes.CutPrefix(seg, []byte("Exif\x00\x00"))
	if !ok || len(t) < 8 {
		return 0
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	off := int(bo.Uint32(t[4:]))
	if off < 8 || off+2 > len(t) {
		return 0
	}
	n := int(bo.Uint16(t[off:]))
	for k := range n {
		e := off + 2 + 12*k
		if e+12 > len(t) {
			return 0
		}
		if bo.Uint16(t[e:]) == 0x0112 && bo.Uint16(t[e+2:]) == 3 {
			if v := int(bo.Uint16(t[e+8:])); v >= 1 && v <= 8 {
				return v
			}
			return 0
		}
	}
	return 0
}

// appendOrientation writes an APP1 EXIF block holding only the
// orientation (nothing when upright or unknown).
func appendOrientation(out []byte, o int) []byte {
	if o < 2 || o > 8 {
		return out
	}
	tiff := []byte{'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, byte(o), 0, 0, 0, 0, 0, 0}
	payload := append([]byte("Exif\x00\x00"), tiff...)
	out = append(out, 0xFF, 0xE1)
	out = binary.BigEndian.AppendUint16(out, uint16(len(payload)+2))
	return append(out, payload...)
}

// --- PNG

var pngSig = []byte("\x89PNG\r\n\x1a\n")

// pngKeep are the chunks that draw the image: the critical ones, colour
// and transparency, physical size, and APNG's animation.
var pngKeep = map[string]bool{"IHDR": true, "PLTE": true, "IDAT": true, "IEND": true, "tRNS": true, "gAMA": true, "cHRM": true,
	"sRGB": true, "iCCP": true, "sBIT": true, "pHYs": true, "bKGD": true, "acTL": true, "fcTL": true, "fdAT": true}

// stripPNG drops text (tEXt, zTXt, iTXt), eXIf, tIME and any chunk not in
// pngKeep, and what trails IEND.
func stripPNG(b []byte) ([]byte, error) {
	out := append(make([]byte, 0, len(b)), pngSig...)
	i := len(pngSig)
	for {
		if i+12 > len(b) {
			return nil, errTruncated
		}
		n := int(binary.BigEndian.Uint32(b[i:]))
		if n < 0 || n > len(b)-i-12 {
			return nil, errTruncated
		}
		typ := string(b[i+4 : i+8])
		end := i + 12 + n
		if pngKeep[typ] {
			out = append(out, b[i:end]...)
		}
		i = end
		if typ == "IEND" {
			return out, nil
		}
	}
}

// --- GIF

// stripGIF drops comment and plain-text extensions and application
// extensions other than the loop count (NETSCAPE2.0, ANIMEXTS1.0); XMP
// rides in one.
func stripGIF(b []byte) ([]byte, error) {
	if len(b) < 13 {
		return nil, errTruncated
	}
	i := 13
	if b[10]&0x80 != 0 {
		i += 3 << (b[10]&7 + 1)
	}
	if i > len(b) {
		return nil, errTruncated
	}
	out := append(make([]byte, 0, len(b)), b[:i]...)
	// subBlocks returns the end of the data sub-blocks starting at j.
	subBlocks := func(j int) (int, error) {
		for {
			if j >= len(b) {
				return 0, errTruncated
			}
			n := int(b[j])
			j += 1 + n
			if n == 0 {
				return j, nil
			}
		}
	}
	for {
		if i >= len(b) {
			return nil, errTruncated
		}
		switch b[i] {
		case 0x3B: // trailer
			return append(out, 0x3B), nil
		case 0x21:
			if i+2 > len(b) {
				return nil, errTruncated
			}
			label := b[i+1]
			end, err := subBlocks(i + 2)
			if err != nil {
				return nil, err
			}
			keep := label == 0xF9
			if label == 0xFF && i+3+11 <= len(b) && b[i+2] == 11 {
				id := string(b[i+3 : i+3+11])
				keep = id == "NETSCAPE2.0" || id == "ANIMEXTS1.0"
			}
			if keep {
				out = append(out, b[i:end]...)
			}
			i = end
		case 0x2C:
			j := i + 10
			if j > len(b) {
				return nil, errTruncated
			}
			if b[i+9]&0x80 != 0 {
				j += 3 << (b[i+9]&7 + 1)
			}
			j++ // LZW minimum code size
			end, err := subBlocks(j)
			if err != nil {
				return nil, err
			}
			out = append(out, b[i:end]...)
			i = end
		default:
			return nil, errTruncated
		}
	}
}

// --- WebP

// stripWebP drops the EXIF and XMP chunks and their flags in VP8X.
func stripWebP(b []byte) ([]byte, error) {
	size := int(binary.LittleEndian.Uint32(b[4:]))
	if size < 4 || size > len(b)-8 {
		return nil, errTruncated
	}
	body := b[12 : 8+size]
	out := append(make([]byte, 0, len(b)), b[:12]...)
	for i := 0; i < len(body); {
		if i+8 > len(body) {
			return nil, errTruncated
		}
		n := int(binary.LittleEndian.Uint32(body[i+4:]))
		end := i + 8 + n + n&1
		if n < 0 || n > len(body)-i-8 {
			return nil, errTruncated
		}
		end = min(end, len(body))
		typ := string(body[i : i+4])
		switch typ {
		case "EXIF", "XMP ":
		case "VP8X":
			c := append([]byte(nil), body[i:end]...)
			if len(c) > 8 {
				c[8] &^= 0x08 | 0x04
			}
			out = append(out, c...)
		default:
			out = append(out, body[i:end]...)
		}
		i = end
	}
	binary.LittleEndian.PutUint32(out[4:], uint32(len(out)-8))
	return out, nil
}
