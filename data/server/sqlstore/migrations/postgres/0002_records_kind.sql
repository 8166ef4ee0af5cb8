-- A pull of some kinds (a laptop fetching only the catalogue: targets,
-- parameters, cycles, assignments, reported figures) walks the ward's
-- records of those kinds in revision order, not every record of a ward
-- of a million features.
CREATE INDEX records_kind ON records (ward_id, kind, rev);
