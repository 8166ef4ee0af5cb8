package open311

import (
	"bytes"
	"image"
	"image/jpeg"
	"io"
	"mime/multipart"

	_ "image/gif" // decoders for what phones and browsers send
	_ "image/png"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp"

	"wardmap/gis"
)

// Photo limits: the largest side kept and the most pixels decoded (a
// small file that claims a huge image is refused before decoding).
const (
	MaxSide   = 2048
	MaxPixels = 50_000_000
)

func readPhoto(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Reencode(f)
}

// Reencode decodes an image (JPEG, PNG, GIF, WebP) and writes it again as
// a JPEG no larger than MaxSide: what leaves is pixels only, without the
// EXIF block (GPS position, phone serial) of the original.
func Reencode(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, gis.Errorf(gis.EINVALID, "ảnh không đọc được, cần JPEG, PNG, GIF hoặc WebP (not a readable image)")
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > MaxPixels {
		return nil, gis.Errorf(gis.EINVALID, "ảnh quá lớn: %d×%d điểm ảnh (image too large)", cfg.Width, cfg.Height)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, gis.Errorf(gis.EINVALID, "ảnh hỏng (broken image): %v", err)
	}
	b := img.Bounds()
	if w, h := b.Dx(), b.Dy(); w > MaxSide || h > MaxSide {
		s := float64(MaxSide) / float64(max(w, h))
		dst := image.NewRGBA(image.Rect(0, 0, max(1, int(float64(w)*s)), max(1, int(float64(h)*s))))
		draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
		img = dst
	}
	var out bytes.Buffer
	if err := jpeg.Encode(&out, img, &jpeg.Options{Quality: 85}); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
