package gpx_test

import (
	"testing"

	"golang.org/x/text/unicode/norm"

	"wardmap/gis/gpx"
)

func TestFoldASCII(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"street with đ", "Đường Trần Thành Ngọ", "Duong Tran Thanh Ngo"},
		{"Tran Thanh Ngo", "Trần Thành Ngọ", "Tran Thanh Ngo"},
		{"Le Duan", "Lê Duẩn", "Le Duan"},
		{"Phan Dang Luu", "Phan Đăng Lưu", "Phan Dang Luu"},
		{"Nguyen Luong Bang", "Nguyễn Lương Bằng", "Nguyen Luong Bang"},
		{"alley with number", "Ngõ 135 Trữ Khê", "Ngo 135 Tru Khe"},
		{"ward and city", "Phường Bắc Sơn, quận Kiến An, Hải Phòng", "Phuong Bac Son, quan Kien An, Hai Phong"},
		{"horn and breve letters", "ơ Ơ ư Ư ă Ă â Â ê Ê ô Ô", "o O u U a A a A e E o O"},
		{"all five tones on y", "ỳ ý ỷ ỹ ỵ Ỳ Ý Ỷ Ỹ Ỵ", "y y y y y Y Y Y Y Y"},
		{"lowercase đ inside word", "Quán Trữ, đê", "Quan Tru, de"},
		{"already decomposed input", norm.NFD.String("Nguyễn Lương Bằng"), "Nguyen Luong Bang"},
		{"ASCII unchanged", "Route 5 - A/B (x)", "Route 5 - A/B (x)"},
		{"no ASCII equivalent dropped", "test™ 路", "test "},
		{"typographic dash", "Lê Duẩn – Trần Thành Ngọ", "Le Duan - Tran Thanh Ngo"},
		{"empty", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := gpx.FoldASCII(c.in); got != c.want {
				t.Errorf("FoldASCII(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}
