// Package ward holds the ward office's use cases over the laptop's
// GeoPackage (data/laptop/gpkg) and the domain (gis): create a ward database,
// import a GPS track as inspections, assemble and write the periodic
// bulletin, plan the day's routes and their sheets, export a kind, list
// reports and violations, set targets, cycles and assignments, keep the
// indicators' model in memory for the dashboard and the window's edits,
// and sync with the ward server (logins, conflicts). `wardmap`'s commands and the
// desktop window's wiring (cmd/internal/desktop) both call them, so each
// is written once and tested here; cmd/wardmap parses flags, wires and
// prints.
package ward

import (
	"context"
	"fmt"
	"io/fs"
	"os"

	"wardmap/assets"
	"wardmap/data/formats/geojson"
	"wardmap/data/laptop/gpkg"
	"wardmap/data/sync/catalogue"
	"wardmap/gis"
	demopkg "wardmap/gis/demo"
	"wardmap/gis/inspect"
)

// Create makes a ward database at path, with the demo ward when demo is
// set (its history ending on demo.Today, as tests want it; CreateDemo
// makes it for another day), and returns how many records it loaded. It
// refuses a path that exists (fs.ErrExist): on any failure the file is
// removed, so that no half-made database is left behind, and that must
// never be someone's.
func Create(ctx context.Context, path string, demo bool) (n int, err error) {
	if !demo {
		return create(ctx, path, nil)
	}
	return CreateDemo(ctx, path, Demo{Today: demopkg.Today})
}

// Demo says how the demo ward is made.
type Demo struct {
	// Today is the last day of its history (demo.Today if earlier).
	Today gis.Date
	// NoFigures leaves out its reported figures. They stay on the laptop
	// (a TDP's figures go to the server only from that TDP head's own
	// session), so a demo meant to be pushed to a ward server, or compared
	// with one, is made without them.
	NoFigures bool
}

// CreateDemo is Create with the demo ward as d says: what `wardmap init
// --demo` and the desktop's first start make, for the day they run.
func CreateDemo(ctx context.Context, path string, d Demo) (int, error) {
	return create(ctx, path, func(s *gpkg.Store) (int, error) { return LoadDemo(ctx, s, d) })
}

func create(ctx context.Context, path string, fill func(*gpkg.Store) (int, error)) (n int, err error) {
	if _, err := os.Lstat(path); err == nil {
		return 0, fmt.Errorf("%s đã tồn tại, không ghi đè (already exists; not overwriting it): %w", path, fs.ErrExist)
	}
	s, err := gpkg.Open(ctx, path, gpkg.Options{Create: true})
	if err != nil {
		return 0, err
	}
	defer func() {
		cerr := s.Close()
		if err == nil {
			err = cerr
		}
		if err != nil {
			for _, suffix := range []string{"", "-wal", "-shm"} {
				os.Remove(path + suffix)
			}
		}
	}()
	if fill == nil {
		return 0, nil
	}
	return fill(s)
}

// LoadDemo fills a new database with the embedded demo ward in one
// transaction and marks it as demo data. Its history, generated up to
// demo.Today, is moved to end on today (if later), so that what is recent
// in the demo is recent the day a person makes it; its rounds start that
// day (the first-cycle start, so that the due list holds tens of each
// kind, not thousands), and its reported figures are entered for the
// months before it, unless d.NoFigures.
func LoadDemo(ctx context.Context, s *gpkg.Store, d Demo) (int, error) {
	r, err := assets.DemoWard()
	if err != nil {
		return 0, fmt.Errorf("demo ward: %w", err)
	}
	defer r.Close()
	fs, err := geojson.Read(r, "")
	if err != nil {
		return 0, fmt.Errorf("demo ward: %w", err)
	}
	days := demopkg.ShiftDays(d.Today)
	demopkg.Shift(fs, days)
	if err := s.Load(ctx, fs, gpkg.LoadOptions{User: "demo"}); err != nil {
		return 0, fmt.Errorf("demo ward: %w", err)
	}
	if err := s.SetSetting(ctx, "ward_name", assets.DemoWardName); err != nil {
		return 0, err
	}
	if err := s.SetSetting(ctx, inspect.StartSetting, demopkg.FirstCycleStart.AddDays(days).String()); err != nil {
		return 0, err
	}
	if !d.NoFigures {
		if err := loadFigures(ctx, s, fs, demopkg.Today.AddDays(days)); err != nil {
			return 0, err
		}
	}
	return len(fs), s.SetSetting(ctx, "demo", "true")
}

// loadFigures enters the demo's reported figures for the months before
// today, checked as a person's would be (AddEntry), and takes them out of
// the outbox: generated, they are nobody's work to send.
func loadFigures(ctx context.Context, s *gpkg.Store, fs []*gis.Feature, today gis.Date) error {
	w := &demopkg.Ward{Features: fs}
	for _, e := range w.Entries(today) {
		if err := s.AddEntry(ctx, &e); err != nil {
			return fmt.Errorf("demo ward: figure %s %s: %w", e.Code, e.Period, err)
		}
	}
	return s.ForgetQueued(ctx, catalogue.KindFigure)
}
