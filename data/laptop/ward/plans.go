package ward

import (
	"context"
	"strings"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
	"wardmap/gis/indicator"
	"wardmap/gis/inspect"
)

// Scoreboard computes every target of the plan for period p as of today,
// for the ward and, by scope, for each TDP or each street measured per
// street: what `wardmap indicators` prints.
func Scoreboard(ctx context.Context, s *gpkg.Store, p indicator.Period, today gis.Date, scope indicator.Scope) (indicator.Catalogue, *indicator.Board, error) {
	cat, in, err := s.IndicatorInput(ctx, p, today)
	if err != nil {
		return nil, nil, err
	}
	opt := indicator.Options{PerTDP: scope == indicator.TDP, PerStreet: scope == indicator.Street}
	return cat, indicator.Compute(cat, in, p, opt), nil
}

// InForce is the catalogue and the formula parameters in force on a day:
// what `wardmap indicators targets` lists, its JSON what --json prints.
type InForce struct {
	Date    string              `json:"date"`
	Targets indicator.Catalogue `json:"targets"`
	Params  indicator.Params    `json:"params"`
}

// TargetsOn reads the targets and parameters in force on day.
func TargetsOn(ctx context.Context, s *gpkg.Store, day gis.Date) (*InForce, error) {
	cat, err := s.Targets(ctx, day)
	if err != nil {
		return nil, err
	}
	params, err := s.TargetParams(ctx, day)
	if err != nil {
		return nil, err
	}
	return &InForce{Date: day.String(), Targets: cat, Params: params}, nil
}

// IsParam says whether name is a formula parameter (a known one, or any
// name with "_", which no target code has) rather than a target's code.
func IsParam(name string) bool {
	_, known := indicator.DefaultParams()[name]
	return known || strings.Contains(name, "_")
}

// TargetChange is a new version of a target: what is set changes, the
// rest is kept from the version in force.
type TargetChange struct {
	Baseline       *float64
	BaselinePeriod string
	Value          *float64
}

// SetTarget stores a new version of target code in force from validFrom,
// made of the version in force that day with ch applied.
func SetTarget(ctx context.Context, s *gpkg.Store, user, code string, validFrom gis.Date, ch TargetChange) (*indicator.Target, error) {
	cat, err := s.Targets(ctx, validFrom)
	if err != nil {
		return nil, err
	}
	t, err := cat.Lookup(code)
	if err != nil {
		return nil, err
	}
	v := *t
	v.ValidFrom = validFrom
	if ch.Baseline != nil {
		v.Baseline = ch.Baseline
	}
	if ch.BaselinePeriod != "" {
		if _, err := indicator.ParsePeriod(ch.BaselinePeriod); err != nil {
			return nil, gis.Errorf(gis.EINVALID, "kỳ gốc (baseline period): %v", err)
		}
		v.BaselinePeriod = ch.BaselinePeriod
	}
	if ch.Value != nil {
		v.Value = *ch.Value
	}
	return &v, s.SetTarget(ctx, user, v)
}

// SetCycle sets how often key's records ("street/main", "lamp") are due,
// every days; season replaces the months when each is due once more when
// not nil ("": none) and is kept from the stored cycle otherwise.
func SetCycle(ctx context.Context, s *gpkg.Store, user, key string, days int, season *string, note string) error {
	kind, class, err := inspect.ParseKey(key)
	if err != nil {
		return err
	}
	c := inspect.Cycle{Kind: kind, Class: class, Days: days, Note: note}
	cs, err := s.Cycles(ctx)
	if err != nil {
		return err
	}
	for _, old := range cs {
		if old.Kind == kind && old.Class == class {
			c.Season = old.Season
		}
	}
	if season != nil {
		if c.Season, err = inspect.ParseSeason(*season); err != nil {
			return err
		}
	}
	return s.SetCycle(ctx, user, c)
}

// AssignmentsOf lists the assignments of one person (to) on one day, each
// filter left out when empty.
func AssignmentsOf(ctx context.Context, s *gpkg.Store, to string, day gis.Date) ([]gpkg.Assignment, error) {
	all, err := s.Assignments(ctx)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, a := range all {
		if (to == "" || a.Assignee == to) && (day.IsZero() || a.Day == day) {
			out = append(out, a)
		}
	}
	return out, nil
}

// SetAssignmentStatus marks assignment id "done" or "cancelled".
func SetAssignmentStatus(ctx context.Context, s *gpkg.Store, user, id, status string) (*gpkg.Assignment, error) {
	all, err := s.Assignments(ctx)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].ID == id {
			all[i].Status = status
			return &all[i], s.SetAssignment(ctx, user, &all[i])
		}
	}
	return nil, gis.Errorf(gis.ENOTFOUND, "không có phân công %s (no such assignment)", id)
}
