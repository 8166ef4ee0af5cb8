package gis

import (
	"fmt"
	"strings"

	"github.com/paulmach/orb"
)

// Describe is the record as it is stored, on one line: its attributes
// that are set, in schema order as Field.Format writes them, then its
// position (a point's lon, lat; a line's or polygon's type around its
// bound's centre). What an import shows of the records it would write.
func (f *Feature) Describe() string {
	var parts []string
	if sc, ok := Lookup(f.Kind); ok {
		for i := range sc.Fields {
			fd := &sc.Fields[i]
			if v := f.Attrs[fd.Name]; v != nil {
				parts = append(parts, fd.Name+"="+fd.Format(v))
			}
		}
	}
	if p, ok := f.Geom.(orb.Point); ok {
		parts = append(parts, fmt.Sprintf("(%.7f, %.7f)", p[0], p[1]))
	} else if f.Geom != nil {
		c := f.Geom.Bound().Center()
		parts = append(parts, fmt.Sprintf("%s quanh (around) (%.7f, %.7f)", f.Geom.GeoJSONType(), c[0], c[1]))
	}
	return strings.Join(parts, " ")
}
