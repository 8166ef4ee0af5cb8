package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"wardmap/data/gpkg"
	"wardmap/data/report"
	"wardmap/gis"
	"wardmap/gis/indicator"
	"wardmap/gis/render"
	"wardmap/gis/tile"
)

func init() {
	register(command{"report", "báo cáo định kỳ chỉ tiêu ra XLSX hoặc PDF (periodic indicator report)", runReport})
}

func runReport(ctx context.Context, e *env, args []string) error {
	fl := flag.NewFlagSet("report", flag.ContinueOnError)
	db := fl.String("db", "", "ward database")
	period := fl.String("period", "", "2026-Q4, 2026-H2, 2026, 2026-2030 (default: this quarter)")
	date := fl.String("date", "", "day of evaluation (YYYY-MM-DD, default today)")
	out := fl.String("out", "", "FILE.xlsx or FILE.pdf")
	unit := fl.String("unit", report.DefaultUnit, "issuing body printed on the report")
	if err := parseNoArgs(fl, args); err != nil {
		return err
	}
	ext := strings.ToLower(filepath.Ext(*out))
	if *out == "" || (ext != ".xlsx" && ext != ".pdf") {
		return usagef("report cần --out FILE.xlsx hoặc FILE.pdf (needs --out FILE.xlsx or FILE.pdf)")
	}
	p, today, err := periodFlags(*period, *date)
	if err != nil {
		return err
	}
	s, err := openStore(ctx, *db, gpkg.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer s.Close()
	r, err := buildReport(ctx, s, p, today, ext == ".pdf")
	if err != nil {
		return err
	}
	r.Unit = *unit
	var buf bytes.Buffer
	if ext == ".pdf" {
		err = report.WritePDF(&buf, r)
	} else {
		err = report.WriteXLSX(&buf, r)
	}
	if err != nil {
		return err
	}
	// Write beside the target and rename, so a failed run leaves no
	// half-written report behind.
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".wardmap-report-*")
	if err != nil {
		return gis.Errorf(gis.EINVALID, "không ghi được %s (cannot write): %v", *out, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Đã ghi báo cáo %s (%s, %d chỉ tiêu, %d byte): %s\n", p.Label(), strings.TrimPrefix(ext, "."), len(r.Board.Ward), buf.Len(), *out)
	return nil
}

// buildReport computes the period's board (per TDP too), the quarterly
// trend and, for the PDF, the map of the period's violations.
func buildReport(ctx context.Context, s *gpkg.Store, p indicator.Period, today gis.Date, withMap bool) (*report.Report, error) {
	cat, in, err := s.IndicatorInput(ctx, p, today)
	if err != nil {
		return nil, err
	}
	st, err := s.Stats(ctx)
	if err != nil {
		return nil, err
	}
	r := &report.Report{Ward: st.Ward, Period: p, Catalogue: cat, Created: time.Now(),
		Board: indicator.Compute(cat, in, p, indicator.Options{PerTDP: true})}
	r.Trend = trend(cat, in, p, r.Board.AsOf)
	if withMap {
		r.Map, r.ViolationKinds, err = violationMap(ctx, s, in, p, r.Board.AsOf)
		if err != nil {
			return nil, err
		}
	}
	return r, nil
}

// trend computes the ward's indicators at the end of each quarter of the
// plan up to the period's end (the last eight), oldest first.
func trend(cat indicator.Catalogue, in *indicator.Input, p indicator.Period, asOf gis.Date) []indicator.TrendPoint {
	qs := indicator.Quarters(p, asOf)
	if len(qs) > 8 {
		qs = qs[len(qs)-8:]
	}
	return indicator.Trend(cat, in, qs, indicator.Options{})
}

// violationMap draws the ward (groups, streets, basemap) with the
// violations found in the period up to asOf.
func violationMap(ctx context.Context, s *gpkg.Store, in *indicator.Input, p indicator.Period, asOf gis.Date) (image.Image, []string, error) {
	var fs []*gis.Feature
	var kinds []string
	var b orb.Bound
	first := true
	for _, f := range in.Features {
		switch f.Kind {
		case gis.TDP, gis.Street:
		case gis.Violation:
			d, ok := f.Date("found_on")
			if !ok || d.Before(p.From) || asOf.Before(d) {
				continue
			}
			kinds = append(kinds, f.Text("kind"))
		default:
			continue
		}
		fs = append(fs, f)
		if f.Geom != nil && f.Kind != gis.Violation {
			if first {
				b, first = f.Geom.Bound(), false
			} else {
				b = b.Union(f.Geom.Bound())
			}
		}
	}
	if first {
		return nil, kinds, nil
	}
	const w, h = 1200, 1000
	v := tile.FitBound(b.Pad(0.002), w, h)
	rd := render.New(render.NewSliceSource(fs))
	rd.Basemap = s
	rd.ClusterBelow = 1 // every violation as its own marker
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	layers := []render.Layer{
		{Kind: gis.TDP, Visible: true, Labels: true},
		{Kind: gis.Street, Visible: true},
		{Kind: gis.Violation, Visible: true},
	}
	if _, err := rd.Render(ctx, img, v, layers); err != nil {
		return nil, nil, err
	}
	return img, kinds, nil
}
