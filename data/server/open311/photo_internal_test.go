package open311

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/jpeg"
	"testing"
	"time"

	"wardmap/data/server"
)

// With every decode slot taken, a photo waits DecodeWait and is refused
// as busy, not decoded.
func TestDecodeBounded(t *testing.T) {
	var b bytes.Buffer
	jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 64, 48)), nil)
	n := int64(0)
	for decodeSlots.TryAcquire(1) {
		n++
	}
	start := time.Now()
	_, err := reencode(context.Background(), bytes.NewReader(b.Bytes()))
	decodeSlots.Release(n)
	var busy *server.ErrBusy
	if !errors.As(err, &busy) {
		t.Fatalf("decode with no slot free: %v, want ErrBusy", err)
	}
	if time.Since(start) < DecodeWait {
		t.Fatalf("refused after %v, before DecodeWait", time.Since(start))
	}
	if _, err := reencode(context.Background(), bytes.NewReader(b.Bytes())); err != nil {
		t.Fatalf("slots free again: %v", err)
	}
	// Memory, not only slots: one decode's cost is charged while it runs.
	if c := decodeCost(image.Config{Width: 6000, Height: 4000, ColorModel: nil}); c != 6000*4000*4+MaxSide*MaxSide*4 {
		t.Fatalf("cost %d", c)
	}
}
