package section_test

import (
	"strings"

	"github.com/paulmach/orb"

	"testing"

	"wardmap/gis"
	"wardmap/gis/demo"
	"wardmap/gis/section"
)

// The demo's segments group into sections: every segment in exactly one,
// fewer sections than segments, and within a TDP no two sections of one
// street read the same (their cross streets tell them apart).
func TestSectionsOnDemo(t *testing.T) {
	w := demo.Generate()
	streets := w.ByKind(gis.Street)
	x := section.Build(streets, w.ByKind(gis.TDP))
	seen := map[string]bool{}
	labels := map[string]string{}
	for _, s := range x.Sections {
		for _, e := range s.Edges {
			if seen[e] {
				t.Fatalf("edge %s in two sections", e)
			}
			seen[e] = true
		}
		k := s.TDP + "|" + s.Label("vi")
		if prev, ok := labels[k]; ok {
			t.Errorf("in %q two sections read %q: %s and %s", s.TDP, s.Label("vi"), prev, s.ID)
		}
		labels[k] = s.ID
	}
	if len(seen) != len(streets) {
		t.Errorf("%d of %d segments in a section", len(seen), len(streets))
	}
	if len(x.Sections) >= len(streets)*3/4 || len(x.Sections) < 10 {
		t.Errorf("%d sections for %d segments", len(x.Sections), len(streets))
	}
	for i, s := range x.Sections[:8] {
		t.Logf("%d %s [%s] %d edges %.0f m", i, s.Label("vi"), s.TDP, len(s.Edges), s.LengthM)
	}
	t.Logf("%d segments in %d sections", len(streets), len(x.Sections))
}

func street(id, name, class string, from, to int64, pts ...orb.Point) *gis.Feature {
	return &gis.Feature{ID: id, Kind: gis.Street, Geom: orb.LineString(pts),
		Attrs: map[string]any{"name": name, "class": class, "from_node": from, "to_node": to}}
}

// A main street crossed by another and met by an alley: it is cut where
// the main street crosses, not where the alley opens; the alley and the
// crossing street are read from their ends; labels name the ends.
func TestSectionsKnownAnswers(t *testing.T) {
	p := func(i, j float64) orb.Point { return orb.Point{106.63 + i*0.001, 20.80 + j*0.001} }
	fs := []*gis.Feature{
		street("a2", "Lê Duẩn", "main", 2, 3, p(1, 0), p(2, 0)),
		street("a1", "Lê Duẩn", "main", 1, 2, p(0, 0), p(1, 0)),
		street("a3", "Lê Duẩn", "main", 4, 3, p(3, 0), p(2, 0)),
		street("b1", "Trường Chinh", "main", 5, 2, p(1, -1), p(1, 0)),
		street("b2", "Trường Chinh", "main", 2, 6, p(1, 0), p(1, 1)),
		street("n1", "Ngõ 5 Lê Duẩn", "alley", 3, 7, p(2, 0), p(2, 1)),
		street("x1", "(không tên)", "alley", 4, 8, p(3, 0), p(3, 1)),
	}
	tdp := &gis.Feature{ID: "t1", Kind: gis.TDP, Attrs: map[string]any{"name": "Tổ dân phố 1"},
		Geom: orb.Polygon{{p(-1, -2), p(5, -2), p(5, 2), p(-1, 2), p(-1, -2)}}}
	x := section.Build(fs, []*gis.Feature{tdp})
	got := map[string]string{}
	for _, s := range x.Sections {
		got[strings.Join(s.Edges, ",")] = s.Label("vi")
		if s.TDP != "Tổ dân phố 1" {
			t.Errorf("%s in TDP %q", s.ID, s.TDP)
		}
	}
	want := map[string]string{
		"a1":    "Lê Duẩn, từ Trường Chinh đến cuối đường",
		"a2,a3": "Lê Duẩn, từ Trường Chinh",
		"b1":    "Trường Chinh, từ Lê Duẩn đến cuối đường (phía nam)",
		"b2":    "Trường Chinh, từ Lê Duẩn đến cuối đường (phía bắc)",
		"n1":    "Ngõ 5 Lê Duẩn, từ Lê Duẩn đến cuối ngõ",
		"x1":    "Đường không tên, từ Lê Duẩn đến cuối đường",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("section %s: %q, want %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("sections %v", got)
	}
	s, ok := x.OfEdge("a3")
	if !ok || s.ID != "a2" || s.Label("en") != "Lê Duẩn, from Trường Chinh" {
		t.Errorf("a3 in %+v", s)
	}
	if s, d := x.Nearest(p(2.5, 0.2), 50); s == nil || s.ID != "a2" || d < 20 || d > 25 {
		t.Errorf("nearest: %+v at %.1f m", s, d)
	}
	if s, _ := x.Nearest(p(2.5, 0.5), 50); s != nil {
		t.Errorf("a point 50 m from every street is near %s", s.ID)
	}
}
