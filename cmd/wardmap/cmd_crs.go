package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"wardmap/cmd/internal/cli"
	"wardmap/gis"
	"wardmap/gis/crs"
)

func init() {
	register(command{"crs", runCRS})
}

// runCRS is `wardmap crs convert --from EPSG:A --to EPSG:B` (lines "x y" on
// stdin, "x y" on stdout: lon lat for geographic systems, E N for projected
// ones; 8 decimals for degrees, 4 for metres) and `wardmap crs list`.
func runCRS(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return cli.Usagef("crs cần lệnh con (needs a subcommand): wardmap crs convert --from EPSG:4326 --to EPSG:9210 | wardmap crs list")
	}
	switch args[0] {
	case "list":
		fl := cli.NewFlags("crs list")
		all := fl.Bool("all", false, "every EPSG code accepted (UTM, State Plane, national grids…), with its method")
		pos, err := cli.ParseFlags(fl, args[1:])
		if err != nil {
			return err
		}
		if len(pos) > 0 {
			return cli.Usagef("crs list không nhận đối số (takes no arguments): %q", pos[0])
		}
		codes := crs.Codes()
		if *all {
			codes = crs.EPSGCodes()
		}
		for _, code := range codes {
			c, err := crs.ByCode(code)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "EPSG:%d\t%s\t%s\n", c.Code, c.Name, strings.TrimSuffix(c.Axes()+"\t"+c.Method(), "\t"))
		}
		if !*all {
			fmt.Fprintf(e.stderr, "(%d mã EPSG khác và WKT: wardmap crs list --all; %d more EPSG codes and WKT definitions are accepted)\n",
				len(crs.EPSGCodes())-len(codes), len(crs.EPSGCodes())-len(codes))
		}
		return nil
	case "convert":
		fl := cli.NewFlags("crs convert")
		from := fl.String("from", "", "source CRS, e.g. EPSG:4326")
		to := fl.String("to", "", "target CRS, e.g. EPSG:9210")
		pos, err := cli.ParseFlags(fl, args[1:])
		if err != nil {
			return err
		}
		if len(pos) > 0 {
			return cli.Usagef("crs convert đọc tọa độ từ stdin, không nhận đối số (reads stdin, takes no arguments): %q", pos[0])
		}
		a, err := parseCRS("from", *from)
		if err != nil {
			return err
		}
		b, err := parseCRS("to", *to)
		if err != nil {
			return err
		}
		t, err := crs.NewTransform(a, b)
		if err != nil {
			return err
		}
		err = crs.ConvertLines(e.stdin, e.stdout, t)
		if errors.Is(err, crs.ErrBadLine) {
			return gis.Errorf(gis.EINVALID, "dòng không đổi được, dừng tại đó (a line could not be converted; stopped there): %v", err)
		}
		return err
	}
	return cli.Usagef("crs: lệnh con không rõ %q (unknown subcommand); dùng (use) convert, list", args[0])
}

// parseCRS reads an --from/--to/--crs value.
func parseCRS(flagName, s string) (*crs.CRS, error) {
	if s == "" {
		return nil, cli.Usagef("cần --%s EPSG:NNNN (--%s is required); xem (see) `wardmap crs list`", flagName, flagName)
	}
	c, err := crs.Parse(s)
	if err != nil {
		shown := s
		if len(shown) > 80 {
			shown = shown[:80] + "…"
		}
		return nil, cli.Usagef("--%s: hệ tọa độ không hỗ trợ %q (unsupported CRS): %v; xem (see) `wardmap crs list --all`", flagName, shown, err)
	}
	return c, nil
}
