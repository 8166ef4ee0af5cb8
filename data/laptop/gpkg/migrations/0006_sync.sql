-- Sync with the ward server (issue 6). wm_conflicts keeps every field that
-- was edited here and on the server since this laptop last saw it, until a
-- person chooses mine, theirs or a new value; a pushed operation the server
-- refused is kept here too (field '*'), never silently dropped.
CREATE TABLE wm_conflicts (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  record_id TEXT NOT NULL,
  field TEXT NOT NULL,
  mine TEXT,
  theirs TEXT,
  theirs_rev INTEGER NOT NULL DEFAULT 0,
  theirs_by TEXT NOT NULL DEFAULT '',
  op_id TEXT NOT NULL DEFAULT '',
  message TEXT NOT NULL DEFAULT '',
  created_at DATETIME NOT NULL
);
CREATE INDEX wm_conflicts_record ON wm_conflicts (record_id);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
VALUES ('wm_conflicts', 'attributes', 'wm_conflicts', 'Xung đột đồng bộ chờ xử lý (sync conflicts waiting for a decision)');

-- The pull cursor, the server's address, the last sync time.
CREATE TABLE wm_sync_state (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL UNIQUE,
  value TEXT NOT NULL
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
VALUES ('wm_sync_state', 'attributes', 'wm_sync_state', 'Trạng thái đồng bộ (sync state)');
