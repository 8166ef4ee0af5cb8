-- GeoPackage 1.3 Req 75: every R-tree index has the six triggers of the
-- spec. 0004 gave inspection_track's index four; GDAL's validate_gpkg.py
-- (run on every file in the tests) reported update3 and update4 missing.
-- They keep the index right when a row's fid changes.
CREATE TRIGGER rtree_inspection_track_geom_update3 AFTER UPDATE ON inspection_track
  WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_inspection_track_geom WHERE id = OLD.fid;
  INSERT OR REPLACE INTO rtree_inspection_track_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
END;
CREATE TRIGGER rtree_inspection_track_geom_update4 AFTER UPDATE ON inspection_track
  WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_inspection_track_geom WHERE id IN (OLD.fid, NEW.fid);
END;
