package cli

import (
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestParseFlags: flags may follow positional arguments, a bad flag is a
// usage error naming the command, -h is a HelpRequest carrying the set.
func TestParseFlags(t *testing.T) {
	cases := []struct {
		args []string
		pos  []string
		db   string
		err  string
	}{
		{[]string{"out.csv", "--db", "w.gpkg"}, []string{"out.csv"}, "w.gpkg", ""},
		{[]string{"--db", "w.gpkg", "a", "b"}, []string{"a", "b"}, "w.gpkg", ""},
		{[]string{"a", "--", "--db"}, []string{"a", "--db"}, "", ""},
		{nil, nil, "", ""},
		{[]string{"a", "--colour"}, nil, "", "export: flag provided but not defined: -colour"},
		{[]string{"--db"}, nil, "", "export: flag needs an argument: -db"},
	}
	for _, c := range cases {
		fs := NewFlags("export")
		db := fs.String("db", "", "ward database")
		pos, err := ParseFlags(fs, c.args)
		if c.err != "" {
			var ue *UsageError
			if !errors.As(err, &ue) || err.Error() != c.err {
				t.Errorf("%q: err %v, want usage error %q", c.args, err, c.err)
			}
			continue
		}
		if err != nil || !slices.Equal(pos, c.pos) || *db != c.db {
			t.Errorf("%q: %q %q %v, want %q %q", c.args, pos, *db, err, c.pos, c.db)
		}
	}
	// A program's own flag set is unnamed: the program's name begins the
	// line already ("wardd: wardd: …" was printed before).
	if _, err := ParseFlags(NewFlags(""), []string{"--bogus"}); err == nil || err.Error() != "flag provided but not defined: -bogus" {
		t.Errorf("unnamed flag set: %v", err)
	}
	if err := ParseNoArgs(NewFlags(""), []string{"x"}); err == nil || err.Error() != `đối số thừa (unexpected argument) "x"` {
		t.Errorf("unnamed flag set, stray argument: %v", err)
	}
	fs := NewFlags("stats")
	_, err := ParseFlags(fs, []string{"x", "-h", "--bogus"})
	var hr HelpRequest
	if !errors.As(err, &hr) || hr.FlagSet != fs || !errors.Is(err, flag.ErrHelp) {
		t.Errorf("-h: %v, want a HelpRequest for the set", err)
	}
}

func TestParseNoArgs(t *testing.T) {
	fs := NewFlags("stats")
	fs.Bool("json", false, "print JSON")
	if err := ParseNoArgs(fs, []string{"--json"}); err != nil {
		t.Fatal(err)
	}
	err := ParseNoArgs(fs, []string{"--json", "extra"})
	var ue *UsageError
	if !errors.As(err, &ue) || err.Error() != `stats: đối số thừa (unexpected argument) "extra"` {
		t.Errorf("stray argument: %v", err)
	}
}

func TestWantsHelp(t *testing.T) {
	for args, want := range map[string]bool{
		"help": true, "help stats": true, "stats --help": true, "stats -h": true, "stats -help": true,
		"stats": false, "stats help": false, "stats -- -h": false, "": false, "stats --helpful": false,
	} {
		if got := WantsHelp(strings.Fields(args)); got != want {
			t.Errorf("WantsHelp(%q) = %v", args, got)
		}
	}
}

// TestExit: the exit status and what stderr says for each kind of error.
func TestExit(t *testing.T) {
	cases := []struct {
		err    error
		code   int
		stderr string
	}{
		{nil, 0, ""},
		{HelpRequest{}, 0, ""},
		{fmt.Errorf("x: %w", flag.ErrHelp), 0, ""},
		{Usagef("lệnh không rõ %q (unknown command)", "frob"), 2, "wardd: lệnh không rõ \"frob\" (unknown command)\nXem (see) `wardd help`.\n"},
		{fmt.Errorf("wrapped: %w", Usagef("u")), 2, "wardd: wrapped: u\nXem (see) `wardd help`.\n"},
		{errors.New("không mở được (cannot open)"), 1, "wardd: không mở được (cannot open)\n"},
	}
	for _, c := range cases {
		var w strings.Builder
		if code := Exit(&w, "wardd", c.err); code != c.code || w.String() != c.stderr {
			t.Errorf("Exit(%v) = %d %q, want %d %q", c.err, code, w.String(), c.code, c.stderr)
		}
	}
}
