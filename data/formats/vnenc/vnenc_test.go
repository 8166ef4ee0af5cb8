package vnenc

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// letters are the 134 Vietnamese letters with a diacritic (67 each case).
const lettersLower = "áàảãạăắằẳẵặâấầẩẫậđéèẻẽẹêếềểễệíìỉĩịóòỏõọôốồổỗộơớờởỡợúùủũụưứừửữựýỳỷỹỵ"

func allLetters() string { return lettersLower + strings.ToUpper(lettersLower) }

// sample is the text the tests write in every encoding: every letter,
// and place names as a ward's registers have them.
const sample = "Sấu, Bằng lăng nước; Phường Hàng Bạc, Quận Hoàn Kiếm; Nguyễn Thị Minh Khai; ĐƯỜNG LÁNG HẠ; cây số 12 (bên trái)"

func iconv(t *testing.T, from string, b []byte) string {
	t.Helper()
	if _, err := exec.LookPath("iconv"); err != nil {
		t.Skip("iconv (glibc) is not installed")
	}
	cmd := exec.Command("iconv", "-f", from, "-t", "UTF-8")
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("iconv -f %s: %v", from, err)
	}
	return norm.NFC.String(string(out))
}

// TestTCVN3Table compares every byte of the table with glibc's
// TCVN5712-1 converter, an independent implementation of the standard.
func TestTCVN3Table(t *testing.T) {
	for b := 0; b < 256; b++ {
		want := iconv(t, "TCVN5712-1", []byte{byte(b)})
		if got := string(tcvn3Rune(byte(b))); got != want {
			t.Errorf("byte 0x%02X: table %q (U+%04X), iconv %q", b, got, tcvn3Rune(byte(b)), want)
		}
	}
}

// TestVNIPublishedPairs pins letters to the bytes of the published VNI
// Windows table (vietunicode.sourceforge.net/charset/, VNI's manual).
func TestVNIPublishedPairs(t *testing.T) {
	pairs := map[string]string{
		"á": "a\xf9", "à": "a\xf8", "ả": "a\xfb", "ã": "a\xf5", "ạ": "a\xef",
		"ă": "a\xea", "ắ": "a\xe9", "ằ": "a\xe8", "ẳ": "a\xfa", "ẵ": "a\xfc", "ặ": "a\xeb",
		"â": "a\xe2", "ấ": "a\xe1", "ầ": "a\xe0", "ẩ": "a\xe5", "ẫ": "a\xe3", "ậ": "a\xe4",
		"đ": "\xf1", "Đ": "\xd1", "ơ": "\xf4", "Ơ": "\xd4", "ư": "\xf6", "Ư": "\xd6",
		"ớ": "\xf4\xf9", "Ờ": "\xd4\xd8", "ự": "\xf6\xef", "Ữ": "\xd6\xd5",
		"í": "\xed", "ì": "\xec", "ỉ": "\xe6", "ĩ": "\xf3", "ị": "\xf2", "Ĩ": "\xd3", "Ị": "\xd2",
		"ý": "y\xf9", "ỳ": "y\xf8", "ỷ": "y\xfb", "ỹ": "y\xf5", "ỵ": "\xee", "Ỵ": "\xce",
		"Ấ": "A\xc1", "Ặ": "A\xcb", "Ế": "E\xc1", "Ộ": "O\xc4", "ũ": "u\xf5", "Ũ": "U\xd5",
		// The example the VNI converters' documentation gives.
		"Xin chào các bạn": "Xin cha\xf8o ca\xf9c ba\xefn",
	}
	for u, v := range pairs {
		got, err := Decode(VNI, []byte(v))
		if err != nil || got != u {
			t.Errorf("Decode(VNI, %q) = %q, %v; want %q", v, got, err, u)
		}
		enc, err := Encode(VNI, u)
		if err != nil || string(enc) != v {
			t.Errorf("Encode(VNI, %q) = %q, %v; want %q", u, enc, err, v)
		}
	}
}

// TestRoundTrip writes every Vietnamese letter in each encoding and reads
// it back; for Windows-1258 and TCVN3, glibc's iconv reads our bytes too.
func TestRoundTrip(t *testing.T) {
	text := allLetters() + " " + sample
	for _, e := range []Encoding{Windows1258, TCVN3, VNI, UTF8} {
		b, err := Encode(e, text)
		if err != nil {
			t.Fatalf("%s: %v", e, err)
		}
		got, err := Decode(e, b)
		if err != nil || got != text {
			t.Errorf("%s: round trip %q, %v", e, got, err)
		}
		ref := map[Encoding]string{Windows1258: "CP1258", TCVN3: "TCVN5712-1"}[e]
		if ref != "" {
			if want := iconv(t, ref, b); want != text {
				t.Errorf("%s: iconv -f %s reads our bytes as %q", e, ref, want)
			}
		}
	}
}

// TestWrongEncodingRefused reads each encoding's bytes as each other
// encoding: every wrong reading must fail Decode or Check.
func TestWrongEncodingRefused(t *testing.T) {
	for _, w := range []Encoding{Windows1258, TCVN3, VNI} {
		b, _ := Encode(w, sample)
		for _, r := range []Encoding{Windows1258, TCVN3, VNI, UTF8, Windows1252} {
			if r == w {
				continue
			}
			s, err := Decode(r, b)
			if err == nil {
				err = Check(s)
			}
			if err == nil {
				t.Errorf("%s read as %s passed: %q", w, r, s)
			} else {
				t.Logf("%s read as %s: %v", w, r, err)
			}
		}
		s, _ := Decode(w, b)
		if err := Check(s); err != nil {
			t.Errorf("%s read right: Check: %v", w, err)
		}
	}
}

func TestCheckSyllables(t *testing.T) {
	good := []string{"Nguyễn Thị Minh Khai", "người", "đường", "xoong", "quốc", "già", "gìn", "khuya", "thuỷ", "chuyện", "Đ/c Ficus benjamina", "TP.HCM 25°", "Hoè", "quyển", "Đắk Lắk", "Krông Pắc", "H'Mông", "giữ", "quốc", "khuỷu", "ngoèo", "Buôn Ma Thuột"}
	for _, s := range good {
		if err := Check(s); err != nil {
			t.Errorf("Check(%q): %v", s, err)
		}
	}
	bad := []string{"chaừo", "Bảọ", "B¶o Th¾ng", "chaøo", "nguyễnn x", "ưx", "Sõỡu", "Ḥa", "Đồng Ḥa"}
	for _, s := range bad {
		if Check(s) == nil {
			t.Errorf("Check(%q) passed", s)
		}
	}
}

func TestParse(t *testing.T) {
	for in, want := range map[string]Encoding{"UTF-8": UTF8, "1258": Windows1258, "CP1258": Windows1258, "ABC": TCVN3, "TCVN3": TCVN3, "VNI-Windows": VNI, "LATIN1": ISO8859_1} {
		if got, ok := Parse(in); !ok || got != want {
			t.Errorf("Parse(%q) = %q, %v", in, got, ok)
		}
	}
}

func FuzzDecode(f *testing.F) {
	for _, e := range []Encoding{Windows1258, TCVN3, VNI} {
		b, _ := Encode(e, sample)
		f.Add(b, uint8(0))
	}
	f.Fuzz(func(t *testing.T, b []byte, which uint8) {
		e := []Encoding{Windows1258, TCVN3, VNI, UTF8}[int(which)%4]
		s, err := Decode(e, b)
		if err != nil {
			return
		}
		if !norm.NFC.IsNormalString(s) {
			t.Fatalf("not NFC: %q", s)
		}
		_ = Check(s)
		// What decodes re-encodes and decodes to the same text.
		if e != UTF8 {
			b2, err := Encode(e, s)
			if err != nil {
				return // e.g. a control byte TCVN3 reuses for a capital
			}
			s2, err := Decode(e, b2)
			if err != nil || s2 != s {
				t.Fatalf("%s: %q → %q → %q, %v", e, b, s, s2, err)
			}
		}
	})
}
