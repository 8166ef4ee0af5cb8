CREATE EXTENSION IF NOT EXISTS postgis;
-- The ward server's tables (PostgreSQL + PostGIS). Every table carries ward_id and every
-- key starts with it, so that Citus can distribute them by ward.
CREATE TABLE wards (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  rev BIGINT NOT NULL DEFAULT 0,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE users (
  ward_id TEXT NOT NULL REFERENCES wards (id),
  id TEXT NOT NULL,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  tdp_id TEXT NOT NULL DEFAULT '',
  pass_hash TEXT NOT NULL,
  disabled BOOLEAN NOT NULL DEFAULT false,
  created_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (ward_id, id)
);
CREATE TABLE tokens (
  ward_id TEXT NOT NULL,
  hash TEXT NOT NULL,
  user_id TEXT NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  revoked BOOLEAN NOT NULL DEFAULT false,
  created_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (ward_id, hash)
);
CREATE INDEX tokens_user ON tokens (ward_id, user_id);
CREATE TABLE records (
  ward_id TEXT NOT NULL,
  id TEXT NOT NULL,
  kind TEXT NOT NULL,
  rev BIGINT NOT NULL,
  fields JSONB NOT NULL,
  field_revs JSONB NOT NULL,
  origins JSONB NOT NULL DEFAULT '{}',
  deleted BOOLEAN NOT NULL DEFAULT false,
  minx DOUBLE PRECISION, miny DOUBLE PRECISION, maxx DOUBLE PRECISION, maxy DOUBLE PRECISION,
  bbox geometry(Geometry, 4326),
  created_at TIMESTAMPTZ NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (ward_id, id)
);
CREATE UNIQUE INDEX records_rev ON records (ward_id, rev);
CREATE INDEX records_bbox ON records USING gist (bbox);
CREATE TABLE applied_ops (
  ward_id TEXT NOT NULL,
  op_id TEXT NOT NULL,
  result JSONB NOT NULL,
  applied_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (ward_id, op_id)
);
CREATE TABLE history (
  ward_id TEXT NOT NULL,
  seq BIGSERIAL,
  rev BIGINT NOT NULL,
  record_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  action TEXT NOT NULL,
  by_user TEXT NOT NULL,
  at TIMESTAMPTZ NOT NULL,
  old JSONB,
  new JSONB,
  op_id TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (ward_id, seq)
);
CREATE INDEX history_record ON history (ward_id, record_id);
CREATE TABLE uploads (
  ward_id TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size BIGINT NOT NULL,
  received BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (ward_id, sha256)
);
CREATE TABLE upload_chunks (
  ward_id TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  off BIGINT NOT NULL,
  data BYTEA NOT NULL,
  PRIMARY KEY (ward_id, sha256, off)
);
CREATE TABLE blobs (
  ward_id TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size BIGINT NOT NULL,
  data BYTEA NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (ward_id, sha256)
);
