package cli

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Help is a program's help, read from its help.txt (format in ParseHelp):
// for each command what `PROG CMD --help` prints above the flags, and the
// Vietnamese meaning of the flags. The flags themselves come from the
// command's own FlagSet, so they cannot drift from what it accepts.
type Help struct {
	prog  string
	texts map[string]Text   // by command path: "", "stats", "import features"
	flags map[string]string // by "command path/flag" or by flag name
}

// Text is one command's help.
type Text struct {
	Usage   string // the synopsis after "PROG "; more lines for more forms
	VI, EN  string // what it does; the first line of VI is its line in a group's list
	Example string // one command line a line
	// NoFlags: the command has no flag set, so its help is printed without
	// running it (it would otherwise do its work).
	NoFlags bool
}

// MustParseHelp is ParseHelp for a help.txt built into the program: a
// mistake in it panics at start, so every test run fails first.
func MustParseHelp(prog, text string) *Help {
	h, err := ParseHelp(prog, text)
	if err != nil {
		panic(err)
	}
	return h
}

// ParseHelp reads a help.txt: blocks headed "[PROG]" or "[PROG CMD …]",
// each with one line "usage: PROG …", "vi: …", "en: …" and "example: …"
// (and "flags: none" for a command without flags), and a "[flags]" block of
// "flag: nghĩa" or "CMD …/flag: nghĩa" lines. A line starting with two
// spaces continues the value above it on a new line. Blank lines and lines
// starting with # are skipped. A line out of place, a block or key given
// twice, or a command's block that lacks a line or has one it does not know
// is an error: a translator's slip never loses help silently.
func ParseHelp(prog, text string) (*Help, error) {
	blocks := map[string]map[string]string{}
	var block map[string]string
	var last string // the key a continuation line extends
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		more, isMore := strings.CutPrefix(line, "  ")
		key, val, isKV := strings.Cut(line, ": ")
		name, isHead := strings.CutPrefix(line, "[")
		name, closed := strings.CutSuffix(name, "]")
		switch {
		case isMore && last != "":
			block[last] += "\n" + more
		case line == "" || line[0] == '#':
		case isHead && closed && blocks[name] == nil:
			block, last = map[string]string{}, ""
			blocks[name] = block
		case !isHead && isKV && val != "" && !strings.HasPrefix(key, " ") && block != nil && block[key] == "":
			block[key], last = val, key
		default:
			return nil, fmt.Errorf("help.txt:%d: dòng lạc chỗ hoặc lặp lại (line out of place or repeated): %q", i+1, line)
		}
	}
	h := &Help{prog: prog, texts: map[string]Text{}, flags: blocks["flags"]}
	delete(blocks, "flags")
	for name, b := range blocks {
		words := strings.Fields(name)
		path := strings.Join(words[min(1, len(words)):], " ")
		usage, ok := strings.CutPrefix(b["usage"], prog+" ")
		t := Text{Usage: usage, VI: b["vi"], EN: b["en"], Example: b["example"], NoFlags: b["flags"] == "none"}
		for _, k := range []string{"usage", "vi", "en", "example"} {
			delete(b, k)
		}
		if t.NoFlags {
			delete(b, "flags")
		}
		complete := ok && t.VI != "" && t.EN != "" && t.Example != "" && len(b) == 0
		if _, dup := h.texts[path]; dup || !complete || len(words) == 0 || words[0] != prog {
			return nil, fmt.Errorf("help.txt: [%s] cần đúng (needs exactly) usage: %s …, vi:, en:, example: [, flags: none]", name, prog)
		}
		h.texts[path] = t
	}
	return h, nil
}

// Text is the help of the command path ("" for the program itself).
func (h *Help) Text(path string) (Text, bool) {
	t, ok := h.texts[path]
	return t, ok
}

// Paths lists every command path that has help, sorted.
func (h *Help) Paths() []string {
	var ps []string
	for p := range h.texts {
		ps = append(ps, p)
	}
	slices.Sort(ps)
	return ps
}

// Path is the longest command path with help that args start with, the
// flags and a "help" word skipped: ["import", "features", "x.csv", "-h"] →
// "import features". aliases maps a former path to the present one.
func (h *Help) Path(args []string, aliases map[string]string) string {
	path := ""
	for _, a := range args {
		if strings.HasPrefix(a, "-") || a == "help" {
			continue
		}
		next := strings.TrimSpace(path + " " + a)
		if n, ok := aliases[next]; ok {
			next = n
		}
		if _, ok := h.texts[next]; !ok {
			break
		}
		path = next
	}
	return path
}

// Subcommands lists the paths one word below path, sorted.
func (h *Help) Subcommands(path string) []string {
	var subs []string
	for k := range h.texts {
		if k != "" && k[:max(strings.LastIndexByte(k, ' '), 0)] == path {
			subs = append(subs, k)
		}
	}
	slices.Sort(subs)
	return subs
}

// Print writes the help of path: its text, the flags of fs (none if fs is
// nil) and the list of its subcommands, if it has any.
func (h *Help) Print(w io.Writer, path string, fs *flag.FlagSet) {
	h.PrintText(w, path)
	if fs != nil {
		h.PrintFlags(w, path, fs)
	}
	h.PrintSubcommands(w, path)
}

// usageIndent lines a synopsis's further forms up under its first one.
var usageIndent = strings.Repeat(" ", len([]rune("Cách dùng (usage): ")))

// PrintText writes the synopsis, what the command does (Vietnamese, then
// English) and its example.
func (h *Help) PrintText(w io.Writer, path string) {
	t := h.texts[path]
	fmt.Fprintf(w, "Cách dùng (usage): %s %s\n\n%s\n", h.prog, strings.ReplaceAll(t.Usage, "\n", "\n"+usageIndent), t.VI)
	if strings.Contains(t.VI+t.EN, "\n") {
		fmt.Fprintln(w) // paragraphs: a blank line between the languages
	}
	fmt.Fprintln(w, t.EN)
	if t.Example != "" {
		fmt.Fprintf(w, "\nVí dụ (example):\n  %s\n", strings.ReplaceAll(t.Example, "\n", "\n  "))
	}
}

// PrintSubcommands lists a group's commands with their Vietnamese line, if
// path has any, and says whether it did.
func (h *Help) PrintSubcommands(w io.Writer, path string) bool {
	subs := h.Subcommands(path)
	if len(subs) == 0 {
		return false
	}
	fmt.Fprintln(w, "\nLệnh con (subcommands):")
	for _, s := range subs {
		vi, _, _ := strings.Cut(h.texts[s].VI, "\n")
		fmt.Fprintf(w, "  %s %-20s %s\n", h.prog, s, vi)
	}
	fmt.Fprintf(w, "\nXem (see) %s LỆNH --help\n", strings.TrimSpace(h.prog+" "+path))
	return true
}

// PrintFlags lists fs's flags: name and value, the Vietnamese meaning with
// the flag's own English usage in brackets, and the default unless zero.
func (h *Help) PrintFlags(w io.Writer, path string, fs *flag.FlagSet) {
	var fls []*flag.Flag
	fs.VisitAll(func(f *flag.Flag) { fls = append(fls, f) })
	if len(fls) == 0 {
		return
	}
	fmt.Fprintln(w, "\nTham số (flags):")
	for _, f := range fls {
		name, usage := flag.UnquoteUsage(f)
		head := "  --" + f.Name
		if name == "string" || name == "value" { // a flag.Func (DateFlag) says "value"
			name = strings.ToUpper(f.Name) // --db DB, --period PERIOD
		}
		if name != "" {
			head += " " + name
		}
		text := usage
		if vi := h.flagMeaning(path, f.Name); vi != "" && !containsVietnamese(usage) {
			text = vi + " (" + usage + ")"
		}
		if !isZeroDefault(f) {
			text += "; mặc định (default): " + f.DefValue
		}
		fmt.Fprintf(w, "%-24s %s\n", head, text)
	}
}

func (h *Help) flagMeaning(path, name string) string {
	if vi, ok := h.flags[path+"/"+name]; ok {
		return vi
	}
	return h.flags[name]
}

// containsVietnamese: a usage already written "tiếng Việt (English)".
func containsVietnamese(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r > 0x7f && r != '…' && r != '–' && r != '⇄' })
}

func isZeroDefault(f *flag.Flag) bool {
	return slices.Contains([]string{"", "0", "false", "0s"}, f.DefValue)
}
