package vnenc

// VNI Windows (the VNI-Times fonts' encoding, VNI Software Co.) writes a
// Vietnamese letter as an ASCII base letter followed by one byte that
// carries its modifier and tone, e.g. "ấ" = 'a' 0xE1, "Ắ" = 'A' 0xC9;
// the letters that do not decompose this way are one byte (đ 0xF1,
// ơ 0xF4, ư 0xF6, í 0xED, ì 0xEC, ỉ 0xE6, ĩ 0xF3, ị 0xF2, ỵ 0xEE). The
// table is the one published in the "Vietnamese Unicode FAQs" charset
// tables (vietunicode.sourceforge.net/charset/) and in VNI's own font
// documentation; TestVNIPublishedPairs pins every letter against it.
// Bytes are named by the Windows-1252 character a non-VNI font shows
// (0xF9 is "ù"), which is what garbled VNI text looks like.

// vniMarks maps a lower-case mark byte to the combining marks it adds to
// the letter before it; the upper-case byte is 0x20 less.
var vniMarks = map[byte]string{
	0xF9: "\u0301",       // ù: sắc (acute)
	0xF8: "\u0300",       // ø: huyền (grave)
	0xFB: "\u0309",       // û: hỏi (hook above)
	0xF5: "\u0303",       // õ: ngã (tilde)
	0xEF: "\u0323",       // ï: nặng (dot below)
	0xE2: "\u0302",       // â: circumflex
	0xE1: "\u0302\u0301", // á: circumflex + acute
	0xE0: "\u0302\u0300", // à: circumflex + grave
	0xE5: "\u0302\u0309", // å: circumflex + hook
	0xE3: "\u0302\u0303", // ã: circumflex + tilde
	0xE4: "\u0302\u0323", // ä: circumflex + dot below
	0xEA: "\u0306",       // ê: breve
	0xE9: "\u0306\u0301", // é: breve + acute
	0xE8: "\u0306\u0300", // è: breve + grave
	0xFA: "\u0306\u0309", // ú: breve + hook
	0xFC: "\u0306\u0303", // ü: breve + tilde
	0xEB: "\u0306\u0323", // ë: breve + dot below
}

// vniLetters are the one-byte letters, lower case; upper case is 0x20 less.
var vniLetters = map[byte]rune{
	0xF1: 'đ', 0xF4: 'ơ', 0xF6: 'ư',
	0xED: 'í', 0xEC: 'ì', 0xE6: 'ỉ', 0xF3: 'ĩ', 0xF2: 'ị', 0xEE: 'ỵ',
}

var vniUpper = map[rune]rune{'đ': 'Đ', 'ơ': 'Ơ', 'ư': 'Ư', 'í': 'Í', 'ì': 'Ì', 'ỉ': 'Ỉ', 'ĩ': 'Ĩ', 'ị': 'Ị', 'ỵ': 'Ỵ'}

// vniByte is what one VNI byte is: a letter, combining marks, or neither.
func vniByte(b byte) (letter rune, marks string) {
	if b < 0xC0 {
		return 0, ""
	}
	lower := b | 0x20
	if m, ok := vniMarks[lower]; ok {
		return 0, m
	}
	if r, ok := vniLetters[lower]; ok {
		if b < 0xE0 {
			return vniUpper[r], ""
		}
		return r, ""
	}
	return 0, ""
}
