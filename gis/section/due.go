package section

import (
	"sort"

	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/inspect"
)

// NearM is how far from a street a lamp, drain or tree may stand and
// still be listed on that street's section (a pavement and a verge).
const NearM = 60

// DueGroup is one kind's share of the due list, by section.
type DueGroup struct {
	Kind     gis.Kind     `json:"kind"`
	Label    string       `json:"label"` // the kind's name, Vietnamese
	Count    int          `json:"count"` // items due
	Sections []DueSection `json:"sections"`
}

// DueSection is what is due on one street section, or, for records away
// from every street, in one TDP (ID "" then).
type DueSection struct {
	ID      string `json:"section_id,omitempty"`
	Label   string `json:"label"`
	LabelEN string `json:"label_en"`
	Name    string `json:"name,omitempty"`
	From    string `json:"from,omitempty"`
	To      string `json:"to,omitempty"`
	TDP     string `json:"tdp,omitempty"`
	TDPID   string `json:"tdp_id,omitempty"`
	// OfficeM is the distance from the ward office to the section's
	// middle, in metres (0 when the office is unknown).
	OfficeM float64 `json:"office_m,omitempty"`
	// Overdue is the most overdue item's days.
	Overdue int `json:"overdue_days"`
	// Edges are every segment of the section (the route planner's unit);
	// the due ones are the street items.
	Edges []string       `json:"edges,omitempty"`
	Items []inspect.Item `json:"items"`
	mid   orb.Point
}

// kindOrder puts what has a deadline first: violations and reports, then
// streets and the assets along them.
var kindOrder = []gis.Kind{gis.Violation, gis.Report, gis.Street, gis.Lamp, gis.Drain, gis.Tree, gis.Plate, gis.AlleySign}

func kindRank(k gis.Kind) int {
	for i, o := range kindOrder {
		if o == k {
			return i
		}
	}
	return len(kindOrder)
}

// GroupDue groups a due list by kind and by street section: a street
// segment goes to its section, anything else to the section it stands on
// (within NearM), or to its TDP when no street is that near. Within a
// kind the most overdue section comes first, then the nearest the office
// (office may be the zero point when unknown); items keep their order.
func GroupDue(items []inspect.Item, x *Index, office orb.Point) []DueGroup {
	type key struct {
		kind gis.Kind
		id   string // section id, or "tdp:" + TDP id
	}
	bySec := map[key]*DueSection{}
	groups := map[gis.Kind]*DueGroup{}
	for _, it := range items {
		var s *Section
		if it.Kind == gis.Street {
			s, _ = x.OfEdge(it.ID)
		}
		if s == nil {
			s, _ = x.Nearest(it.Location, NearM)
		}
		k := key{it.Kind, ""}
		if s != nil {
			k.id = s.ID
		} else {
			tid, _ := x.TDPAt(it.Location)
			k.id = "tdp:" + tid
		}
		ds := bySec[k]
		if ds == nil {
			ds = newDueSection(s, x, it.Location)
			bySec[k] = ds
			g := groups[it.Kind]
			if g == nil {
				g = &DueGroup{Kind: it.Kind, Label: kindLabel(it.Kind)}
				groups[it.Kind] = g
			}
		}
		if len(ds.Items) == 0 || it.Overdue > ds.Overdue {
			ds.Overdue = it.Overdue
		}
		ds.Items = append(ds.Items, it)
		groups[it.Kind].Count++
	}
	for k, ds := range bySec {
		if office != (orb.Point{}) {
			ds.OfficeM = gis.DistanceM(office, ds.mid)
		}
		groups[k.kind].Sections = append(groups[k.kind].Sections, *ds)
	}
	out := make([]DueGroup, 0, len(groups))
	for _, g := range groups {
		sortSections(g.Sections)
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool {
		if ri, rj := kindRank(out[i].Kind), kindRank(out[j].Kind); ri != rj {
			return ri < rj
		}
		return out[i].Kind < out[j].Kind
	})
	return out
}

func newDueSection(s *Section, x *Index, at orb.Point) *DueSection {
	if s == nil {
		ds := &DueSection{mid: at, Label: "Xa đường phố", LabelEN: "Away from streets"}
		ds.TDPID, ds.TDP = x.TDPAt(at)
		if ds.TDP != "" {
			ds.Label += ", " + ds.TDP
			ds.LabelEN += ", " + ds.TDP
		}
		return ds
	}
	return &DueSection{ID: s.ID, Label: s.Label("vi"), LabelEN: s.Label("en"), Name: s.Name, From: s.From, To: s.To,
		TDP: s.TDP, TDPID: s.TDPID, Edges: s.Edges, mid: s.Mid}
}

func sortSections(ss []DueSection) {
	sort.Slice(ss, func(i, j int) bool {
		a, b := &ss[i], &ss[j]
		if a.Overdue != b.Overdue {
			return a.Overdue > b.Overdue
		}
		if a.OfficeM != b.OfficeM {
			return a.OfficeM < b.OfficeM
		}
		if a.Label != b.Label {
			return a.Label < b.Label
		}
		return a.ID < b.ID
	})
}

func kindLabel(k gis.Kind) string {
	if s, ok := gis.Lookup(k); ok {
		return s.Label.In("vi")
	}
	return string(k)
}

// DueList is the due list of in, grouped by kind and section: what the
// Plan tab and `wardmap due` show. tdps places sections in their TDPs;
// office (zero when unknown) orders sections by distance. The sections
// are built from in's streets.
func DueList(in inspect.Input, tdps []*gis.Feature, office orb.Point) []DueGroup {
	return GroupDue(inspect.Due(in), IndexOf(in, tdps), office)
}

// IndexOf builds the sections of in's streets.
func IndexOf(in inspect.Input, tdps []*gis.Feature) *Index {
	var streets []*gis.Feature
	for _, f := range in.Features {
		if f.Kind == gis.Street {
			streets = append(streets, f)
		}
	}
	return Build(streets, tdps)
}
