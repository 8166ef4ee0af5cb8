package dashboard

import (
	"container/list"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"wardmap/data/server"
	"wardmap/data/sync/catalogue"
	"wardmap/data/sync/wire"
	"wardmap/gis"
	"wardmap/gis/indicator"
)

// Computing a ward's indicators is not free (the demo ward's 7,600
// records: ~10-20 ms from memory, ~0.2 s to load them from the store), so
// the dashboard keeps, per ward, an indicator.Model that follows the
// ward's records, and the boards computed from it per period. The data
// version is the ward's head revision: a push moves it, and the next page
// brings the model up to date with the records changed since (Apply, as
// the window does after an edit; a change to the catalogue reloads the
// model) and drops the boards. A page of an unchanged ward costs one
// Head query and a template.

// pageSize is the pull page the model is loaded with.
const pageSize = 5000

// view is what one period's page draws: the board with every TDP, and the
// ward's results per quarter for the trend lines.
type view struct {
	cat   indicator.Catalogue
	board *indicator.Board
	trend []quarter
	geoms map[string]orb.Geometry // each TDP's polygon, by id
	at    time.Time               // when it was computed
	stale bool                    // a memo of an older head or day, shown while recomputed
}

// quarter is one point of the trend lines: a quarter's board.
type quarter struct {
	Period indicator.Period
	Board  *indicator.Board
}

// wardState is one ward's model and the views computed from it. mu is
// held while loading and computing: concurrent pages of the same ward
// wait for one computation and share it.
type wardState struct {
	mu       sync.Mutex
	ward     string
	model    *indicator.Model
	rev      int64    // the head the model (or, without one, the views) reflects
	day      gis.Date // the day the views were computed for
	views    map[string]*view
	quarters map[string]*view // per quarter, for the trends
	elem     *list.Element
}

// cache holds the models of the wards seen lately, at most max of them
// (a model holds every countable record of its ward).
type cache struct {
	mu    sync.Mutex
	max   int
	wards map[string]*wardState
	lru   *list.List
	// loads and updates count what the cache did (for tests and the log).
	// recalls are views read back from the store's memos; memoErrs are
	// memos that could not be kept.
	loads, updates, computes, recalls, memoErrs, stales int
	// now is the clock views are stamped with; onStale is told of a ward
	// whose page found only a stale memo.
	now     func() time.Time
	onStale func(ward string)
}

func newCache(max int) *cache {
	return &cache{max: max, wards: map[string]*wardState{}, lru: list.New(), now: time.Now}
}

// ward returns the ward's state, made most recently used.
func (c *cache) ward(ward string) *wardState {
	c.mu.Lock()
	defer c.mu.Unlock()
	ws := c.wards[ward]
	if ws == nil {
		ws = &wardState{ward: ward}
		ws.elem = c.lru.PushFront(ws)
		c.wards[ward] = ws
		for c.lru.Len() > max(c.max, 1) {
			old := c.lru.Remove(c.lru.Back()).(*wardState)
			delete(c.wards, old.ward)
		}
		return ws
	}
	c.lru.MoveToFront(ws.elem)
	return ws
}

func (c *cache) count(n *int) {
	c.mu.Lock()
	*n++
	c.mu.Unlock()
}

// View returns the ward's view of period p on day today, computing what
// the data version and the day no longer match. With wait false (a
// page), a ward whose model is not in memory and whose memo is stale is
// not loaded here: the previous memo comes back marked stale and the
// ward is queued for the background recompute (refresh.go); only a ward
// with no memo at all makes the page wait.
func (c *cache) View(ctx context.Context, st server.Store, ward string, p indicator.Period, today gis.Date, wait bool) (*view, error) {
	head, err := st.Head(ctx, ward)
	if err != nil {
		return nil, err
	}
	ws := c.ward(ward)
	if wait {
		ws.mu.Lock()
	} else if !ws.mu.TryLock() {
		// Someone computes this ward (a worker loading its model): the
		// memo, current or not, rather than wait.
		if v, err := c.memo(ctx, st, ward, p, today, head); v != nil || err != nil {
			return c.shown(ward, v), err
		}
		ws.mu.Lock()
	}
	defer ws.mu.Unlock()
	if ws.day != today {
		ws.day, ws.views, ws.quarters = today, nil, nil
	}
	if ws.model == nil {
		// No model in memory: the views held came from memos of ws.rev.
		if ws.rev != head {
			ws.rev, ws.views, ws.quarters = head, nil, nil
		}
		if v := ws.views[p.Name]; v != nil {
			return v, nil
		}
		v, err := c.memo(ctx, st, ward, p, today, head)
		if err != nil {
			return nil, err
		}
		if v != nil && !v.stale {
			c.count(&c.recalls)
			ws.keep(p, v)
			return v, nil
		}
		if v != nil && !wait {
			return c.shown(ward, v), nil
		}
	}
	if err := c.refresh(ctx, st, ws, head); err != nil {
		return nil, err
	}
	if v := ws.views[p.Name]; v != nil {
		return v, nil
	}
	cat, b := ws.board(c, p, today)
	v := &view{cat: cat, board: b, geoms: map[string]orb.Geometry{}, at: c.now()}
	for _, tb := range b.TDPs {
		if f := ws.model.Feature(gis.TDP, tb.TDP.ID); f != nil && f.Geom != nil {
			v.geoms[tb.TDP.ID] = f.Geom
		}
	}
	for _, q := range indicator.Quarters(p, today) {
		_, qb := ws.board(c, q, today)
		v.trend = append(v.trend, quarter{Period: q, Board: qb})
	}
	ws.keep(p, v)
	// A page of this ward after a restart or an eviction reads it back
	// instead of loading the model; a failure costs that, not this page.
	if err := remember(ctx, st, ward, p, today, ws.rev, v); err != nil {
		c.count(&c.memoErrs)
	}
	return v, nil
}

// memo is the ward's kept view of period p, or nil if none is kept. One
// of another head or another day comes back marked stale.
func (c *cache) memo(ctx context.Context, st server.Store, ward string, p indicator.Period, today gis.Date, head int64) (*view, error) {
	v, rev, day, err := recall(ctx, st, ward, p)
	if err != nil || v == nil {
		return nil, err
	}
	v.stale = rev != head || day != today
	return v, nil
}

// shown is v, about to be shown on a page: a stale one is counted and
// its ward queued for the recompute.
func (c *cache) shown(ward string, v *view) *view {
	if v != nil && v.stale {
		c.count(&c.stales)
		if c.onStale != nil {
			c.onStale(ward)
		}
	}
	return v
}

// keep holds v as period p's view (ws.mu held).
func (ws *wardState) keep(p indicator.Period, v *view) {
	if ws.views == nil {
		ws.views = map[string]*view{}
	}
	ws.views[p.Name] = v
}

// board computes period p with every TDP, or takes a quarter's from the
// quarters computed for the trends (ws.mu held). TDPs too for the trends:
// a TDP's page draws the TDP's trend.
func (ws *wardState) board(c *cache, p indicator.Period, today gis.Date) (indicator.Catalogue, *indicator.Board) {
	if q, ok := ws.quarters[p.Name]; ok {
		return q.cat, q.board
	}
	c.count(&c.computes)
	cat, b := ws.model.Compute(p, today, indicator.Options{PerTDP: true})
	if strings.Contains(p.Name, "-Q") {
		if ws.quarters == nil {
			ws.quarters = map[string]*view{}
		}
		ws.quarters[p.Name] = &view{cat: cat, board: b}
	}
	return cat, b
}

// refresh brings the ward's model to head (ws.mu held).
func (c *cache) refresh(ctx context.Context, st server.Store, ws *wardState, head int64) error {
	if ws.model != nil && head == ws.rev {
		return nil
	}
	if ws.model != nil && head > ws.rev {
		ok, err := c.update(ctx, st, ws, head)
		if err != nil || ok {
			return err
		}
	}
	c.count(&c.loads)
	src, err := catalogue.NewWireSource()
	if err != nil {
		return err
	}
	rev, err := pull(ctx, st, ws.ward, 0, func(r *wire.Record) error { return src.Add(r) })
	if err != nil {
		return err
	}
	s, err := src.Source()
	if err != nil {
		return err
	}
	ws.model, ws.rev, ws.views, ws.quarters = indicator.NewModel(s), max(rev, head), nil, nil
	return nil
}

// update applies the feature records changed since the model's head; it
// reports false (reload) when a catalogue record changed, since a target,
// parameter, cycle or figure may replace one the model holds.
func (c *cache) update(ctx context.Context, st server.Store, ws *wardState, head int64) (bool, error) {
	var changes []indicator.Change
	catChanged := false
	rev, err := pull(ctx, st, ws.ward, ws.rev, func(r *wire.Record) error {
		if catalogue.IsKind(r.Kind) {
			catChanged = true
			return nil
		}
		if r.Deleted {
			changes = append(changes, indicator.Deleted(gis.Kind(r.Kind), r.ID))
			return nil
		}
		f, err := wire.RecordFeature(r)
		if err != nil {
			return err
		}
		changes = append(changes, indicator.Upserted(f))
		return nil
	})
	if err != nil || catChanged {
		return false, err
	}
	c.count(&c.updates)
	if ws.model.Apply(changes...) {
		ws.views, ws.quarters = nil, nil
	}
	ws.rev = max(rev, head)
	return true, nil
}

// pull hands fn the ward's records of the kinds the indicators read,
// changed after rev, in revision order, and returns the last revision.
// It reads the fields as stored (ChangesRaw): the merge bookkeeping that
// Changes decodes too (field revisions, origins) is not needed here.
func pull(ctx context.Context, st server.Store, ward string, after int64, fn func(*wire.Record) error) (int64, error) {
	kinds := catalogue.WireKinds()
	for {
		n := 0
		err := st.ChangesRaw(ctx, ward, server.ChangesQuery{After: after, Limit: pageSize, Kinds: slices.Clone(kinds)}, func(r *server.RawRecord) error {
			rec := wire.Record{Kind: r.Kind, ID: r.ID, Rev: r.Rev, Deleted: r.Deleted, CreatedAt: r.CreatedAt, CreatedBy: r.CreatedBy,
				UpdatedAt: r.UpdatedAt, UpdatedBy: r.UpdatedBy}
			if err := json.Unmarshal(r.Fields, &rec.Fields); err != nil {
				return fmt.Errorf("dashboard: %s %s: %w", r.Kind, r.ID, err)
			}
			n++
			after = r.Rev
			return fn(&rec)
		})
		if err != nil {
			return after, err
		}
		if n < pageSize {
			return after, nil
		}
	}
}
