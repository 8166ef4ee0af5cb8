package main

import (
	"context"
	"flag"

	"wardmap/cmd/internal/cli"
	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
)

// The pieces of a command line that are wardmap's own (the generic ones are
// in cmd/internal/cli): --db and the GeoPackage it opens, --kind.

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

func openStore(ctx context.Context, path string, opt gpkg.Options) (*gpkg.Store, error) {
	if path == "" {
		return nil, cli.Usagef("cần --db FILE (--db FILE is required)")
	}
	return gpkg.Open(ctx, path, opt)
}

func parseKindFlag(s string) (gis.Kind, error) {
	if s == "" {
		return "", cli.Usagef("cần --kind (--kind is required): %s", kindNames())
	}
	k, err := gis.ParseKind(s)
	if err != nil {
		return "", cli.Usagef("%v", err)
	}
	return k, nil
}
