package gpx

import "testing"

func TestLegacyNameAndShorten(t *testing.T) {
	cases := []struct {
		name string
		in   string
		n    int
		want string
	}{
		{"fits", "Lê Duẩn", 14, "LE DUAN"},
		{"initials from the left", "Đường Trần Thành Ngọ", 14, "D T THANH NGO"},
		{"room for a part suffix", "Đường Trần Thành Ngọ", 10, "D T T NGO"},
		{"punctuation becomes space", "Ngõ 135/2, Trữ Khê!", 14, "NGO 135/2 T KHE"[:0] + "N 135/2 T KHE"},
		{"numbers stay whole", "Ngõ 135 Trữ Khê Kiến An", 14, "N 135 T K K AN"},
		{"long single word is cut", "Supercalifragilistic", 14, "SUPERCALIFRAGI"},
		{"cut never ends in a space", "A B C D E F G H I J K", 8, "A B C D"},
		{"nothing left", "™™", 14, ""},
		{"no room", "Lê Duẩn", 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := shorten(legacyName(c.in), c.n); got != c.want {
				t.Errorf("shorten(legacyName(%q), %d) = %q, want %q", c.in, c.n, got, c.want)
			}
		})
	}
}

func TestNamerUnique(t *testing.T) {
	n := newNamer(14)
	got := []string{
		n.name("Ngõ 135 Trữ Khê", "", "WPT", "a"),
		n.name("Ngõ 135 Trữ Khê", "", "WPT", "b"), // another place, same name
		n.name("Ngõ 135 Trữ Khê", "", "WPT", "a"), // same place again: same name
		n.name("", "", "WPT", "c"),
		n.name("™", "", "WPT", "d"),
		n.name("Đường Trần Thành Ngọ", " 2/3", "ROUTE", "e"),
	}
	want := []string{"N 135 TRU KHE", "N 135 T KHE 2", "N 135 TRU KHE", "WPT", "WPT 2", "D T T NGO 2/3"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("name %d = %q, want %q", i, got[i], want[i])
		}
	}
}
