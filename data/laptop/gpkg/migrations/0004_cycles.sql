-- Inspection planning: how often each kind (and street class) is inspected,
-- and the GPS tracks that inspectors bring back.

-- Chu kỳ kiểm tra (inspection cycles). class '' is the kind's default; the
-- street classes are key (tuyến trọng điểm), main, secondary, alley.
-- season lists months (1-12) in which every record of the kind is due once
-- more: April for drains (before the rainy season, May-October in Hải
-- Phòng), June for trees (before the storm season, July-November).
CREATE TABLE wm_cycles (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  class TEXT NOT NULL DEFAULT '',
  days INTEGER NOT NULL CHECK (days BETWEEN 0 AND 3650),
  season TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  updated_at DATETIME,
  updated_by TEXT NOT NULL DEFAULT '',
  UNIQUE (kind, class)
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
VALUES ('wm_cycles', 'attributes', 'wm_cycles', 'Chu kỳ kiểm tra (inspection cycles)');
INSERT INTO wm_cycles (kind, class, days, season, note) VALUES
  ('street', 'key', 1, '', 'Tuyến trọng điểm: hằng ngày'),
  ('street', 'main', 7, '', 'Đường chính: hằng tuần'),
  ('street', 'secondary', 30, '', 'Đường nhánh: hằng tháng'),
  ('street', 'alley', 30, '', 'Ngõ, hẻm: hằng tháng'),
  ('lamp', '', 30, '', 'Đèn chiếu sáng: hằng tháng'),
  ('drain', '', 30, '4', 'Hố ga, cống: hằng tháng và tháng 4, trước mùa mưa (5–10)'),
  ('tree', '', 91, '6', 'Cây xanh: hằng quý và tháng 6, trước mùa bão (7–11)'),
  ('plate', '', 365, '', 'Biển số nhà: hằng năm'),
  ('alley-sign', '', 365, '', 'Biển ngõ: hằng năm');

-- The last inspection of each target is read on every `wardmap due`.
CREATE INDEX inspection_target ON inspection (target_id, inspected_at);

-- Nhật ký GPS (GPS track logs) imported from handhelds; inspections made
-- from a track name it in track_id.
CREATE TABLE inspection_track (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  geom MULTILINESTRING,
  id TEXT NOT NULL UNIQUE,
  name TEXT,
  inspector TEXT,
  started_at DATETIME,
  ended_at DATETIME,
  points INTEGER NOT NULL DEFAULT 0,
  length_m REAL,
  source_sha256 TEXT,
  segments_covered INTEGER NOT NULL DEFAULT 0,
  imported_at DATETIME NOT NULL,
  imported_by TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX inspection_track_source ON inspection_track (source_sha256);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id)
VALUES ('inspection_track', 'features', 'inspection_track', 'Nhật ký GPS kiểm tra (inspection GPS tracks)', 4326);
INSERT INTO gpkg_geometry_columns VALUES ('inspection_track', 'geom', 'MULTILINESTRING', 4326, 0, 0);
INSERT INTO gpkg_extensions VALUES ('inspection_track', 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');
CREATE VIRTUAL TABLE rtree_inspection_track_geom USING rtree(id, minx, maxx, miny, maxy);
CREATE TRIGGER rtree_inspection_track_geom_insert AFTER INSERT ON inspection_track
  WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_inspection_track_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_inspection_track_geom_update1 AFTER UPDATE OF geom ON inspection_track
  WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_inspection_track_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_inspection_track_geom_update2 AFTER UPDATE OF geom ON inspection_track
  WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_inspection_track_geom WHERE id = OLD.fid;
END;
CREATE TRIGGER rtree_inspection_track_geom_delete AFTER DELETE ON inspection_track
  WHEN old.geom NOT NULL
BEGIN
  DELETE FROM rtree_inspection_track_geom WHERE id = OLD.fid;
END;
