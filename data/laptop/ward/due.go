package ward

import (
	"context"
	"encoding/json"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
	"wardmap/gis/inspect"
	"wardmap/gis/section"
)

// DueList is what is due for inspection on a day: the items, most
// overdue first (Total of them before a limit), and the same items
// grouped by kind and street section.
type DueList struct {
	Input  inspect.Input
	Items  []inspect.Item
	Total  int
	Groups []section.DueGroup
}

// DueOptions narrow a due list. Start, when set, replaces the stored
// first-cycle start for this list only; Limit keeps the most overdue (0:
// all); Office is where rounds start (sections get their distance from
// it; the zero point leaves distances out).
type DueOptions struct {
	Start  *gis.Date
	Limit  int
	Office orb.Point
}

// Due lists day's due inspections of s (inspect.Due) grouped by kind and
// street section, each section with its TDP and distance from the office:
// what `wardmap due` prints and the Plan tab lists.
func Due(ctx context.Context, s *gpkg.Store, day gis.Date, opt DueOptions) (*DueList, error) {
	in, err := s.DueInput(ctx, day)
	if err != nil {
		return nil, err
	}
	if opt.Start != nil {
		in.Start = *opt.Start
	}
	items := inspect.Due(in)
	out := &DueList{Input: in, Total: len(items)}
	if opt.Limit > 0 && len(items) > opt.Limit {
		items = items[:opt.Limit]
	}
	out.Items = items
	rs, err := s.Find(ctx, gpkg.Query{Kind: gis.TDP})
	if err != nil {
		return nil, err
	}
	tdps := make([]*gis.Feature, len(rs))
	for i, r := range rs {
		tdps[i] = r.Feature
	}
	out.Groups = section.GroupDue(items, section.IndexOf(in, tdps), opt.Office)
	return out, nil
}

// MarshalJSON is the list as `wardmap due --json` prints it: the day, the
// first-cycle start when one is set, the total and the (limited) items
// and groups, empty lists as [] for the scripts that read them.
func (d DueList) MarshalJSON() ([]byte, error) {
	out := struct {
		Date   string             `json:"date"`
		Start  string             `json:"first_cycle_start,omitempty"`
		Total  int                `json:"total"`
		Items  []inspect.Item     `json:"items"`
		Groups []section.DueGroup `json:"groups"`
	}{d.Input.Date.String(), "", d.Total, d.Items, d.Groups}
	if !d.Input.Start.IsZero() {
		out.Start = d.Input.Start.String()
	}
	if out.Items == nil {
		out.Items = []inspect.Item{}
	}
	if out.Groups == nil {
		out.Groups = []section.DueGroup{}
	}
	return json.Marshal(out)
}
