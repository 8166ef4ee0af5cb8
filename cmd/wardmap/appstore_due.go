package main

import (
	"context"

	"wardmap/data/laptop/ward"
	"wardmap/gis"
	"wardmap/gis/section"
)

// DueSections is day's due list by kind and street section, with each
// section's TDP, cross streets, distance from the office and edge ids,
// as `wardmap due` prints it (ward.Due).
func (s appStore) DueSections(ctx context.Context, day gis.Date) ([]section.DueGroup, error) {
	office, _ := ward.Office(ctx, s.Store) // no office: sections without distances
	due, err := ward.Due(ctx, s.Store, day, ward.DueOptions{Office: office})
	if err != nil {
		return nil, err
	}
	return due.Groups, nil
}
