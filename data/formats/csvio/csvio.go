// Package csvio writes wardmap records as CSV for spreadsheets and GDAL:
// UTF-8 with a byte-order mark (so Excel shows Vietnamese right), a header
// row of field names, points as lon/lat columns and other geometries as WKT.
package csvio

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkt"

	"wardmap/gis"
)

// Options tune writing.
type Options struct {
	// NoBOM leaves out the UTF-8 byte-order mark.
	NoBOM bool
	// Public leaves out private fields.
	Public bool
	// Projected names the point columns x, y (easting, northing in the
	// CRS the caller projected to) instead of lon, lat.
	Projected bool
}

// Header returns the column names for kind k.
func Header(s *gis.Schema, opt Options) []string {
	h := []string{"id"}
	switch s.Geom {
	case gis.Point:
		if opt.Projected {
			h = append(h, "x", "y")
		} else {
			h = append(h, "lon", "lat")
		}
	case gis.NoGeom:
	default:
		h = append(h, "wkt")
	}
	for _, fd := range s.Fields {
		if opt.Public && fd.Private {
			continue
		}
		h = append(h, fd.Name)
	}
	return append(h, "created_at", "created_by", "updated_at", "updated_by", "rev")
}

// Write writes records of one kind.
func Write(w io.Writer, k gis.Kind, fs []*gis.Feature, opt Options) error {
	s, ok := gis.Lookup(k)
	if !ok {
		return fmt.Errorf("csvio: unknown kind %q", k)
	}
	if !opt.NoBOM {
		if _, err := io.WriteString(w, "\ufeff"); err != nil {
			return err
		}
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(Header(s, opt)); err != nil {
		return err
	}
	for _, f := range fs {
		if f.Kind != k {
			return fmt.Errorf("csvio: record %s is a %s, not a %s", f.ID, f.Kind, k)
		}
		if err := cw.Write(row(s, f, opt)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func row(s *gis.Schema, f *gis.Feature, opt Options) []string {
	r := []string{f.ID}
	switch s.Geom {
	case gis.Point:
		p, _ := f.Geom.(orb.Point)
		r = append(r, strconv.FormatFloat(p[0], 'f', -1, 64), strconv.FormatFloat(p[1], 'f', -1, 64))
	case gis.NoGeom:
	default:
		r = append(r, wkt.MarshalString(f.Geom))
	}
	for i := range s.Fields {
		fd := &s.Fields[i]
		if opt.Public && fd.Private {
			continue
		}
		r = append(r, fd.Format(f.Attrs[fd.Name]))
	}
	return append(r, f.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"), f.CreatedBy,
		f.UpdatedAt.UTC().Format("2006-01-02T15:04:05Z"), f.UpdatedBy, strconv.FormatInt(f.Rev, 10))
}
