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
	conv := func(rs []ward.CoveredStreet) []app.CoveredStreet {
		out := make([]app.CoveredStreet, len(rs))
		for i, r := range rs {
			out[i] = app.CoveredStreet{ID: r.ID, Name: r.Name, Fraction: r.Fraction, LengthM: r.LengthM, Line: r.Line}
		}
		return out
	}
	return &app.TrackResult{Name: res.Name, Points: res.Points, LengthM: res.LengthM,
		Covered: conv(res.Inspected), Partial: conv(res.Partial), Track: res.Geom}, nil
}

// Cases lists every live report or violation.
func (s appStore) Cases(ctx context.Context, k gis.Kind) ([]*gis.Feature, error) {
	return ward.Features(ctx, s.Store, k)
}
