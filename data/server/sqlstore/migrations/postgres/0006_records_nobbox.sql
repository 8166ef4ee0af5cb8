-- A pull by box keeps the records without geometry ("bbox IS NULL OR bbox
-- && box"). The GiST index answered IS NULL by walking all of itself,
-- every ward's records: a city of a hundred wards made one ward's box
-- query a hundred times slower (BenchmarkCity). This small partial index
-- answers that arm within the ward, kind and revision.
CREATE INDEX records_nobbox ON records (ward_id, kind, rev) WHERE bbox IS NULL;
