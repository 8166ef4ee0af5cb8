-- A partial upload names who began it and when it last grew: each user
-- has a quota of partial uploads, and ones left idle expire.
ALTER TABLE uploads ADD COLUMN user_id TEXT NOT NULL DEFAULT '';
ALTER TABLE uploads ADD COLUMN updated_at TIMESTAMP;
CREATE INDEX uploads_user ON uploads (ward_id, user_id);
