package ward

import (
	"bytes"
	"context"
	"image"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/renameio/v2"
	"github.com/paulmach/orb"

	"wardmap/data/formats/printout"
	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
	"wardmap/gis/indicator"
	"wardmap/gis/render"
	"wardmap/gis/tile"
)

// TrendQuarters is how many quarters the periodic report charts.
const TrendQuarters = 8

// WriteBulletin builds the period's report (Bulletin) and writes it to
// path (.pdf or .xlsx) atomically, renamed into place once whole: a failed
// run leaves no half-written report and an earlier one untouched. unit is
// the issuing body printed on it. It returns the report and the file's
// size. `wardmap report` and the dashboard's button both call it.
func WriteBulletin(ctx context.Context, s *gpkg.Store, p indicator.Period, today gis.Date, unit, path string) (*printout.Bulletin, int, error) {
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".pdf" && ext != ".xlsx" {
		return nil, 0, gis.Errorf(gis.EINVALID, "báo cáo cần tên tệp .pdf hoặc .xlsx, không phải %q (the report needs a .pdf or .xlsx file)", path)
	}
	r, err := Bulletin(ctx, s, p, today, ext == ".pdf")
	if err != nil {
		return nil, 0, err
	}
	r.Unit = unit
	var buf bytes.Buffer
	if ext == ".pdf" {
		err = printout.WritePDF(&buf, r)
	} else {
		err = printout.WriteXLSX(&buf, r)
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

// Bulletin assembles the period's report on day today: the board
// (per TDP too), the ward's trend over the last TrendQuarters quarters
// and, withMap, the map of the period's violations. Tests compare the
// written files with what it returns.
func Bulletin(ctx context.Context, s *gpkg.Store, p indicator.Period, today gis.Date, withMap bool) (*printout.Bulletin, error) {
	cat, in, err := s.IndicatorInput(ctx, p, today)
	if err != nil {
		return nil, err
	}
	st, err := s.Stats(ctx)
	if err != nil {
		return nil, err
	}
	r := &printout.Bulletin{Ward: st.Ward, Period: p, Catalogue: cat, Created: time.Now(),
		Board: indicator.Compute(cat, in, p, indicator.Options{PerTDP: true})}
	r.Trend = Trend(cat, in, p, r.Board.AsOf)
	if withMap {
		r.Map, r.ViolationKinds, err = violationMap(ctx, s, in, p, r.Board.AsOf)
		if err != nil {
			return nil, err
		}
	}
	return r, nil
}

// Trend computes the ward's indicators at the end of each quarter of the
// plan up to the period's end (the last TrendQuarters), oldest first: the
// report's chart and the dashboard's.
func Trend(cat indicator.Catalogue, in *indicator.Input, p indicator.Period, asOf gis.Date) []indicator.TrendPoint {
	qs := indicator.Quarters(p, asOf)
	if len(qs) > TrendQuarters {
		qs = qs[len(qs)-TrendQuarters:]
	}
	return indicator.Trend(cat, in, qs, indicator.Options{})
}

// violationMap draws the ward (groups, streets, basemap) with the
// violations found in the period up to asOf, and lists their kinds.
func violationMap(ctx context.Context, s *gpkg.Store, in *indicator.Input, p indicator.Period, asOf gis.Date) (image.Image, []string, error) {
	fs, kinds, b, ok := periodViolations(in, p, asOf)
	if !ok {
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

// periodViolations picks what the map draws: the groups, the streets and
// the violations found from the period's start to asOf; b bounds the
// groups and streets (ok is false when there are none).
func periodViolations(in *indicator.Input, p indicator.Period, asOf gis.Date) (fs []*gis.Feature, kinds []string, b orb.Bound, ok bool) {
	for _, f := range in.Features {
		switch f.Kind {
		case gis.TDP, gis.Street:
		case gis.Violation:
			d, found := f.Date("found_on")
			if !found || d.Before(p.From) || asOf.Before(d) {
				continue
			}
			kinds = append(kinds, f.Text("kind"))
		default:
			continue
		}
		fs = append(fs, f)
		if f.Geom == nil || f.Kind == gis.Violation {
			continue
		}
		if ok {
			b = b.Union(f.Geom.Bound())
		} else {
			b, ok = f.Geom.Bound(), true
		}
	}
	return fs, kinds, b, ok
}
