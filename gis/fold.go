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
