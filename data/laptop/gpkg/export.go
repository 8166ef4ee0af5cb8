package gpkg

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"

	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// SRS is a spatial reference system row of gpkg_spatial_ref_sys.
type SRS struct {
	ID         int    // srs_id, the EPSG code
	Name       string // "VN-2000 / TM-3 105-45"
	Definition string // OGC WKT
}

// WGS84 is the SRS every wardmap store uses.
var WGS84 = SRS{ID: srsWGS84, Name: "WGS 84 geodetic", Definition: wgs84WKT}

const wgs84WKT = `GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]`

// WriteLayer writes fs, all of kind sc.Kind, as a new standalone
// GeoPackage at path: one feature table (or attribute table for kinds
// without geometry) named after the kind, with its R-tree index and the
// given SRS. Geometries must already be in that SRS. The file must not
// exist; on error it is removed.
//
// Unlike the ward store it has none of wardmap's bookkeeping (migrations,
// outbox, search column): it is for other tools.
func WriteLayer(ctx context.Context, path string, sc *gis.Schema, feats []*gis.Feature, srs SRS, public bool) (err error) {
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("gpkg: %s already exists", path)
	}
	db, err := sql.Open(driverName, "file:"+(&url.URL{Path: path}).EscapedPath()+"?_journal_mode=DELETE&_foreign_keys=on")
	if err != nil {
		return err
	}
	defer func() {
		if cerr := db.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
		}
	}()
	db.SetMaxOpenConns(1)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	fields, err := createLayer(ctx, tx, sc, srs, public)
	if err != nil {
		return err
	}
	if err := writeLayerRows(ctx, tx, sc, fields, feats, srs); err != nil {
		return err
	}
	return tx.Commit()
}

// createLayer makes the GeoPackage tables (those of migration 0001,
// without wardmap's own), srs, and the layer's table with its contents
// row (and, for a spatial kind, its geometry column and R-tree). It
// returns the fields the table has: all of sc's, less the private ones
// when public.
func createLayer(ctx context.Context, tx *sql.Tx, sc *gis.Schema, srs SRS, public bool) ([]gis.Field, error) {
	core, err := migrationFS.ReadFile("migrations/0001_gpkg_core.sql")
	if err != nil {
		return nil, err
	}
	// The GeoPackage tables of 0001, without wardmap's own.
	ddl := string(core)
	ddl = ddl[:strings.Index(ddl, "-- wardmap's settings")]
	if _, err := tx.ExecContext(ctx, ddl); err != nil {
		return nil, fmt.Errorf("gpkg: create: %w", err)
	}
	if srs.ID != srsWGS84 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, 'EPSG', ?, ?, ?)`,
			srs.Name, srs.ID, srs.ID, srs.Definition, srs.Name); err != nil {
			return nil, err
		}
	}
	table := sc.Table
	cols := []string{"fid INTEGER PRIMARY KEY AUTOINCREMENT"}
	if sc.Spatial() {
		cols = append(cols, "geom "+string(sc.Geom))
	}
	cols = append(cols, "id TEXT NOT NULL UNIQUE")
	var fields []gis.Field
	for _, fd := range sc.Fields {
		if public && fd.Private {
			continue
		}
		fields = append(fields, fd)
		cols = append(cols, quoteIdent(fd.Name)+" "+sqlType(fd.Type))
	}
	cols = append(cols, "created_at DATETIME", "created_by TEXT", "updated_at DATETIME", "updated_by TEXT", "rev INTEGER")
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("CREATE TABLE %s (\n  %s\n)", quoteIdent(table), strings.Join(cols, ",\n  "))); err != nil {
		return nil, err
	}
	desc := sc.Label.VI + " (" + sc.Label.EN + ")"
	if sc.Spatial() {
		if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES (?, 'features', ?, ?, ?)`, table, table, desc, srs.ID); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, ?, 0, 0)`, table, string(sc.Geom), srs.ID); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, rtreeDDL(table)); err != nil {
			return nil, fmt.Errorf("gpkg: spatial index: %w", err)
		}
	} else if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES (?, 'attributes', ?, ?)`, table, table, desc); err != nil {
		return nil, err
	}
	return fields, nil
}

// writeLayerRows inserts feats into the layer's table (geometries
// encoded in srs) and sets the contents' extent to theirs.
func writeLayerRows(ctx context.Context, tx *sql.Tx, sc *gis.Schema, fields []gis.Field, feats []*gis.Feature, srs SRS) error {
	table := sc.Table
	names := []string{}
	if sc.Spatial() {
		names = append(names, "geom")
	}
	names = append(names, "id")
	for _, fd := range fields {
		names = append(names, fd.Name)
	}
	names = append(names, "created_at", "created_by", "updated_at", "updated_by", "rev")
	ins, err := tx.PrepareContext(ctx, fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", quoteIdent(table), joinIdents(names), placeholders(len(names))))
	if err != nil {
		return err
	}
	defer ins.Close()
	var ext [4]float64
	for i, f := range feats {
		if f.Kind != sc.Kind {
			return fmt.Errorf("gpkg: record %s is a %s, not a %s", f.ID, f.Kind, sc.Kind)
		}
		vals := make([]any, 0, len(names))
		if sc.Spatial() {
			g, err := encodeGeomSRS(f.Geom, int32(srs.ID))
			if err != nil {
				return err
			}
			vals = append(vals, g)
			if f.Geom != nil {
				b := f.Geom.Bound()
				if i == 0 {
					ext = [4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}
				}
				ext = [4]float64{min(ext[0], b.Min[0]), min(ext[1], b.Min[1]), max(ext[2], b.Max[0]), max(ext[3], b.Max[1])}
			}
		}
		vals = append(vals, f.ID)
		for _, fd := range fields {
			vals = append(vals, wire.Value(f.Attrs[fd.Name]))
		}
		vals = append(vals, f.CreatedAt.UTC().Format(timeFormat), f.CreatedBy, f.UpdatedAt.UTC().Format(timeFormat), f.UpdatedBy, f.Rev)
		if _, err := ins.ExecContext(ctx, vals...); err != nil {
			return fmt.Errorf("gpkg: write %s: %w", f.ID, err)
		}
	}
	if sc.Spatial() && len(feats) > 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?`,
			ext[0], ext[1], ext[2], ext[3], table); err != nil {
			return err
		}
	}
	return nil
}

func sqlType(t gis.FieldType) string {
	switch t {
	case gis.Int:
		return "INTEGER"
	case gis.Real:
		return "REAL"
	case gis.Bool:
		return "BOOLEAN"
	case gis.DateType:
		return "DATE"
	case gis.TimeType:
		return "DATETIME"
	}
	return "TEXT"
}

// rtreeDDL is the gpkg_rtree_index extension of one table: the R-tree and
// the triggers of GeoPackage 1.3 (as in migrations/0002).
func rtreeDDL(t string) string {
	return strings.ReplaceAll(`INSERT INTO gpkg_extensions VALUES ('TBL', 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');
CREATE VIRTUAL TABLE rtree_TBL_geom USING rtree(id, minx, maxx, miny, maxy);
CREATE TRIGGER rtree_TBL_geom_insert AFTER INSERT ON TBL
  WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_TBL_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_TBL_geom_update1 AFTER UPDATE OF geom ON TBL
  WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_TBL_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_TBL_geom_update2 AFTER UPDATE OF geom ON TBL
  WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_TBL_geom WHERE id = OLD.fid;
END;
CREATE TRIGGER rtree_TBL_geom_update3 AFTER UPDATE ON TBL
  WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_TBL_geom WHERE id = OLD.fid;
  INSERT OR REPLACE INTO rtree_TBL_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_TBL_geom_update4 AFTER UPDATE ON TBL
  WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_TBL_geom WHERE id IN (OLD.fid, NEW.fid);
END;
CREATE TRIGGER rtree_TBL_geom_delete AFTER DELETE ON TBL
  WHEN old.geom NOT NULL
BEGIN
  DELETE FROM rtree_TBL_geom WHERE id = OLD.fid;
END;`, "TBL", t)
}
