package main

import (
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"wardmap/cmd/internal/cli"
)

// helpText is what `wardmap CMD --help` prints above the flags: the
// synopsis, what the command does (Vietnamese, then English) and an example.
// The flags themselves come from the command's own FlagSet, so they cannot
// drift from what the command accepts.
type helpText struct {
	usage   string // after "wardmap "
	vi, en  string
	example string
	// noFlags: the command has no flag set, so help is printed without
	// running it (it would otherwise do its work).
	noFlags bool
}

// helps is keyed by the command's path ("stats", "import features"),
// flagVI by "command/flag" or by flag name; both are read from help.txt,
// where a translator edits them. TestEveryCommandHasHelp fails when a
// command or subcommand lacks help, or help names no command.
var helps, flagVI = mustParseHelp(helpFile)

//go:embed help.txt
var helpFile string

func mustParseHelp(text string) (map[string]helpText, map[string]string) {
	h, f, err := parseHelp(text)
	if err != nil {
		panic(err) // help.txt is built in: every test run would fail first
	}
	return h, f
}

// parseHelp reads help.txt's format (its header describes it). A line out
// of place, a block or key given twice or a command's block that lacks a
// line or has one it does not know is an error.
func parseHelp(text string) (map[string]helpText, map[string]string, error) {
	blocks := map[string]map[string]string{}
	var block map[string]string
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		key, val, isKV := strings.Cut(line, ": ")
		name, isHead := strings.CutPrefix(line, "[")
		name, closed := strings.CutSuffix(name, "]")
		switch {
		case line == "" || line[0] == '#':
		case isHead && closed && blocks[name] == nil:
			block = map[string]string{}
			blocks[name] = block
		case !isHead && isKV && val != "" && block != nil && block[key] == "":
			block[key] = val
		default:
			return nil, nil, fmt.Errorf("help.txt:%d: dòng lạc chỗ hoặc lặp lại (line out of place or repeated): %q", i+1, line)
		}
	}
	flags := blocks["flags"]
	delete(blocks, "flags")
	helps := map[string]helpText{}
	for name, b := range blocks {
		words := strings.Fields(name)
		path := strings.Join(words[min(1, len(words)):], " ")
		usage, ok := strings.CutPrefix(b["usage"], "wardmap ")
		h := helpText{usage: usage, vi: b["vi"], en: b["en"], example: b["example"], noFlags: b["flags"] == "none"}
		for _, k := range []string{"usage", "vi", "en", "example"} {
			delete(b, k)
		}
		if h.noFlags {
			delete(b, "flags")
		}
		complete := ok && h.vi != "" && h.en != "" && h.example != "" && len(b) == 0
		if _, dup := helps[path]; dup || !complete || len(words) == 0 || words[0] != "wardmap" {
			return nil, nil, fmt.Errorf("help.txt: [%s] cần đúng (needs exactly) usage: wardmap …, vi:, en:, example: [, flags: none]", name)
		}
		helps[path] = h
	}
	return helps, flags, nil
}

// helpPath is the longest command path in helps that args start with:
// ["import", "features", "x.csv", "-h"] → "import features".
func helpPath(args []string) string {
	path := ""
	for _, a := range args {
		if strings.HasPrefix(a, "-") || a == "help" {
			continue
		}
		next := strings.TrimSpace(path + " " + a)
		if n, ok := formerNames[next]; ok {
			next = n
		}
		if _, ok := helps[next]; !ok {
			break
		}
		path = next
	}
	return path
}

// runHelp prints the help of the command args name (without "help" or the
// help flag): a group's verbs, or a leaf's text and flags. A leaf is run with
// --help so that its FlagSet, the one it really parses, lists the flags;
// every leaf parses its flags before doing anything.
func runHelp(ctx context.Context, e *env, c command, args []string) error {
	path := helpPath(args)
	h := helps[path]
	printHelpText(e.stdout, path, h)
	if !hasFlags(path) && printSubcommands(e.stdout, path) || h.noFlags {
		return nil
	}
	var rest []string
	if f := strings.Fields(path); len(f) > 1 {
		rest = f[1:]
	}
	err := c.run(ctx, &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}, append(rest, "--help"))
	var hr cli.HelpRequest
	if !errors.As(err, &hr) {
		return fmt.Errorf("wardmap %s: không in được trợ giúp (help not available): %v", path, err)
	}
	printFlags(e.stdout, path, hr.FlagSet)
	printSubcommands(e.stdout, path)
	if path == "" {
		fmt.Fprintln(e.stdout, "\nLoại (kinds):", kindNames())
	}
	return nil
}

// printSubcommands lists a group's verbs, if path has any.
func printSubcommands(w io.Writer, path string) bool {
	subs := subcommandsOf(path)
	if len(subs) == 0 {
		return false
	}
	fmt.Fprintln(w, "\nLệnh con (subcommands):")
	for _, s := range subs {
		fmt.Fprintf(w, "  wardmap %-20s %s\n", s, helps[s].vi)
	}
	fmt.Fprintf(w, "\nXem (see) %s LỆNH --help\n", strings.TrimSpace("wardmap "+path))
	return true
}

func printHelpText(w io.Writer, path string, h helpText) {
	fmt.Fprintf(w, "Cách dùng (usage): wardmap %s\n\n%s\n%s\n", h.usage, h.vi, h.en)
	if h.example != "" {
		fmt.Fprintf(w, "\nVí dụ (example):\n  %s\n", h.example)
	}
}

// hasFlags: commands that are both a leaf with flags and a group
// (indicators and its report/targets/set).
func hasFlags(path string) bool { return path == "" || path == "indicators" }

func subcommandsOf(path string) []string {
	var subs []string
	for k := range helps {
		if k != "" && k[:max(strings.LastIndexByte(k, ' '), 0)] == path {
			subs = append(subs, k)
		}
	}
	slices.Sort(subs)
	return subs
}

func printFlags(w io.Writer, path string, fs *flag.FlagSet) {
	var fls []*flag.Flag
	fs.VisitAll(func(f *flag.Flag) { fls = append(fls, f) })
	if len(fls) == 0 {
		return
	}
	fmt.Fprintln(w, "\nTham số (flags):")
	for _, f := range fls {
		name, usage := flag.UnquoteUsage(f)
		head := "  --" + f.Name
		if name == "string" || name == "value" { // a flag.Func (dateFlag) says "value"
			name = strings.ToUpper(f.Name) // --db DB, --period PERIOD
		}
		if name != "" {
			head += " " + name
		}
		text := usage
		if vi := flagMeaning(path, f.Name); vi != "" && !containsVietnamese(usage) {
			text = vi + " (" + usage + ")"
		}
		if !isZeroDefault(f) {
			text += "; mặc định (default): " + f.DefValue
		}
		fmt.Fprintf(w, "%-24s %s\n", head, text)
	}
}

func flagMeaning(path, name string) string {
	if vi, ok := flagVI[path+"/"+name]; ok {
		return vi
	}
	return flagVI[name]
}

// containsVietnamese: a usage already written "tiếng Việt (English)".
func containsVietnamese(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r > 0x7f && r != '…' && r != '–' && r != '⇄' })
}

func isZeroDefault(f *flag.Flag) bool {
	return slices.Contains([]string{"", "0", "false", "0s"}, f.DefValue)
}
