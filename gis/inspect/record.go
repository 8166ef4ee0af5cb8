package inspect

import (
	"maps"
	"time"

	"wardmap/gis"
)

// Visit is one inspection to record: of what, when, by whom, and what was
// found. The desktop's inspection form and an imported GPS track both
// record through Record, so that both write the same fields and count
// the same ward day.
type Visit struct {
	Target    *gis.Feature
	At        time.Time // the instant of the visit (stored UTC, to the second)
	Inspector string    // empty: not recorded
	Issue     bool      // an issue was found (else the result is "ok")
	Notes     string
}

// Record returns the inspection of v, and, when the target is a street
// whose last_inspected day is earlier than the visit's (or unset), a copy
// of the street with last_inspected moved to it; nil otherwise. An older
// visit recorded late never moves the day back. The day is the ward's
// local day (gis.LocalDate), as due lists count it.
func Record(v Visit) (inspection, street *gis.Feature) {
	in := gis.NewFeature(gis.Inspection, nil)
	in.Attrs["target_kind"] = string(v.Target.Kind)
	in.Attrs["target_id"] = v.Target.ID
	in.Attrs["inspected_at"] = v.At.UTC().Truncate(time.Second)
	in.Attrs["activity"] = "inspection"
	in.Attrs["result"] = "ok"
	if v.Issue {
		in.Attrs["result"] = "issue"
	}
	if v.Inspector != "" {
		in.Attrs["inspector"] = v.Inspector
	}
	if v.Notes != "" {
		in.Attrs["notes"] = v.Notes
	}
	if v.Target.Kind != gis.Street {
		return in, nil
	}
	day := gis.LocalDate(v.At)
	if old, ok := v.Target.Date("last_inspected"); ok && !old.Before(day) {
		return in, nil
	}
	st := *v.Target // the geometry is shared: only an attribute changes
	st.Attrs = maps.Clone(v.Target.Attrs)
	st.Attrs["last_inspected"] = day
	return in, &st
}
