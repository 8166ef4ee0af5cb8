package gpx

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// asciiOf covers letters and punctuation that carry no combining mark, so
// decomposition alone would lose them. đ/Đ is the one Vietnamese needs.
var asciiOf = map[rune]string{
	'đ': "d", 'Đ': "D", 'ð': "d", 'Ð': "D", 'ø': "o", 'Ø': "O", 'ł': "l", 'Ł': "L",
	'ß': "ss", 'æ': "ae", 'Æ': "AE", 'œ': "oe", 'Œ': "OE",
	'\u00a0': " ", '‐': "-", '‑': "-", '–': "-", '—': "-", '‘': "'", '’': "'", '“': `"`, '”': `"`, '…': "...",
}

// FoldASCII removes diacritics and keeps case: "Đường Trần Thành Ngọ"
// becomes "Duong Tran Thanh Ngo". Characters with no ASCII equivalent
// (™, CJK, emoji) are dropped, so the result is always ASCII.
func FoldASCII(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case r < unicode.MaxASCII:
			b.WriteRune(r)
		case asciiOf[r] != "":
			b.WriteString(asciiOf[r])
		}
		// Anything else, combining marks included (U+0300-036F carry
		// Vietnamese tones and the horn of ơ/ư), is left out.
	}
	return b.String()
}

// legacyName turns free text into what an old Garmin can show: uppercase
// A-Z, digits, space and - / . only, spaces collapsed.
func legacyName(s string) string {
	s = strings.ToUpper(FoldASCII(s))
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '/', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// shorten fits a legacy name into n characters while keeping it readable:
// leading words become initials first (street names put the distinctive
// given name last: "DUONG TRAN THANH NGO" -> "D T THANH NGO"; numbers are
// kept whole), then the remainder is cut.
func shorten(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if len(s) <= n {
		return s
	}
	words := strings.Fields(s)
	for i := 0; i < len(words)-1; i++ {
		if strings.ContainsAny(words[i], "0123456789") {
			continue // "NGO 135": the alley number is what finds the place
		}
		words[i] = words[i][:1]
		if t := strings.Join(words, " "); len(t) <= n {
			return t
		}
	}
	return strings.TrimRight(strings.Join(words, " ")[:n], " ")
}

// namer hands out unique legacy names within one namespace. A name may be
// reused for the same key: a route junction point repeated in two parts is
// one waypoint on the device, not a clash.
type namer struct {
	max   int
	owner map[string]string // name -> key of its first user
}

func newNamer(max int) *namer { return &namer{max: max, owner: map[string]string{}} }

// name returns a unique name made of base, a counter if needed, and suffix
// (e.g. " 2/3"), all within n.max characters. fallback is used for names
// that fold to nothing, so the device never gets an empty label.
func (n *namer) name(base, suffix, fallback, key string) string {
	base = legacyName(base)
	if base == "" {
		base = fallback
	}
	for i := 1; ; i++ {
		counter := ""
		if i > 1 {
			counter = " " + strconv.Itoa(i)
		}
		cand := shorten(base, n.max-len(counter)-len(suffix)) + counter + suffix
		cand = strings.TrimSpace(cand)
		if k, taken := n.owner[cand]; !taken || k == key {
			n.owner[cand] = key
			return cand
		}
	}
}
