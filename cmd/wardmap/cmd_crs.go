package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"wardmap/gis"
	"wardmap/gis/crs"
)

func init() {
	register(command{"crs", "đổi tọa độ WGS 84 ⇄ VN-2000 (convert coordinates): wardmap crs convert|list", runCRS})
}

// runCRS is `wardmap crs convert --from EPSG:A --to EPSG:B` (lines "x y" on
// stdin, "x y" on stdout: lon lat for geographic systems, E N for projected
// ones; 8 decimals for degrees, 4 for metres) and `wardmap crs list`.
func runCRS(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usagef("crs cần lệnh con (needs a subcommand): wardmap crs convert --from EPSG:4326 --to EPSG:9210 | wardmap crs list")
	}
	switch args[0] {
	case "list":
		fl := flag.NewFlagSet("crs list", flag.ContinueOnError)
		pos, err := parseFlags(fl, args[1:])
		if err != nil {
			return err
		}
		if len(pos) > 0 {
			return usagef("crs list không nhận đối số (takes no arguments): %q", pos[0])
		}
		for _, code := range crs.Codes() {
			c, _ := crs.ByCode(code)
			axes := "E N (m)"
			if c.IsGeographic() {
				axes = "lon lat (°)"
			}
			fmt.Fprintf(e.stdout, "EPSG:%d\t%s\t%s\n", c.Code, c.Name, axes)
		}
		return nil
	case "convert":
		fl := flag.NewFlagSet("crs convert", flag.ContinueOnError)
		from := fl.String("from", "", "source CRS, e.g. EPSG:4326")
		to := fl.String("to", "", "target CRS, e.g. EPSG:9210")
		pos, err := parseFlags(fl, args[1:])
		if err != nil {
			return err
		}
		if len(pos) > 0 {
			return usagef("crs convert đọc tọa độ từ stdin, không nhận đối số (reads stdin, takes no arguments): %q", pos[0])
		}
		t, err := transformFlags(*from, *to)
		if err != nil {
			return err
		}
		if err := crs.ConvertLines(e.stdin, e.stdout, t); err != nil {
			if errors.Is(err, crs.ErrBadLine) {
				return gis.Errorf(gis.EINVALID, "dòng không đổi được, dừng tại đó (a line could not be converted; stopped there): %v", err)
			}
			return err
		}
		return nil
	}
	return usagef("crs: lệnh con không rõ %q (unknown subcommand); dùng (use) convert, list", args[0])
}

// parseCRS reads an --from/--to/--crs value.
func parseCRS(flagName, s string) (*crs.CRS, error) {
	if s == "" {
		return nil, usagef("cần --%s EPSG:NNNN (--%s is required); xem (see) `wardmap crs list`", flagName, flagName)
	}
	c, err := crs.Lookup(s)
	if err != nil {
		return nil, usagef("--%s: hệ tọa độ không hỗ trợ %q (unsupported CRS); xem (see) `wardmap crs list`", flagName, s)
	}
	return c, nil
}

func transformFlags(from, to string) (*crs.Transform, error) {
	a, err := parseCRS("from", from)
	if err != nil {
		return nil, err
	}
	b, err := parseCRS("to", to)
	if err != nil {
		return nil, err
	}
	return crs.NewTransform(a, b)
}
