package open311_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wardmap/data/server/open311"
)

// FuzzReencode feeds arbitrary bytes to the photo re-encoder: it never
// panics, and what it accepts comes out a JPEG no larger than MaxSide.
func FuzzReencode(f *testing.F) {
	img := image.NewPaletted(image.Rect(0, 0, 8, 5), color.Palette{color.Black, color.White})
	for _, enc := range []func(*bytes.Buffer){
		func(b *bytes.Buffer) { jpeg.Encode(b, img, nil) },
		func(b *bytes.Buffer) { png.Encode(b, img) },
		func(b *bytes.Buffer) { gif.Encode(b, img, nil) },
	} {
		var b bytes.Buffer
		enc(&b)
		f.Add(b.Bytes())
	}
	f.Add([]byte("RIFF\x00\x00\x00\x00WEBPVP8 "))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := open311.Reencode(bytes.NewReader(data))
		if err != nil {
			return
		}
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(out))
		if err != nil || cfg.Width > open311.MaxSide || cfg.Height > open311.MaxSide {
			t.Fatalf("output %v %+v", err, cfg)
		}
	})
}

// FuzzReadKeys: an api_key file of any content gives keys or an error.
func FuzzReadKeys(f *testing.F) {
	f.Add("zalo-key-0123456789abcdef zalo-oa zalo\n# comment\n")
	f.Add("short x zalo")
	f.Fuzz(func(t *testing.T, s string) {
		p := filepath.Join(t.TempDir(), "keys")
		os.WriteFile(p, []byte(s), 0o600)
		keys, err := open311.ReadKeys(p)
		if err != nil {
			return
		}
		for k, v := range keys {
			if len(k) < 16 || v.Name == "" || strings.ContainsAny(k, " \t") {
				t.Fatalf("key %q → %+v", k, v)
			}
		}
	})
}

// Big images are refused before decoding; large ones shrink to MaxSide.
func TestReencodeLimits(t *testing.T) {
	big := image.NewGray(image.Rect(0, 0, 3000, 1000))
	var b bytes.Buffer
	png.Encode(&b, big)
	out, err := open311.Reencode(&b)
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := jpeg.DecodeConfig(bytes.NewReader(out))
	if cfg.Width != open311.MaxSide || cfg.Height != 682 {
		t.Errorf("scaled to %dx%d", cfg.Width, cfg.Height)
	}
	// A PNG header claiming 100000×100000 pixels.
	chunk := []byte("IHDR\x00\x01\x86\xa0\x00\x01\x86\xa0\x08\x00\x00\x00\x00")
	hdr := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\r"), chunk...)
	hdr = binary.BigEndian.AppendUint32(hdr, crc32.ChecksumIEEE(chunk))
	if _, err := open311.Reencode(bytes.NewReader(hdr)); err == nil || !strings.Contains(err.Error(), "quá lớn") {
		t.Errorf("bomb: %v", err)
	}
}
