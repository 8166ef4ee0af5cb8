package gpkg

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
)

// Layer is one feature table of another tool's GeoPackage, read for
// import: its columns as text, its geometry as written, and the
// definition of its spatial reference system.
type Layer struct {
	Name    string
	Columns []string
	// Rows hold each column's value as text ("" for NULL): numbers as
	// SQLite holds them, dates and datetimes as written (ISO 8601).
	Rows  [][]string
	Geoms []orb.Geometry
	// GeomErrs say why a row's geometry could not be read.
	GeomErrs []error
	// SRS is "EPSG:n" when gpkg_spatial_ref_sys names an EPSG code, else
	// its WKT definition; "" for an undefined SRS (srs_id 0 or -1).
	SRS string
	// Layers lists every feature table of the file.
	Layers []string
}

// ReadLayer reads the feature table called layer, or the only one when
// layer is "" (several: an error listing them).
func ReadLayer(ctx context.Context, path, layer string) (*Layer, error) {
	db, err := sql.Open(driverName, "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro&_query_only=1")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	l := &Layer{}
	rows, err := db.QueryContext(ctx, `SELECT c.table_name, g.column_name, c.srs_id FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name WHERE c.data_type = 'features' ORDER BY c.table_name`)
	if err != nil {
		return nil, fmt.Errorf("không phải GeoPackage (not a GeoPackage): %w", err)
	}
	type layerInfo struct {
		geom string
		srs  int64
	}
	infos := map[string]layerInfo{}
	for rows.Next() {
		var name string
		var li layerInfo
		if err := rows.Scan(&name, &li.geom, &li.srs); err != nil {
			rows.Close()
			return nil, err
		}
		infos[name] = li
		l.Layers = append(l.Layers, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	switch {
	case len(l.Layers) == 0:
		return nil, fmt.Errorf("GeoPackage không có lớp đối tượng (has no feature layer)")
	case layer == "" && len(l.Layers) > 1:
		return nil, fmt.Errorf("GeoPackage có %d lớp, chọn một bằng --layer (has %d layers; choose one with --layer): %s", len(l.Layers), len(l.Layers), strings.Join(l.Layers, ", "))
	case layer == "":
		layer = l.Layers[0]
	}
	li, ok := infos[layer]
	if !ok {
		for _, n := range l.Layers {
			if strings.EqualFold(n, layer) {
				layer, li, ok = n, infos[n], true
			}
		}
	}
	if !ok {
		return nil, fmt.Errorf("GeoPackage không có lớp %q (has no layer %q); các lớp (layers): %s", layer, layer, strings.Join(l.Layers, ", "))
	}
	l.Name = layer
	if l.SRS, err = srsDefinition(ctx, db, li.srs); err != nil {
		return nil, err
	}
	return l, l.readRows(ctx, db, li.geom)
}

// srsDefinition is "EPSG:n" for an EPSG-defined system, else its WKT.
func srsDefinition(ctx context.Context, db *sql.DB, id int64) (string, error) {
	if id == 0 || id == -1 {
		return "", nil
	}
	var org string
	var code int64
	var def sql.NullString
	err := db.QueryRowContext(ctx, `SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?`, id).Scan(&org, &code, &def)
	if err != nil {
		return "", fmt.Errorf("gpkg_spatial_ref_sys không có srs_id %d (has no srs_id %d): %w", id, id, err)
	}
	if strings.EqualFold(org, "EPSG") {
		return "EPSG:" + strconv.FormatInt(code, 10), nil
	}
	return strings.TrimSpace(def.String), nil
}

func (l *Layer) readRows(ctx context.Context, db *sql.DB, geomCol string) error {
	q := `SELECT * FROM "` + strings.ReplaceAll(l.Name, `"`, `""`) + `"`
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	gi, fid := -1, -1
	for i, c := range cols {
		switch {
		case strings.EqualFold(c, geomCol):
			gi = i
		case fid < 0 && strings.EqualFold(c, "fid"):
			fid = i
		default:
			l.Columns = append(l.Columns, c)
		}
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		row := make([]string, 0, len(l.Columns))
		var g orb.Geometry
		var gerr error
		for i, v := range vals {
			switch i {
			case gi:
				if b, ok := v.([]byte); ok {
					g, gerr = decodeGeom(b)
				}
			case fid:
			default:
				row = append(row, sqlText(v))
			}
		}
		l.Rows = append(l.Rows, row)
		l.Geoms = append(l.Geoms, g)
		l.GeomErrs = append(l.GeomErrs, gerr)
	}
	return rows.Err()
}

// sqlText is a column value as text; a time (DATE or DATETIME column,
// which the driver parses) as ISO 8601, a date without its midnight.
func sqlText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case []byte:
		return string(v)
	case string:
		return v
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case time.Time:
		if v.Hour() == 0 && v.Minute() == 0 && v.Second() == 0 && v.Nanosecond() == 0 {
			return v.Format("2006-01-02")
		}
		return v.UTC().Format(time.RFC3339Nano)
	}
	return fmt.Sprint(v)
}
