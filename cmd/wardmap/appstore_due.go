package main

import (
	"context"

	"wardmap/gis"
	"wardmap/gis/inspect"
	"wardmap/gis/section"
)

// DueSections is day's due list by kind and street section, with each
// section's TDP, cross streets, distance from the office and edge ids,
// as `wardmap due` prints it: what the Plan tab's list can show (add it
// to app.PlanStore to use it there).
func (s appStore) DueSections(ctx context.Context, day gis.Date) ([]section.DueGroup, error) {
	in, err := s.DueInput(ctx, day)
	if err != nil {
		return nil, err
	}
	return dueGroups(ctx, s.Store, in, inspect.Due(in))
}
