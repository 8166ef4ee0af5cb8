package render

import (
	"image"
	"testing"

	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// vietnamese holds every vowel with every tone mark, plus đ/Đ.
const vietnamese = "Trần Thành Ngọ Đồng Hòa Lệ Tảo " +
	"aàáảãạ ăằắẳẵặ âầấẩẫậ eèéẻẽẹ êềếểễệ iìíỉĩị oòóỏõọ ôồốổỗộ ơờớởỡợ uùúủũụ ưừứửữự yỳýỷỹỵ đĐ " +
	"AÀÁẢÃẠ ĂẰẮẲẴẶ ÂẦẤẨẪẬ EÈÉẺẼẸ ÊỀẾỂỄỆ IÌÍỈĨỊ OÒÓỎÕỌ ÔỒỐỔỖỘ ƠỜỚỞỠỢ UÙÚỦŨỤ ƯỪỨỬỮỰ YỲÝỶỸỴ ©"

func TestFontHasVietnamese(t *testing.T) {
	f, err := labelFont()
	if err != nil {
		t.Fatal(err)
	}
	var b sfnt.Buffer
	for _, r := range vietnamese {
		if r == ' ' {
			continue
		}
		if i, err := f.GlyphIndex(&b, r); err != nil || i == 0 {
			t.Errorf("no glyph for %q (U+%04X)", r, r)
		}
	}
}

// TestGoFontsLackVietnamese documents why a font is embedded: if the Go
// fonts ever gain U+1EA0–1EF9 the embedded font can go.
func TestGoFontsLackVietnamese(t *testing.T) {
	f, err := sfnt.Parse(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	var b sfnt.Buffer
	if i, _ := f.GlyphIndex(&b, 'ọ'); i != 0 {
		t.Skip("the Go fonts now have ọ; the embedded DejaVu Sans may be unnecessary")
	}
}

func TestVietnameseLabelRendersDistinctGlyphs(t *testing.T) {
	fc, err := newFace()
	if err != nil {
		t.Fatal(err)
	}
	// the tone marks make glyphs differ from their base letters
	cases := []struct{ base, marked rune }{{'a', 'ầ'}, {'o', 'ọ'}, {'e', 'ệ'}, {'a', 'ả'}, {'D', 'Đ'}}
	for _, tc := range cases {
		t.Run(string(tc.marked), func(t *testing.T) {
			if a, b := ink(fc, tc.base), ink(fc, tc.marked); b <= a {
				t.Errorf("%c has %d inked pixels, %c %d: the mark is missing", tc.marked, b, tc.base, a)
			}
		})
	}
	img := image.NewRGBA(image.Rect(0, 0, 200, 30))
	var p pass
	var rs raster
	p.reset(200, 30)
	p.text(fc, "Trần Thành Ngọ", textRun{X: 4, Y: 20, Size: 14})
	p.flush(img, paint{c: rgb(0, 0, 0)}, &rs)
	if n := inked(img); n < 150 {
		t.Errorf("label has %d inked pixels", n)
	}
}

// ink draws one rune at 40 px and counts the pixels it covers.
func ink(fc *face, r rune) int {
	img := image.NewRGBA(image.Rect(0, 0, 60, 60))
	var p pass
	var rs raster
	p.reset(60, 60)
	p.text(fc, string(r), textRun{X: 10, Y: 45, Size: 40})
	p.flush(img, paint{c: rgb(0, 0, 0)}, &rs)
	return inked(img)
}

func inked(img *image.RGBA) int {
	n := 0
	for i := 3; i < len(img.Pix); i += 4 {
		if img.Pix[i] > 128 {
			n++
		}
	}
	return n
}
