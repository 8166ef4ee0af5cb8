package main

import (
	"context"
	"maps"
	"slices"
	"strings"

	"wardmap/cmd/internal/cli"
)

// `wardmap import WHAT …` brings outside data into a ward database. Each
// kind of source (osm, features, …) registers itself here from its own
// cmd_import_*.go file, so adding one touches no shared list.
var importers = map[string]func(ctx context.Context, e *env, args []string) error{}

func init() {
	register(command{"import", runImport})
}

func runImport(ctx context.Context, e *env, args []string) error {
	names := strings.Join(slices.Sorted(maps.Keys(importers)), ", ")
	if len(args) == 0 {
		helps.PrintSubcommands(e.stdout, "import")
		return cli.Usagef("import cần loại nguồn (needs a source type): %s", names)
	}
	if run, ok := importers[args[0]]; ok {
		return run(ctx, e, args[1:])
	}
	return cli.Usagef("import: nguồn không rõ %q (unknown source type); dùng (use): %s", args[0], names)
}
