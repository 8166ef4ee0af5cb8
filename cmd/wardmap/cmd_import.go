package main

import (
	"context"
	"fmt"
	"io"
	"sort"
)

// `wardmap import WHAT …` brings outside data into a ward database. Each
// kind of source (osm, features, …) registers itself here from its own
// cmd_import_*.go file, so adding one touches no shared list.

// importer is one `wardmap import` subcommand.
type importer struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

var importers []importer

func registerImport(i importer) { importers = append(importers, i) }

func init() {
	register(command{"import", "nhập dữ liệu (import data): wardmap import osm|features …", runImport})
}

func runImport(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printImportHelp(e.stdout)
		if len(args) == 0 {
			return usagef("import cần loại nguồn (needs a source type): %s", importNames())
		}
		return nil
	}
	for _, i := range importers {
		if i.name == args[0] {
			return i.run(ctx, e, args[1:])
		}
	}
	return usagef("import: nguồn không rõ %q (unknown source type); dùng (use): %s", args[0], importNames())
}

func importNames() string {
	var s string
	for i, im := range sortedImporters() {
		if i > 0 {
			s += ", "
		}
		s += im.name
	}
	return s
}

func sortedImporters() []importer {
	is := append([]importer(nil), importers...)
	sort.Slice(is, func(a, b int) bool { return is[a].name < is[b].name })
	return is
}

func printImportHelp(w io.Writer) {
	for _, i := range sortedImporters() {
		fmt.Fprintf(w, "  wardmap import %-10s %s\n", i.name, i.summary)
	}
}
