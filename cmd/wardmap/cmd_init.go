package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"wardmap/cmd/internal/cli"
	"wardmap/data/laptop/ward"
	"wardmap/gis"
)

func init() {
	register(command{"init", runInit})
}

func runInit(ctx context.Context, e *env, args []string) error {
	fl := cli.NewFlags("init")
	db := fl.String("db", "", "database file to create")
	demo := fl.Bool("demo", false, "fill it with the demo ward")
	today := fl.String("today", "", "the demo's last day of history (YYYY-MM-DD; default: today)")
	figures := fl.Bool("figures", true, "with --demo: enter the demo's reported figures (they stay on this laptop)")
	if err := cli.ParseNoArgs(fl, args); err != nil {
		return err
	}
	if *db == "" {
		return cli.Usagef("init: cần --db FILE (--db FILE is required)")
	}
	if _, err := os.Stat(*db); err == nil {
		return fmt.Errorf("%s đã tồn tại, không ghi đè (already exists; not overwriting it)", *db)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	day, err := gis.LocalDate(time.Now()), error(nil)
	if *today != "" {
		if day, err = gis.ParseDate(*today); err != nil {
			return cli.Usagef("init: --today cần YYYY-MM-DD (needs a date): %v", err)
		}
	}
	if !*demo {
		if _, err := ward.Create(ctx, *db, false); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Đã tạo %s (created an empty ward database)\n", *db)
		return nil
	}
	n, err := ward.CreateDemo(ctx, *db, ward.Demo{Today: day, NoFigures: !*figures})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Đã tạo %s với phường mẫu: %d đối tượng (created with the demo ward: %d records)\n", *db, n, n)
	return nil
}
