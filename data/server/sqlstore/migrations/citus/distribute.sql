-- Citus (issue 13): the server's tables distributed by ward, run by the
-- server at each start where the citus extension is installed in the
-- database (sqlstore/citus.go), after the migrations and the layers.
-- Idempotent: a table already distributed is left alone, so a layer
-- added or rebuilt later is distributed at the next start.
--
-- * wards is distributed by its key, id, and every table with a ward_id
--   column (records, history, tokens, applied_ops, uploads,
--   upload_chunks, blobs and the per-kind layers) by ward_id, co-located
--   with it: one ward's rows of every table live on one worker, so each
--   ward's transaction (the ward's row lock, its records, its layers, its
--   history) runs on that worker alone.
-- * users is a reference table (a copy on every node): a login looks a
--   name up without knowing the ward, and names are unique city-wide, a
--   constraint a table distributed by ward cannot keep. Its foreign key
--   to wards goes: Citus does not allow a reference table to point at a
--   distributed one; the server only adds users to wards it made.
DO $$
DECLARE
  t text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'wards'::regclass) THEN
    PERFORM create_distributed_table('wards', 'id');
  END IF;
  ALTER TABLE users DROP CONSTRAINT IF EXISTS users_ward_id_fkey;
  IF NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'users'::regclass) THEN
    PERFORM create_reference_table('users');
  END IF;
  FOR t IN
    SELECT c.relname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'ward_id' AND NOT a.attisdropped
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND c.relname <> 'users'
    ORDER BY c.relname
  LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = quote_ident(t)::regclass) THEN
      PERFORM create_distributed_table(quote_ident(t)::regclass, 'ward_id', colocate_with => 'wards');
    END IF;
  END LOOP;
END
$$;
