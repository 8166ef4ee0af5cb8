package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"wardmap/cmd/internal/cli"
	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
)

func init() {
	register(command{"stats", runStats})
}

func runStats(ctx context.Context, e *env, args []string) error {
	fl := cli.NewFlags("stats")
	db := dbFlag(fl)
	asJSON := fl.Bool("json", false, "print JSON")
	if err := cli.ParseNoArgs(fl, args); err != nil {
		return err
	}
	var st *gpkg.Stats
	err := withStore(ctx, *db, false, func(s *gpkg.Store) (err error) {
		st, err = s.Stats(ctx)
		return err
	})
	if err != nil {
		return err
	}
	if *asJSON {
		return cli.PrintJSON(e.stdout, st)
	}
	if st.Ward != "" {
		fmt.Fprintln(e.stdout, st.Ward)
	}
	// Counts right-aligned, so not newTable.
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "LOẠI (KIND)\tSỐ LƯỢNG (COUNT)\tĐÃ XÓA (DELETED)\t")
	for _, ks := range st.Kinds {
		fmt.Fprintf(tw, "%s (%s)\t%d\t%d\t\n", gis.MustLookup(ks.Kind).Label.VI, ks.Kind, ks.Count, ks.Deleted)
	}
	tw.Flush()
	if b := st.Bounds; b != nil {
		fmt.Fprintf(e.stdout, "Phạm vi (bbox): %s,%s,%s,%s\n", cli.FmtCoord(b.Min[0]), cli.FmtCoord(b.Min[1]), cli.FmtCoord(b.Max[0]), cli.FmtCoord(b.Max[1]))
	}
	return nil
}
