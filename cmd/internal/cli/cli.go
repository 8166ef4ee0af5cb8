// Package cli holds the command-line conventions wardmap and wardd share,
// so that both programs read and answer a command line the same way:
//
//   - a command's flag set returns its errors instead of printing them, and
//     takes flags after positional arguments (ParseFlags);
//   - a mistake in the command line is a UsageError, exit status 2; any
//     other error is status 1; help asked for is status 0 (Exit);
//   - -h, -help, --help and "help CMD" ask for help (WantsHelp), printed in
//     Vietnamese then English from the program's help.txt and the flags of
//     the command's real FlagSet (Help);
//   - typed values (a day, a number with a decimal comma, a point, a
//     bounding box) refuse bad input with a usage error naming the flag;
//   - lists print as aligned tables under "VIỆT (ENGLISH)" headers, and
//     --json as indented JSON.
//
// It knows flags, help and printing, not the ward: it imports gis only for
// the values its typed flags return (gis.Date, a checked orb.Point).
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// UsageError is a mistake in the command line: the program exits with
// status 2 and points to its help.
type UsageError struct{ msg string }

func (e *UsageError) Error() string { return e.msg }

// Usagef makes a UsageError, its message formatted as fmt.Sprintf does.
func Usagef(format string, args ...any) error {
	return &UsageError{fmt.Sprintf(format, args...)}
}

// Exit reports err on w as "prog: err" and returns the exit status: 0 for
// no error or help asked for, 2 for a UsageError (with a pointer to
// `prog help`), 1 for anything else.
func Exit(w io.Writer, prog string, err error) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	fmt.Fprintln(w, prog+":", err)
	var ue *UsageError
	if errors.As(err, &ue) {
		fmt.Fprintf(w, "Xem (see) `%s help`.\n", prog)
		return 2
	}
	return 1
}

// NewFlags is a command's flag set, named for its messages ("indicators
// figure", "wardd user add"); its errors are returned to ParseFlags rather
// than printed.
func NewFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// HelpRequest is what ParseFlags returns for -h or --help: the caller
// prints the command's help, listing the flags of FlagSet, and exits 0
// (errors.Is(err, flag.ErrHelp) holds).
type HelpRequest struct{ FlagSet *flag.FlagSet }

func (HelpRequest) Error() string        { return "help requested" }
func (HelpRequest) Is(target error) bool { return target == flag.ErrHelp }

// ParseFlags parses fs from args, allowing flags after positional arguments
// (`wardmap export out.csv --db w.gpkg`), and returns the positionals. A
// bad flag is a UsageError naming the command; -h or --help is a
// HelpRequest.
func ParseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, HelpRequest{fs}
			}
			return nil, Usagef("%s%v", prefix(fs), err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// ParseNoArgs parses a command's flags and refuses positional arguments.
func ParseNoArgs(fs *flag.FlagSet, args []string) error {
	pos, err := ParseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return Usagef("%sđối số thừa (unexpected argument) %q", prefix(fs), pos[0])
	}
	return nil
}

// prefix names the subcommand in front of its flag errors ("export: "); a
// program's own flag set is named "", as the program's name already
// begins the line ("wardd: flag provided but not defined: -x").
func prefix(fs *flag.FlagSet) string {
	if fs.Name() == "" {
		return ""
	}
	return fs.Name() + ": "
}

// WantsHelp says whether a command line asks for help: -h, -help or --help
// before a "--", or "help" as the command's first word.
func WantsHelp(args []string) bool {
	if len(args) > 0 && args[0] == "help" {
		return true
	}
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}
