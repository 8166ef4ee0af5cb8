package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"wardmap/cmd/internal/cli"
	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/ward"
	"wardmap/gis"
	"wardmap/gis/crs"
)

func init() {
	register(command{"export", runExport})
}

func runExport(ctx context.Context, e *env, args []string) error {
	fl := cli.NewFlags("export")
	db := dbFlag(fl)
	kindFlag := fl.String("kind", "", "kind of feature")
	public := fl.Bool("public", false, "leave out private fields (names, phone numbers, notes)")
	crsFlag := fl.String("crs", "", "coordinates in this CRS (EPSG:9210 …; `wardmap crs list`) instead of WGS 84")
	pos, err := cli.ParseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return cli.Usagef("export cần đúng một tệp đích (needs exactly one output file): wardmap export OUT.geojson|.csv|.gpkg|.kml --db FILE --kind KIND [--crs EPSG:NNNN]")
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
		return cli.Usagef("export: định dạng không hỗ trợ %q: dùng .geojson, .csv, .gpkg hoặc .kml (unsupported format; use .geojson, .csv, .gpkg or .kml)", ext)
	}
	var target *crs.CRS
	if *crsFlag != "" {
		if ext == ".kml" {
			return cli.Usagef("export: KML luôn là WGS 84, bỏ --crs (KML is always WGS 84; drop --crs)")
		}
		if target, err = parseCRS("crs", *crsFlag); err != nil {
			return err
		}
		if target.Code == 0 {
			// The GeoPackage's srs_id and GeoJSON's crs name are EPSG codes.
			return cli.Usagef("export: --crs cần mã EPSG, không phải WKT (unsupported CRS for export: give an EPSG code, not a WKT definition): %s", target)
		}
		if target.Code == 3857 {
			return cli.Usagef("export: EPSG:3857 chỉ để hiển thị bản đồ, không để trao đổi dữ liệu (Web Mercator is for display, not data exchange)")
		}
	}
	if ext != ".csv" && ext != ".gpkg" && !gis.MustLookup(kind).Spatial() {
		return cli.Usagef("export: %s không có vị trí, hãy xuất .csv (has no geometry; export .csv)", kind)
	}
	var n int
	if err := withStore(ctx, *db, false, func(s *gpkg.Store) (err error) {
		n, err = ward.ExportKind(ctx, s, ward.Export{Kind: kind, Path: out, CRS: target, Public: *public})
		return err
	}); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "Đã xuất %d %s vào %s (exported)\n", n, kind, out)
	if target != nil && target.Code != 4326 && (ext == ".geojson" || ext == ".json") {
		fmt.Fprintf(e.stderr, "Lưu ý: GeoJSON theo EPSG:%d có thành phần \"crs\" kiểu cũ, không theo RFC 7946 (note: GeoJSON in EPSG:%d carries the legacy \"crs\" member; it is not RFC 7946, though GDAL and QGIS read it)\n", target.Code, target.Code)
	}
	return nil
}
