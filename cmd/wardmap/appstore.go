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

// searchKinds are the kinds the search box looks in, streets first.
var searchKinds = []gis.Kind{gis.Street, gis.Lamp, gis.Tree, gis.Plate, gis.AlleySign, gis.Drain, gis.FloodPoint, gis.Plot, gis.TDP, gis.Violation, gis.Report}

// Search runs the store's diacritic-insensitive Find across the map kinds.
func (s appStore) Search(ctx context.Context, text string, limit int) ([]*gis.Feature, error) {
	var out []*gis.Feature
	for _, k := range searchKinds {
		if len(out) >= limit {
			break
		}
		rs, err := s.Find(ctx, gpkg.Query{Kind: k, Search: text, Limit: limit - len(out)})
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			out = append(out, r.Feature)
		}
	}
	return out, nil
}

// Apply writes a change set in one transaction.
func (s appStore) Apply(ctx context.Context, user string, c app.Change) error {
	before := s.ind.Stamp()
	err := s.Update(ctx, user, func(tx *gpkg.Tx) error {
		for _, b := range c.Blobs {
			if _, err := tx.AddBlob(ctx, b.SHA256, b.Data); err != nil {
				return err
			}
		}
		for _, f := range c.Insert {
			if err := tx.Insert(ctx, f); err != nil {
				return err
			}
		}
		for _, f := range c.Save {
			if err := tx.Save(ctx, f); err != nil {
				return err
			}
		}
		for _, r := range c.Delete {
			if err := tx.Delete(ctx, r.Kind, r.ID); err != nil {
				return err
			}
		}
		for _, r := range c.Restore {
			if err := tx.Restore(ctx, r.Kind, r.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		s.ind.Follow(ctx, before, touched(c)) // the dashboard's model follows the edit
	}
	return err
}
