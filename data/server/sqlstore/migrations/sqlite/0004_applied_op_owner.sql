-- An applied operation remembers who sent it and a digest of what it
-- asked, so that an op_id sent again by another user or for another
-- change is refused instead of answered with this one's result (issue 15).
-- Rows from before keep '' (not checked).
ALTER TABLE applied_ops ADD COLUMN user_id TEXT NOT NULL DEFAULT '';
ALTER TABLE applied_ops ADD COLUMN op_sum TEXT NOT NULL DEFAULT '';
