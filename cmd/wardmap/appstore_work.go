package main

import (
	"context"

	"github.com/paulmach/orb"

	"wardmap/app"
	"wardmap/data/laptop/ward"
	"wardmap/gis"
)

// The planner and the inbox reach the store through these (DueInput is
// the GeoPackage store's own).
var (
	_ app.PlanStore = appStore{}
	_ app.CaseStore = appStore{}
)

// Office is ward.Office: where inspection routes start.
func (s appStore) Office(ctx context.Context) (orb.Point, error) {
	return ward.Office(ctx, s.Store)
}

// ImportTrackFile imports a GPX log as `wardmap track import` does.
func (s appStore) ImportTrackFile(ctx context.Context, path, inspector string, tolerance float64) (*app.TrackResult, error) {
	src, f, err := ward.ReadTrackFile(path)
	if err != nil {
		return nil, err
	}
	res, err := ward.ImportTrack(ctx, s.Store, ward.TrackImport{File: path, Src: src, GPX: f, Inspector: inspector, Tolerance: tolerance})
	if err != nil {
		return nil, err
	}
	return &app.TrackResult{Name: res.Name, Points: res.Points, LengthM: res.LengthM,
		Covered: res.Inspected, Partial: res.Partial, Track: res.Geom}, nil
}

// Cases lists every live report or violation.
func (s appStore) Cases(ctx context.Context, k gis.Kind) ([]*gis.Feature, error) {
	return ward.Features(ctx, s.Store, k)
}
