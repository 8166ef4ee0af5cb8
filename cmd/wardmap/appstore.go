package main

import (
	"context"

	"wardmap/app"
	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/ward"
	"wardmap/gis"
	"wardmap/gis/plan"
)

// appStore gives the desktop window the GeoPackage store through the small
// interface the app declares, with the indicators' model kept beside it.
type appStore struct {
	*gpkg.Store
	ind *ward.Indicators
}

func newAppStore(s *gpkg.Store) appStore { return appStore{Store: s, ind: ward.NewIndicators(s)} }

var _ app.Store = appStore{}

// withStores gives the window the adapter as every store it takes, each
// checked by the compiler here: a method missing is a build error, not a
// tab left empty.
func withStores(s appStore, d app.Deps) app.Deps {
	d.Store, d.Plans, d.Cases, d.Indicators, d.Photos = s, s, s, s, s
	d.RouteSheets = func(ctx context.Context, d *plan.Day) (map[string][]byte, error) {
		return ward.RouteSheets(ctx, s.Store, d) // the Plan tab's PDFs, as route plan writes them
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
