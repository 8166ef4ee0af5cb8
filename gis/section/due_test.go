package section_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/demo"
	"wardmap/gis/inspect"
	"wardmap/gis/section"
)

// The demo ward's due list on its first day, grouped: every item once,
// in its kind's group; a street item in the section holding its edge;
// anything else on a section within NearM, or off-street in its TDP; no
// two sections of a kind read alike; most overdue, then nearest first.
func TestDueListOnDemo(t *testing.T) {
	w := demo.Generate()
	var fs []*gis.Feature
	for _, f := range w.Features {
		if slices.Contains(inspect.DueKinds, f.Kind) {
			delete(f.Attrs, "last_inspected")
			fs = append(fs, f)
		}
	}
	in := inspect.Input{Date: gis.Date{Year: 2026, Month: 12, Day: 7}, Cycles: inspect.Defaults(), Features: fs}
	in.Start = in.Date
	items := inspect.Due(in)
	groups := section.DueList(in, w.ByKind(gis.TDP), w.Office)
	byID := map[string]*gis.Feature{}
	for _, f := range fs {
		byID[f.ID] = f
	}
	n := 0
	sections := 0
	for gi, g := range groups {
		if gi > 0 && g.Kind == groups[gi-1].Kind {
			t.Errorf("kind %s twice", g.Kind)
		}
		labels := map[string]bool{}
		count := 0
		for si, s := range g.Sections {
			if labels[s.Label+"|"+s.TDP] {
				t.Errorf("%s: two sections read %q in %q", g.Kind, s.Label, s.TDP)
			}
			labels[s.Label+"|"+s.TDP] = true
			if strings.Contains(s.Label, ", từ ") != strings.Contains(s.LabelEN, ", from ") {
				t.Errorf("%q reads %q in English", s.Label, s.LabelEN)
			}
			if si > 0 {
				p := g.Sections[si-1]
				if p.Overdue < s.Overdue || (p.Overdue == s.Overdue && p.OfficeM > s.OfficeM) {
					t.Errorf("%s: %q before %q", g.Kind, p.Label, s.Label)
				}
			}
			if s.OfficeM <= 0 || s.OfficeM > 10000 {
				t.Errorf("%q is %.0f m from the office", s.Label, s.OfficeM)
			}
			for _, it := range s.Items {
				count++
				if it.Kind != g.Kind {
					t.Errorf("%s item in the %s group", it.Kind, g.Kind)
				}
				if it.Overdue > s.Overdue {
					t.Errorf("%q: item overdue %d, section %d", s.Label, it.Overdue, s.Overdue)
				}
				switch {
				case it.Kind == gis.Street && !slices.Contains(s.Edges, it.ID):
					t.Errorf("street %s not among its section's edges %v", it.ID, s.Edges)
				case it.Kind != gis.Street && s.ID != "":
					d := distance(byID, s.Edges, it.Location)
					if d > section.NearM {
						t.Errorf("%s %s is %.0f m from %q", it.Kind, it.ID, d, s.Label)
					}
				}
			}
		}
		if count != g.Count {
			t.Errorf("%s: count %d, items %d", g.Kind, g.Count, count)
		}
		n += count
		sections += len(g.Sections)
	}
	if n != len(items) || n == 0 {
		t.Fatalf("%d items grouped of %d", n, len(items))
	}
	if groups[0].Kind == gis.Street && len(groups[0].Sections) >= groups[0].Count {
		t.Errorf("street items not grouped: %d sections for %d", len(groups[0].Sections), groups[0].Count)
	}
	t.Logf("%d items in %d kinds and %d sections; first %s: %q", n, len(groups), sections, groups[0].Kind, groups[0].Sections[0].Label)
}

// distance is how far p is from the nearest of the edges.
func distance(byID map[string]*gis.Feature, edges []string, p orb.Point) float64 {
	d := math.Inf(1)
	for _, e := range edges {
		d = math.Min(d, gis.DistanceM(byID[e].Geom, p))
	}
	return d
}
