package cli

import (
	"fmt"
	"maps"
	"os"
	"strings"
	"testing"
	"time"

	"wardmap/gis"
)

// TestParseHelpRefuses: a translator's slip in help.txt is an error, never
// help silently lost.
func TestParseHelpRefuses(t *testing.T) {
	const ok = "usage: wardmap x\nvi: v\nen: e\nexample: wardmap x\n"
	for _, text := range []string{
		"vi: before any block",
		"[wardmap x]\n" + ok + "usage: wardmap y",
		"[wardmap x]\nusage: x\nvi: v\nen: e\nexample: wardmap x",
		"[wardmap x]\nusage: wardmap x\nvi: v\nen: e",
		"[wardmap x]\n" + ok + "vie: a",
		"[wardmap x]\n" + ok + "vi:a",
		"[wardmap x]\n" + ok + "flags: some",
		"[wardmap x]\n" + ok + "[wardmap x]",
		"[wardmap x]\n" + ok + "[wardmap  x]\n" + ok,
		"[wardmap x\n" + ok,
		"[commands]\n" + ok,
		"[flags]\ndb: a\ndb: b",
		"[wardd x]\nusage: wardd x\nvi: v\nen: e\nexample: wardd x",
		"  more before any block",
		"[wardmap x]\n  more before any key\n" + ok,
		"[wardmap x]\n" + ok + " vi: a key indented",
		"[wardmap x]\n" + ok + "flags: none\n  more",
	} {
		if _, err := ParseHelp("wardmap", text); err == nil || !strings.Contains(err.Error(), "help.txt") {
			t.Errorf("ParseHelp(%q): %v, want an error", text, err)
		}
	}
	h, err := ParseHelp("wardmap", "# c\r\n\n[wardmap]\r\n"+ok+"\n[wardmap a  b]\n"+ok+"flags: none\n[flags]\nx: ý\n  ỳ")
	want := map[string]Text{"": {"x", "v", "e", "wardmap x", false}, "a b": {"x", "v", "e", "wardmap x", true}}
	if err != nil || !maps.Equal(h.texts, want) || !maps.Equal(h.flags, map[string]string{"x": "ý\nỳ"}) {
		t.Errorf("ParseHelp: %v %+v %v", err, h, err)
	}
	h, err = ParseHelp("wardd", "[wardd]\nusage: wardd --db F\r\n    wardd user …\nvi: v\n  v2\nen: e\nexample: wardd a\n  wardd b\n")
	if err != nil || h.texts[""] != (Text{"--db F\n  wardd user …", "v\nv2", "e", "wardd a\nwardd b", false}) {
		t.Errorf("continued lines: %v %+v", err, h)
	}
}

// FuzzParseHelp: ParseHelp never panics, and what it accepts, written back
// in help.txt's format, reads back the same.
func FuzzParseHelp(f *testing.F) {
	for _, file := range []string{"../../wardmap/help.txt", "../../wardd/help.txt"} {
		text, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(text))
	}
	f.Add("[wardmap x]\nusage: wardmap x\r\r\n[flags]\n: a: b")
	f.Add("[wardmap x]\nusage: wardmap x\n  y\n   z\r\nvi: a\n  \nen: b\nexample: c\n[flags]\nq: r\n  s")
	f.Fuzz(func(t *testing.T, text string) {
		h, err := ParseHelp("wardmap", text)
		if err != nil {
			return
		}
		more := func(s string) string { return strings.ReplaceAll(s, "\n", "\n  ") }
		var b strings.Builder
		for p, x := range h.texts {
			fmt.Fprintf(&b, "[wardmap %s]\nusage: wardmap %s\nvi: %s\nen: %s\nexample: %s\n", p, more(x.Usage), more(x.VI), more(x.EN), more(x.Example))
			if x.NoFlags {
				b.WriteString("flags: none\n")
			}
		}
		b.WriteString("[flags]\n")
		for k, v := range h.flags {
			fmt.Fprintf(&b, "%s: %s\n", k, more(v))
		}
		h2, err := ParseHelp("wardmap", b.String())
		if err != nil || !maps.Equal(h.texts, h2.texts) || !maps.Equal(h.flags, h2.flags) {
			t.Fatalf("read back: %v\n%+v\n%+v\n%s", err, h, h2, b.String())
		}
	})
}

const sample = `[prog]
usage: prog [--db FILE]
  prog sub a|b NAME
vi: Chương trình.
en: The program.
example: prog --db w.db

[prog sub]
usage: prog sub a|b
vi: Nhóm lệnh.
  Dòng hai.
en: A group.
example: prog sub a x
  prog sub b y

[prog sub a]
usage: prog sub a NAME
vi: Lệnh a.
en: Command a.
example: prog sub a x

[prog sub b]
usage: prog sub b
vi: Lệnh b.
en: Command b.
example: prog sub b
flags: none

[flags]
db: cơ sở dữ liệu
shift: độ dài ca
sub a/db: tệp của a
`

// TestPrintHelp: what `prog --help` and its subcommands print, in full.
func TestPrintHelp(t *testing.T) {
	h := MustParseHelp("prog", sample)
	fs := NewFlags("prog")
	fs.String("db", "", "database")
	fs.Duration("shift", 4*time.Hour, "shift length")
	fs.Bool("json", false, "print JSON")
	fs.Int("limit", 0, "at most `N` rows")
	fs.String("note", "", "ghi chú (note)")
	DateFlag(fs, "date", gis.Date{}, "day")
	var w strings.Builder
	h.Print(&w, "", fs)
	want := `Cách dùng (usage): prog [--db FILE]
                   prog sub a|b NAME

Chương trình.
The program.

Ví dụ (example):
  prog --db w.db

Tham số (flags):
  --date DATE            day
  --db DB                cơ sở dữ liệu (database)
  --json                 print JSON
  --limit N              at most N rows
  --note NOTE            ghi chú (note)
  --shift duration       độ dài ca (shift length); mặc định (default): 4h0m0s

Lệnh con (subcommands):
  prog sub                  Nhóm lệnh.

Xem (see) prog LỆNH --help
`
	if w.String() != want {
		t.Errorf("prog --help:\n%s\nwant:\n%s", w.String(), want)
	}
	w.Reset()
	h.Print(&w, "sub", nil)
	want = `Cách dùng (usage): prog sub a|b

Nhóm lệnh.
Dòng hai.

A group.

Ví dụ (example):
  prog sub a x
  prog sub b y

Lệnh con (subcommands):
  prog sub a                Lệnh a.
  prog sub b                Lệnh b.

Xem (see) prog sub LỆNH --help
`
	if w.String() != want {
		t.Errorf("prog sub --help:\n%s\nwant:\n%s", w.String(), want)
	}
	w.Reset()
	a := NewFlags("sub a")
	a.String("db", "", "database")
	h.Print(&w, "sub a", a)
	if !strings.Contains(w.String(), "  --db DB                tệp của a (database)\n") || strings.Contains(w.String(), "Lệnh con") {
		t.Errorf("prog sub a --help: the flag's meaning for this command, no subcommands:\n%s", w.String())
	}
}

func TestHelpPaths(t *testing.T) {
	h := MustParseHelp("prog", sample)
	aliases := map[string]string{"old": "sub", "sub c": "sub b"}
	for args, want := range map[string]string{
		"": "", "--db x": "", "sub": "sub", "sub a x --db y -h": "sub a", "help sub b": "sub b",
		"sub z": "sub", "old a": "sub a", "sub c": "sub b", "a": "",
	} {
		if got := h.Path(strings.Fields(args), aliases); got != want {
			t.Errorf("Path(%q) = %q, want %q", args, got, want)
		}
	}
	if got := fmt.Sprint(h.Paths(), h.Subcommands(""), h.Subcommands("sub"), h.Subcommands("sub a")); got != "[ sub sub a sub b] [sub] [sub a sub b] []" {
		t.Error(got)
	}
	if x, ok := h.Text("sub b"); !ok || !x.NoFlags || x.Usage != "sub b" {
		t.Errorf("Text(sub b) = %+v %v", x, ok)
	}
	if _, ok := h.Text("nope"); ok {
		t.Error("Text of no command")
	}
}

// BenchmarkParseHelp: what reading wardmap's help.txt adds to every start.
func BenchmarkParseHelp(b *testing.B) {
	text, err := os.ReadFile("../../wardmap/help.txt")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := ParseHelp("wardmap", string(text)); err != nil {
			b.Fatal(err)
		}
	}
}
