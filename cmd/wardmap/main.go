// Command wardmap is the ward's desktop GIS. With no subcommand it opens the
// map window; with one it does the same work headless, for scripts:
//
//	wardmap [--db FILE] [--view lon,lat,zoom]   open the window
//	wardmap init | query | stats | export       create, find, count, write out
//	wardmap import osm | import features        streets from OSM; other bodies' inventories
//	wardmap crs convert | crs list              WGS 84 ⇄ VN-2000 ⇄ Web Mercator
//	wardmap due | cycles | assignments          what is due, inspection cycles, who goes where
//	wardmap route plan | route tsp | route vrp  the day's routes as GPX; the TSPLIB and CVRPLIB solvers
//	wardmap track import                        a handheld's track marks streets covered
//	wardmap reports | violations                citizens' field reports; violations as cases
//	wardmap indicators [figure|targets|set]     the plan's targets; figures TDPs report
//	wardmap bulletin                            the periodic bulletin (XLSX, PDF)
//	wardmap login | sync | conflicts | history  the ward server
//	wardmap version | help [COMMAND]
//
// Every command prints its usage, flags and an example with --help (its
// words in help.txt, printed by cmd/internal/cli); the window itself is
// cmd/internal/desktop.
// Errors go to stderr with a non-zero exit status: 2 for a mistake in the
// command line, 1 for anything else.
package main

import (
	_ "earlyenv" // before fyne.io/…/lang reads the locale: see its package comment

	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"wardmap/cmd/internal/cli"
	"wardmap/gis"
)

var version = "dev"

// command is one subcommand: its name and what it runs; its help is in
// help.txt.
type command struct {
	name string
	run  func(ctx context.Context, env *env, args []string) error
}

// env is what a command talks to, swappable in tests.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// registry holds every subcommand; each cmd_*.go file registers its own
// in init, so adding a command touches no shared list.
var registry []command

func register(c command) { registry = append(registry, c) }

func commands() []command { return registry }

func init() {
	register(command{"version", func(_ context.Context, e *env, _ []string) error {
		fmt.Fprintln(e.stdout, "wardmap", version)
		return nil
	}})
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}, os.Args[1:])
	stop()
	os.Exit(code)
}

// run executes one command line and returns the exit status.
func run(ctx context.Context, e *env, args []string) int {
	return cli.Exit(e.stderr, "wardmap", dispatch(ctx, e, args))
}

func dispatch(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == "help" && len(args) > 1 {
		args = append(args[1:], "--help") // wardmap help CMD [SUB]
	}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") || args[0] == "help" {
		if cli.WantsHelp(args) {
			return runHelp(ctx, e, command{"", runDesktop}, nil)
		}
		return runDesktop(ctx, e, args)
	}
	name := args[0]
	if n, ok := formerNames[name]; ok {
		name = n
	}
	for _, c := range commands() {
		if c.name == name {
			if cli.WantsHelp(args[1:]) {
				return runHelp(ctx, e, c, args)
			}
			return c.run(ctx, e, args[1:])
		}
	}
	return cli.Usagef("lệnh không rõ %q (unknown command)", name)
}

// formerNames are the names commands had before "report" was kept for
// citizens' field reports alone; scripts written for them keep working.
var formerNames = map[string]string{"report": "bulletin", "indicators report": "indicators figure"}

func kindNames() string {
	var names []string
	for _, k := range gis.Kinds() {
		names = append(names, string(k))
	}
	return strings.Join(names, ", ")
}
