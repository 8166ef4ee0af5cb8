package match

import "github.com/paulmach/orb"

// CoveredStreet is a street segment a track passed along, as a track
// import reports it (the CLI prints it, the window draws it).
type CoveredStreet struct {
	ID       string  `json:"id"`
	Name     string  `json:"name"`
	Fraction float64 `json:"covered"` // share of its length covered, 0–1
	LengthM  float64 `json:"length_m"`
	// Line is the segment's geometry (for the map, not printed).
	Line orb.LineString `json:"-"`
}
