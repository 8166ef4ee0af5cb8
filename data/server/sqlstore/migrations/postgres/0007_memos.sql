-- A ward's derived results kept with its data (server.Memos): the
-- dashboard's boards, each with the head revision it was computed at.
-- Keyed by ward like every table (distributed by ward_id under Citus).
CREATE TABLE memos (
  ward_id TEXT NOT NULL,
  key TEXT NOT NULL,
  rev BIGINT NOT NULL,
  body BYTEA NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (ward_id, key)
);
