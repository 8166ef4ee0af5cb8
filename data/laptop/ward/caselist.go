package ward

import (
	"context"
	"slices"
	"time"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
	"wardmap/gis/casework"
	"wardmap/gis/indicator"
)

// ReportRow is one field report as `wardmap reports` lists it: no private
// field but the unit.
type ReportRow struct {
	ID          string                `json:"id"`
	Status      string                `json:"status"`
	Category    string                `json:"category"`
	Channel     string                `json:"channel"`
	Address     string                `json:"address,omitempty"`
	Text        string                `json:"text"`
	ReceivedAt  time.Time             `json:"received_at"`
	Deadline    string                `json:"deadline,omitempty"`
	Unit        string                `json:"unit,omitempty"`
	OverdueDays int                   `json:"overdue_days,omitempty"`
	Escalation  string                `json:"escalation,omitempty"`
	Answer      string                `json:"public_answer,omitempty"`
	Reason      string                `json:"reason,omitempty"`
	DuplicateOf string                `json:"duplicate_of,omitempty"`
	Suggestions []casework.Suggestion `json:"duplicate_suggestions,omitempty"`
}

// ReportList is the field reports on a day, most overdue first, then the
// newest, and the share of them processed on time.
type ReportList struct {
	Date    string         `json:"date"`
	Total   int            `json:"total"`
	OnTime  casework.Ratio `json:"on_time"`
	Reports []ReportRow    `json:"reports"`
}

// ReportFilter narrows a ReportList: Status is one of
// casework.ReportStatuses or "open" ("": all); Overdue keeps the overdue.
type ReportFilter struct {
	Status  string
	Overdue bool
}

// Reports lists the field reports as judged on day, each received one with
// its likely duplicates.
func Reports(ctx context.Context, s *gpkg.Store, day gis.Date, f ReportFilter) (*ReportList, error) {
	all, err := Features(ctx, s, gis.Report)
	if err != nil {
		return nil, err
	}
	rows := []ReportRow{}
	for _, r := range all {
		st := r.Text("status")
		if f.Status == "open" && !casework.ReportOpen(st) || f.Status != "" && f.Status != "open" && st != f.Status {
			continue
		}
		days, level := casework.Overdue(r, day)
		if f.Overdue && level == casework.NotOverdue {
			continue
		}
		rows = append(rows, reportRow(r, st, days, level, all))
	}
	slices.SortStableFunc(rows, func(a, b ReportRow) int {
		if a.OverdueDays != b.OverdueDays {
			return b.OverdueDays - a.OverdueDays
		}
		return b.ReceivedAt.Compare(a.ReceivedAt)
	})
	onTime := casework.ReportsOnTime(all, casework.Period{From: gis.Date{Year: 1, Month: 1, Day: 1}, To: day}, day)
	return &ReportList{Date: day.String(), Total: len(rows), OnTime: onTime, Reports: rows}, nil
}

func reportRow(f *gis.Feature, status string, days, level int, all []*gis.Feature) ReportRow {
	rt, _ := f.Time("received_at")
	r := ReportRow{ID: f.ID, Status: status, Category: f.Text("category"), Channel: f.Text("channel"), Address: f.Text("address"),
		Text: f.Text("text"), ReceivedAt: rt, Unit: f.Text("unit"), OverdueDays: days, Answer: f.Text("public_answer"),
		Reason: f.Text("reason"), DuplicateOf: f.Text("duplicate_of")}
	if dl, ok := casework.EffectiveDeadline(f); ok {
		r.Deadline = dl.String()
	}
	if level != casework.NotOverdue {
		r.Escalation = casework.LevelLabel(level).VI
	}
	if status == casework.Received {
		r.Suggestions = casework.SuggestDuplicates(f, all)
	}
	return r
}

// ViolationRow is one violation as `wardmap violations` lists it.
type ViolationRow struct {
	ID         string  `json:"id"`
	Kind       string  `json:"kind"`
	Status     string  `json:"status"`
	Address    string  `json:"address,omitempty"`
	FoundOn    string  `json:"found_on"`
	RecordNo   string  `json:"record_no,omitempty"`
	Deadline   string  `json:"deadline,omitempty"`
	Unit       string  `json:"unit,omitempty"`
	Recurrence int     `json:"recurrence"`
	Lon        float64 `json:"lon"`
	Lat        float64 `json:"lat"`
}

// ViolationList is violations, the newest found first, each with how
// often it recurred at its place, and the share of illegal ads resolved.
type ViolationList struct {
	Total       int            `json:"total"`
	AdsResolved casework.Ratio `json:"illegal_ads_resolved"`
	Violations  []ViolationRow `json:"violations"`
}

// ViolationsOf is the live violations of one kind ("": every kind).
func ViolationsOf(ctx context.Context, s *gpkg.Store, kind string) ([]*gis.Feature, error) {
	all, err := Features(ctx, s, gis.Violation)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(v *gis.Feature) bool { return kind != "" && v.Text("kind") != kind }), nil
}

// ListViolations lists vs; violations within radius metres of each other
// are the same place (casework.Recurrence).
func ListViolations(vs []*gis.Feature, radius float64) *ViolationList {
	rec := casework.Recurrence(vs, radius)
	rows := []ViolationRow{}
	for _, v := range vs {
		r := ViolationRow{ID: v.ID, Kind: v.Text("kind"), Status: v.Text("status"), Address: v.Text("address"),
			RecordNo: v.Text("record_no"), Unit: v.Text("unit"), Recurrence: rec[v.ID]}
		if d, ok := v.Date("found_on"); ok {
			r.FoundOn = d.String()
		}
		if d, ok := v.Date("deadline"); ok {
			r.Deadline = d.String()
		}
		if v.Geom != nil {
			c := v.Geom.Bound().Center()
			r.Lon, r.Lat = c[0], c[1]
		}
		rows = append(rows, r)
	}
	slices.SortStableFunc(rows, func(a, b ViolationRow) int {
		switch {
		case a.FoundOn > b.FoundOn:
			return -1
		case a.FoundOn < b.FoundOn:
			return 1
		}
		return 0
	})
	ads := casework.AdsResolved(vs, casework.Period{From: gis.Date{Year: 1, Month: 1, Day: 1}, To: gis.Date{Year: 9999, Month: 12, Day: 31}})
	return &ViolationList{Total: len(rows), AdsResolved: ads, Violations: rows}
}

// HotspotList is the places where violations of one kind keep
// happening, as `wardmap violations --hotspots` lists them.
type HotspotList struct {
	Radius    float64            `json:"radius_m"`
	Threshold int                `json:"threshold"`
	Hotspots  []casework.Hotspot `json:"hotspots"` // never null: a script reads []
}

// Hotspots groups vs within radius metres into hotspots of at least
// threshold violations (casework.Hotspots).
func Hotspots(vs []*gis.Feature, radius float64, threshold int) *HotspotList {
	hs := casework.Hotspots(vs, radius, threshold)
	if hs == nil {
		hs = []casework.Hotspot{}
	}
	return &HotspotList{Radius: radius, Threshold: threshold, Hotspots: hs}
}

// RouteViolationList is the violations of some kinds on each key route in
// a period against a baseline period, the ward's total last.
type RouteViolationList struct {
	Kinds    []string              `json:"kinds"`
	Period   string                `json:"period"`
	Baseline string                `json:"baseline"`
	Routes   []casework.RouteCount `json:"routes"`
}

// RouteViolations counts violations vs of kind (the encroachment kinds
// when "") on each key route in period cur against period base.
func RouteViolations(ctx context.Context, s *gpkg.Store, vs []*gis.Feature, kind string, cur, base indicator.Period) (*RouteViolationList, error) {
	streets, err := Features(ctx, s, gis.Street)
	if err != nil {
		return nil, err
	}
	kinds := casework.EncroachKinds
	if kind != "" {
		kinds = []string{kind}
	}
	rc := casework.RouteCounts(vs, streets, kinds, casework.Period{From: cur.From, To: cur.To}, casework.Period{From: base.From, To: base.To})
	return &RouteViolationList{Kinds: kinds, Period: cur.Name, Baseline: base.Name, Routes: rc}, nil
}
