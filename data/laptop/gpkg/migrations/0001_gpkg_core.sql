-- The mandatory GeoPackage 1.3 tables (OGC 12-128r18 §1.1), the two
-- spatial reference systems every GeoPackage must define plus WGS 84,
-- the extensions register, and wardmap's own bookkeeping.
PRAGMA application_id = 1196444487; -- 'GPKG'
PRAGMA user_version = 10300;        -- GeoPackage 1.3.0

CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL,
  srs_id INTEGER PRIMARY KEY,
  organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL,
  definition TEXT NOT NULL,
  description TEXT
);
INSERT INTO gpkg_spatial_ref_sys VALUES
 ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
 ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
 ('WGS 84 geodetic', 4326, 'EPSG', 4326,
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]',
  'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');

CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY,
  data_type TEXT NOT NULL,
  identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
  srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
);

CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL,
  column_name TEXT NOT NULL,
  geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL,
  z TINYINT NOT NULL,
  m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id)
);

CREATE TABLE gpkg_extensions (
  table_name TEXT,
  column_name TEXT,
  extension_name TEXT NOT NULL,
  definition TEXT NOT NULL,
  scope TEXT NOT NULL,
  CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name)
);

-- wardmap's settings (ward name, demo flag, schema of the last sync...).
CREATE TABLE wm_settings (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL UNIQUE,
  value TEXT NOT NULL
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
VALUES ('wm_settings', 'attributes', 'wm_settings', 'Cài đặt của wardmap (wardmap settings)');

-- Local changes waiting for the server, written in the same transaction as
-- the change itself so that an edit and its outbox entry exist together or
-- not at all. The sync issue reads and acknowledges them.
CREATE TABLE wm_outbox (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  op_id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  record_id TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
  fields TEXT NOT NULL DEFAULT '{}',
  base_rev INTEGER NOT NULL DEFAULT 0,
  created_at DATETIME NOT NULL,
  created_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX wm_outbox_record ON wm_outbox (record_id);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
VALUES ('wm_outbox', 'attributes', 'wm_outbox', 'Thay đổi chờ đồng bộ (changes waiting for sync)');

-- Photos and documents, content-addressed by SHA-256 so that the same file
-- is stored once and can be verified after any transfer.
CREATE TABLE wm_blob (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  sha256 TEXT NOT NULL UNIQUE,
  size_bytes INTEGER NOT NULL,
  data BLOB NOT NULL
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
VALUES ('wm_blob', 'attributes', 'wm_blob', 'Nội dung tệp đính kèm (attachment contents)');
