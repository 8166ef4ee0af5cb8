-- The catalogue syncs with the ward server (issue 6): targets, formula
-- parameters, reported figures and inspection cycles keep the server
-- revision they were last pulled at (0: never seen by the server, as the
-- seed rows of 0004 and 0005), so that a local change is sent as the
-- fields it changed since that revision. Their record IDs are made from
-- their natural keys (data/gpkg/catalogue.go).
ALTER TABLE wm_targets ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
ALTER TABLE wm_target_params ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
ALTER TABLE wm_reported ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
ALTER TABLE wm_cycles ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;

-- Phân công (work assignments): the records an inspector is to inspect on
-- a day, set by a planner and handed out by the server.
CREATE TABLE wm_assignments (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  assignee TEXT NOT NULL,
  day DATE NOT NULL,
  targets TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  rev INTEGER NOT NULL DEFAULT 0,
  created_at DATETIME NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  updated_at DATETIME NOT NULL,
  updated_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX wm_assignments_day ON wm_assignments (day, assignee);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
VALUES ('wm_assignments', 'attributes', 'wm_assignments', 'Phân công kiểm tra (inspection assignments)');
