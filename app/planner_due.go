package app

import (
	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/inspect"
	"wardmap/gis/section"
)

// dueRow is one row of the Plan tab's due list: a kind's header (sec nil)
// or one street section of that kind.
type dueRow struct {
	text string
	sec  *section.DueSection
}

// dueRows flattens the groups into the list's rows: each kind's header,
// then its sections, saying where each is (the section's name and cross
// streets, its TDP, how far from the office) and how late.
func (p *Planner) dueRows(groups []section.DueGroup) []dueRow {
	t := p.w.tr.T
	var rows []dueRow
	for gi := range groups {
		g := &groups[gi]
		kind := g.Label
		if sc, ok := gis.Lookup(g.Kind); ok {
			kind = sc.Label.In(p.w.tr.Lang)
		}
		rows = append(rows, dueRow{text: t("planner.due_group", kind, g.Count, len(g.Sections))})
		for si := range g.Sections {
			s := &g.Sections[si]
			rows = append(rows, dueRow{text: p.sectionText(s), sec: s})
		}
	}
	return rows
}

func (p *Planner) sectionText(s *section.DueSection) string {
	label := s.Label
	if p.w.tr.Lang != "vi" && s.LabelEN != "" {
		label = s.LabelEN
	}
	where := label
	if s.TDP != "" && s.ID != "" { // an away-from-streets label already names its TDP
		where += " · " + s.TDP
	}
	if s.OfficeM > 0 {
		where += " · " + p.w.tr.T("planner.due_office", gis.Distance(s.OfficeM).In(p.w.tr.Lang))
	}
	what := p.w.tr.T("planner.due_n", len(s.Items))
	if len(s.Items) == 1 { // one thing to do there: say what it is
		what = s.Items[0].Title
	}
	return p.w.tr.T("planner.due_section", what, lateText(p, s.Overdue), where)
}

func lateText(p *Planner, days int) string {
	if days <= 0 {
		return p.w.tr.T("planner.due_today")
	}
	return p.w.tr.T("planner.due_late", days)
}

// dueBound is the extent of the items' places (their geometry, or the
// point they are listed at).
func dueBound(items []inspect.Item) orb.Bound {
	var b orb.Bound
	for i, it := range items {
		ib := orb.Bound{Min: it.Location, Max: it.Location}
		if it.Geom != nil {
			ib = it.Geom.Bound()
		}
		if i == 0 {
			b = ib
		} else {
			b = b.Union(ib)
		}
	}
	return b
}

// DueRow returns row i of the due list as shown, and its section (nil for
// a kind's header). Tests read it.
func (p *Planner) DueRow(i int) (string, *section.DueSection) {
	if i < 0 || i >= len(p.rows) {
		return "", nil
	}
	return p.rows[i].text, p.rows[i].sec
}
