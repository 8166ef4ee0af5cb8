-- A ward's derived results kept with its data (server.Memos): the
-- dashboard's boards, each with the head revision it was computed at.
CREATE TABLE memos (
  ward_id TEXT NOT NULL,
  key TEXT NOT NULL,
  rev INTEGER NOT NULL,
  body BLOB NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  PRIMARY KEY (ward_id, key)
);
