package gis

import (
	"strings"
	"unicode/utf8"
)

// The text rule of the ward server's stores (issue 15): text is kept as
// valid UTF-8 without NUL (U+0000). PostgreSQL cannot hold a NUL in text
// or JSONB at all, and bytes that are not UTF-8 are not text; both come
// from pasted or imported data, never from what a person means to type.
// Rather than refuse a change for a character nobody can see, each one is
// replaced by U+FFFD (the "�" every font shows) where a value leaves the
// laptop and again where it enters the server, so the place where
// something was lost stays visible, and whoever sent the value is told
// which field was cleaned. The laptop's own GeoPackage (SQLite) holds
// what it imported unchanged until the server's cleaned value comes back.

// Replacement is what CleanText puts for a NUL or a byte that is not UTF-8.
const Replacement = "\uFFFD"

// Clean reports whether s is valid UTF-8 without NUL.
func Clean(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}

// CleanText returns s with every NUL and every byte that is not UTF-8
// replaced by U+FFFD (a run of bad bytes becomes one).
func CleanText(s string) string {
	if Clean(s) {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, Replacement), "\x00", Replacement)
}

// CleanValue applies CleanText to every string in v (a decoded JSON value:
// strings, numbers, booleans, nested maps and lists, map keys included)
// and reports whether anything changed. Maps and lists are changed in
// place.
func CleanValue(v any) (any, bool) {
	switch x := v.(type) {
	case string:
		c := CleanText(x)
		return c, c != x
	case map[string]any:
		changed := false
		for k, e := range x {
			ce, ch := CleanValue(e)
			if ck := CleanText(k); ck != k {
				delete(x, k)
				k, ch = ck, true
			}
			if ch {
				x[k] = ce
				changed = true
			}
		}
		return x, changed
	case []any:
		changed := false
		for i, e := range x {
			ce, ch := CleanValue(e)
			if ch {
				x[i], changed = ce, true
			}
		}
		return x, changed
	}
	return v, false
}
