package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"wardmap/cmd/internal/cli"
	"wardmap/data/formats/printout"
	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/ward"
)

func init() {
	register(command{"bulletin", runBulletin})
}

func runBulletin(ctx context.Context, e *env, args []string) error {
	fl := cli.NewFlags("bulletin")
	db := dbFlag(fl)
	period := fl.String("period", "", "2026-Q4, 2026-H2, 2026, 2026-2030 (default: this quarter)")
	date := fl.String("date", "", "day of evaluation (YYYY-MM-DD, default today)")
	out := fl.String("out", "", "FILE.xlsx or FILE.pdf")
	unit := fl.String("unit", printout.DefaultUnit, "issuing body printed on the report")
	if err := cli.ParseNoArgs(fl, args); err != nil {
		return err
	}
	ext := strings.ToLower(filepath.Ext(*out))
	if *out == "" || (ext != ".xlsx" && ext != ".pdf") {
		return cli.Usagef("bulletin cần --out FILE.xlsx hoặc FILE.pdf (needs --out FILE.xlsx or FILE.pdf)")
	}
	p, today, err := periodFlags(*period, *date)
	if err != nil {
		return err
	}
	return withStore(ctx, *db, false, func(s *gpkg.Store) error {
		r, size, err := ward.WriteBulletin(ctx, s, p, today, *unit, *out)
		if err == nil {
			fmt.Fprintf(e.stdout, "Đã ghi báo cáo %s (%s, %d chỉ tiêu, %d byte): %s\n", p.Label(), strings.TrimPrefix(ext, "."), len(r.Board.Ward), size, *out)
		}
		return err
	})
}
