package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image"
	"path/filepath"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/google/renameio/v2"

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
	r, size, err := writeReport(ctx, s, p, today, *unit, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Đã ghi báo cáo %s (%s, %d chỉ tiêu, %d byte): %s\n", p.Label(), strings.TrimPrefix(ext, "."), len(r.Board.Ward), size, *out)
	return nil
}

// writeReport builds the period's report and writes it to path (.pdf or
// .xlsx) atomically, renamed into place once whole: a failed run leaves no
// half-written report and an earlier one untouched. It returns the report
// and the file's size.
func writeReport(ctx context.Context, s *gpkg.Store, p indicator.Period, today gis.Date, unit, path string) (*report.Report, int, error) {
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".pdf" && ext != ".xlsx" {
		return nil, 0, gis.Errorf(gis.EINVALID, "báo cáo cần tên tệp .pdf hoặc .xlsx, không phải %q (the report needs a .pdf or .xlsx file)", path)
	}
	r, err := buildReport(ctx, s, p, today, ext == ".pdf")
	if err != nil {
		return nil, 0, err
	}
	r.Unit = unit
	var buf bytes.Buffer
	if ext == ".pdf" {
		err = report.WritePDF(&buf, r)
	} else {
		err = report.WriteXLSX(&buf, r)
	}
	if err != nil {
		return nil, 0, err
	}
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	if err := renameio.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return nil, 0, gis.Errorf(gis.EINVALID, "không ghi được %s (cannot write): %v", path, err)
	}
	return r, buf.Len(), nil
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
