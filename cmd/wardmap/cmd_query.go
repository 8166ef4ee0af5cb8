package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"text/tabwriter"

	"github.com/paulmach/orb"
	orbjson "github.com/paulmach/orb/geojson"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
)

func init() {
	register(command{"query", runQuery})
}

func runQuery(ctx context.Context, e *env, args []string) error {
	fl := flag.NewFlagSet("query", flag.ContinueOnError)
	db := fl.String("db", "", "ward database")
	kindFlag := fl.String("kind", "", "kind of feature")
	bbox := fl.String("bbox", "", "minlon,minlat,maxlon,maxlat")
	search := fl.String("search", "", "text to find (diacritics and case ignored)")
	near := fl.String("near", "", "lon,lat: order by distance")
	limit := fl.Int("limit", 0, "at most N results (10 with --near)")
	asJSON := fl.Bool("json", false, "print GeoJSON")
	lang := fl.String("lang", "vi", "vi or en")
	err := parseNoArgs(fl, args)
	if err != nil {
		return err
	}
	q := gpkg.Query{Search: *search, Limit: *limit}
	if q.Kind, err = parseKindFlag(*kindFlag); err != nil {
		return err
	}
	if *limit < 0 {
		return usagef("--limit phải ≥ 0 (must not be negative)")
	}
	if *bbox != "" {
		if q.Bound, err = parseBBox(*bbox); err != nil {
			return err
		}
	}
	if *near != "" {
		if q.Near, err = parsePoint("near", *near); err != nil {
			return err
		}
	}
	s, err := openStore(ctx, *db, gpkg.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := s.Find(ctx, q)
	if err != nil {
		return err
	}
	if *asJSON {
		return printGeoJSON(e, res, q.Near != nil)
	}
	return printTable(e, res, q.Near != nil, *lang)
}

func printTable(e *env, res []gpkg.Result, withDist bool, lang string) error {
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	header := "ID\tTÊN (NAME)\tLON\tLAT"
	if withDist {
		header += "\tKHOẢNG CÁCH (M)"
	}
	fmt.Fprintln(tw, header)
	for _, r := range res {
		lon, lat := "", ""
		if r.Geom != nil {
			c := centre(r.Geom)
			lon, lat = fmtCoord(c[0]), fmtCoord(c[1])
		}
		line := fmt.Sprintf("%s\t%s\t%s\t%s", r.ID, r.Title(lang), lon, lat)
		if withDist {
			line += fmt.Sprintf("\t%.1f", r.DistanceM)
		}
		fmt.Fprintln(tw, line)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "%d kết quả (results)\n", len(res))
	return nil
}

// centre is a representative point: the point itself, else the middle of
// the bounding box.
func centre(g orb.Geometry) orb.Point {
	if p, ok := g.(orb.Point); ok {
		return p
	}
	return g.Bound().Center()
}

func printGeoJSON(e *env, res []gpkg.Result, withDist bool) error {
	fc := orbjson.NewFeatureCollection()
	for _, r := range res {
		gf := orbjson.NewFeature(r.Geom)
		gf.ID = r.ID
		gf.Properties["kind"] = string(r.Kind)
		sc := gis.MustLookup(r.Kind)
		for _, fd := range sc.Fields {
			if v, ok := r.Attrs[fd.Name]; ok {
				gf.Properties[fd.Name] = jsonValue(&fd, v)
			}
		}
		if withDist {
			gf.Properties["distance_m"] = r.DistanceM
		}
		fc.Append(gf)
	}
	enc := json.NewEncoder(e.stdout)
	return enc.Encode(fc)
}

// jsonValue writes dates and times as text (YYYY-MM-DD, RFC 3339) and
// every other value as its JSON self.
func jsonValue(fd *gis.Field, v any) any {
	if fd.Type == gis.DateType || fd.Type == gis.TimeType {
		return fd.Format(v)
	}
	return v
}
