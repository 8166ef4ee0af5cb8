package main

import (
	"bufio"
	"context"
	"flag"
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

func init() {
	register(command{"export", "xuất GeoJSON, CSV, GeoPackage, KML (export for other tools)", runExport})
}

func runExport(ctx context.Context, e *env, args []string) error {
	fl := flag.NewFlagSet("export", flag.ContinueOnError)
	db := fl.String("db", "", "ward database")
	kindFlag := fl.String("kind", "", "kind of feature")
	public := fl.Bool("public", false, "leave out private fields (names, phone numbers, notes)")
	crsFlag := fl.String("crs", "", "coordinates in this CRS (EPSG:9210 …; `wardmap crs list`) instead of WGS 84")
	pos, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("export cần đúng một tệp đích (needs exactly one output file): wardmap export OUT.geojson|.csv|.gpkg|.kml --db FILE --kind KIND [--crs EPSG:NNNN]")
	}
	out := pos[0]
	kind, err := parseKindFlag(*kindFlag)
	if err != nil {
		return err
	}
	ext := strings.ToLower(filepath.Ext(out))
	switch ext {
	case ".geojson", ".json", ".csv", ".gpkg", ".kml":
	default:
		return usagef("export: định dạng không hỗ trợ %q: dùng .geojson, .csv, .gpkg hoặc .kml (unsupported format; use .geojson, .csv, .gpkg or .kml)", ext)
	}
	var target *crs.CRS
	if *crsFlag != "" {
		if ext == ".kml" {
			return usagef("export: KML luôn là WGS 84, bỏ --crs (KML is always WGS 84; drop --crs)")
		}
		if target, err = parseCRS("crs", *crsFlag); err != nil {
			return err
		}
		if target.Code == 0 {
			// The GeoPackage's srs_id and GeoJSON's crs name are EPSG codes.
			return usagef("export: --crs cần mã EPSG, không phải WKT (unsupported CRS for export: give an EPSG code, not a WKT definition): %s", target)
		}
		if target.Code == 3857 {
			return usagef("export: EPSG:3857 chỉ để hiển thị bản đồ, không để trao đổi dữ liệu (Web Mercator is for display, not data exchange)")
		}
	}
	if ext != ".csv" && ext != ".gpkg" && !gis.MustLookup(kind).Spatial() {
		return usagef("export: %s không có vị trí, hãy xuất .csv (has no geometry; export .csv)", kind)
	}
	s, err := openStore(ctx, *db, gpkg.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := s.Find(ctx, gpkg.Query{Kind: kind})
	if err != nil {
		return err
	}
	fs := make([]*gis.Feature, len(res))
	for i, r := range res {
		fs[i] = r.Feature
	}
	srs := gpkg.WGS84
	crsName := ""
	if target != nil && target.Code != 4326 {
		if fs, err = projectAll(fs, target); err != nil {
			return err
		}
		srs = srsOf(target)
		crsName = fmt.Sprintf("EPSG:%d", target.Code)
	}
	if ext == ".gpkg" {
		err = writeAtomicPath(out, func(tmp string) error {
			return gpkg.WriteLayer(ctx, tmp, gis.MustLookup(kind), fs, srs, *public)
		})
	} else {
		err = writeAtomic(out, func(w *bufio.Writer) error {
			switch ext {
			case ".csv":
				return csvio.Write(w, kind, fs, csvio.Options{Public: *public, Projected: target != nil && !target.IsGeographic()})
			case ".kml":
				return kml.Write(w, fs, kml.Options{Name: string(kind), Public: *public})
			}
			return geojson.Write(w, fs, geojson.Options{Name: string(kind), Public: *public, CRS: crsName})
		})
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "Đã xuất %d %s vào %s (exported)\n", len(fs), kind, out)
	if crsName != "" && ext != ".gpkg" && ext != ".csv" {
		fmt.Fprintf(e.stderr, "Lưu ý: GeoJSON theo %s có thành phần \"crs\" kiểu cũ, không theo RFC 7946 (note: GeoJSON in %s carries the legacy \"crs\" member; it is not RFC 7946, though GDAL and QGIS read it)\n", crsName, crsName)
	}
	return nil
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

// writeAtomicPath is writeAtomic for writers that need a file name: fill
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

// writeAtomic writes to a temporary file beside path and renames it into
// place, so a failed export never leaves a truncated file under the name a
// user or script expects.
func writeAtomic(path string, fill func(*bufio.Writer) error) error {
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
