-- A reported figure's entered_by is the server account that pushed it
-- (issue 15); when the laptop had named someone else (its own user name),
-- that name stays in entered_as, and the figure's record ID stays the one
-- made from the name the laptop entered (data/gpkg/catalogue.go).
ALTER TABLE wm_reported ADD COLUMN entered_as TEXT NOT NULL DEFAULT '';
