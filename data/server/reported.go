package server

import (
	"context"
	"time"

	"wardmap/data/sync/catalogue"
	"wardmap/data/sync/wire"
	"wardmap/gis"
	"wardmap/gis/indicator"
)

// Reported figures on the server (issue 15): a figure is checked by the
// laptop's own rule, indicator.Check, against the catalogue of the ward
// (the seed every laptop starts with and the versions pushed since): the
// target exists and is a reported one, the scope is one it is measured
// for, the period is well formed and of the target's frequency, the value
// is finite and within the target's range, and a TDP's figure comes from
// the head of that TDP (its account's TDP). A figure that breaks a rule
// is rejected with the rule's message; the push's other operations apply.
//
// Who entered a figure is the account that pushed it: the server sets
// entered_by to the logged-in user's name. When the laptop named someone
// else (its own user name, "Nguyễn Văn Bình" for the account "binh"), that
// name is kept in entered_as, and the record keeps the ID the laptop made
// from its key (catalogue.ID reads entered_as as the key's name).

// stampEnteredBy sets entered_by of a reported figure's insert to u and
// keeps the laptop's name in entered_as.
func stampEnteredBy(u *User, op *wire.Op) {
	if op.Kind != KindFigure || op.Op != wire.OpInsert || op.Fields == nil {
		return
	}
	as, _ := op.Fields["entered_as"].(string)
	by, _ := op.Fields["entered_by"].(string)
	if as == "" && by != u.Name {
		as = by
	}
	op.Fields["entered_by"] = u.Name
	if as != "" {
		op.Fields["entered_as"] = as
	}
}

// checkReported applies indicator.Check to a new reported figure.
func (s *Service) checkReported(ctx context.Context, tx WardTx, u *User, fields map[string]any) error {
	str := func(k string) string { v, _ := fields[k].(string); return v }
	e := &indicator.Entry{Code: str("code"), Scope: indicator.Scope(str("scope")), ScopeID: str("scope_id"), Period: str("period"),
		Note: str("note"), By: str("entered_by")}
	switch v := wire.Normalize(fields["value"]).(type) {
	case float64:
		e.Value = v
	case int64:
		e.Value = float64(v)
	}
	e.At, _ = time.Parse(time.RFC3339Nano, str("entered_at"))
	p, err := indicator.ParsePeriod(e.Period)
	if err != nil {
		return rejectErr{err}
	}
	if p.Name != e.Period {
		return reject("kỳ %q cần viết là %q (write the period as %q)", e.Period, p.Name, p.Name)
	}
	versions, err := s.targetVersions(ctx, tx)
	if err != nil {
		return err
	}
	t, err := indicator.CatalogueAt(versions, p.To).Lookup(e.Code)
	if err != nil {
		return rejectErr{err}
	}
	if t.Code != e.Code {
		return reject("mã chỉ tiêu %q cần viết là %q (write the code as %q)", e.Code, t.Code, t.Code)
	}
	var info *indicator.TDPInfo
	if e.Scope == indicator.TDP && gis.ValidID(e.ScopeID) {
		r, err := tx.Record(ctx, e.ScopeID)
		if err != nil {
			return err
		}
		if r != nil && !r.Deleted && r.Kind == string(gis.TDP) {
			name, _ := r.Fields["name"].(string)
			head, _ := r.Fields["head"].(string)
			info = &indicator.TDPInfo{ID: r.ID, Name: name, Head: head}
		}
	}
	userTDP := ""
	if u.Role == TDPHead {
		userTDP = u.TDP
	}
	if err := indicator.Check(t, e, userTDP, info); err != nil {
		return rejectErr{err}
	}
	return nil
}

// targetVersions is every version of every target the ward knows: the
// seed's, with the versions pushed since in their place or beside them.
func (s *Service) targetVersions(ctx context.Context, tx WardTx) ([]indicator.Target, error) {
	byID := map[string]map[string]any{}
	seeds, err := catalogue.Seed()
	if err != nil {
		return nil, err
	}
	for id, r := range seeds {
		if r.Kind == KindTarget {
			byID[id] = r.Fields
		}
	}
	recs, err := tx.Records(ctx, KindTarget)
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		byID[r.ID] = r.Fields
	}
	out := make([]indicator.Target, 0, len(byID))
	for _, f := range byID {
		t, err := catalogue.Target(f)
		if err != nil {
			continue // catalogue.Check keeps such versions out
		}
		out = append(out, t)
	}
	return out, nil
}
