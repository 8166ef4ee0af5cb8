package cli

import (
	"strings"
	"testing"
)

// TestTable: columns line up under the header whatever the cells' widths
// (Vietnamese letters count as one column each), with two spaces between.
func TestTable(t *testing.T) {
	var w strings.Builder
	tb := NewTable(&w, "MÃ (CODE)", "TÊN (NAME)", "SỐ")
	tb.Row("VH-01", "Gia đình văn hóa", 92)
	tb.Row("MT-05", OrDash(""), 2.5)
	if w.Len() != 0 {
		t.Fatal("printed before Flush")
	}
	if err := tb.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "MÃ (CODE)  TÊN (NAME)        SỐ\n" +
		"VH-01      Gia đình văn hóa  92\n" +
		"MT-05      —                 2.5\n"
	if w.String() != want {
		t.Errorf("got\n%s\nwant\n%s", w.String(), want)
	}
	w.Reset()
	h := Headless(&w)
	h.Row("  a", "bb")
	h.Row("  ccc", "d")
	h.Flush()
	if w.String() != "  a    bb\n  ccc  d\n" {
		t.Errorf("headless: %q", w.String())
	}
}

func TestOrDashAndPrintJSON(t *testing.T) {
	if OrDash("") != "—" || OrDash("x") != "x" {
		t.Error(OrDash(""), OrDash("x"))
	}
	var w strings.Builder
	if err := PrintJSON(&w, map[string]any{"b": []int{1}, "a": "<ý>"}); err != nil {
		t.Fatal(err)
	}
	if want := "{\n  \"a\": \"\\u003cý\\u003e\",\n  \"b\": [\n    1\n  ]\n}\n"; w.String() != want {
		t.Errorf("got %q, want %q", w.String(), want)
	}
}
