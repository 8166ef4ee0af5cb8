package ward

import (
	"context"
	"os"
	"sync"
	"time"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
	"wardmap/gis/indicator"
)

// Indicators keeps one open store's indicator model (indicator.Model: the
// formulas' input in memory) so that the desktop's dashboard recomputes
// after an edit without reading the whole registry again. The model
// follows the writes it is told of (Follow, AddEntry); any other write to
// the file (a sync, another program, a command) changes the file's stamp,
// and the next computation loads the model afresh. One per store: the
// window's wiring makes it beside the store.
type Indicators struct {
	s     *gpkg.Store
	mu    sync.Mutex
	model *indicator.Model
	stamp Stamp // the file as it was when the model last matched it
}

// NewIndicators keeps s's indicator model; nothing is read until asked.
func NewIndicators(s *gpkg.Store) *Indicators { return &Indicators{s: s} }

// Stamp is the size and modification time of the database and its
// write-ahead log: a commit by any connection changes it.
type Stamp struct {
	dbSize, walSize int64
	dbMod, walMod   time.Time
}

func stampOf(path string) Stamp {
	var st Stamp
	if fi, err := os.Stat(path); err == nil {
		st.dbSize, st.dbMod = fi.Size(), fi.ModTime()
	}
	if fi, err := os.Stat(path + "-wal"); err == nil {
		st.walSize, st.walMod = fi.Size(), fi.ModTime()
	}
	return st
}

// Stamp is the file's stamp now: taken before a write the model will
// follow, and handed to Follow after it.
func (x *Indicators) Stamp() Stamp { return stampOf(x.s.Path()) }

// Model returns the store's model, loading it when there is none yet or
// the file changed behind it.
func (x *Indicators) Model(ctx context.Context) (*indicator.Model, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	st := stampOf(x.s.Path())
	if x.model != nil && st == x.stamp {
		return x.model, nil
	}
	m, err := x.s.IndicatorModel(ctx)
	if err != nil {
		return nil, err
	}
	x.model, x.stamp = m, st
	return m, nil
}

// Ref names a record a write touched.
type Ref struct {
	Kind gis.Kind
	ID   string
}

// Follow hands the model the records a successful write touched, as
// stored. When something else wrote since the model last matched the
// file (before is not its stamp), or a record cannot be read back, the
// model is dropped and the next computation reloads it.
func (x *Indicators) Follow(ctx context.Context, before Stamp, touched []Ref) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.model == nil {
		return
	}
	if x.stamp != before {
		x.model = nil
		return
	}
	cs := make([]indicator.Change, 0, len(touched))
	for _, r := range touched {
		c, err := x.s.IndicatorChange(ctx, r.Kind, r.ID)
		if err != nil {
			x.model = nil
			return
		}
		cs = append(cs, c)
	}
	x.model.Apply(cs...)
	x.stamp = stampOf(x.s.Path())
}

// AddEntry checks and stores a reported figure as `wardmap indicators
// report` does (the store's AddEntry), and the model follows.
func (x *Indicators) AddEntry(ctx context.Context, e *indicator.Entry) error {
	before := x.Stamp()
	if err := x.s.AddEntry(ctx, e); err != nil {
		return err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.model == nil || x.stamp != before {
		x.model = nil
		return nil
	}
	stored := *e
	stored.At = e.At.UTC().Truncate(time.Millisecond) // as the store keeps it
	x.model.AddEntry(stored)
	x.stamp = stampOf(x.s.Path())
	return nil
}

// Board is what the dashboard shows for a period on a day.
type Board struct {
	Catalogue indicator.Catalogue
	Board     *indicator.Board
	Trend     []indicator.TrendPoint
}

// Dashboard computes what `wardmap indicators --scope tdp` (and --scope
// street) prints for p on day today, and the ward's trend over the
// quarters the report charts, from the model kept in memory.
func (x *Indicators) Dashboard(ctx context.Context, p indicator.Period, today gis.Date) (*Board, error) {
	m, err := x.Model(ctx)
	if err != nil {
		return nil, err
	}
	cat, in := m.Input(p, today)
	b := indicator.Compute(cat, in, p, indicator.Options{PerTDP: true, PerStreet: true})
	return &Board{Catalogue: cat, Board: b, Trend: Trend(cat, in, p, b.AsOf)}, nil
}
