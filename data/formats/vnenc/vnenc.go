// Package vnenc decodes and encodes the text encodings Vietnamese offices'
// files are written in: Windows-1258 (code page 1258, whose tone marks are
// combining characters after the letter), TCVN3 (TCVN 5712:1993, the ABC
// fonts) and VNI Windows (two bytes a toned letter). Decoded text is
// composed to Unicode NFC, the form the rest of wardmap stores and
// searches; text that cannot be what the encoding says (a byte the
// encoding does not have, a tone mark after no vowel) is an error, so that
// a wrong guess is refused instead of stored garbled.
//
// golang.org/x/text has Windows-1258 but neither TCVN3 nor VNI, so those
// tables are written here (tcvn3.go, vni.go).
package vnenc

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// Encoding names one of the supported encodings.
type Encoding string

// The encodings, by their canonical names.
const (
	UTF8         Encoding = "utf-8"
	Windows1258  Encoding = "windows-1258"
	TCVN3        Encoding = "tcvn3"
	VNI          Encoding = "vni"
	Windows1252  Encoding = "windows-1252"
	ISO8859_1    Encoding = "iso-8859-1"
	Windows1250  Encoding = "windows-1250"
	Windows1251  Encoding = "windows-1251"
	CP437        Encoding = "cp437"
	CP850        Encoding = "cp850"
	ISO8859_15   Encoding = "iso-8859-15"
	unknownEnc   Encoding = ""
	maxErrorText          = 40
)

// Names lists the encodings Parse accepts, for messages.
const Names = "utf-8, windows-1258 (cp1258), tcvn3 (abc), vni, windows-1252, iso-8859-1, iso-8859-15, windows-1250, windows-1251, cp437, cp850"

// Parse reads an encoding name as users and .cpg files write it
// ("UTF-8", "1258", "CP1258", "TCVN3", "ABC", "VNI-Windows", "LATIN1").
func Parse(name string) (Encoding, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	n = strings.NewReplacer("_", "", "-", "", " ", "").Replace(n)
	switch n {
	case "utf8", "65001":
		return UTF8, true
	case "windows1258", "cp1258", "1258", "win1258", "ansi1258", "vietnamese":
		return Windows1258, true
	case "tcvn3", "abc", "tcvn", "tcvn5712", "tcvn57121", "vn3", "tcvn3abc":
		return TCVN3, true
	case "vni", "vniwindows", "vniwin":
		return VNI, true
	case "windows1252", "cp1252", "1252", "ansi1252", "win1252":
		return Windows1252, true
	case "iso88591", "latin1", "88591":
		return ISO8859_1, true
	case "iso885915", "latin9", "885915":
		return ISO8859_15, true
	case "windows1250", "cp1250", "1250":
		return Windows1250, true
	case "windows1251", "cp1251", "1251":
		return Windows1251, true
	case "cp437", "437", "ibm437", "oem437":
		return CP437, true
	case "cp850", "850", "ibm850", "oem850":
		return CP850, true
	}
	return unknownEnc, false
}

// Vietnamese reports whether e is one of the Vietnamese encodings, whose
// decoded text Check can judge.
func (e Encoding) Vietnamese() bool { return e == Windows1258 || e == TCVN3 || e == VNI }

func (e Encoding) charmap() *charmap.Charmap {
	switch e {
	case Windows1258:
		return charmap.Windows1258
	case Windows1252:
		return charmap.Windows1252
	case ISO8859_1:
		return charmap.ISO8859_1
	case ISO8859_15:
		return charmap.ISO8859_15
	case Windows1250:
		return charmap.Windows1250
	case Windows1251:
		return charmap.Windows1251
	case CP437:
		return charmap.CodePage437
	case CP850:
		return charmap.CodePage850
	}
	return nil
}

// Decode turns b, written in e, into NFC UTF-8 text. It fails on a byte
// the encoding does not have and on a tone mark left over after
// composing (a mark after a consonant or a space: the text is not in e).
func Decode(e Encoding, b []byte) (string, error) {
	var s string
	switch e {
	case UTF8:
		if !utf8.Valid(b) {
			return "", fmt.Errorf("không phải UTF-8 (not valid UTF-8): %s", quote(b))
		}
		s = string(b)
	case TCVN3:
		var sb strings.Builder
		for _, c := range b {
			sb.WriteRune(tcvn3Rune(c))
		}
		s = sb.String()
	case VNI:
		var err error
		if s, err = decodeVNI(b); err != nil {
			return "", err
		}
	default:
		cm := e.charmap()
		if cm == nil {
			return "", fmt.Errorf("bảng mã không hỗ trợ (unsupported encoding) %q", e)
		}
		var sb strings.Builder
		for _, c := range b {
			r := cm.DecodeByte(c)
			if r == utf8.RuneError {
				return "", fmt.Errorf("byte 0x%02X không có trong %s (not in %s): %s", c, e, e, quote(b))
			}
			sb.WriteRune(r)
		}
		s = sb.String()
	}
	s = norm.NFC.String(s)
	if e.Vietnamese() || e == UTF8 {
		if err := strayMark(s); err != nil {
			return "", err
		}
	}
	return s, nil
}

// strayMark fails on a combining tone mark that composed with nothing.
func strayMark(s string) error {
	for i, r := range s {
		if unicode.Is(unicode.Mn, r) {
			return fmt.Errorf("dấu thanh U+%04X không ghép được với chữ trước nó (a tone mark that joins no letter) ở (at) %q", r, clip(s, i))
		}
	}
	return nil
}

func decodeVNI(b []byte) (string, error) {
	var sb strings.Builder
	sb.Grow(len(b) + 8)
	for i, c := range b {
		if c < 0x80 {
			sb.WriteByte(c)
			continue
		}
		if c < 0xC0 {
			// Punctuation and symbols: VNI fonts keep Windows-1252's.
			sb.WriteRune(charmap.Windows1252.DecodeByte(c))
			continue
		}
		letter, marks := vniByte(c)
		switch {
		case letter != 0:
			sb.WriteRune(letter)
		case marks != "":
			sb.WriteString(marks)
		default:
			return "", fmt.Errorf("byte 0x%02X không có trong VNI (not a VNI byte) ở vị trí (at byte) %d: %s", c, i+1, quote(b))
		}
	}
	return sb.String(), nil
}

func quote(b []byte) string {
	if len(b) > maxErrorText {
		b = b[:maxErrorText]
	}
	return fmt.Sprintf("%q", b)
}

func clip(s string, i int) string {
	start := max(0, i-20)
	for start > 0 && !utf8.RuneStart(s[start]) {
		start--
	}
	end := min(len(s), i+20)
	for end < len(s) && !utf8.RuneStart(s[end]) {
		end++
	}
	return s[start:end]
}
