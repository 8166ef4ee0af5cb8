-- What real street-tree inventories carry and imports used to drop
-- (issue 14): the survey date, where the tree stands at its address
-- (front, side, median… or left/right of the street) and its number at
-- that address. Columns follow gis.TreeSchema; old rows have NULL.
ALTER TABLE tree ADD COLUMN surveyed_on DATE;
ALTER TABLE tree ADD COLUMN street_side TEXT;
ALTER TABLE tree ADD COLUMN tree_number INTEGER;
