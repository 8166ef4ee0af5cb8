package catalogue

import (
	"fmt"
	"slices"
	"time"

	"wardmap/data/sync/wire"
	"wardmap/gis"
	"wardmap/gis/indicator"
	"wardmap/gis/inspect"
)

// The indicators from sync records (issue 13): the server's dashboard
// computes the plan's targets with indicator.Model, the code the laptop's
// `wardmap indicators` and window use, from the records of a ward as the
// server keeps them. What a laptop holds after a full sync is the seed
// catalogue (migrations 0004, 0005) overlaid by the ward's catalogue
// records, and the ward's live features: WireSource builds the same.

// WireSource gathers sync records (a server's records of one ward, in
// revision order) into the indicators' input.
type WireSource struct {
	cat   map[string]wire.Record // catalogue records by ID, the seed's first
	order []string               // catalogue IDs in the order first seen
	feats []*gis.Feature
}

// NewWireSource starts from the seed catalogue every laptop starts with.
func NewWireSource() (*WireSource, error) {
	seeds, err := Seed()
	if err != nil {
		return nil, err
	}
	w := &WireSource{cat: make(map[string]wire.Record, len(seeds))}
	ids := make([]string, 0, len(seeds))
	for id := range seeds {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		w.put(seeds[id])
	}
	return w, nil
}

func (w *WireSource) put(r wire.Record) {
	if _, ok := w.cat[r.ID]; !ok {
		w.order = append(w.order, r.ID)
	}
	w.cat[r.ID] = r
}

// WireKinds are the record kinds the indicators read: the features' and
// the catalogue's (targets, parameters, cycles, reported figures).
func WireKinds() []string {
	out := []string{KindTarget, KindParam, KindCycle, KindFigure}
	for _, k := range indicator.Kinds {
		out = append(out, string(k))
	}
	return out
}

// Add takes one record; the latest state of a record wins, and a deleted
// one leaves. Kinds the indicators do not read are ignored.
func (w *WireSource) Add(r *wire.Record) error {
	switch r.Kind {
	case KindTarget, KindParam, KindCycle, KindFigure:
		if r.Deleted {
			delete(w.cat, r.ID)
			return nil
		}
		w.put(*r)
		return nil
	}
	if !slices.Contains(indicator.Kinds, gis.Kind(r.Kind)) || r.Deleted {
		return nil
	}
	f, err := wire.RecordFeature(r)
	if err != nil {
		return err
	}
	w.feats = append(w.feats, f)
	return nil
}

// Source is what was added, as indicator.NewModel takes it. The features
// are handed over: call it once.
func (w *WireSource) Source() (indicator.Source, error) {
	src := indicator.Source{Features: w.feats}
	w.feats = nil
	for _, id := range w.order {
		r, ok := w.cat[id]
		if !ok {
			continue
		}
		switch r.Kind {
		case KindTarget:
			t, err := Target(r.Fields)
			if err != nil {
				continue // Check keeps such versions off the server
			}
			src.Targets = append(src.Targets, t)
		case KindParam:
			v, err := ParamFromWire(r.Fields)
			if err != nil {
				return src, err
			}
			src.Params = append(src.Params, v)
		case KindCycle:
			c, err := CycleFromWire(r.Fields)
			if err != nil {
				return src, err
			}
			src.Cycles = append(src.Cycles, c)
		case KindFigure:
			e, err := EntryFromWire(r.Fields)
			if err != nil {
				return src, err
			}
			src.Entries = append(src.Entries, e)
		}
	}
	src.Cycles.Sort()
	// Entries() reads them oldest first: the latest entry of a key wins.
	slices.SortStableFunc(src.Entries, func(a, b indicator.Entry) int { return a.At.Compare(b.At) })
	return src, nil
}

func wireText(fields map[string]any, k string) string { s, _ := fields[k].(string); return s }

func wireNum(fields map[string]any, k string) float64 {
	switch x := wire.Normalize(fields[k]).(type) {
	case float64:
		return x
	case int64:
		return float64(x)
	}
	return 0
}

// ParamFromWire reads a formula parameter's record (wire form).
func ParamFromWire(fields map[string]any) (indicator.ParamVersion, error) {
	v := indicator.ParamVersion{Name: wireText(fields, "name"), Value: wireNum(fields, "value")}
	d, err := gis.ParseDate(wireText(fields, "valid_from"))
	if err != nil {
		return v, gis.Errorf(gis.EINVALID, "tham số %s: valid_from %q: %v", v.Name, wireText(fields, "valid_from"), err)
	}
	v.ValidFrom = d
	return v, nil
}

// CycleFromWire reads an inspection cycle's record (wire form).
func CycleFromWire(fields map[string]any) (inspect.Cycle, error) {
	c := inspect.Cycle{Kind: gis.Kind(wireText(fields, "kind")), Class: wireText(fields, "class"), Days: int(wireNum(fields, "days")),
		Note: wireText(fields, "note")}
	var err error
	if c.Season, err = inspect.ParseSeason(wireText(fields, "season")); err != nil {
		return c, fmt.Errorf("gpkg: cycle %s: %w", c.Key(), err)
	}
	return c, nil
}

// EntryFromWire reads a reported figure's record (wire form).
func EntryFromWire(fields map[string]any) (indicator.Entry, error) {
	e := indicator.Entry{Code: wireText(fields, "code"), Scope: indicator.Scope(wireText(fields, "scope")), ScopeID: wireText(fields, "scope_id"),
		Period: wireText(fields, "period"), Value: wireNum(fields, "value"), Note: wireText(fields, "note"), By: wireText(fields, "entered_by")}
	at, err := time.Parse(time.RFC3339Nano, wireText(fields, "entered_at"))
	if err != nil {
		return e, gis.Errorf(gis.EINVALID, "số liệu %s: entered_at %q: %v", e.Code, wireText(fields, "entered_at"), err)
	}
	e.At = at
	return e, nil
}
