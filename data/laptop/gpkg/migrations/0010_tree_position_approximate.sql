-- A tree imported from an inventory that puts several distinct trees on one
-- address-level point (Artesia's 72 palms at 12000 Artesia Bl) is kept and
-- flagged, not rejected: the tree exists, its exact place is still to be
-- surveyed. gis.TreeSchema has the field; the map and the form show it.
ALTER TABLE tree ADD COLUMN position_approximate BOOLEAN;
