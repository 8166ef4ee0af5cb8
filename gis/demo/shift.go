package demo

import (
	"time"

	"wardmap/gis"
)

// Today is the last day of the demo's history: its open reports arrived
// the days before it, its main streets were walked in the weeks before it.
var Today = demoToday

// FirstCycleStart is the day the demo ward begins its periodic rounds of
// every lamp, tree, drain and plate (the first_cycle_start setting):
// Today, so that the first day's due list is one day's share of each
// cycle, not every record of the registry overdue.
var FirstCycleStart = demoToday

// ShiftDays is how many days to move the demo's dates so that its history
// ends on today rather than on Today; none when today is not after Today.
// Whole days, not weeks: a history that stopped some days before the ward
// was made would leave its daily key-route rounds overdue on the first
// day; that a round or two then falls on a Sunday matters less.
func ShiftDays(today gis.Date) int {
	return max(0, int(today.Time().Sub(Today.Time()).Hours()/24))
}

// Shift moves every date and time of the features, their records' entry
// times included, by days. The demo is generated for Today; a ward made
// from it months later shifts it, so that what is recent in the demo is
// recent on the day a person opens it. Record numbers (BB-2026-…) keep
// the year they were generated with.
func Shift(fs []*gis.Feature, days int) {
	if days == 0 {
		return
	}
	move := func(t time.Time) time.Time {
		if t.IsZero() {
			return t
		}
		return t.AddDate(0, 0, days)
	}
	for _, f := range fs {
		f.CreatedAt, f.UpdatedAt = move(f.CreatedAt), move(f.UpdatedAt)
		for k, v := range f.Attrs {
			switch v := v.(type) {
			case gis.Date:
				f.Attrs[k] = v.AddDays(days)
			case time.Time:
				f.Attrs[k] = move(v)
			}
		}
	}
}
