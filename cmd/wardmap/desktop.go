package main

import (
	"context"

	"wardmap/cmd/internal/cli"
	"wardmap/cmd/internal/desktop"
	"wardmap/gis/tile"
)

// runDesktop opens the map window on --db, else on the last database used,
// else on a copy of the demo ward made in the user's data folder.
func runDesktop(ctx context.Context, e *env, args []string) error {
	fl := cli.NewFlags("") // its errors begin "wardmap: " already
	path := fl.String("db", "", "ward database to open")
	viewFlag := fl.String("view", "", "first map view as lon,lat,zoom (else the remembered one)")
	pos, err := cli.ParseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return cli.Usagef("lệnh không rõ %q (unknown command)", pos[0])
	}
	var first *tile.View
	if *viewFlag != "" {
		v, err := tile.ParseView(*viewFlag)
		if err != nil {
			return cli.Usagef("--view cần kinh độ,vĩ độ,mức zoom, ví dụ 106.6265,20.8085,17 (--view wants lon,lat,zoom), nhận %q", *viewFlag)
		}
		first = &v
	}
	return desktop.Run(ctx, desktop.Options{DB: *path, View: first, Stderr: e.stderr})
}
