package gis

import "testing"

// FuzzFoldSearchASCII holds the ASCII fast path of FoldSearch to the
// general one (NFD, diacritics, lower case, separators), on any input:
// the fast path must either decline or give the same key.
func FuzzFoldSearchASCII(f *testing.F) {
	for _, s := range []string{"", "---", " 1TH ST ", "Quercus agrifolia", "a--b", "x/y", "  A  B  ", "\tTab\x7f", "Trần Thành", "12000 Artesia Bl.", "-", "a-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := foldSearchUnicode(s)
		if got := FoldSearch(s); got != want {
			t.Fatalf("FoldSearch(%q) = %q, want %q", s, got, want)
		}
		prefix := []byte("k\x00")
		if got := string(AppendFoldSearch(prefix, s)); got != "k\x00"+want {
			t.Fatalf("AppendFoldSearch(%q) = %q, want %q", s, got, "k\x00"+want)
		}
	})
}
