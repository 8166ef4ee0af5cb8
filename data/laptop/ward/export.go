package ward

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/google/renameio/v2"
	"github.com/paulmach/orb"

	"wardmap/data/formats/csvio"
	"wardmap/data/formats/geojson"
	"wardmap/data/formats/kml"
	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
	"wardmap/gis/crs"
)

// Export says what to write out: one kind, to a file whose extension
// (.geojson or .json, .csv, .gpkg, .kml) picks the format, in WGS 84 or
// in CRS (an EPSG code; KML is always WGS 84), with or without the
// private fields.
type Export struct {
	Kind   gis.Kind
	Path   string
	CRS    *crs.CRS
	Public bool
}

// ExportKind writes every live record of o.Kind to o.Path, atomically (a
// failed export leaves no truncated file under the name a script
// expects), and returns how many it wrote: what `wardmap export` does.
func ExportKind(ctx context.Context, s *gpkg.Store, o Export) (int, error) {
	fs, err := Features(ctx, s, o.Kind)
	if err != nil {
		return 0, err
	}
	srs := gpkg.WGS84
	crsName := ""
	if o.CRS != nil && o.CRS.Code != 4326 {
		if fs, err = projectAll(fs, o.CRS); err != nil {
			return 0, err
		}
		srs = srsOf(o.CRS)
		crsName = fmt.Sprintf("EPSG:%d", o.CRS.Code)
	}
	ext := strings.ToLower(filepath.Ext(o.Path))
	if ext == ".gpkg" {
		return len(fs), writeAtomicPath(o.Path, func(tmp string) error {
			return gpkg.WriteLayer(ctx, tmp, gis.MustLookup(o.Kind), fs, srs, o.Public)
		})
	}
	return len(fs), WriteAtomic(o.Path, func(w *bufio.Writer) error {
		switch ext {
		case ".csv":
			return csvio.Write(w, o.Kind, fs, csvio.Options{Public: o.Public, Projected: o.CRS != nil && !o.CRS.IsGeographic()})
		case ".kml":
			return kml.Write(w, fs, kml.Options{Name: string(o.Kind), Public: o.Public})
		case ".geojson", ".json":
			return geojson.Write(w, fs, geojson.Options{Name: string(o.Kind), Public: o.Public, CRS: crsName})
		}
		return gis.Errorf(gis.EINVALID, "định dạng không hỗ trợ %q (unsupported format)", ext)
	})
}

// projectAll returns copies of fs with geometries converted from WGS 84 to
// c; the records themselves are untouched.
func projectAll(fs []*gis.Feature, c *crs.CRS) ([]*gis.Feature, error) {
	wgs, _ := crs.ByCode(4326)
	t, err := crs.NewTransform(wgs, c)
	if err != nil {
		return nil, err
	}
	out := make([]*gis.Feature, len(fs))
	for i, f := range fs {
		g := *f
		if f.Geom != nil {
			g.Geom = orb.Clone(f.Geom)
			var err error
			switch x := g.Geom.(type) {
			case orb.Point:
				x[0], x[1], err = t.Forward(x[0], x[1])
				g.Geom = x
			case orb.LineString:
				err = t.Points(x)
			case orb.Polygon:
				for _, r := range x {
					if err = t.Points(r); err != nil {
						break
					}
				}
			default:
				err = fmt.Errorf("unsupported geometry %s", f.Geom.GeoJSONType())
			}
			if err != nil {
				return nil, gis.Errorf(gis.EINVALID, "%s %s: không đổi được sang EPSG:%d (cannot convert): %v", f.Kind, f.ID, c.Code, err)
			}
		}
		out[i] = &g
	}
	return out, nil
}

// srsOf is the GeoPackage SRS row of a supported CRS: OGC WKT 1 as GDAL
// writes it, plus the EPSG:6960 shift as TOWGS84 (Position Vector, so the
// rotations are EPSG:6960's Coordinate Frame ones negated) for tools
// without an EPSG database.
func srsOf(c *crs.CRS) gpkg.SRS {
	if c.Code == 4326 {
		return gpkg.WGS84
	}
	if !slices.Contains(crs.Codes(), c.Code) { // UTM, State Plane…: gis/crs writes it
		return gpkg.SRS{ID: c.Code, Name: c.Name, Definition: c.WKT()}
	}
	geog := `GEOGCS["VN-2000",DATUM["Vietnam_2000",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],` +
		`TOWGS84[-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278],AUTHORITY["EPSG","6756"]],` +
		`PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4756"]]`
	if c.IsGeographic() {
		return gpkg.SRS{ID: c.Code, Name: c.Name, Definition: geog}
	}
	k := "0.9999"
	if c.Code == 3405 || c.Code == 3406 {
		k = "0.9996"
	}
	def := fmt.Sprintf(`PROJCS[%q,%s,PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],`+
		`PARAMETER["central_meridian",%s],PARAMETER["scale_factor",%s],PARAMETER["false_easting",500000],`+
		`PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","%d"]]`,
		c.Name, geog, strconv.FormatFloat(c.Lon0, 'f', -1, 64), k, c.Code)
	return gpkg.SRS{ID: c.Code, Name: c.Name, Definition: def}
}

// writeAtomicPath is WriteAtomic for writers that need a file name: fill
// writes a new file at a temporary path beside path, renamed into place
// only when it succeeded.
func writeAtomicPath(path string, fill func(tmp string) error) error {
	dir, err := os.MkdirTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	tmp := filepath.Join(dir, filepath.Base(path))
	if err := fill(tmp); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// WriteAtomic writes to a temporary file beside path and renames it into
// place, so a failed export never leaves a truncated file under the name a
// user or script expects.
func WriteAtomic(path string, fill func(*bufio.Writer) error) error {
	pf, err := renameio.NewPendingFile(path, renameio.WithPermissions(0o644))
	if err != nil {
		return err
	}
	defer pf.Cleanup()
	w := bufio.NewWriterSize(pf, 1<<16)
	if err := fill(w); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return pf.CloseAtomicallyReplace()
}
