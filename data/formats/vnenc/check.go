package vnenc

import (
	"fmt"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Check reports whether decoded text can be Vietnamese as written: text
// read in the wrong legacy encoding still decodes (every byte is some
// character), so a wrong guess shows only in what comes out. Check
// refuses
//   - Latin-1 symbols and letters Vietnamese does not use (¶ µ ¸ ø å æ…:
//     TCVN3 or VNI bytes read as Windows-1258 or -1252), and
//   - a word with a Vietnamese letter that is not one Vietnamese
//     syllable: initial consonant, a vowel group Vietnamese has, a final
//     consonant, and at most one tone (VNI read as TCVN3 gives "chaừo").
//
// Words of ASCII letters only (Latin species names, English) pass, and so
// do words without vowels (abbreviations such as "Đ/c").
func Check(s string) error {
	for _, r := range s {
		// A letter Vietnamese does not have (ø, Ḥ: a tone on a consonant),
		// a Latin-1 symbol it does not use, or a C1 control.
		if r >= 0x80 && (unicode.IsLetter(r) && !isVietLetter(r) || !unicode.IsLetter(r) && r < 0x250 && !allowedSymbol(r) || r < 0xA0) {
			return fmt.Errorf("ký tự %q không có trong tiếng Việt (a character Vietnamese text does not have) trong (in) %q", r, clipText(s))
		}
	}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if isASCII(w) {
			continue
		}
		if !syllable(strings.ToLower(w)) {
			return fmt.Errorf("%q không phải một âm tiết tiếng Việt (is not a Vietnamese syllable) trong (in) %q", w, clipText(s))
		}
	}
	return nil
}

func clipText(s string) string {
	r := []rune(s)
	if len(r) > maxErrorText {
		return string(r[:maxErrorText]) + "…"
	}
	return s
}

// allowedSymbol lists the Latin-1 signs real registers hold.
func allowedSymbol(r rune) bool {
	return r == '\u00a0' || r == '°' || r == '²' || r == '³' || r == '×' || r == '±' || r == '«' || r == '»' || r == '·'
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

const vietVowels = "aăâeêioôơuưy"

// plain is a letter without its tone: "ấ" → "â", "ự" → "ư"; the tone
// mark (if any) is returned separately. Letters outside Vietnamese's
// vowels come back as they are.
func plain(r rune) (rune, rune) {
	if p, ok := plainTable()[r]; ok {
		return p[0], p[1]
	}
	return r, 0
}

var tones = []rune{'\u0300', '\u0301', '\u0303', '\u0309', '\u0323'}

// plainTable maps every Vietnamese vowel letter, with or without a tone,
// in both cases, to its toneless letter and tone: built once, since
// decomposing each rune (norm.NFD) costs more than the rest of Check.
// It is built on first use, not at start: every wardmap command starts
// the package, few read a legacy encoding.
var plainTable = sync.OnceValue(func() map[rune][2]rune {
	m := map[rune][2]rune{}
	for _, v := range vietVowels + strings.ToUpper(vietVowels) {
		m[v] = [2]rune{v, 0}
		for _, t := range tones {
			c := []rune(norm.NFC.String(string(v) + string(t)))
			if len(c) == 1 {
				m[c[0]] = [2]rune{v, t}
			}
		}
	}
	return m
})

func isVietLetter(r rune) bool {
	if r < 0x80 {
		return unicode.IsLetter(r)
	}
	_, ok := plainTable()[r]
	return ok || r == 'đ' || r == 'Đ'
}

// finals are the consonants that may end a syllable; "k" ends the
// syllables of the Central Highlands' place names (Đắk Lắk).
var finals = []string{"ng", "nh", "ch", "c", "k", "m", "n", "p", "t", ""}

// nuclei are the vowel groups of Vietnamese syllables, without tones
// (glides included: "oa" in "hoa", "uy" in "thuỷ", "uyê" in "chuyện").
var nuclei = set(`a ă â e ê i o ô ơ u ư y
ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ ưa ưi ươ ưu uy yê
iêu oai oao oay oeo uây uôi ươi ươu uya uyê uyu yêu`)

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, f := range strings.Fields(s) {
		m[f] = true
	}
	return m
}

// syllable reports whether lower-case w is one Vietnamese syllable (or a
// word without vowels).
func syllable(w string) bool {
	var b strings.Builder
	tones, vowels := 0, 0
	for _, r := range w {
		p, t := plain(r)
		if t != 0 {
			tones++
		}
		if strings.ContainsRune(vietVowels, p) {
			vowels++
		} else if t != 0 {
			return false // a tone on a consonant
		}
		b.WriteRune(p)
	}
	if tones > 1 {
		return false
	}
	if vowels == 0 {
		return true
	}
	s := b.String()
	// The initial is the run of consonants before the first vowel (any
	// run: "ngh", and "Kr" in Krông Pắc), or with the vowel of "gi" and
	// "qu", which act as consonants ("giữ", "quốc").
	i := strings.IndexFunc(s, func(r rune) bool { return strings.ContainsRune(vietVowels, r) })
	starts := []int{i}
	if i > 0 && i+1 < len(s) && (s[i-1] == 'g' && s[i] == 'i' || s[i-1] == 'q' && s[i] == 'u') {
		starts = append(starts, i+1)
	}
	for _, st := range starts {
		rest := s[st:]
		for _, fi := range finals {
			if strings.HasSuffix(rest, fi) && nuclei[rest[:len(rest)-len(fi)]] {
				return true
			}
		}
	}
	return false
}
