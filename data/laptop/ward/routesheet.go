package ward

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"wardmap/data/formats/printout"
	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
	"wardmap/gis/plan"
	"wardmap/gis/section"
)

// RouteSheets makes one printable route sheet (PDF) per route of d, named
// like the GPX beside it (inspector-1.gpx, inspector-1.pdf), for
// inspectors without a handheld: the Plan tab's sheets, the same that
// PlanRoutes writes.
func RouteSheets(ctx context.Context, s *gpkg.Store, d *plan.Day) (map[string][]byte, error) {
	streets, err := Features(ctx, s, gis.Street)
	if err != nil {
		return nil, err
	}
	return routeSheets(ctx, s, d, streets)
}

// routeSheets is RouteSheets over the features the plan was made from.
func routeSheets(ctx context.Context, s *gpkg.Store, d *plan.Day, in []*gis.Feature) (map[string][]byte, error) {
	secs, lines, err := sheetSections(ctx, s, in)
	if err != nil {
		return nil, err
	}
	ward, _ := s.Setting(ctx, "ward_name")
	demo, _ := s.Setting(ctx, "demo")
	return planSheets(d, secs, lines, ward, demo == "true", time.Time{})
}

// Features is every live record of kind k.
func Features(ctx context.Context, s *gpkg.Store, k gis.Kind) ([]*gis.Feature, error) {
	rs, err := s.Find(ctx, gpkg.Query{Kind: k})
	if err != nil {
		return nil, err
	}
	fs := make([]*gis.Feature, len(rs))
	for i, r := range rs {
		fs[i] = r.Feature
	}
	return fs, nil
}

// sheetSections groups the plan's streets into sections (and returns their
// lines for the map's background), so a sheet says
// "Lê Duẩn, từ Trường Chinh đến cuối đường" (the unit people walk) rather
// than a segment's street name alone.
func sheetSections(ctx context.Context, s *gpkg.Store, in []*gis.Feature) (*section.Index, []orb.LineString, error) {
	var streets []*gis.Feature
	var lines []orb.LineString
	for _, f := range in {
		if ls, ok := f.Geom.(orb.LineString); ok && f.Kind == gis.Street && !f.Deleted {
			streets = append(streets, f)
			lines = append(lines, ls)
		}
	}
	tdps, err := Features(ctx, s, gis.TDP)
	if err != nil {
		return nil, nil, err
	}
	return section.Build(streets, tdps), lines, nil
}

// planSheets makes the route sheets of d.
func planSheets(d *plan.Day, x *section.Index, streets []orb.LineString, ward string, demo bool, created time.Time) (map[string][]byte, error) {
	files := map[string][]byte{}
	for _, r := range d.Routes {
		s := &printout.RouteSheet{Ward: ward, Demo: demo, Inspector: fmt.Sprintf("Cán bộ %d", r.Inspector),
			Date: d.StartTime().Format("02/01/2006"), Start: r.Start, Path: r.Path, Streets: streets, LengthM: r.Length, TimeS: r.Time, Created: created}
		for _, v := range r.Visits {
			t := d.Targets[v.Target]
			pos := v.Entry.Point
			if t.Segment >= 0 {
				pos = t.Point // a street's number sits at its middle, as in the GPX
			}
			title, where := stopText(x, t, pos)
			s.Stops = append(s.Stops, printout.SheetStop{Kind: kindLabel(t.Kind), Code: t.Code, Title: title,
				Where: where, Point: pos, Arrive: d.At(v.Arrive).Format("15:04")})
		}
		var buf bytes.Buffer
		if err := printout.WriteRouteSheet(&buf, s); err != nil {
			return nil, fmt.Errorf("không tạo được phiếu lộ trình (cannot make the route sheet): %w", err)
		}
		files[fmt.Sprintf("inspector-%d.pdf", r.Inspector)] = buf.Bytes()
	}
	return files, nil
}

func kindLabel(kind string) string {
	if sc, _ := gis.Lookup(gis.Kind(kind)); sc != nil {
		return sc.Label.VI
	}
	return kind
}

// checkText is what to check: the device description without the kind and
// title the sheet already prints in their own columns.
func checkText(t plan.Target) string {
	if i := strings.Index(t.Desc, " — "); i >= 0 {
		return t.Desc[i+len(" — "):]
	}
	return t.Desc
}

// stopText is a stop's two lines: a street's section (or a record's title)
// and what to check; a record on a street also says which section it is on,
// within 60 m, so an inspector on foot finds it.
func stopText(x *section.Index, t plan.Target, at orb.Point) (title, where string) {
	title, where = t.Title, checkText(t)
	if x == nil {
		return title, where
	}
	if t.Segment >= 0 {
		if sec, ok := x.OfEdge(t.ID); ok {
			title = sec.Label("vi")
		}
		return title, where
	}
	if sec, _ := x.Nearest(at, 60); sec != nil {
		where = sec.Label("vi") + " · " + where
	}
	return title, where
}
