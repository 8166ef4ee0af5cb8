-- Per-kind layers (issue 13): the functions that read a record's JSON
-- field as the layer's typed column. Each answers NULL for a value that
-- is not of its type instead of failing, so that no stored value (one
-- pushed before the server checked values, say) can fail a push or the
-- building of a layer. Written as single-expression SQL functions so the
-- planner inlines them into the layer statements; nested CASEs fix the
-- order of evaluation (a cast never sees text the pattern refused).
-- The layer tables themselves are made from the kinds' schemas by the
-- server at start (sqlstore/layers.go).
CREATE FUNCTION wm_real(v jsonb) RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN jsonb_typeof(v) = 'number' THEN
    CASE WHEN abs(v::numeric) < 1e300 THEN v::numeric::double precision END END
$$;
CREATE FUNCTION wm_int(v jsonb) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN jsonb_typeof(v) = 'number' THEN
    CASE WHEN abs(v::numeric) < 9e18 AND v::numeric = trunc(v::numeric) THEN v::numeric::bigint END END
$$;
CREATE FUNCTION wm_bool(v jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN jsonb_typeof(v) = 'boolean' THEN v::boolean END
$$;
-- A calendar day as the wire writes it (YYYY-MM-DD), checked against the
-- month's length.
CREATE FUNCTION wm_date(t text) RETURNS date LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN t ~ '^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' THEN
    CASE WHEN substr(t, 9, 2)::int <= extract(day from make_date(substr(t, 1, 4)::int, substr(t, 6, 2)::int, 1) + interval '1 month - 1 day')
      THEN make_date(substr(t, 1, 4)::int, substr(t, 6, 2)::int, substr(t, 9, 2)::int) END END
$$;
-- A moment as the wire writes it (RFC 3339).
CREATE FUNCTION wm_time(t text) RETURNS timestamptz LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN t ~ '^[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}[Tt ]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?([Zz]|[+-](0[0-9]|1[0-5]):[0-5][0-9])$' THEN
    CASE WHEN wm_date(substr(t, 1, 10)) IS NOT NULL THEN t::timestamptz END END
$$;
-- A geometry of the layer's type from the GeoJSON the record holds; NULL
-- for another type or none.
CREATE FUNCTION wm_geom(g jsonb, typ text) RETURNS geometry LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN g->>'type' = typ AND jsonb_typeof(g->'coordinates') = 'array' THEN ST_GeomFromGeoJSON(g) END
$$;
