package gis

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// FoldASCII removes Vietnamese (and other Latin) diacritics and keeps case:
// "Đường Trần Thành Ngọ" becomes "Duong Tran Thanh Ngo". Đ/đ have no
// decomposition in Unicode and are mapped by hand.
func FoldASCII(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		switch {
		case r == 'Đ':
			b.WriteByte('D')
		case r == 'đ':
			b.WriteByte('d')
		case unicode.Is(unicode.Mn, r):
			// combining mark: the diacritic itself, dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// FoldSearch is the key text search compares: diacritics folded, lower case,
// runs of space and punctuation collapsed to one space. "Trần  Thành-Ngọ"
// and "tran thanh ngo" have the same key.
func FoldSearch(s string) string {
	if b, ok := appendFoldASCIIOnly(nil, s); ok {
		return string(b)
	}
	return foldSearchUnicode(s)
}

// AppendFoldSearch appends FoldSearch(s) to dst: with a reused dst, an
// ASCII s (most of an inventory's values) is folded without allocating,
// for keys that are only looked up.
func AppendFoldSearch(dst []byte, s string) []byte {
	if b, ok := appendFoldASCIIOnly(dst, s); ok {
		return b
	}
	return append(dst, foldSearchUnicode(s)...)
}

// appendFoldASCIIOnly is FoldSearch for an all-ASCII s in one pass (NFD
// and diacritic folding change nothing there; a letter is A–Z or a–z, a
// digit 0–9), reporting false, with dst unchanged, for any other s. An
// import folds every value it reads (1M rows: 3.6 s of FoldSearch's
// three passes and allocations).
func appendFoldASCIIOnly(dst []byte, s string) ([]byte, bool) {
	start := len(dst)
	sep := false // a separator is owed before the next kept byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80:
			return dst[:start], false
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '/':
		default:
			sep = len(dst) > start
			continue
		}
		if sep {
			dst = append(dst, ' ')
			sep = false
		}
		dst = append(dst, c)
	}
	return dst, true
}

func foldSearchUnicode(s string) string {
	s = strings.ToLower(FoldASCII(s))
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '/' {
			b.WriteRune(r)
			space = false
			continue
		}
		if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSpace(b.String())
}
