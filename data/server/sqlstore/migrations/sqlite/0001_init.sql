-- The ward server's tables (SQLite). Every table carries ward_id and every
-- key starts with it, as the PostgreSQL schema does.
CREATE TABLE wards (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  rev INTEGER NOT NULL DEFAULT 0,
  created_at TIMESTAMP NOT NULL
);
CREATE TABLE users (
  ward_id TEXT NOT NULL REFERENCES wards (id),
  id TEXT NOT NULL,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  tdp_id TEXT NOT NULL DEFAULT '',
  pass_hash TEXT NOT NULL,
  disabled BOOLEAN NOT NULL DEFAULT 0,
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (ward_id, id)
);
CREATE TABLE tokens (
  ward_id TEXT NOT NULL,
  hash TEXT NOT NULL,
  user_id TEXT NOT NULL,
  expires_at TIMESTAMP NOT NULL,
  revoked BOOLEAN NOT NULL DEFAULT 0,
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (ward_id, hash)
);
CREATE INDEX tokens_user ON tokens (ward_id, user_id);
CREATE TABLE records (
  ward_id TEXT NOT NULL,
  id TEXT NOT NULL,
  kind TEXT NOT NULL,
  rev INTEGER NOT NULL,
  fields TEXT NOT NULL,
  field_revs TEXT NOT NULL,
  origins TEXT NOT NULL DEFAULT '{}',
  deleted BOOLEAN NOT NULL DEFAULT 0,
  minx REAL, miny REAL, maxx REAL, maxy REAL,
  created_at TIMESTAMP NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (ward_id, id)
);
CREATE UNIQUE INDEX records_rev ON records (ward_id, rev);
CREATE TABLE applied_ops (
  ward_id TEXT NOT NULL,
  op_id TEXT NOT NULL,
  result TEXT NOT NULL,
  applied_at TIMESTAMP NOT NULL,
  PRIMARY KEY (ward_id, op_id)
);
CREATE TABLE history (
  ward_id TEXT NOT NULL,
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  rev INTEGER NOT NULL,
  record_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  action TEXT NOT NULL,
  by_user TEXT NOT NULL,
  at TIMESTAMP NOT NULL,
  old TEXT,
  new TEXT,
  op_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX history_record ON history (ward_id, record_id);
CREATE TABLE uploads (
  ward_id TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  received INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (ward_id, sha256)
);
CREATE TABLE upload_chunks (
  ward_id TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  off INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (ward_id, sha256, off)
);
CREATE TABLE blobs (
  ward_id TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  data BLOB NOT NULL,
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (ward_id, sha256)
);
