package main

import (
	"context"
	"fmt"

	"wardmap/assets"
	"wardmap/data/geojson"
	"wardmap/data/gpkg"
)

// loadDemo fills a new database with the embedded demo ward in one
// transaction and marks it as demo data.
func loadDemo(ctx context.Context, s *gpkg.Store) (int, error) {
	r, err := assets.DemoWard()
	if err != nil {
		return 0, fmt.Errorf("demo ward: %w", err)
	}
	defer r.Close()
	fs, err := geojson.Read(r, "")
	if err != nil {
		return 0, fmt.Errorf("demo ward: %w", err)
	}
	if err := s.Load(ctx, fs, gpkg.LoadOptions{User: "demo"}); err != nil {
		return 0, fmt.Errorf("demo ward: %w", err)
	}
	if err := s.SetSetting(ctx, "ward_name", assets.DemoWardName); err != nil {
		return 0, err
	}
	return len(fs), s.SetSetting(ctx, "demo", "true")
}
