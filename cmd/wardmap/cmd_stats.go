package main

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
)

func init() {
	register(command{"stats", runStats})
}

func runStats(ctx context.Context, e *env, args []string) error {
	fl := flag.NewFlagSet("stats", flag.ContinueOnError)
	db := fl.String("db", "", "ward database")
	asJSON := fl.Bool("json", false, "print JSON")
	if err := parseNoArgs(fl, args); err != nil {
		return err
	}
	s, err := openStore(ctx, *db, gpkg.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer s.Close()
	st, err := s.Stats(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		out := struct {
			*gpkg.Stats
			BBox []float64 `json:"bbox,omitempty"`
		}{Stats: st}
		if st.Bounds != nil {
			out.BBox = []float64{st.Bounds.Min[0], st.Bounds.Min[1], st.Bounds.Max[0], st.Bounds.Max[1]}
		}
		return printJSON(e.stdout, out)
	}
	if st.Ward != "" {
		fmt.Fprintln(e.stdout, st.Ward)
	}
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "LOẠI (KIND)\tSỐ LƯỢNG (COUNT)\tĐÃ XÓA (DELETED)\t")
	for _, ks := range st.Kinds {
		sc := gis.MustLookup(ks.Kind)
		fmt.Fprintf(tw, "%s (%s)\t%d\t%d\t\n", sc.Label.VI, ks.Kind, ks.Count, ks.Deleted)
	}
	tw.Flush()
	if st.Bounds != nil {
		b := st.Bounds
		fmt.Fprintf(e.stdout, "Phạm vi (bbox): %s,%s,%s,%s\n", fmtCoord(b.Min[0]), fmtCoord(b.Min[1]), fmtCoord(b.Max[0]), fmtCoord(b.Max[1]))
	}
	return nil
}
