package main

import (
	"context"
	"fmt"

	"wardmap/cmd/internal/cli"
	"wardmap/data/formats/geojson"
	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
)

func init() {
	register(command{"query", runQuery})
}

func runQuery(ctx context.Context, e *env, args []string) error {
	fl := cli.NewFlags("query")
	db := dbFlag(fl)
	kindFlag := fl.String("kind", "", "kind of feature")
	bbox := fl.String("bbox", "", "minlon,minlat,maxlon,maxlat")
	search := fl.String("search", "", "text to find (diacritics and case ignored)")
	near := fl.String("near", "", "lon,lat: order by distance")
	limit := fl.Int("limit", 0, "at most N results (10 with --near)")
	asJSON := fl.Bool("json", false, "print GeoJSON")
	lang := fl.String("lang", "vi", "vi or en")
	err := cli.ParseNoArgs(fl, args)
	if err != nil {
		return err
	}
	q := gpkg.Query{Search: *search, Limit: *limit}
	if q.Kind, err = parseKindFlag(*kindFlag); err != nil {
		return err
	}
	if *limit < 0 {
		return cli.Usagef("--limit phải ≥ 0 (must not be negative)")
	}
	if *bbox != "" {
		if q.Bound, err = cli.ParseBBox("bbox", *bbox); err != nil {
			return err
		}
	}
	if *near != "" {
		if q.Near, err = cli.ParsePoint("near", *near); err != nil {
			return err
		}
	}
	var res []gpkg.Result
	if err := withStore(ctx, *db, false, func(s *gpkg.Store) (err error) {
		res, err = s.Find(ctx, q)
		return err
	}); err != nil {
		return err
	}
	fs, dist := make([]*gis.Feature, len(res)), make([]float64, len(res))
	for i, r := range res {
		fs[i], dist[i] = r.Feature, r.DistanceM
	}
	head := []string{"ID", "TÊN (NAME)", "LON", "LAT", "KHOẢNG CÁCH (M)"}
	if q.Near == nil {
		dist, head = nil, head[:4]
	}
	if *asJSON {
		return geojson.WriteFound(e.stdout, fs, dist)
	}
	t := cli.NewTable(e.stdout, head...)
	for i, f := range fs {
		cells := []any{f.ID, f.Title(*lang), "", ""}
		if f.Geom != nil {
			c := f.Geom.Bound().Center() // a point is its own centre
			cells[2], cells[3] = cli.FmtCoord(c[0]), cli.FmtCoord(c[1])
		}
		if dist != nil {
			cells = append(cells, fmt.Sprintf("%.1f", dist[i]))
		}
		t.Row(cells...)
	}
	if err := t.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "%d kết quả (results)\n", len(res))
	return nil
}
