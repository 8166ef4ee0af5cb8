package desktop

import (
	"context"

	"github.com/paulmach/orb"

	"wardmap/app"
	"wardmap/data/formats/printout"
	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/ward"
	"wardmap/gis"
	"wardmap/gis/indicator"
	"wardmap/gis/plan"
	"wardmap/gis/section"
)

// appStore gives the window the GeoPackage store through the small
// interfaces the app declares (app.Store, PlanStore, CaseStore,
// IndicatorStore, PhotoStore), each method the use case the matching
// command runs, with the indicators' model kept beside the store.
type appStore struct {
	*gpkg.Store
	ind *ward.Indicators
}

func newAppStore(s *gpkg.Store) appStore { return appStore{Store: s, ind: ward.NewIndicators(s)} }

// Wire gives the window the store s as every store it takes, each
// checked by the compiler here: a method missing is a build error, not a
// tab left empty. d's other fields are kept.
func Wire(s *gpkg.Store, d app.Deps) app.Deps {
	as := newAppStore(s)
	d.Store, d.Plans, d.Cases, d.Indicators, d.Photos = as, as, as, as, as
	d.RouteSheets = func(ctx context.Context, d *plan.Day) (map[string][]byte, error) {
		return ward.RouteSheets(ctx, s, d) // the Plan tab's PDFs, as route plan writes them
	}
	return d
}

// Search is ward.Search.
func (s appStore) Search(ctx context.Context, text string, limit int) ([]*gis.Feature, error) {
	return ward.Search(ctx, s.Store, text, limit)
}

// Apply writes a change set in one transaction (ward.Indicators.Apply:
// the dashboard's model follows the edit).
func (s appStore) Apply(ctx context.Context, user string, c app.Change) error {
	wc := ward.Change{Insert: c.Insert, Save: c.Save, Delete: refs(c.Delete), Restore: refs(c.Restore)}
	for _, b := range c.Blobs {
		wc.Blobs = append(wc.Blobs, ward.Blob(b))
	}
	return s.ind.Apply(ctx, user, wc)
}

func refs(rs []app.Ref) []ward.Ref {
	out := make([]ward.Ref, len(rs))
	for i, r := range rs {
		out[i] = ward.Ref(r)
	}
	return out
}

// Office is ward.Office: where inspection routes start. (The planner's
// DueInput is the GeoPackage store's own.)
func (s appStore) Office(ctx context.Context) (orb.Point, error) {
	return ward.Office(ctx, s.Store)
}

// DueSections is the day's due list by kind and street section, with each
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

// Cases lists every live report or violation (the inbox).
func (s appStore) Cases(ctx context.Context, k gis.Kind) ([]*gis.Feature, error) {
	return ward.Features(ctx, s.Store, k)
}

// Dashboard computes the board and trend from the model kept in memory
// (ward.Indicators); ward.Board is app.DashboardData field for field.
func (s appStore) Dashboard(ctx context.Context, p indicator.Period, today gis.Date) (*app.DashboardData, error) {
	b, err := s.ind.Dashboard(ctx, p, today)
	return (*app.DashboardData)(b), err
}

// AddEntry stores a reported figure; the model follows. (It hides the
// GeoPackage store's AddEntry, which the model would not see.)
func (s appStore) AddEntry(ctx context.Context, e *indicator.Entry) error {
	return s.ind.AddEntry(ctx, e)
}

// WriteBulletin writes the period's report as `wardmap report --out path`
// does (the ward's unit as issuer).
func (s appStore) WriteBulletin(ctx context.Context, p indicator.Period, today gis.Date, path string) error {
	_, _, err := ward.WriteBulletin(ctx, s.Store, p, today, printout.DefaultUnit, path)
	return err
}
