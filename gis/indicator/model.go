package indicator

import (
	"slices"
	"strings"
	"sync"

	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/inspect"
)

// Kinds are the feature kinds the formulas read; a change to any other
// kind leaves every indicator as it was.
var Kinds = []gis.Kind{gis.TDP, gis.Street, gis.Tree, gis.Lamp, gis.Plate, gis.AlleySign, gis.Violation, gis.Report, gis.Inspection}

// Attributes are the attributes the formulas read, of any kind. A loader
// may leave the others out (besides each kind's title fields, which name
// the drill-down's items): TestAttributesCoverFormulas keeps the list in
// step with the code.
var Attributes = []string{"activity", "address", "class", "closed_on", "condition", "cycle_days", "deadline",
	"found_on", "head", "households", "inspected_at", "installed_on", "key_route", "kind", "last_inspected",
	"length_m", "name", "planted_on", "received_at", "status", "street_id", "target_id"}

// Reads reports whether a loader must read field name of kind k: the
// formulas read it, or it is one of the kind's title fields.
func Reads(k gis.Kind, name string) bool {
	if slices.Contains(Attributes, name) {
		return true
	}
	sc, ok := gis.Lookup(k)
	return ok && slices.Contains(sc.Title, name)
}

// ParamVersion is one dated value of a formula parameter.
type ParamVersion struct {
	Name      string   `json:"name"`
	Value     float64  `json:"value"`
	ValidFrom gis.Date `json:"valid_from"`
}

// CatalogueAt picks from every version of every target the one in force on
// day d: for each code the latest valid_from on or before d, or the
// earliest version when d precedes them all. The result is sorted by group
// and code.
func CatalogueAt(versions []Target, d gis.Date) Catalogue {
	vs := slices.Clone(versions)
	slices.SortStableFunc(vs, func(a, b Target) int {
		if c := strings.Compare(a.Code, b.Code); c != 0 {
			return c
		}
		return a.ValidFrom.Time().Compare(b.ValidFrom.Time())
	})
	var out Catalogue
	for _, t := range vs {
		if n := len(out); n > 0 && out[n-1].Code == t.Code {
			if !d.Before(t.ValidFrom) {
				out[n-1] = t
			}
			continue
		}
		out = append(out, t)
	}
	out.Sort()
	return out
}

// ParamsAt picks the value of each parameter in force on day d, the same
// way as CatalogueAt.
func ParamsAt(versions []ParamVersion, d gis.Date) Params {
	vs := slices.Clone(versions)
	slices.SortStableFunc(vs, func(a, b ParamVersion) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return a.ValidFrom.Time().Compare(b.ValidFrom.Time())
	})
	out := Params{}
	for _, v := range vs {
		if _, seen := out[v.Name]; !seen || !d.Before(v.ValidFrom) {
			out[v.Name] = v.Value
		}
	}
	return out
}

// Source is everything the indicators are computed from, as a store holds
// it: every version of the targets and parameters, the inspection cycles,
// the reported figures and the live features.
type Source struct {
	// Targets are every version of every target (nil: Defaults()).
	Targets []Target
	// Params are every version of every parameter (nil: the defaults).
	Params  []ParamVersion
	Cycles  inspect.Cycles
	Entries []Entry
	// Features are the registry's records, in the store's order (kind by
	// kind, oldest first); kinds the formulas do not read are dropped.
	Features []*gis.Feature
}

// Change is one edit of the registry: the record as stored after an
// insert, a save or a restore, or a tombstone (Deleted set, or Feature nil)
// after a delete.
type Change struct {
	Kind    gis.Kind
	ID      string
	Feature *gis.Feature
}

// Upserted is the change of a record inserted, saved or restored.
func Upserted(f *gis.Feature) Change { return Change{Kind: f.Kind, ID: f.ID, Feature: f} }

// Deleted is the change of a record deleted.
func Deleted(k gis.Kind, id string) Change { return Change{Kind: k, ID: id} }

// Model keeps the indicators' input in memory and follows the registry's
// edits, so that a dashboard recomputes after each edit without reading
// the store again. Load it once (the store's IndicatorModel), then Apply
// every change the user or a sync makes, and Compute whenever needed. A
// Model is safe for concurrent use: Compute works on a snapshot taken
// under a read lock.
type Model struct {
	mu      sync.RWMutex
	version uint64
	targets []Target
	params  []ParamVersion
	cycles  inspect.Cycles
	entries []Entry
	kinds   map[gis.Kind]*kindSet
}

// kindSet holds one kind's records in the store's order. A deleted record
// keeps its slot (as a tombstone) so that a restore puts it back where a
// fresh load would; so does a record loaded inert (Inert: no formula can
// count it), as a nil slot that costs only its id.
type kindSet struct {
	fs  []*gis.Feature
	pos map[string]int
}

// NewModel builds a model from src. The model owns src's slices and
// features from then on: the caller must not change them.
func NewModel(src Source) *Model {
	m := &Model{targets: src.Targets, params: src.Params, cycles: src.Cycles, entries: src.Entries,
		kinds: make(map[gis.Kind]*kindSet, len(Kinds))}
	if m.targets == nil {
		m.targets = Defaults()
	}
	if m.params == nil {
		for n, v := range DefaultParams() {
			m.params = append(m.params, ParamVersion{Name: n, Value: v, ValidFrom: Plan.From})
		}
	}
	for _, k := range Kinds {
		m.kinds[k] = &kindSet{pos: map[string]int{}}
	}
	for _, f := range src.Features {
		m.Load(f)
	}
	return m
}

// Load adds a record as a store loads it, in the store's order (kind by
// kind, oldest first), without copying it: the model owns it from then
// on. A loader that hands records over one by one as it reads them keeps
// only what the formulas can count. Use Apply for edits.
func (m *Model) Load(f *gis.Feature) {
	if f == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	ks := m.kinds[f.Kind]
	if ks == nil {
		return
	}
	if Inert(f) {
		ks.hold(f.ID)
		return
	}
	ks.put(f)
}

// Inert reports whether no formula can count the record, whatever the
// period or parameters: a lamp that is not working or not a point, a tree
// without a planting date. An edit that changes this arrives through
// Apply with the whole record.
func Inert(f *gis.Feature) bool {
	switch f.Kind {
	case gis.Lamp:
		_, pt := f.Geom.(orb.Point)
		return !pt || f.Text("status") != "working"
	case gis.Tree:
		_, ok := f.Date("planted_on")
		return !ok
	}
	return false
}

// hold keeps a slot for an inert record.
func (ks *kindSet) hold(id string) {
	if _, ok := ks.pos[id]; ok {
		return
	}
	ks.pos[id] = len(ks.fs)
	ks.fs = append(ks.fs, nil)
}

// live reports whether slot f holds a record the formulas see.
func live(f *gis.Feature) bool { return f != nil && !f.Deleted }

func (ks *kindSet) put(f *gis.Feature) {
	if i, ok := ks.pos[f.ID]; ok {
		ks.fs[i] = f
		return
	}
	ks.pos[f.ID] = len(ks.fs)
	ks.fs = append(ks.fs, f)
}

// Apply follows edits of the registry, in order. It reports whether any of
// them touched a kind the indicators read (false: nothing to recompute).
// The model keeps its own copy of each record, so the caller may go on
// editing its features.
func (m *Model) Apply(cs ...Change) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	touched := false
	for _, c := range cs {
		kind, id := c.Kind, c.ID
		if c.Feature != nil {
			kind, id = c.Feature.Kind, c.Feature.ID
		}
		ks := m.kinds[kind]
		if ks == nil || id == "" {
			continue
		}
		touched = true
		if c.Feature == nil || c.Feature.Deleted {
			if i, ok := ks.pos[id]; ok && live(ks.fs[i]) {
				g := *ks.fs[i]
				g.Deleted = true
				if c.Feature != nil {
					g.Meta = c.Feature.Meta
				}
				ks.fs[i] = &g
			}
			continue
		}
		if Inert(c.Feature) {
			if i, ok := ks.pos[id]; ok {
				ks.fs[i] = nil
			} else {
				ks.hold(id)
			}
			continue
		}
		ks.put(cloneFeature(c.Feature))
	}
	if touched {
		m.version++
	}
	return touched
}

func cloneFeature(f *gis.Feature) *gis.Feature {
	g := *f
	g.Attrs = make(map[string]any, len(f.Attrs))
	for k, v := range f.Attrs {
		g.Attrs[k] = v
	}
	if f.Geom != nil {
		g.Geom = orb.Clone(f.Geom)
	}
	return &g
}

// AddEntry follows a reported figure stored (corrections included).
func (m *Model) AddEntry(e Entry) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.entries = append(m.entries, e)
	m.version++
}

// SetTarget follows a new version of a target (same code and valid_from:
// it replaces that version).
func (m *Model) SetTarget(t Target) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.version++
	for i := range m.targets {
		if m.targets[i].Code == t.Code && m.targets[i].ValidFrom == t.ValidFrom {
			m.targets[i] = t
			return
		}
	}
	m.targets = append(m.targets, t)
}

// SetParam follows a new version of a parameter (same name and valid_from:
// it replaces that version).
func (m *Model) SetParam(v ParamVersion) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.version++
	for i := range m.params {
		if m.params[i].Name == v.Name && m.params[i].ValidFrom == v.ValidFrom {
			m.params[i] = v
			return
		}
	}
	m.params = append(m.params, v)
}

// SetCycles follows a change of the inspection cycles.
func (m *Model) SetCycles(c inspect.Cycles) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cycles = c
	m.version++
}

// Version counts the changes applied: a dashboard that cached a board for
// a version need not recompute while it stays the same.
func (m *Model) Version() uint64 {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.version
}

// Len is the number of live records the model holds.
func (m *Model) Len() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	n := 0
	for _, ks := range m.kinds {
		for _, f := range ks.fs {
			if live(f) {
				n++
			}
		}
	}
	return n
}

// Feature returns the live record of kind k with the id (nil when absent or
// deleted). It is the model's copy: do not change it.
func (m *Model) Feature(k gis.Kind, id string) *gis.Feature {
	m.mu.RLock()
	defer m.mu.RUnlock()
	ks := m.kinds[k]
	if ks == nil {
		return nil
	}
	if i, ok := ks.pos[id]; ok && live(ks.fs[i]) {
		return ks.fs[i]
	}
	return nil
}

// evalDay is the day a period is evaluated on: its last day, or today when
// earlier.
func evalDay(p Period, today gis.Date) gis.Date {
	if !today.IsZero() && today.Before(p.To) {
		return today
	}
	return p.To
}

// Input returns the catalogue in force for period p evaluated on day today
// and a snapshot of the input (what the store's IndicatorInput reads): the
// parameters in force, the cycles, the figures and the live features, kind
// by kind in the store's order.
func (m *Model) Input(p Period, today gis.Date) (Catalogue, *Input) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	asOf := evalDay(p, today)
	in := &Input{Today: today, Cycles: m.cycles, Params: ParamsAt(m.params, asOf), Entries: slices.Clone(m.entries)}
	n := 0
	for _, ks := range m.kinds {
		n += len(ks.fs)
	}
	in.Features = make([]*gis.Feature, 0, n)
	for _, k := range Kinds {
		for _, f := range m.kinds[k].fs {
			if live(f) {
				in.Features = append(in.Features, f)
			}
		}
	}
	return CatalogueAt(m.targets, asOf), in
}

// Compute evaluates every target in force for period p on day today (the
// zero day: the period's end) from the model's current state.
func (m *Model) Compute(p Period, today gis.Date, opt Options) (Catalogue, *Board) {
	m.mu.RLock()
	asOf := evalDay(p, today)
	cat := CatalogueAt(m.targets, asOf)
	in := &Input{Today: today, Cycles: m.cycles, Params: ParamsAt(m.params, asOf), Entries: slices.Clone(m.entries)}
	byKind := make(map[gis.Kind][]*gis.Feature, len(m.kinds))
	for k, ks := range m.kinds {
		n := 0
		for _, f := range ks.fs {
			if live(f) {
				n++
			}
		}
		fs := make([]*gis.Feature, 0, n)
		for _, f := range ks.fs {
			if live(f) {
				fs = append(fs, f)
			}
		}
		byKind[k] = fs
	}
	m.mu.RUnlock()
	return cat, computeKinds(cat, in, byKind, p, opt)
}

// Trend computes the ward's indicators for each period (the catalogue and
// parameters in force for each), on day today.
func (m *Model) Trend(periods []Period, today gis.Date, opt Options) []TrendPoint {
	out := make([]TrendPoint, 0, len(periods))
	opt.PerTDP, opt.PerStreet = false, false
	for _, p := range periods {
		_, b := m.Compute(p, today, opt)
		out = append(out, TrendPoint{Period: p, Name: p.Name, Results: b.Ward})
	}
	return out
}
