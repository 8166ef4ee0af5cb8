package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
)

// The small pieces every command is made of: its flag set with --db, a
// store opened for reading or writing, typed flag values, and a table.

// newFlags is a command's flag set ("indicators figure"), its errors
// returned to parseFlags rather than printed.
func newFlags(name string) *flag.FlagSet { return flag.NewFlagSet(name, flag.ContinueOnError) }

// dbFlag declares --db, the ward database every command but a few reads.
func dbFlag(fl *flag.FlagSet) *string { return fl.String("db", "", "ward database") }

// withStore opens the database (read-only unless write) for the length of
// do: a command that only reads leaves no -wal/-shm files and cannot
// change the file by mistake.
func withStore(ctx context.Context, path string, write bool, do func(*gpkg.Store) error) error {
	s, err := openStore(ctx, path, gpkg.Options{ReadOnly: !write})
	if err != nil {
		return err
	}
	defer s.Close()
	return do(s)
}

// dateFlag declares a YYYY-MM-DD flag whose value starts as def (the zero
// Date: unset); a malformed day is a usage error naming the flag.
func dateFlag(fl *flag.FlagSet, name string, def gis.Date, usage string) *gis.Date {
	d := def
	fl.Func(name, usage, func(s string) error {
		v, err := gis.ParseDate(s)
		if err != nil {
			return fmt.Errorf("--%s cần dạng YYYY-MM-DD (needs YYYY-MM-DD): %q", name, s)
		}
		d = v
		return nil
	})
	return &d
}

// table prints aligned columns under a header of "VIỆT (ENGLISH)" titles:
// every list a command prints on a terminal.
type table struct{ tw *tabwriter.Writer }

func newTable(w io.Writer, head ...string) *table {
	t := &table{tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)}
	fmt.Fprintln(t.tw, strings.Join(head, "\t"))
	return t
}

// row adds one line; each cell is printed as fmt.Sprint prints it.
func (t *table) row(cells ...any) {
	for i, c := range cells {
		if i > 0 {
			io.WriteString(t.tw, "\t")
		}
		fmt.Fprint(t.tw, c)
	}
	io.WriteString(t.tw, "\n")
}

func (t *table) flush() error { return t.tw.Flush() }

// orDash is s, or "—" for nothing.
func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
