package open311_test

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/gif"
	"testing"

	"wardmap/data/server/open311"
)

// phoneGIF is a GIF with a comment and an XMP application extension
// beside its loop count.
func phoneGIF(t testing.TB) []byte {
	pal := color.Palette{color.Black, color.White, color.RGBA{200, 30, 30, 255}}
	var frames []*image.Paletted
	for f := range 2 {
		img := image.NewPaletted(image.Rect(0, 0, 16, 12), pal)
		for i := range img.Pix {
			img.Pix[i] = uint8((i + f) % 3)
		}
		frames = append(frames, img)
	}
	var b bytes.Buffer
	if err := gif.EncodeAll(&b, &gif.GIF{Image: frames, Delay: []int{10, 10}, LoopCount: 0}); err != nil {
		t.Fatal(err)
	}
	raw := b.Bytes()
	head := 13 // header, screen descriptor, global colour table if any
	if raw[10]&0x80 != 0 {
		head += 3 << (raw[10]&7 + 1)
	}
	ext := []byte{0x21, 0xFE, 16}
	ext = append(ext, "SERIAL-42-SECRET"...)
	ext = append(ext, 0, 0x21, 0xFF, 11)
	ext = append(ext, "XMP DataXMP"...)
	ext = append(ext, 11)
	ext = append(ext, "GPSLatitude"...)
	ext = append(ext, 0)
	return append(append(append([]byte(nil), raw[:head]...), ext...), raw[head:]...)
}

// webpLossless is a 1×1 lossless WebP wrapped in VP8X with an EXIF and
// an XMP chunk.
func phoneWebP() []byte {
	vp8l := []byte{0x2f, 0x00, 0x00, 0x00, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0x00}
	chunk := func(typ string, data []byte) []byte {
		c := append([]byte(typ), binary.LittleEndian.AppendUint32(nil, uint32(len(data)))...)
		c = append(c, data...)
		if len(data)%2 == 1 {
			c = append(c, 0)
		}
		return c
	}
	body := []byte("WEBP")
	body = append(body, chunk("VP8X", []byte{0x08 | 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0})...)
	body = append(body, chunk("VP8L", vp8l[:13])...)
	body = append(body, chunk("EXIF", []byte("MM\x00*SERIAL-42-SECRET"))...)
	body = append(body, chunk("XMP ", []byte("<x:xmpmeta>GPSLatitude</x:xmpmeta>"))...)
	return append(append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(len(body)))...), body...)
}

func TestStripGIFAndWebP(t *testing.T) {
	g := phoneGIF(t)
	out, ctype, err := open311.StripMetadata(g)
	if err != nil || ctype != "image/gif" {
		t.Fatal(err, ctype)
	}
	if bytes.Contains(out, []byte("SERIAL")) || bytes.Contains(out, []byte("GPS")) || !bytes.Contains(out, []byte("NETSCAPE2.0")) {
		t.Fatalf("GIF kept metadata or lost its loop: %q", out)
	}
	a, err1 := gif.DecodeAll(bytes.NewReader(g))
	b, err2 := gif.DecodeAll(bytes.NewReader(out))
	if err1 != nil || err2 != nil || len(a.Image) != 2 || len(b.Image) != 2 || !bytes.Equal(a.Image[1].Pix, b.Image[1].Pix) {
		t.Fatalf("GIF frames differ: %v %v", err1, err2)
	}
	w := phoneWebP()
	out, ctype, err = open311.StripMetadata(w)
	if err != nil || ctype != "image/webp" {
		t.Fatal(err, ctype)
	}
	if bytes.Contains(out, []byte("SERIAL")) || bytes.Contains(out, []byte("GPS")) || out[20]&0x0C != 0 {
		t.Fatalf("WebP kept metadata: %q", out)
	}
	if int(binary.LittleEndian.Uint32(out[4:])) != len(out)-8 {
		t.Fatal("RIFF size not updated")
	}
	if _, _, err := open311.StripMetadata([]byte("<html>")); err == nil {
		t.Fatal("HTML accepted as an image")
	}
}

// FuzzStripMetadata: never panics; what it returns decodes to the same
// pixels as what it was given, and holds no APP1 but the orientation.
func FuzzStripMetadata(f *testing.F) {
	f.Add(phoneJPEG(f))
	f.Add(phonePNG(f))
	f.Add(phoneGIF(f))
	f.Add(phoneWebP())
	f.Add(photoJPEG(f, 17, 9))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, _, err := open311.StripMetadata(data)
		if err != nil {
			return
		}
		if cfg, _, err := image.DecodeConfig(bytes.NewReader(data)); err != nil || cfg.Width*cfg.Height > 1<<20 {
			return // a mutated header may claim a huge image: not this test's subject
		}
		in, _, err1 := image.Decode(bytes.NewReader(data))
		if err1 != nil {
			return
		}
		got, _, err2 := image.Decode(bytes.NewReader(out))
		if err2 != nil {
			t.Fatalf("input decodes, stripped does not: %v", err2)
		}
		if in.Bounds() != got.Bounds() {
			t.Fatalf("bounds %v -> %v", in.Bounds(), got.Bounds())
		}
		r := in.Bounds()
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				if in.At(x, y) != got.At(x, y) {
					t.Fatalf("pixel %d,%d differs", x, y)
				}
			}
		}
		if bytes.Contains(out, []byte("SERIAL-42-SECRET")) {
			t.Fatal("seed's serial kept")
		}
	})
}
