package settings

const keyBasemap = "basemap"

// Basemap reports whether the basemap is shown (View › Basemap).
func (s *Settings) Basemap() bool { return s.p.BoolWithFallback(keyBasemap, true) }

// SetBasemap remembers the basemap switch.
func (s *Settings) SetBasemap(on bool) { s.p.SetBool(keyBasemap, on) }
