package inventory

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"

	"wardmap/data/formats/kml"
	"wardmap/data/formats/shapefile"
	"wardmap/data/formats/vnenc"
	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
	"wardmap/gis/gpx"
)

// SourceOptions choose what to read in a file that holds more than one
// table, and how its text is written; --layer and --encoding override
// them.
type SourceOptions struct {
	// Layer is the GeoPackage layer or the Excel sheet (by name); empty:
	// the only layer, or the first sheet.
	Layer string `json:"layer,omitempty"`
	// Encoding is the Shapefile's .dbf text encoding ("windows-1258",
	// "tcvn3", "vni", "utf-8"…); empty: the .cpg, else the .dbf's
	// language driver, else UTF-8.
	Encoding string `json:"encoding,omitempty"`
}

// Source formats beside GeoJSON and CSV.
const (
	formatShapefile = "shapefile"
	formatXLSX      = "xlsx"
	formatGPKG      = "gpkg"
	formatKML       = "kml"
	formatGPX       = "gpx"
)

// tabular reports whether the file's coordinates are in columns (CSV,
// Excel) rather than a geometry of its own.
func (t *table) tabular() bool { return t.format == "csv" || t.format == formatXLSX }

// readOther reads the formats chosen by extension that are not GeoJSON or
// CSV; ok is false for any other extension.
func readOther(path string, src SourceOptions) (t *table, ok bool, err error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".shp":
		t, err = readShapefile(path, src)
	case ".xlsx", ".xlsm":
		t, err = readXLSX(path, src)
	case ".gpkg":
		t, err = readGPKG(path, src)
	case ".kml", ".kmz":
		t, err = readKML(path)
	case ".gpx":
		t, err = readGPX(path)
	default:
		return nil, false, nil
	}
	return t, true, err
}

func newTable(format string, cols []string) *table {
	t := &table{format: format, idx: map[string]int{}}
	for _, c := range cols {
		t.addCol(c)
	}
	return t
}

func readShapefile(path string, src SourceOptions) (*table, error) {
	f, err := shapefile.Open(path, shapefile.Options{Encoding: src.Encoding})
	if err != nil {
		var te *shapefile.TextError
		if errors.As(err, &te) {
			return nil, gis.Errorf(gis.EINVALID, "%v", err)
		}
		return nil, gis.Errorf(gis.EINVALID, "Shapefile: %v", err)
	}
	cols := make([]string, len(f.Fields))
	for i, fd := range f.Fields {
		cols[i] = fd.Name
	}
	t := newTable(formatShapefile, cols)
	t.crs = f.PRJ
	t.warnings = append(t.warnings, f.Warnings...)
	t.warnings = append(t.warnings, fmt.Sprintf("bảng mã .dbf (the .dbf's encoding): %s (%s)", f.Encoding, f.EncodingFrom))
	t.recs = make([]record, len(f.Records))
	for i, r := range f.Records {
		rec := record{n: r.N, vals: r.Values, geom: r.Geom}
		if r.GeomErr != nil {
			rec.badGeom = r.GeomErr.Error()
		}
		t.recs[i] = rec
	}
	return t, nil
}

func readGPKG(path string, src SourceOptions) (*table, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, gis.Errorf(gis.ENOTFOUND, "không mở được tệp nguồn (cannot open the source file): %v", err)
	}
	l, err := gpkg.ReadLayer(context.Background(), path, src.Layer)
	if err != nil {
		return nil, gis.Errorf(gis.EINVALID, "GeoPackage: %v", err)
	}
	t := newTable(formatGPKG, l.Columns)
	t.crs = l.SRS
	t.recs = make([]record, len(l.Rows))
	for i, row := range l.Rows {
		rec := record{n: i + 1, vals: row, geom: l.Geoms[i]}
		if l.GeomErrs[i] != nil {
			rec.badGeom = "hình học hỏng (broken geometry): " + l.GeomErrs[i].Error()
		}
		t.recs[i] = rec
	}
	return t, nil
}

func readKML(path string) (*table, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, gis.Errorf(gis.ENOTFOUND, "không mở được tệp nguồn (cannot open the source file): %v", err)
	}
	defer fh.Close()
	pms, err := kml.Read(fh)
	if err != nil {
		return nil, gis.Errorf(gis.EINVALID, "%v", err)
	}
	t := newTable(formatKML, []string{"name", "description"})
	t.crs = "EPSG:4326"
	t.recs = make([]record, len(pms))
	for i, p := range pms {
		rec := record{n: i + 1, geom: p.Geom}
		set := func(col, v string) {
			k := t.addCol(col)
			for len(rec.vals) <= k {
				rec.vals = append(rec.vals, "")
			}
			rec.vals[k] = v
		}
		set("name", p.Name)
		set("description", p.Description)
		for _, f := range p.Fields {
			set(f.Name, f.Value)
		}
		if p.GeomErr != nil {
			rec.badGeom = p.GeomErr.Error()
		}
		t.recs[i] = rec
	}
	return t, nil
}

// readGPX reads a GPX file's waypoints (tracks and routes are paths, not
// inventory records: `wardmap import track` reads those).
func readGPX(path string) (*table, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, gis.Errorf(gis.ENOTFOUND, "không mở được tệp nguồn (cannot open the source file): %v", err)
	}
	defer fh.Close()
	g, err := gpx.Read(fh, gpx.ReadOptions{})
	if err != nil {
		return nil, gis.Errorf(gis.EINVALID, "GPX: %v", err)
	}
	t := newTable(formatGPX, []string{"name", "desc", "sym", "ele", "time"})
	t.crs = "EPSG:4326"
	if len(g.Waypoints) == 0 && (len(g.Tracks) > 0 || len(g.Routes) > 0) {
		t.warnings = append(t.warnings, "GPX không có điểm (waypoint), chỉ có vết/tuyến: dùng wardmap import track (the GPX has no waypoints, only tracks or routes)")
	}
	for i, w := range g.Waypoints {
		ele, tm := "", ""
		if w.HasEle {
			ele = fmt.Sprint(w.Ele)
		}
		if !w.Time.IsZero() {
			tm = w.Time.UTC().Format("2006-01-02T15:04:05Z07:00")
		}
		t.recs = append(t.recs, record{n: i + 1, vals: []string{w.Name, w.Desc, w.Sym, ele, tm}, geom: orbPoint(w.Lon, w.Lat)})
	}
	return t, nil
}

func orbPoint(lon, lat float64) orb.Point { return orb.Point{lon, lat} }

// decodeVietnamese decodes a CSV file written in Windows-1258, TCVN3 or
// VNI line by line (their bytes for , ; " and line ends are ASCII) and
// refuses it, naming the line, when a line does not read as Vietnamese:
// the encoding is wrong.
func decodeVietnamese(raw []byte, e vnenc.Encoding) (string, error) {
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	lines := bytes.Split(raw, []byte("\n"))
	var sb strings.Builder
	sb.Grow(len(raw) + len(raw)/8)
	for i, line := range lines {
		s, err := vnenc.Decode(e, line)
		if err == nil {
			err = vnenc.Check(s)
		}
		if err != nil {
			return "", gis.Errorf(gis.EINVALID, "dòng %d không đọc được theo %s (line %d does not read as %s): %v; sai bảng mã? (wrong encoding? give another with --encoding or csv.encoding: windows-1258, tcvn3, vni, utf-8)", i+1, e, i+1, e, err)
		}
		if i > 0 {
			sb.WriteByte('\n')
		}
		sb.WriteString(s)
	}
	return sb.String(), nil
}
