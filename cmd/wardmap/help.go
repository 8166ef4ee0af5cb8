package main

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"strings"

	"wardmap/cmd/internal/cli"
)

// helps is what `wardmap CMD --help` prints above the flags, read from
// help.txt, where a translator edits it: the synopsis, what the command
// does (Vietnamese, then English) and an example; the flags come from the
// command's own FlagSet (cmd/internal/cli prints both, for wardd too).
// TestEveryCommandHasHelp fails when a command or subcommand lacks help,
// or help names no command.
var helps = cli.MustParseHelp("wardmap", helpFile)

//go:embed help.txt
var helpFile string

// runHelp prints the help of the command args name (without "help" or the
// help flag): a group's verbs, or a leaf's text and flags. A leaf is run with
// --help so that its FlagSet, the one it really parses, lists the flags;
// every leaf parses its flags before doing anything.
func runHelp(ctx context.Context, e *env, c command, args []string) error {
	path := helps.Path(args, formerNames)
	if h, _ := helps.Text(path); h.NoFlags || !hasFlags(path) && len(helps.Subcommands(path)) > 0 {
		helps.Print(e.stdout, path, nil)
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
	helps.Print(e.stdout, path, hr.FlagSet)
	if path == "" {
		fmt.Fprintln(e.stdout, "\nLoại (kinds):", kindNames())
	}
	return nil
}

// hasFlags: commands that are both a leaf with flags and a group
// (indicators and its report/targets/set).
func hasFlags(path string) bool { return path == "" || path == "indicators" }
