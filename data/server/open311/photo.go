package open311

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"mime/multipart"
	"runtime"
	"time"

	_ "image/gif" // decoders for what phones and browsers send
	_ "image/png"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp"
	"golang.org/x/sync/semaphore"

	"wardmap/data/server"
	"wardmap/gis"
)

// Photo limits. Anyone may post a photo, and decoding one costs memory in
// proportion to its pixels, not its bytes: a 140 KiB PNG of 7000×7000 px
// took 2.8 s of CPU and 660 MB. So the header is read first and an image
// past MaxPixels (24 Mpx: a 6000×4000 camera photo; phones save 12 Mpx)
// is refused before any pixel is decoded; decodes run at most one per CPU
// (up to 4) within DecodeMemory together, a caller waiting at most
// DecodeWait for room before a 503; a request carries at most MaxPhotos.
const (
	MaxSide      = 2048
	MaxPixels    = 24_000_000
	MaxPhotos    = 3
	DecodeMemory = 256 << 20
	DecodeWait   = 2 * time.Second
)

var (
	decodeSlots  = semaphore.NewWeighted(int64(min(max(runtime.GOMAXPROCS(0), 1), 4)))
	decodeMemory = semaphore.NewWeighted(DecodeMemory)
)

func readPhoto(ctx context.Context, fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return reencode(ctx, f)
}

// decodeCost estimates the bytes a decode of cfg holds: the decoded
// image at its colour model's size, and the scaled copy.
func decodeCost(cfg image.Config) int64 {
	bpp := int64(4)
	switch cfg.ColorModel {
	case color.GrayModel, color.AlphaModel:
		bpp = 1
	case color.Gray16Model, color.Alpha16Model:
		bpp = 2
	case color.YCbCrModel:
		bpp = 3
	case color.RGBA64Model, color.NRGBA64Model:
		bpp = 8
	}
	if _, ok := cfg.ColorModel.(color.Palette); ok {
		bpp = 1
	}
	return min(int64(cfg.Width)*int64(cfg.Height)*bpp+MaxSide*MaxSide*4, DecodeMemory)
}

// admitDecode waits (at most DecodeWait) for a decode slot and the memory
// cfg needs; it returns the release.
func admitDecode(ctx context.Context, cfg image.Config) (func(), error) {
	ctx, cancel := context.WithTimeout(ctx, DecodeWait)
	defer cancel()
	cost := decodeCost(cfg)
	if err := decodeSlots.Acquire(ctx, 1); err != nil {
		return nil, &server.ErrBusy{RetryAfter: 5 * time.Second}
	}
	if err := decodeMemory.Acquire(ctx, cost); err != nil {
		decodeSlots.Release(1)
		return nil, &server.ErrBusy{RetryAfter: 5 * time.Second}
	}
	return func() { decodeMemory.Release(cost); decodeSlots.Release(1) }, nil
}

// Reencode decodes an image (JPEG, PNG, GIF, WebP) and writes it again as
// a JPEG no larger than MaxSide: what leaves is pixels only, without the
// EXIF block (GPS position, phone serial) of the original.
func Reencode(r io.Reader) ([]byte, error) { return reencode(context.Background(), r) }

func reencode(ctx context.Context, r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, gis.Errorf(gis.EINVALID, "ảnh không đọc được, cần JPEG, PNG, GIF hoặc WebP (not a readable image)")
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return nil, gis.Errorf(gis.EINVALID, "ảnh quá lớn: %d×%d điểm ảnh, tối đa %d triệu; xin gửi ảnh nhỏ hơn (image too large: %d×%d pixels, at most %d million)",
			cfg.Width, cfg.Height, MaxPixels/1_000_000, cfg.Width, cfg.Height, MaxPixels/1_000_000)
	}
	release, err := admitDecode(ctx, cfg)
	if err != nil {
		return nil, err
	}
	defer release()
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
