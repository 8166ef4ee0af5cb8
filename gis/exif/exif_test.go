package exif_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"wardmap/gis/exif"
	"wardmap/gis/gistest"
)

var ict = time.FixedZone("ICT", 7*3600)

func plainJPEG(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for i := range img.Pix {
		img.Pix[i] = uint8(i)
	}
	img.Set(0, 0, color.White)
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestReadAgainstExiftool: exiftool (the referee) writes the time and the
// position into a JPEG, Read finds what exiftool itself reads back.
func TestReadAgainstExiftool(t *testing.T) {
	exiftool := gistest.Referee(t, "exiftool", "libimage-exiftool-perl")
	cases := []struct {
		name string
		args []string
	}{
		{"north east", []string{"-DateTimeOriginal=2026:12:06 09:41:07", "-GPSLatitude=20.8085", "-GPSLatitudeRef=N", "-GPSLongitude=106.6265", "-GPSLongitudeRef=E"}},
		{"big endian with offset", []string{"-ExifByteOrder=Big-endian", "-DateTimeOriginal=2026:11:10 07:14:00", "-OffsetTimeOriginal=+07:00", "-GPSLatitude=33.95", "-GPSLatitudeRef=S", "-GPSLongitude=118.4", "-GPSLongitudeRef=W"}},
		{"time only", []string{"-DateTimeOriginal=2025:01:31 23:59:59"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "photo.jpg")
			if err := os.WriteFile(p, plainJPEG(t), 0o644); err != nil {
				t.Fatal(err)
			}
			if b, err := exec.Command(exiftool, append(append([]string{"-overwrite_original"}, c.args...), p)...).CombinedOutput(); err != nil {
				t.Fatalf("exiftool: %v %s", err, b)
			}
			out, err := exec.Command(exiftool, "-j", "-n", "-DateTimeOriginal", "-OffsetTimeOriginal", "-GPSLatitude", "-GPSLongitude", p).Output()
			if err != nil {
				t.Fatal(err)
			}
			var ref []struct {
				DateTimeOriginal, OffsetTimeOriginal string
				GPSLatitude, GPSLongitude            *float64
			}
			if err := json.Unmarshal(out, &ref); err != nil || len(ref) != 1 {
				t.Fatalf("exiftool -j: %v %s", err, out)
			}
			data, _ := os.ReadFile(p)
			got, err := exif.Read(data, ict)
			if err != nil {
				t.Fatal(err)
			}
			zone := ict
			if ref[0].OffsetTimeOriginal == "+07:00" {
				zone = time.FixedZone("", 7*3600)
			}
			want, _ := time.ParseInLocation("2006:01:02 15:04:05", ref[0].DateTimeOriginal, zone)
			if !got.HasTaken || !got.Taken.Equal(want) {
				t.Errorf("taken %v (%v), exiftool says %v", got.Taken, got.HasTaken, want)
			}
			if ref[0].GPSLatitude == nil {
				if got.HasWhere {
					t.Errorf("a position %v where exiftool sees none", got.Where)
				}
				return
			}
			if !got.HasWhere || math.Abs(got.Where[1]-*ref[0].GPSLatitude) > 1e-6 || math.Abs(got.Where[0]-*ref[0].GPSLongitude) > 1e-6 {
				t.Errorf("where %v (%v), exiftool says lat %v lon %v", got.Where, got.HasWhere, *ref[0].GPSLatitude, *ref[0].GPSLongitude)
			}
		})
	}
}

func TestReadWithoutExif(t *testing.T) {
	got, err := exif.Read(plainJPEG(t), ict)
	if err != nil || got.HasTaken || got.HasWhere {
		t.Errorf("a JPEG without EXIF: %+v %v", got, err)
	}
	if _, err := exif.Read([]byte("GIF89a\x01\x00\x01\x00"), ict); err != exif.ErrFormat {
		t.Errorf("a GIF: %v", err)
	}
	for _, name := range []string{"noexif.png", "noexif.webp", "noexif.heic"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := exif.Read(data, ict); err != nil || got.HasTaken || got.HasWhere {
			t.Errorf("%s: %+v %v", name, got, err)
		}
	}
}

// FuzzRead: any bytes read without a panic, and what is found is sane.
func FuzzRead(f *testing.F) {
	f.Add(plainJPEG(f))
	f.Add([]byte("\xff\xd8\xff\xe1\x00\x20Exif\x00\x00II*\x00\x08\x00\x00\x00\x01\x00\x25\x88\x04\x00\x01\x00\x00\x00\xff\xff\xff\x00"))
	f.Add([]byte("\xff\xd8\xff\xe1\x00\x10Exif\x00\x00MM\x00*\x00\x00\x00\x08"))
	for _, name := range []string{"photo.heic", "photo.png", "photo.webp", "noexif.heic"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, _ := exif.Read(data, ict)
		if got.HasWhere && (math.Abs(got.Where[0]) > 180 || math.Abs(got.Where[1]) > 90) {
			t.Fatalf("position %v off the earth", got.Where)
		}
	})
}

// TestReadPhoneFormats reads the time and position from the containers
// phones save in (testdata/make.sh made them with ImageMagick and wrote the
// EXIF with exiftool): HEIC's Exif item, PNG's eXIf chunk, WebP's EXIF
// chunk (big-endian, south-west). Where exiftool is installed it referees:
// Read finds what exiftool itself reads back.
func TestReadPhoneFormats(t *testing.T) {
	zone7 := time.FixedZone("", 7*3600)
	cases := []struct {
		file     string
		taken    time.Time
		lat, lon float64
	}{
		{"photo.heic", time.Date(2026, 12, 6, 9, 41, 7, 0, ict), 20.8085, 106.6265},
		{"photo.png", time.Date(2026, 11, 10, 7, 14, 0, 0, zone7), 20.8201, 106.6402},
		{"photo.webp", time.Date(2025, 1, 31, 23, 59, 59, 0, ict), -33.95, -118.4},
	}
	_, err := exec.LookPath("exiftool")
	referee := err == nil
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			p := filepath.Join("testdata", c.file)
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			got, err := exif.Read(data, ict)
			if err != nil {
				t.Fatal(err)
			}
			if !got.HasTaken || !got.Taken.Equal(c.taken) {
				t.Errorf("taken %v (%v), want %v", got.Taken, got.HasTaken, c.taken)
			}
			if !got.HasWhere || math.Abs(got.Where[1]-c.lat) > 1e-6 || math.Abs(got.Where[0]-c.lon) > 1e-6 {
				t.Errorf("where %v (%v), want lat %v lon %v", got.Where, got.HasWhere, c.lat, c.lon)
			}
			if !referee {
				return
			}
			out, err := exec.Command("exiftool", "-j", "-n", "-DateTimeOriginal", "-GPSLatitude", "-GPSLongitude", p).Output()
			if err != nil {
				t.Fatal(err)
			}
			var ref []struct {
				DateTimeOriginal          string
				GPSLatitude, GPSLongitude float64
			}
			if err := json.Unmarshal(out, &ref); err != nil || len(ref) != 1 {
				t.Fatalf("exiftool -j: %v %s", err, out)
			}
			if w := got.Taken.Format("2006:01:02 15:04:05"); w != ref[0].DateTimeOriginal {
				t.Errorf("taken %s, exiftool says %s", w, ref[0].DateTimeOriginal)
			}
			if math.Abs(got.Where[1]-ref[0].GPSLatitude) > 1e-6 || math.Abs(got.Where[0]-ref[0].GPSLongitude) > 1e-6 {
				t.Errorf("where %v, exiftool says %v %v", got.Where, ref[0].GPSLatitude, ref[0].GPSLongitude)
			}
		})
	}
}
