package main

import (
	"context"
	"os"
	"sync"
	"time"

	"wardmap/app"
	"wardmap/data/report"
	"wardmap/gis"
	"wardmap/gis/indicator"
)

// The dashboard reaches the store through app.IndicatorStore.
var _ app.IndicatorStore = appStore{}

// indicatorCache keeps one open store's indicator model (indicator.Model:
// the formulas' input in memory) so that the dashboard recomputes after an
// edit without reading the whole registry again. The model follows the
// window's own writes (Apply, AddEntry); any other write to the file (a
// sync, another program, a command) changes the file's stamp, and the next
// computation loads the model afresh.
type indicatorCache struct {
	mu    sync.Mutex
	model *indicator.Model
	stamp fileStamp // the file as it was when the model last matched it
}

// indicatorCaches holds a cache per store (*gpkg.Store → *indicatorCache).
var indicatorCaches sync.Map

// fileStamp is the size and modification time of the database and its
// write-ahead log: a commit by any connection changes it.
type fileStamp struct {
	dbSize, walSize int64
	dbMod, walMod   time.Time
}

func stampOf(path string) fileStamp {
	var st fileStamp
	if fi, err := os.Stat(path); err == nil {
		st.dbSize, st.dbMod = fi.Size(), fi.ModTime()
	}
	if fi, err := os.Stat(path + "-wal"); err == nil {
		st.walSize, st.walMod = fi.Size(), fi.ModTime()
	}
	return st
}

func (s appStore) indicatorCache(create bool) *indicatorCache {
	if !create {
		v, ok := indicatorCaches.Load(s.Store)
		if !ok {
			return nil
		}
		return v.(*indicatorCache)
	}
	v, _ := indicatorCaches.LoadOrStore(s.Store, &indicatorCache{})
	return v.(*indicatorCache)
}

// indicatorModel returns the store's model, loading it when there is none
// yet or the file changed behind it.
func (s appStore) indicatorModel(ctx context.Context) (*indicator.Model, error) {
	c := s.indicatorCache(true)
	c.mu.Lock()
	defer c.mu.Unlock()
	st := stampOf(s.Path())
	if c.model != nil && st == c.stamp {
		return c.model, nil
	}
	m, err := s.IndicatorModel(ctx)
	if err != nil {
		return nil, err
	}
	c.model, c.stamp = m, st
	return m, nil
}

// indicatorStamp is the file's stamp before a write the model will follow.
func (s appStore) indicatorStamp() fileStamp { return stampOf(s.Path()) }

// followIndicators hands the model the records a successful Apply wrote,
// as stored. When something else wrote since the model last matched the
// file (before is not its stamp), or a record cannot be read back, the
// model is dropped and the next computation reloads it.
func (s appStore) followIndicators(ctx context.Context, before fileStamp, ch app.Change) {
	c := s.indicatorCache(false)
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.model == nil || c.stamp != before {
		c.model = nil
		return
	}
	var refs []app.Ref
	for _, f := range append(append([]*gis.Feature{}, ch.Insert...), ch.Save...) {
		refs = append(refs, app.Ref{Kind: f.Kind, ID: f.ID})
	}
	refs = append(append(refs, ch.Delete...), ch.Restore...)
	var cs []indicator.Change
	for _, r := range refs {
		x, err := s.IndicatorChange(ctx, r.Kind, r.ID)
		if err != nil {
			c.model = nil
			return
		}
		cs = append(cs, x)
	}
	c.model.Apply(cs...)
	c.stamp = stampOf(s.Path())
}

// Dashboard computes what `wardmap indicators --scope tdp` (and --scope
// street) prints for p on day today, and the ward's trend over the quarters the report charts,
// from the model kept in memory.
func (s appStore) Dashboard(ctx context.Context, p indicator.Period, today gis.Date) (*app.DashboardData, error) {
	m, err := s.indicatorModel(ctx)
	if err != nil {
		return nil, err
	}
	cat, in := m.Input(p, today)
	b := indicator.Compute(cat, in, p, indicator.Options{PerTDP: true, PerStreet: true})
	return &app.DashboardData{Catalogue: cat, Board: b, Trend: trend(cat, in, p, b.AsOf)}, nil
}

// AddEntry checks and stores a reported figure as `wardmap indicators
// report` does (the GeoPackage store's AddEntry), and the model follows.
func (s appStore) AddEntry(ctx context.Context, e *indicator.Entry) error {
	before := s.indicatorStamp()
	if err := s.Store.AddEntry(ctx, e); err != nil {
		return err
	}
	if c := s.indicatorCache(false); c != nil {
		c.mu.Lock()
		if c.model != nil && c.stamp == before {
			stored := *e
			stored.At = e.At.UTC().Truncate(time.Millisecond) // as the store keeps it
			c.model.AddEntry(stored)
			c.stamp = stampOf(s.Path())
		} else {
			c.model = nil
		}
		c.mu.Unlock()
	}
	return nil
}

// WriteReport writes the period's report as `wardmap report --out path`
// does (the ward's unit as issuer), atomically: a failure leaves no file
// and an earlier one untouched.
func (s appStore) WriteReport(ctx context.Context, p indicator.Period, today gis.Date, path string) error {
	_, _, err := writeReport(ctx, s.Store, p, today, report.DefaultUnit, path)
	return err
}
