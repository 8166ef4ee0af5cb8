package open311_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/data/server"
	"wardmap/data/server/internal/browsertest"
	"wardmap/data/server/open311"
	"wardmap/gis/gistest"
)

// photoWithExif is a JPEG carrying an EXIF block with a position and a
// serial number, as phones write them.
func photoWithExif(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 320, 240))
	for y := range 240 {
		for x := range 320 {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 90, 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	payload := []byte("Exif\x00\x00GPSLatitude 20.8105 GPSLongitude 106.6302 BodySerialNumber SECRET-SERIAL-42")
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	out := append([]byte{0xFF, 0xD8}, append(seg, payload...)...)
	return append(out, b.Bytes()[2:]...)
}

func multipartForm(t *testing.T, fields map[string]string, photo []byte) (*bytes.Buffer, string) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if photo != nil {
		fw, _ := mw.CreateFormFile("photo", "IMG_0001.jpg")
		fw.Write(photo)
	}
	mw.Close()
	return &body, mw.FormDataContentType()
}

func noRedirect() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func TestPublicPage(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	s.pub.Burst = 3
	// Reports already in the queue, one whose text holds a script.
	hostile := "Có người dán <script>alert('xss')</script> lên cột điện"
	for i, text := range []string{hostile, "Đèn đường không sáng 3 ngày nay", "Rác ùn ứ đầu ngõ"} {
		_, _, err := s.q.Submit(ctx, open311.Intake{Channel: "hotline", By: "hotline", Category: []string{"illegal_ads", "lighting", "waste"}[i],
			Text: text, Address: fmt.Sprintf("Số %d Trần Thành Ngọ", 10+i), Point: orb.Point{106.630 + float64(i)*0.002, 20.810 + float64(i)*0.001},
			Name: "Nguyễn Thị Mai", Phone: phone})
		if err != nil {
			t.Fatal(err)
		}
	}
	page := s.ts.URL + open311.PublicPrefix

	// Sent from a phone with a photo: the form posted as a browser does.
	body, ctype := multipartForm(t, map[string]string{"category": "roads", "text": "Vỉa hè sụt lún trước số 45",
		"lat": "20.8121", "long": "106.6288", "name": "Trần Văn Bình", "phone": "0987 654 321"}, photoWithExif(t))
	resp, err := noRedirect().Post(page+"gui", ctype, body)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "da-gui=") {
		t.Fatalf("submit: %d %s", resp.StatusCode, loc)
	}
	id := loc[strings.Index(loc, "=")+1:]
	storedPhoto(t, s, page, id)

	uploadLimits(t, page)
	// A text holding markup is kept as text; a bad form says why, 400.
	body, ctype = multipartForm(t, map[string]string{"category": "waste", "text": "x", "lat": "1", "long": "2"}, nil)
	if resp, _ := http.Post(page+"gui", ctype, body); resp.StatusCode != 400 {
		t.Errorf("outside the ward: %d", resp.StatusCode)
	}
	// The third submission from this address within the window is refused.
	body, ctype = multipartForm(t, map[string]string{"category": "waste", "text": "lần nữa", "lat": "20.81", "long": "106.63"}, nil)
	if resp, _ := http.Post(page+"gui", ctype, body); resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Errorf("rate limit: %d", resp.StatusCode)
	}

	publicDOM(t, page, id)
}

// storedPhoto checks that report id, sent from the page with a photo,
// is in the store with its photo re-encoded without EXIF, and that the
// page serves that photo and no other blob.
func storedPhoto(t *testing.T, s *stack, page, id string) {
	t.Helper()
	ctx := t.Context()
	// It arrived in the queue: a report record and its photo, re-encoded.
	recs, err := s.st.Changes(ctx, ward, server.ChangesQuery{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var sha string
	found := false
	for _, r := range recs {
		if r.ID == id && r.Kind == "report" && r.Fields["channel"] == "portal" && r.Fields["status"] == "received" {
			found = true
		}
		if r.Kind == "attachment" && r.Fields["owner_id"] == id {
			sha, _ = r.Fields["sha256"].(string)
		}
	}
	if !found || sha == "" {
		t.Fatalf("report %s with photo not in the store (%d records)", id, len(recs))
	}
	blob, err := s.st.Blob(ctx, ward, sha)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(blob, []byte("Exif")) || bytes.Contains(blob, []byte("SECRET-SERIAL")) {
		t.Error("the stored photo kept its EXIF block")
	}
	if cfg, err := jpeg.DecodeConfig(bytes.NewReader(blob)); err != nil || cfg.Width != 320 {
		t.Errorf("stored photo: %v %+v", err, cfg)
	}
	code, served := get(t, page+"anh/"+sha+".jpg")
	if code != 200 || !bytes.Equal(served, blob) {
		t.Errorf("photo served: %d", code)
	}
	if code, _ := get(t, page+"anh/"+strings.Repeat("0", 64)+".jpg"); code != 404 {
		t.Errorf("a blob that is no report photo: %d", code)
	}
}

// uploadLimits checks that uploads past the limit are refused (413),
// whether they declare their length or hide it.
func uploadLimits(t *testing.T, page string) {
	t.Helper()
	// A 50 MB upload is refused before it is read.
	big := io.LimitReader(zeroReader{}, 50<<20)
	req, _ := http.NewRequest("POST", page+"gui", big)
	req.ContentLength = 50 << 20
	req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
	if resp, err := http.DefaultClient.Do(req); err != nil {
		t.Fatalf("50 MB: %v", err)
	} else {
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("50 MB upload: %d, want 413", resp.StatusCode)
		}
	}
	// So is one that hides its length (chunked) and runs past 10 MB.
	req, _ = http.NewRequest("POST", page+"gui", io.MultiReader(strings.NewReader("--x\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\n\r\n"), io.LimitReader(zeroReader{}, 12<<20)))
	req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("chunked 12 MB upload: %d, want 413", resp.StatusCode)
		}
	}
}

// publicDOM checks the page as Chromium renders it after report id was
// sent: list and map drawn, markup shown as text, no private data; and
// keeps a phone-sized screenshot.
func publicDOM(t *testing.T, page, id string) {
	t.Helper()
	// The page in Chromium: list and map rendered, markup shown as text,
	// no private data.
	dom := string(browsertest.Chromium(t, "--dump-dom", page+"?da-gui="+id))
	for _, want := range []string{`id="list"`, "Vỉa hè sụt lún trước số 45", "Đèn đường không sáng", "Đã nhận phản ánh của bạn", "<circle", "Ảnh phản ánh",
		"&lt;script&gt;alert('xss')&lt;/script&gt;"} {
		if !strings.Contains(dom, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Count(dom, "<li id=\"r-") != 4 || strings.Count(dom, "<circle") != 4 {
		t.Errorf("%d rows, %d dots; want 4", strings.Count(dom, "<li id=\"r-"), strings.Count(dom, "<circle"))
	}
	if strings.Contains(dom, "<script>alert") {
		t.Error("a report's <script> became markup")
	}
	for _, private := range []string{phone, "0987 654 321", "Nguyễn Thị Mai", "Trần Văn Bình"} {
		if strings.Contains(dom, private) {
			t.Errorf("private %q on the public page", private)
		}
	}
	shot := filepath.Join(gistest.OutDir(t, "open311"), "public-page-mobile.png")
	browsertest.Chromium(t, "--window-size=412,2200", "--hide-scrollbars", "--screenshot="+shot, page)
	if st, err := os.Stat(shot); err != nil || st.Size() < 10000 {
		t.Errorf("screenshot %s: %v", shot, err)
	}
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
