package gpkg

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"wardmap/data/sync/catalogue"
	"wardmap/gis"
	"wardmap/gis/indicator"
)

// Targets returns the catalogue in force on day d: for each code the
// version with the latest valid_from on or before d (or, for a day before
// every version, the earliest), sorted by group and code.
func (s *Store) Targets(ctx context.Context, d gis.Date) (indicator.Catalogue, error) {
	vs, err := s.TargetVersions(ctx)
	if err != nil {
		return nil, err
	}
	return indicator.CatalogueAt(vs, d), nil
}

// TargetVersions returns every version of every target, by code then
// valid_from.
func (s *Store) TargetVersions(ctx context.Context) ([]indicator.Target, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT code, valid_from, name_vi, name_en, grp, unit, baseline, baseline_period,
		target, direction, frequency, scopes, kind, cumulative, ramp, min_value, max_value, method
		FROM wm_targets ORDER BY code, valid_from`)
	if err != nil {
		return nil, fmt.Errorf("gpkg: targets: %w", err)
	}
	defer rows.Close()
	var out []indicator.Target
	for rows.Next() {
		var t indicator.Target
		var from any
		var grp, dir, freq, scopes, kind string
		var base sql.NullFloat64
		if err := rows.Scan(&t.Code, &from, &t.Name.VI, &t.Name.EN, &grp, &t.Unit, &base, &t.BaselinePeriod,
			&t.Value, &dir, &freq, &scopes, &kind, &t.Cumulative, &t.Ramp, &t.Min, &t.Max, &t.Method); err != nil {
			return nil, err
		}
		if t.ValidFrom, err = scanDate(from); err != nil {
			return nil, fmt.Errorf("gpkg: target %s: %w", t.Code, err)
		}
		if base.Valid {
			t.Baseline = &base.Float64
		}
		t.Group, t.Direction, t.Frequency, t.Kind = indicator.Group(grp), indicator.Direction(dir), indicator.Frequency(freq), indicator.Kind(kind)
		for _, sc := range strings.Split(scopes, ",") {
			t.Scopes = append(t.Scopes, indicator.Scope(strings.TrimSpace(sc)))
		}
		t.PerTDP = t.TDPRule() // not stored: the rule the catalogue follows
		out = append(out, t)
	}
	return out, rows.Err()
}

// SetTarget stores a new version of a target (its baseline, target value
// ...) taking effect on t.ValidFrom; earlier periods keep the old one.
func (s *Store) SetTarget(ctx context.Context, user string, t indicator.Target) error {
	if s.w == nil {
		return errReadOnly
	}
	if t.ValidFrom.IsZero() {
		return gis.Errorf(gis.EINVALID, "cần ngày hiệu lực (valid-from date required)")
	}
	var scopes []string
	for _, sc := range t.Scopes {
		scopes = append(scopes, string(sc))
	}
	var base any
	if t.Baseline != nil {
		base = *t.Baseline
	}
	err := s.catalogueExec(ctx, user, catalogue.KindTarget, "", map[string]any{"code": t.Code, "valid_from": t.ValidFrom.String()}, `INSERT INTO wm_targets (code, valid_from, name_vi, name_en, grp, unit, baseline, baseline_period,
		target, direction, frequency, scopes, kind, cumulative, ramp, min_value, max_value, method, updated_at, updated_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (code, valid_from) DO UPDATE SET name_vi = excluded.name_vi, name_en = excluded.name_en, grp = excluded.grp,
		  unit = excluded.unit, baseline = excluded.baseline, baseline_period = excluded.baseline_period, target = excluded.target,
		  direction = excluded.direction, frequency = excluded.frequency, scopes = excluded.scopes, kind = excluded.kind,
		  cumulative = excluded.cumulative, ramp = excluded.ramp, min_value = excluded.min_value, max_value = excluded.max_value,
		  method = excluded.method, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
		t.Code, t.ValidFrom.String(), t.Name.VI, t.Name.EN, string(t.Group), t.Unit, base, t.BaselinePeriod, t.Value,
		string(t.Direction), string(t.Frequency), strings.Join(scopes, ","), string(t.Kind), t.Cumulative, t.Ramp, t.Min, t.Max,
		t.Method, s.Now().Format(timeFormat), user)
	if err != nil {
		return fmt.Errorf("gpkg: set target %s: %w", t.Code, err)
	}
	return nil
}

// TargetParams returns the formula parameters in force on day d.
func (s *Store) TargetParams(ctx context.Context, d gis.Date) (indicator.Params, error) {
	vs, err := s.ParamVersions(ctx)
	if err != nil {
		return nil, err
	}
	return indicator.ParamsAt(vs, d), nil
}

// ParamVersions returns every version of every formula parameter, by name
// then valid_from.
func (s *Store) ParamVersions(ctx context.Context) ([]indicator.ParamVersion, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT name, value, valid_from FROM wm_target_params ORDER BY name, valid_from`)
	if err != nil {
		return nil, fmt.Errorf("gpkg: parameters: %w", err)
	}
	defer rows.Close()
	var out []indicator.ParamVersion
	for rows.Next() {
		var v indicator.ParamVersion
		var from any
		if err := rows.Scan(&v.Name, &v.Value, &from); err != nil {
			return nil, err
		}
		if v.ValidFrom, err = scanDate(from); err != nil {
			return nil, fmt.Errorf("gpkg: parameter %s: %w", v.Name, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// SetParam stores a parameter's value from day validFrom on.
func (s *Store) SetParam(ctx context.Context, user, name string, value float64, validFrom gis.Date, note string) error {
	if s.w == nil {
		return errReadOnly
	}
	if _, ok := indicator.DefaultParams()[name]; !ok {
		var names []string
		for n := range indicator.DefaultParams() {
			names = append(names, n)
		}
		return gis.Errorf(gis.EINVALID, "tham số không rõ %q; có: %s (unknown parameter)", name, strings.Join(sortStrings(names), ", "))
	}
	if value < 0 {
		return gis.Errorf(gis.EINVALID, "tham số %s không được âm (must not be negative)", name)
	}
	err := s.catalogueExec(ctx, user, catalogue.KindParam, "", map[string]any{"name": name, "valid_from": validFrom.String()}, `INSERT INTO wm_target_params (name, value, valid_from, note, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (name, valid_from) DO UPDATE SET value = excluded.value, note = excluded.note,
		  updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
		name, value, validFrom.String(), note, s.Now().Format(timeFormat), user)
	if err != nil {
		return fmt.Errorf("gpkg: set parameter %s: %w", name, err)
	}
	return nil
}

func sortStrings(s []string) []string {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s
}

// Entries returns every reported figure, corrections included, oldest first.
func (s *Store) Entries(ctx context.Context) ([]indicator.Entry, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT code, scope, scope_id, period, value, note, entered_by, entered_at
		FROM wm_reported ORDER BY entered_at, fid`)
	if err != nil {
		return nil, fmt.Errorf("gpkg: reported figures: %w", err)
	}
	defer rows.Close()
	var out []indicator.Entry
	for rows.Next() {
		var e indicator.Entry
		var scope string
		var at any
		if err := rows.Scan(&e.Code, &scope, &e.ScopeID, &e.Period, &e.Value, &e.Note, &e.By, &at); err != nil {
			return nil, err
		}
		e.Scope = indicator.Scope(scope)
		if e.At, err = scanTime(at); err != nil {
			return nil, fmt.Errorf("gpkg: reported figure %s: %w", e.Code, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func errNoTDP(id string) error {
	return gis.Errorf(gis.ENOTFOUND, "không có tổ dân phố %q (no such residential group; give its id, code or name)", id)
}

// FindTDP finds a residential group by id, code or name (diacritics and
// case ignored).
func (s *Store) FindTDP(ctx context.Context, key string) (*gis.Feature, error) {
	res, err := s.Find(ctx, Query{Kind: gis.TDP})
	if err != nil {
		return nil, err
	}
	k := gis.FoldSearch(key)
	for _, r := range res {
		if r.ID == key {
			return r.Feature, nil
		}
	}
	var found *gis.Feature
	for _, r := range res {
		if gis.FoldSearch(r.Text("code")) == k || gis.FoldSearch(r.Text("name")) == k {
			if found != nil {
				return nil, gis.Errorf(gis.EINVALID, "%q chỉ nhiều tổ dân phố, dùng id (names several groups; use the id)", key)
			}
			found = r.Feature
		}
	}
	if found == nil {
		return nil, errNoTDP(key)
	}
	return found, nil
}

// AddEntry checks and stores a reported figure as e.By. For a TDP figure
// the user must be the head of that TDP (the registry's tdp.head names
// who heads which group); the server will enforce the same on its side.
func (s *Store) AddEntry(ctx context.Context, e *indicator.Entry) error {
	if s.w == nil {
		return errReadOnly
	}
	p, err := indicator.ParsePeriod(e.Period)
	if err != nil {
		return err
	}
	cat, err := s.Targets(ctx, p.To)
	if err != nil {
		return err
	}
	t, err := cat.Lookup(e.Code)
	if err != nil {
		return err
	}
	e.Code = t.Code
	var info *indicator.TDPInfo
	userTDP := ""
	if e.Scope == indicator.TDP && e.ScopeID != "" {
		f, err := s.FindTDP(ctx, e.ScopeID)
		if err != nil && gis.ErrorCode(err) != gis.ENOTFOUND {
			return err
		}
		if f != nil {
			hh, _ := f.Float("households")
			info = &indicator.TDPInfo{ID: f.ID, Name: f.Text("name"), Head: f.Text("head"), Households: int64(hh)}
			e.ScopeID = f.ID
		}
		res, err := s.Find(ctx, Query{Kind: gis.TDP})
		if err != nil {
			return err
		}
		for _, r := range res {
			if h := r.Text("head"); h != "" && gis.FoldSearch(h) == gis.FoldSearch(e.By) {
				userTDP = r.ID
				if info != nil && r.ID == info.ID {
					break
				}
			}
		}
	}
	if e.At.IsZero() {
		e.At = s.Now()
	}
	if err := indicator.Check(t, e, userTDP, info); err != nil {
		return err
	}
	at := e.At.UTC().Format(timeFormat)
	key := map[string]any{"code": e.Code, "scope": string(e.Scope), "scope_id": e.ScopeID, "period": e.Period, "entered_by": e.By, "entered_at": at}
	err = s.catalogueExec(ctx, e.By, catalogue.KindFigure, "", key, `INSERT INTO wm_reported (code, scope, scope_id, period, value, note, entered_by, entered_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, e.Code, string(e.Scope), e.ScopeID, e.Period, e.Value, e.Note, e.By, at)
	if err != nil {
		return fmt.Errorf("gpkg: store reported figure: %w", err)
	}
	return nil
}

// IndicatorKinds are the kinds the formulas read.
var IndicatorKinds = indicator.Kinds

// IndicatorInput loads what indicator.Compute needs for period p evaluated
// on day today: the catalogue and parameters in force on the period's
// last day of evaluation, the cycles, the features and the reported figures.
func (s *Store) IndicatorInput(ctx context.Context, p indicator.Period, today gis.Date) (indicator.Catalogue, *indicator.Input, error) {
	asOf := p.To
	if !today.IsZero() && today.Before(asOf) {
		asOf = today
	}
	cat, err := s.Targets(ctx, asOf)
	if err != nil {
		return nil, nil, err
	}
	in := &indicator.Input{Today: today}
	if in.Params, err = s.TargetParams(ctx, asOf); err != nil {
		return nil, nil, err
	}
	if in.Cycles, err = s.Cycles(ctx); err != nil {
		return nil, nil, err
	}
	if in.Entries, err = s.Entries(ctx); err != nil {
		return nil, nil, err
	}
	if in.Features, err = s.indicatorFeatures(ctx); err != nil {
		return nil, nil, err
	}
	return cat, in, nil
}

// scanDate reads a DATE column (the driver hands back a time or a text).
func scanDate(v any) (gis.Date, error) {
	if t, ok := v.(time.Time); ok {
		return gis.DateOf(t.UTC()), nil
	}
	s, _ := asString(v)
	return gis.ParseDate(s)
}
