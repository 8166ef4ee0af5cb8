-- What `wardmap import osm` brings beyond street segments: the OSM part
-- number of each segment (a re-import matches segments on osm_id, osm_part),
-- the addresses house-number plates are counted against, and the basemap
-- polygons drawn under the ward's layers. Same pattern as 0002.

ALTER TABLE street ADD COLUMN osm_part INTEGER;
CREATE INDEX street_osm ON street (osm_id, osm_part);

-- Địa chỉ (Address)
CREATE TABLE address (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  geom POINT,
  id TEXT NOT NULL UNIQUE,
  housenumber TEXT,
  street TEXT,
  osm_type TEXT,
  osm_id INTEGER,
  search TEXT NOT NULL DEFAULT '',
  created_at DATETIME NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  updated_at DATETIME NOT NULL,
  updated_by TEXT NOT NULL DEFAULT '',
  rev INTEGER NOT NULL DEFAULT 0,
  deleted BOOLEAN NOT NULL DEFAULT 0
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES ('address', 'features', 'address', 'Địa chỉ (Address)', 4326);
INSERT INTO gpkg_geometry_columns VALUES ('address', 'geom', 'POINT', 4326, 0, 0);
INSERT INTO gpkg_extensions VALUES ('address', 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');
CREATE VIRTUAL TABLE rtree_address_geom USING rtree(id, minx, maxx, miny, maxy);
CREATE TRIGGER rtree_address_geom_insert AFTER INSERT ON address
  WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_address_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_address_geom_update1 AFTER UPDATE OF geom ON address
  WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_address_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_address_geom_update2 AFTER UPDATE OF geom ON address
  WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_address_geom WHERE id = OLD.fid;
END;
CREATE TRIGGER rtree_address_geom_update3 AFTER UPDATE ON address
  WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_address_geom WHERE id = OLD.fid;
  INSERT OR REPLACE INTO rtree_address_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_address_geom_update4 AFTER UPDATE ON address
  WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_address_geom WHERE id IN (OLD.fid, NEW.fid);
END;
CREATE TRIGGER rtree_address_geom_delete AFTER DELETE ON address
  WHEN old.geom NOT NULL
BEGIN
  DELETE FROM rtree_address_geom WHERE id = OLD.fid;
END;

CREATE INDEX address_osm ON address (osm_type, osm_id);

-- Nền bản đồ (Basemap polygon)
CREATE TABLE basemap (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  geom POLYGON,
  id TEXT NOT NULL UNIQUE,
  kind TEXT,
  subkind TEXT,
  osm_id INTEGER,
  search TEXT NOT NULL DEFAULT '',
  created_at DATETIME NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  updated_at DATETIME NOT NULL,
  updated_by TEXT NOT NULL DEFAULT '',
  rev INTEGER NOT NULL DEFAULT 0,
  deleted BOOLEAN NOT NULL DEFAULT 0
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES ('basemap', 'features', 'basemap', 'Nền bản đồ (Basemap polygon)', 4326);
INSERT INTO gpkg_geometry_columns VALUES ('basemap', 'geom', 'POLYGON', 4326, 0, 0);
INSERT INTO gpkg_extensions VALUES ('basemap', 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');
CREATE VIRTUAL TABLE rtree_basemap_geom USING rtree(id, minx, maxx, miny, maxy);
CREATE TRIGGER rtree_basemap_geom_insert AFTER INSERT ON basemap
  WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_basemap_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_basemap_geom_update1 AFTER UPDATE OF geom ON basemap
  WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_basemap_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_basemap_geom_update2 AFTER UPDATE OF geom ON basemap
  WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_basemap_geom WHERE id = OLD.fid;
END;
CREATE TRIGGER rtree_basemap_geom_update3 AFTER UPDATE ON basemap
  WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_basemap_geom WHERE id = OLD.fid;
  INSERT OR REPLACE INTO rtree_basemap_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_basemap_geom_update4 AFTER UPDATE ON basemap
  WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_basemap_geom WHERE id IN (OLD.fid, NEW.fid);
END;
CREATE TRIGGER rtree_basemap_geom_delete AFTER DELETE ON basemap
  WHEN old.geom NOT NULL
BEGIN
  DELETE FROM rtree_basemap_geom WHERE id = OLD.fid;
END;

