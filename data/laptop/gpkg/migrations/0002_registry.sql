-- One table per kind of the ward registry: a feature table with an R-tree
-- spatial index for map layers, an attribute table for the rest. Columns
-- follow gis.Schema; a test keeps the two in step. Meta columns (id, times,
-- users, rev, deleted) are what sync needs on every record.

-- Tổ dân phố (Residential group)
CREATE TABLE tdp (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  geom POLYGON,
  id TEXT NOT NULL UNIQUE,
  name TEXT,
  code TEXT,
  head TEXT,
  households INTEGER,
  population INTEGER,
  search TEXT NOT NULL DEFAULT '',
  created_at DATETIME NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  updated_at DATETIME NOT NULL,
  updated_by TEXT NOT NULL DEFAULT '',
  rev INTEGER NOT NULL DEFAULT 0,
  deleted BOOLEAN NOT NULL DEFAULT 0
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES ('tdp', 'features', 'tdp', 'Tổ dân phố (Residential group)', 4326);
INSERT INTO gpkg_geometry_columns VALUES ('tdp', 'geom', 'POLYGON', 4326, 0, 0);
INSERT INTO gpkg_extensions VALUES ('tdp', 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');
CREATE VIRTUAL TABLE rtree_tdp_geom USING rtree(id, minx, maxx, miny, maxy);
CREATE TRIGGER rtree_tdp_geom_insert AFTER INSERT ON tdp
  WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_tdp_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_tdp_geom_update1 AFTER UPDATE OF geom ON tdp
  WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_tdp_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_tdp_geom_update2 AFTER UPDATE OF geom ON tdp
  WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_tdp_geom WHERE id = OLD.fid;
END;
CREATE TRIGGER rtree_tdp_geom_update3 AFTER UPDATE ON tdp
  WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_tdp_geom WHERE id = OLD.fid;
  INSERT OR REPLACE INTO rtree_tdp_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_tdp_geom_update4 AFTER UPDATE ON tdp
  WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_tdp_geom WHERE id IN (OLD.fid, NEW.fid);
END;
CREATE TRIGGER rtree_tdp_geom_delete AFTER DELETE ON tdp
  WHEN old.geom NOT NULL
BEGIN
  DELETE FROM rtree_tdp_geom WHERE id = OLD.fid;
END;

-- Ô trồng cây (Planting plot)
CREATE TABLE plot (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  geom POLYGON,
  id TEXT NOT NULL UNIQUE,
  name TEXT,
  planned_species TEXT,
  spacing_m REAL,
  capacity INTEGER,
  area_m2 REAL,
  planned_year INTEGER,
  status TEXT,
  search TEXT NOT NULL DEFAULT '',
  created_at DATETIME NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  updated_at DATETIME NOT NULL,
  updated_by TEXT NOT NULL DEFAULT '',
  rev INTEGER NOT NULL DEFAULT 0,
  deleted BOOLEAN NOT NULL DEFAULT 0
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES ('plot', 'features', 'plot', 'Ô trồng cây (Planting plot)', 4326);
INSERT INTO gpkg_geometry_columns VALUES ('plot', 'geom', 'POLYGON', 4326, 0, 0);
INSERT INTO gpkg_extensions VALUES ('plot', 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');
CREATE VIRTUAL TABLE rtree_plot_geom USING rtree(id, minx, maxx, miny, maxy);
CREATE TRIGGER rtree_plot_geom_insert AFTER INSERT ON plot
  WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_plot_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_plot_geom_update1 AFTER UPDATE OF geom ON plot
  WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_plot_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_plot_geom_update2 AFTER UPDATE OF geom ON plot
  WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_plot_geom WHERE id = OLD.fid;
END;
CREATE TRIGGER rtree_plot_geom_update3 AFTER UPDATE ON plot
  WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_plot_geom WHERE id = OLD.fid;
  INSERT OR REPLACE INTO rtree_plot_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_plot_geom_update4 AFTER UPDATE ON plot
  WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_plot_geom WHERE id IN (OLD.fid, NEW.fid);
END;
CREATE TRIGGER rtree_plot_geom_delete AFTER DELETE ON plot
  WHEN old.geom NOT NULL
BEGIN
  DELETE FROM rtree_plot_geom WHERE id = OLD.fid;
END;

-- Đoạn đường (Street segment)
CREATE TABLE street (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  geom LINESTRING,
  id TEXT NOT NULL UNIQUE,
  name TEXT,
  name_en TEXT,
  class TEXT,
  key_route BOOLEAN,
  oneway TEXT,
  length_m REAL,
  lit BOOLEAN,
  cycle_days INTEGER,
  last_inspected DATE,
  osm_id INTEGER,
  from_node INTEGER,
  to_node INTEGER,
  search TEXT NOT NULL DEFAULT '',
  created_at DATETIME NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  updated_at DATETIME NOT NULL,
  updated_by TEXT NOT NULL DEFAULT '',
  rev INTEGER NOT NULL DEFAULT 0,
  deleted BOOLEAN NOT NULL DEFAULT 0
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES ('street', 'features', 'street', 'Đoạn đường (Street segment)', 4326);
INSERT INTO gpkg_geometry_columns VALUES ('street', 'geom', 'LINESTRING', 4326, 0, 0);
INSERT INTO gpkg_extensions VALUES ('street', 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');
CREATE VIRTUAL TABLE rtree_street_geom USING rtree(id, minx, maxx, miny, maxy);
CREATE TRIGGER rtree_street_geom_insert AFTER INSERT ON street
  WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_street_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_street_geom_update1 AFTER UPDATE OF geom ON street
  WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_street_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_street_geom_update2 AFTER UPDATE OF geom ON street
  WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_street_geom WHERE id = OLD.fid;
END;
CREATE TRIGGER rtree_street_geom_update3 AFTER UPDATE ON street
  WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_street_geom WHERE id = OLD.fid;
  INSERT OR REPLACE INTO rtree_street_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_street_geom_update4 AFTER UPDATE ON street
  WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_street_geom WHERE id IN (OLD.fid, NEW.fid);
END;
CREATE TRIGGER rtree_street_geom_delete AFTER DELETE ON street
  WHEN old.geom NOT NULL
BEGIN
  DELETE FROM rtree_street_geom WHERE id = OLD.fid;
END;

-- Hố ga, cống (Drain)
CREATE TABLE drain (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  geom POINT,
  id TEXT NOT NULL UNIQUE,
  code TEXT,
  drain_type TEXT,
  status TEXT,
  flood_prone BOOLEAN,
  last_dredged DATE,
  street TEXT,
  search TEXT NOT NULL DEFAULT '',
  created_at DATETIME NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  updated_at DATETIME NOT NULL,
  updated_by TEXT NOT NULL DEFAULT '',
  rev INTEGER NOT NULL DEFAULT 0,
  deleted BOOLEAN NOT NULL DEFAULT 0
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES ('drain', 'features', 'drain', 'Hố ga, cống (Drain)', 4326);
INSERT INTO gpkg_geometry_columns VALUES ('drain', 'geom', 'POINT', 4326, 0, 0);
INSERT INTO gpkg_extensions VALUES ('drain', 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');
CREATE VIRTUAL TABLE rtree_drain_geom USING rtree(id, minx, maxx, miny, maxy);
CREATE TRIGGER rtree_drain_geom_insert AFTER INSERT ON drain
  WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_drain_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_drain_geom_update1 AFTER UPDATE OF geom ON drain
  WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_drain_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_drain_geom_update2 AFTER UPDATE OF geom ON drain
  WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_drain_geom WHERE id = OLD.fid;
END;
CREATE TRIGGER rtree_drain_geom_update3 AFTER UPDATE ON drain
  WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_drain_geom WHERE id = OLD.fid;
  INSERT OR REPLACE INTO rtree_drain_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_drain_geom_update4 AFTER UPDATE ON drain
  WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_drain_geom WHERE id IN (OLD.fid, NEW.fid);
END;
CREATE TRIGGER rtree_drain_geom_delete AFTER DELETE ON drain
  WHEN old.geom NOT NULL
BEGIN
  DELETE FROM rtree_drain_geom WHERE id = OLD.fid;
END;

-- Điểm úng ngập (Flood point)
CREATE TABLE flood_point (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  geom POINT,
  id TEXT NOT NULL UNIQUE,
  name TEXT,
  depth_cm REAL,
  frequency TEXT,
  street TEXT,
  note TEXT,
  search TEXT NOT NULL DEFAULT '',
  created_at DATETIME NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  updated_at DATETIME NOT NULL,
  updated_by TEXT NOT NULL DEFAULT '',
  rev INTEGER NOT NULL DEFAULT 0,
  deleted BOOLEAN NOT NULL DEFAULT 0
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES ('flood_point', 'features', 'flood_point', 'Điểm úng ngập (Flood point)', 4326);
INSERT INTO gpkg_geometry_columns VALUES ('flood_point', 'geom', 'POINT', 4326, 0, 0);
INSERT INTO gpkg_extensions VALUES ('flood_point', 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');
CREATE VIRTUAL TABLE rtree_flood_point_geom USING rtree(id, minx, maxx, miny, maxy);
CREATE TRIGGER rtree_flood_point_geom_insert AFTER INSERT ON flood_point
  WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_flood_point_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_flood_point_geom_update1 AFTER UPDATE OF geom ON flood_point
  WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_flood_point_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_flood_point_geom_update2 AFTER UPDATE OF geom ON flood_point
  WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_flood_point_geom WHERE id = OLD.fid;
END;
CREATE TRIGGER rtree_flood_point_geom_update3 AFTER UPDATE ON flood_point
  WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_flood_point_geom WHERE id = OLD.fid;
  INSERT OR REPLACE INTO rtree_flood_point_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_flood_point_geom_update4 AFTER UPDATE ON flood_point
  WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_flood_point_geom WHERE id IN (OLD.fid, NEW.fid);
END;
CREATE TRIGGER rtree_flood_point_geom_delete AFTER DELETE ON flood_point
  WHEN old.geom NOT NULL
BEGIN
  DELETE FROM rtree_flood_point_geom WHERE id = OLD.fid;
END;

-- Cây xanh (Tree)
CREATE TABLE tree (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  geom POINT,
  id TEXT NOT NULL UNIQUE,
  code TEXT,
  species_vi TEXT,
  species_sci TEXT,
  planted_on DATE,
  height_m REAL,
  trunk_diameter_cm REAL,
  condition TEXT,
  plot_id TEXT,
  last_pruned DATE,
  funding TEXT,
  address TEXT,
  search TEXT NOT NULL DEFAULT '',
  created_at DATETIME NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  updated_at DATETIME NOT NULL,
  updated_by TEXT NOT NULL DEFAULT '',
  rev INTEGER NOT NULL DEFAULT 0,
  deleted BOOLEAN NOT NULL DEFAULT 0
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES ('tree', 'features', 'tree', 'Cây xanh (Tree)', 4326);
INSERT INTO gpkg_geometry_columns VALUES ('tree', 'geom', 'POINT', 4326, 0, 0);
INSERT INTO gpkg_extensions VALUES ('tree', 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');
CREATE VIRTUAL TABLE rtree_tree_geom USING rtree(id, minx, maxx, miny, maxy);
CREATE TRIGGER rtree_tree_geom_insert AFTER INSERT ON tree
  WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_tree_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_tree_geom_update1 AFTER UPDATE OF geom ON tree
  WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_tree_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_tree_geom_update2 AFTER UPDATE OF geom ON tree
  WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_tree_geom WHERE id = OLD.fid;
END;
CREATE TRIGGER rtree_tree_geom_update3 AFTER UPDATE ON tree
  WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_tree_geom WHERE id = OLD.fid;
  INSERT OR REPLACE INTO rtree_tree_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_tree_geom_update4 AFTER UPDATE ON tree
  WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_tree_geom WHERE id IN (OLD.fid, NEW.fid);
END;
CREATE TRIGGER rtree_tree_geom_delete AFTER DELETE ON tree
  WHEN old.geom NOT NULL
BEGIN
  DELETE FROM rtree_tree_geom WHERE id = OLD.fid;
END;

-- Đèn chiếu sáng (Street lamp)
CREATE TABLE lamp (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  geom POINT,
  id TEXT NOT NULL UNIQUE,
  pole_code TEXT,
  lamp_type TEXT,
  power_w REAL,
  cabinet TEXT,
  circuit TEXT,
  status TEXT,
  funding TEXT,
  installed_on DATE,
  street TEXT,
  search TEXT NOT NULL DEFAULT '',
  created_at DATETIME NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  updated_at DATETIME NOT NULL,
  updated_by TEXT NOT NULL DEFAULT '',
  rev INTEGER NOT NULL DEFAULT 0,
  deleted BOOLEAN NOT NULL DEFAULT 0
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES ('lamp', 'features', 'lamp', 'Đèn chiếu sáng (Street lamp)', 4326);
INSERT INTO gpkg_geometry_columns VALUES ('lamp', 'geom', 'POINT', 4326, 0, 0);
INSERT INTO gpkg_extensions VALUES ('lamp', 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');
CREATE VIRTUAL TABLE rtree_lamp_geom USING rtree(id, minx, maxx, miny, maxy);
CREATE TRIGGER rtree_lamp_geom_insert AFTER INSERT ON lamp
  WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_lamp_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_lamp_geom_update1 AFTER UPDATE OF geom ON lamp
  WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_lamp_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_lamp_geom_update2 AFTER UPDATE OF geom ON lamp
  WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_lamp_geom WHERE id = OLD.fid;
END;
CREATE TRIGGER rtree_lamp_geom_update3 AFTER UPDATE ON lamp
  WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_lamp_geom WHERE id = OLD.fid;
  INSERT OR REPLACE INTO rtree_lamp_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_lamp_geom_update4 AFTER UPDATE ON lamp
  WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_lamp_geom WHERE id IN (OLD.fid, NEW.fid);
END;
CREATE TRIGGER rtree_lamp_geom_delete AFTER DELETE ON lamp
  WHEN old.geom NOT NULL
BEGIN
  DELETE FROM rtree_lamp_geom WHERE id = OLD.fid;
END;

-- Biển số nhà (House-number plate)
CREATE TABLE plate (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  geom POINT,
  id TEXT NOT NULL UNIQUE,
  number TEXT,
  street TEXT,
  address TEXT,
  status TEXT,
  installed_on DATE,
  search TEXT NOT NULL DEFAULT '',
  created_at DATETIME NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  updated_at DATETIME NOT NULL,
  updated_by TEXT NOT NULL DEFAULT '',
  rev INTEGER NOT NULL DEFAULT 0,
  deleted BOOLEAN NOT NULL DEFAULT 0
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES ('plate', 'features', 'plate', 'Biển số nhà (House-number plate)', 4326);
INSERT INTO gpkg_geometry_columns VALUES ('plate', 'geom', 'POINT', 4326, 0, 0);
INSERT INTO gpkg_extensions VALUES ('plate', 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');
CREATE VIRTUAL TABLE rtree_plate_geom USING rtree(id, minx, maxx, miny, maxy);
CREATE TRIGGER rtree_plate_geom_insert AFTER INSERT ON plate
  WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_plate_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_plate_geom_update1 AFTER UPDATE OF geom ON plate
  WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_plate_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_plate_geom_update2 AFTER UPDATE OF geom ON plate
  WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_plate_geom WHERE id = OLD.fid;
END;
CREATE TRIGGER rtree_plate_geom_update3 AFTER UPDATE ON plate
  WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_plate_geom WHERE id = OLD.fid;
  INSERT OR REPLACE INTO rtree_plate_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_plate_geom_update4 AFTER UPDATE ON plate
  WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_plate_geom WHERE id IN (OLD.fid, NEW.fid);
END;
CREATE TRIGGER rtree_plate_geom_delete AFTER DELETE ON plate
  WHEN old.geom NOT NULL
BEGIN
  DELETE FROM rtree_plate_geom WHERE id = OLD.fid;
END;

-- Biển ngõ (Alley sign)
CREATE TABLE alley_sign (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  geom POINT,
  id TEXT NOT NULL UNIQUE,
  name TEXT,
  street TEXT,
  status TEXT,
  installed_on DATE,
  search TEXT NOT NULL DEFAULT '',
  created_at DATETIME NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  updated_at DATETIME NOT NULL,
  updated_by TEXT NOT NULL DEFAULT '',
  rev INTEGER NOT NULL DEFAULT 0,
  deleted BOOLEAN NOT NULL DEFAULT 0
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES ('alley_sign', 'features', 'alley_sign', 'Biển ngõ (Alley sign)', 4326);
INSERT INTO gpkg_geometry_columns VALUES ('alley_sign', 'geom', 'POINT', 4326, 0, 0);
INSERT INTO gpkg_extensions VALUES ('alley_sign', 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');
CREATE VIRTUAL TABLE rtree_alley_sign_geom USING rtree(id, minx, maxx, miny, maxy);
CREATE TRIGGER rtree_alley_sign_geom_insert AFTER INSERT ON alley_sign
  WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_alley_sign_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_alley_sign_geom_update1 AFTER UPDATE OF geom ON alley_sign
  WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_alley_sign_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_alley_sign_geom_update2 AFTER UPDATE OF geom ON alley_sign
  WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_alley_sign_geom WHERE id = OLD.fid;
END;
CREATE TRIGGER rtree_alley_sign_geom_update3 AFTER UPDATE ON alley_sign
  WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_alley_sign_geom WHERE id = OLD.fid;
  INSERT OR REPLACE INTO rtree_alley_sign_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_alley_sign_geom_update4 AFTER UPDATE ON alley_sign
  WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_alley_sign_geom WHERE id IN (OLD.fid, NEW.fid);
END;
CREATE TRIGGER rtree_alley_sign_geom_delete AFTER DELETE ON alley_sign
  WHEN old.geom NOT NULL
BEGIN
  DELETE FROM rtree_alley_sign_geom WHERE id = OLD.fid;
END;

-- Vi phạm (Violation)
CREATE TABLE violation (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  geom POINT,
  id TEXT NOT NULL UNIQUE,
  kind TEXT,
  description TEXT,
  address TEXT,
  found_on DATE,
  found_by TEXT,
  status TEXT,
  record_no TEXT,
  record_date DATE,
  violator TEXT,
  deadline DATE,
  unit TEXT,
  street_id TEXT,
  report_id TEXT,
  search TEXT NOT NULL DEFAULT '',
  created_at DATETIME NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  updated_at DATETIME NOT NULL,
  updated_by TEXT NOT NULL DEFAULT '',
  rev INTEGER NOT NULL DEFAULT 0,
  deleted BOOLEAN NOT NULL DEFAULT 0
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES ('violation', 'features', 'violation', 'Vi phạm (Violation)', 4326);
INSERT INTO gpkg_geometry_columns VALUES ('violation', 'geom', 'POINT', 4326, 0, 0);
INSERT INTO gpkg_extensions VALUES ('violation', 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');
CREATE VIRTUAL TABLE rtree_violation_geom USING rtree(id, minx, maxx, miny, maxy);
CREATE TRIGGER rtree_violation_geom_insert AFTER INSERT ON violation
  WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_violation_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_violation_geom_update1 AFTER UPDATE OF geom ON violation
  WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_violation_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_violation_geom_update2 AFTER UPDATE OF geom ON violation
  WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_violation_geom WHERE id = OLD.fid;
END;
CREATE TRIGGER rtree_violation_geom_update3 AFTER UPDATE ON violation
  WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_violation_geom WHERE id = OLD.fid;
  INSERT OR REPLACE INTO rtree_violation_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_violation_geom_update4 AFTER UPDATE ON violation
  WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_violation_geom WHERE id IN (OLD.fid, NEW.fid);
END;
CREATE TRIGGER rtree_violation_geom_delete AFTER DELETE ON violation
  WHEN old.geom NOT NULL
BEGIN
  DELETE FROM rtree_violation_geom WHERE id = OLD.fid;
END;

-- Phản ánh hiện trường (Field report)
CREATE TABLE report (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  geom POINT,
  id TEXT NOT NULL UNIQUE,
  channel TEXT,
  category TEXT,
  text TEXT,
  address TEXT,
  received_at DATETIME,
  deadline DATE,
  unit TEXT,
  status TEXT,
  public_answer TEXT,
  private_note TEXT,
  reporter_name TEXT,
  reporter_phone TEXT,
  duplicate_of TEXT,
  reason TEXT,
  closed_on DATE,
  search TEXT NOT NULL DEFAULT '',
  created_at DATETIME NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  updated_at DATETIME NOT NULL,
  updated_by TEXT NOT NULL DEFAULT '',
  rev INTEGER NOT NULL DEFAULT 0,
  deleted BOOLEAN NOT NULL DEFAULT 0
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES ('report', 'features', 'report', 'Phản ánh hiện trường (Field report)', 4326);
INSERT INTO gpkg_geometry_columns VALUES ('report', 'geom', 'POINT', 4326, 0, 0);
INSERT INTO gpkg_extensions VALUES ('report', 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');
CREATE VIRTUAL TABLE rtree_report_geom USING rtree(id, minx, maxx, miny, maxy);
CREATE TRIGGER rtree_report_geom_insert AFTER INSERT ON report
  WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_report_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_report_geom_update1 AFTER UPDATE OF geom ON report
  WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_report_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_report_geom_update2 AFTER UPDATE OF geom ON report
  WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_report_geom WHERE id = OLD.fid;
END;
CREATE TRIGGER rtree_report_geom_update3 AFTER UPDATE ON report
  WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_report_geom WHERE id = OLD.fid;
  INSERT OR REPLACE INTO rtree_report_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_report_geom_update4 AFTER UPDATE ON report
  WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_report_geom WHERE id IN (OLD.fid, NEW.fid);
END;
CREATE TRIGGER rtree_report_geom_delete AFTER DELETE ON report
  WHEN old.geom NOT NULL
BEGIN
  DELETE FROM rtree_report_geom WHERE id = OLD.fid;
END;

-- Kiểm tra (Inspection)
CREATE TABLE inspection (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  target_kind TEXT,
  target_id TEXT,
  inspected_at DATETIME,
  inspector TEXT,
  result TEXT,
  notes TEXT,
  violation_id TEXT,
  track_id TEXT,
  activity TEXT,
  search TEXT NOT NULL DEFAULT '',
  created_at DATETIME NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  updated_at DATETIME NOT NULL,
  updated_by TEXT NOT NULL DEFAULT '',
  rev INTEGER NOT NULL DEFAULT 0,
  deleted BOOLEAN NOT NULL DEFAULT 0
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES ('inspection', 'attributes', 'inspection', 'Kiểm tra (Inspection)');

-- Tệp đính kèm (Attachment)
CREATE TABLE attachment (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  owner_kind TEXT,
  owner_id TEXT,
  sha256 TEXT,
  filename TEXT,
  mime TEXT,
  size_bytes INTEGER,
  taken_at DATETIME,
  note TEXT,
  search TEXT NOT NULL DEFAULT '',
  created_at DATETIME NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  updated_at DATETIME NOT NULL,
  updated_by TEXT NOT NULL DEFAULT '',
  rev INTEGER NOT NULL DEFAULT 0,
  deleted BOOLEAN NOT NULL DEFAULT 0
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES ('attachment', 'attributes', 'attachment', 'Tệp đính kèm (Attachment)');
