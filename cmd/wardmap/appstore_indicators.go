package main

import (
	"context"

	"wardmap/app"
	"wardmap/data/formats/printout"
	"wardmap/data/laptop/ward"
	"wardmap/gis"
	"wardmap/gis/indicator"
)

// The dashboard reaches the store through app.IndicatorStore.
var _ app.IndicatorStore = appStore{}

// Dashboard computes the board and trend from the model kept in memory
// (ward.Indicators); ward.Board is app.DashboardData field for field.
func (s appStore) Dashboard(ctx context.Context, p indicator.Period, today gis.Date) (*app.DashboardData, error) {
	b, err := s.ind.Dashboard(ctx, p, today)
	return (*app.DashboardData)(b), err
}

// AddEntry stores a reported figure; the model follows.
func (s appStore) AddEntry(ctx context.Context, e *indicator.Entry) error {
	return s.ind.AddEntry(ctx, e)
}

// WriteBulletin writes the period's report as `wardmap report --out path`
// does (the ward's unit as issuer).
func (s appStore) WriteBulletin(ctx context.Context, p indicator.Period, today gis.Date, path string) error {
	_, _, err := ward.WriteBulletin(ctx, s.Store, p, today, printout.DefaultUnit, path)
	return err
}
