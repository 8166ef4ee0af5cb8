package main

import (
	"context"
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
)

func openStore(ctx context.Context, path string, opt gpkg.Options) (*gpkg.Store, error) {
	if path == "" {
		return nil, usagef("cần --db FILE (--db FILE is required)")
	}
	return gpkg.Open(ctx, path, opt)
}

// parseFloats reads n comma-separated numbers ("106.62,20.80").
func parseFloats(flagName, s string, n int) ([]float64, error) {
	parts := strings.Split(s, ",")
	if len(parts) != n {
		return nil, usagef("--%s cần %d số cách nhau bởi dấu phẩy (needs %d comma-separated numbers): %q", flagName, n, n, s)
	}
	out := make([]float64, n)
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return nil, usagef("--%s: %q không phải số (not a number)", flagName, p)
		}
		out[i] = x
	}
	return out, nil
}

func parseBBox(s string) (*orb.Bound, error) {
	v, err := parseFloats("bbox", s, 4)
	if err != nil {
		return nil, err
	}
	b := orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}
	for _, p := range []orb.Point{b.Min, b.Max} {
		if err := gis.CheckGeometry(p); err != nil {
			return nil, usagef("--bbox: %v", err)
		}
	}
	if b.Min[0] > b.Max[0] || b.Min[1] > b.Max[1] {
		return nil, usagef("--bbox cần minlon,minlat,maxlon,maxlat (min before max): %q", s)
	}
	return &b, nil
}

func parsePoint(flagName, s string) (*orb.Point, error) {
	v, err := parseFloats(flagName, s, 2)
	if err != nil {
		return nil, err
	}
	p := orb.Point{v[0], v[1]}
	if err := gis.CheckGeometry(p); err != nil {
		return nil, usagef("--%s: %v", flagName, err)
	}
	return &p, nil
}

func parseKindFlag(s string) (gis.Kind, error) {
	if s == "" {
		return "", usagef("cần --kind (--kind is required): %s", kindNames())
	}
	k, err := gis.ParseKind(s)
	if err != nil {
		return "", usagef("%v", err)
	}
	return k, nil
}

func fmtCoord(x float64) string { return strconv.FormatFloat(x, 'f', 7, 64) }

// printJSON writes v as indented JSON, the form every --json prints.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
