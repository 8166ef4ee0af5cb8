package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"

	"wardmap/ward"
)

func init() {
	register(command{"init", "tạo cơ sở dữ liệu phường (create a ward database)", runInit})
}

func runInit(ctx context.Context, e *env, args []string) error {
	fl := flag.NewFlagSet("init", flag.ContinueOnError)
	db := fl.String("db", "", "database file to create")
	demo := fl.Bool("demo", false, "fill it with the demo ward")
	if err := parseNoArgs(fl, args); err != nil {
		return err
	}
	if *db == "" {
		return usagef("init: cần --db FILE (--db FILE is required)")
	}
	if _, err := os.Stat(*db); err == nil {
		return fmt.Errorf("%s đã tồn tại, không ghi đè (already exists; not overwriting it)", *db)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	n, err := ward.Create(ctx, *db, *demo)
	if err != nil {
		return err
	}
	if *demo {
		fmt.Fprintf(e.stdout, "Đã tạo %s với phường mẫu: %d đối tượng (created with the demo ward: %d records)\n", *db, n, n)
	} else {
		fmt.Fprintf(e.stdout, "Đã tạo %s (created an empty ward database)\n", *db)
	}
	return nil
}
