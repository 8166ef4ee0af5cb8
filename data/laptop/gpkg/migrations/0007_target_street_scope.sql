-- The indicators whose formula has a street (main segments cleaned,
-- inspected and lit, long-standing waste on main streets, encroachment on
-- key routes) are also measured per named street: `wardmap indicators
-- --scope street`. Every version of those targets gets the street scope
-- unless a user already gave it one.
UPDATE wm_targets SET scopes = scopes || ',street'
WHERE code IN ('MT-01', 'MT-07', 'TT-01', 'TT-02', 'TT-04')
  AND (',' || scopes || ',') NOT LIKE '%,street,%';
